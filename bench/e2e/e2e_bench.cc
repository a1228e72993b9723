// End to end through `crier serve`: Issues inserted through the REST API (http_load's engine, the
// documents spread round-robin over the nodes), each matching one of 8 Mattermost notifications
// (one webhook each), delivered to a fast local receiver (the mock chat service). For each
// scenario (a database and a number of nodes) it prints, in one run:
//   - sustained events/s: closed-loop inserts for --seconds, counted until the receiver has every
//     message (so a backlog left behind counts against it);
//   - event-to-delivery latency p50/p99 at a fixed --rate (from the document's `creation`, which
//     the message carries, to the receiver having the whole request);
//   - CPU seconds per 1,000 events of the crier nodes, of PostgreSQL's processes and of this
//     process (load client and receiver): where the bottleneck is;
//   - with --memory-seconds, for the first scenario, the nodes' RSS every 10 s at the fixed rate.
// Then the ceiling: the raw loopback rate of crier's HTTP client against the same receiver, and the
// ratio of each scenario to the first.
//
// Usage: e2e_bench [--scenario sqlite:1|postgres:N]... [--seconds S] [--rate R]
//                  [--memory-seconds M] [--connections C]
// PostgreSQL scenarios need a server: CRIER_TEST_PG_URL or CRIER_TEST_PG_URL_FILE (bench/run_e2e.sh
// starts one with scripts/pg-test-server.sh).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cluster.h"
#include "delivery/curl_http_sender.h"
#include "load_client.h"
#include "loopback.h"
#include "mock_chat.h"
#include "store/postgres/testing/pg_test_database.h"

namespace crier::bench {
namespace {

using nlohmann::json;
using Steady = std::chrono::steady_clock;
using testing::Cluster;

constexpr int kWebhooks = 8;

struct Args {
  std::vector<std::pair<std::string, int>> scenarios;  // ("sqlite" | "postgres", nodes)
  double seconds = 10;
  double rate = 500;
  double memory_seconds = 0;
  int connections = 16;
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "e2e_bench: %s\n", what.c_str());
  std::exit(1);
}

// CPU seconds (user + system) of process `pid`, from /proc/PID/stat; 0 when it is gone.
double CpuSeconds(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string line;
  if (!std::getline(in, line)) return 0;
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// CPU seconds of every process named `postgres` (the server and its backends, including the
// backends that exited: their time is counted by their parent as children's time).
double PostgresCpuSeconds() {
  double total = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string pid = entry.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream comm(entry.path() / "comm");
    std::string name;
    if (!(comm >> name) || name != "postgres") continue;
    total += CpuSeconds(std::stoi(pid));
    // cutime/cstime: exited children (backends of closed connections).
    std::ifstream in(entry.path() / "stat");
    std::string line;
    if (std::getline(in, line)) {
      std::istringstream rest(line.substr(line.rfind(')') + 2));
      std::string field;
      for (int i = 3; i <= 17 && rest >> field; ++i) {
        if (i == 16 || i == 17)
          total += std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
      }
    }
  }
  return total;
}

double RssMib(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  std::string key;
  while (in >> key) {
    long kib = 0;
    if (key == "VmRSS:" && in >> kib) return static_cast<double>(kib) / 1024;
  }
  return 0;
}

// "2026-12-05 10:40:00.123456" in local time to microseconds since the epoch.
std::int64_t LocalMicros(const std::string& text) {
  std::tm tm{};
  int micros = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d.%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &micros) < 6) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm)) * 1'000'000 + micros;
}

mock::MockChatOptions ReceiverOptions() {
  mock::MockChatOptions o;
  o.max_records = 400000;
  return o;
}

class Scenario {
 public:
  Scenario(const Args& args, std::string db, int nodes) : args_(args), db_(db), nodes_(nodes) {}

  void Setup() {
    if (!mock_.Start()) Die("the mock receiver did not start");
    std::string url;
    if (db_ == "postgres") {
      database_ = std::make_unique<pg::PgTestDatabase>();
      auto u = database_->url();
      if (!u.ok()) Die(u.status().ToString());
      url = *u;
    }
    testing::ClusterOptions options;
    options.db_url = url;
    options.nodes = nodes_;
    auto cluster = Cluster::Start(options);
    if (!cluster.ok()) Die(cluster.status().ToString());
    cluster_ = std::move(cluster).value();
    for (int h = 0; h < kWebhooks; ++h) {
      auto hook = cluster_->Insert(
          0, "Incoming Webhook URL",
          {{"webhook_name", fmt::format("hook{}", h)},
           {"service", "Mattermost"},
           {"rate_limit", "unlimited"},  // Mattermost's default: 10/s.
           {"webhook_url", mock_.ServiceUrl("mattermost") + fmt::format("/hooks/h{:025d}", h)}});
      if (!hook.ok()) Die(hook.status().ToString());
      auto n = cluster_->Insert(
          0, "Notification",
          {{"name", fmt::format("to hook{}", h)},
           {"enabled", 1},
           {"channel", "External Collaboration Tool"},
           {"incoming_webhook_url", fmt::format("hook{}", h)},
           {"subject", "New Issue {{ doc.name }}"},
           {"document_type", "Issue"},
           {"event", "New"},
           {"condition", fmt::format("int(doc.subject or 0) % {} == {}", kWebhooks, h)},
           {"message", "{{ doc.creation }}"}});
      if (!n.ok()) Die(n.status().ToString());
    }
  }

  // Inserts for `seconds` on every node (closed loop with `connections` in all, or open loop at
  // `rate` in all), then waits until the receiver has every message. Returns events/s over the
  // time from the first insert to the last delivery.
  double Run(double seconds, double rate, std::vector<std::int64_t>* latencies_us,
             std::vector<double>* rss) {
    const std::uint64_t before = mock_.Count("mattermost");
    std::vector<std::thread> loads;
    std::atomic<std::uint64_t> inserted{0}, errors{0};
    const auto start = Steady::now();
    for (int i = 0; i < nodes_; ++i) {
      loads.emplace_back([&, i] {
        load::LoadOptions o;
        o.host = "127.0.0.1";
        o.port = std::to_string(cluster_->node(i).port());
        o.target = "/api/resource/Issue";
        o.method = "POST";
        // `{n}` counts each node's requests: the subject picks the notification (n % 8).
        o.body = R"({"subject":"{n}","customer":"ACME","description":"load"})";
        o.headers = {"Authorization: " + cluster_->token()};
        o.connections = std::max(1, args_.connections / nodes_);
        o.duration_s = seconds;
        o.warmup_s = 0;
        o.rate = rate / nodes_;
        o.timeout_s = 10;
        load::RunOutcome out = load::RunLoad(o);
        inserted += out.latencies_ns.size();
        errors += out.errors + out.unsent;
      });
    }
    std::uint64_t since = LastSeq();
    auto next_sample = start;
    auto poll = [&] {
      for (const mock::Record& r : mock_.Requests("mattermost", since, 50000)) {
        since = r.seq;
        if (latencies_us == nullptr) continue;
        std::string text = json::parse(r.body)["text"];
        std::int64_t created = LocalMicros(text.substr(0, text.find('\n')));
        if (created > 0) latencies_us->push_back(r.received_us - created);
      }
      if (rss != nullptr && Steady::now() >= next_sample) {
        double total = 0;
        for (int i = 0; i < nodes_; ++i) total += RssMib(cluster_->node(i).pid());
        rss->push_back(total);
        next_sample += std::chrono::seconds(10);
      }
    };
    // The load threads end after `seconds`; meanwhile the receiver is read as it goes.
    while (Steady::now() < start + std::chrono::duration<double>(seconds)) {
      poll();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (auto& t : loads) t.join();
    failed_ += errors;  // Timeouts or requests left unsent: reported, not delivered.
    const auto deadline = Steady::now() + std::chrono::seconds(120);
    while (mock_.Count("mattermost") - before < inserted && Steady::now() < deadline) {
      poll();
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    const auto done = Steady::now();
    poll();
    const std::uint64_t delivered = mock_.Count("mattermost") - before;
    // More only when an insert timed out on the client but committed on the server.
    if (delivered < inserted || (delivered > inserted && errors == 0)) {
      Die(fmt::format("{} documents inserted but {} messages delivered", inserted.load(),
                      delivered));
    }
    return static_cast<double>(delivered) / std::chrono::duration<double>(done - start).count();
  }

  // CPU seconds so far: crier nodes, PostgreSQL, this process.
  std::array<double, 3> Cpu() const {
    double nodes = 0;
    for (int i = 0; i < nodes_; ++i) nodes += CpuSeconds(cluster_->node(i).pid());
    return {nodes, db_ == "postgres" ? PostgresCpuSeconds() : 0, CpuSeconds(getpid())};
  }

  std::string name() const { return fmt::format("{}:{}", db_, nodes_); }
  // Inserts that failed or were never sent (open loop) so far.
  std::uint64_t failed() const { return failed_; }

 private:
  std::uint64_t LastSeq() const {
    std::vector<mock::Record> all = mock_.Requests("mattermost");
    return all.empty() ? 0 : all.back().seq;
  }

  const Args& args_;
  std::string db_;
  int nodes_;
  mock::MockChat mock_{ReceiverOptions()};
  std::unique_ptr<pg::PgTestDatabase> database_;
  std::unique_ptr<Cluster> cluster_;
  std::uint64_t failed_ = 0;
};

// The p-th percentile (0 < p <= 100) of latencies in microseconds, in milliseconds.
double PercentileMs(std::vector<std::int64_t> us, double p) {
  std::sort(us.begin(), us.end());
  return static_cast<double>(load::Percentile(us, p)) / 1000.0;
}

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) Die("missing value after " + flag);
    std::string v = argv[++i];
    if (flag == "--scenario") {
      size_t colon = v.find(':');
      std::string db = v.substr(0, colon);
      int nodes = colon == std::string::npos ? 1 : std::atoi(v.c_str() + colon + 1);
      if ((db != "sqlite" && db != "postgres") || nodes < 1 || (db == "sqlite" && nodes != 1)) {
        Die("--scenario is sqlite:1 or postgres:N, not " + v);
      }
      a.scenarios.emplace_back(db, nodes);
    } else if (flag == "--seconds") {
      a.seconds = std::stod(v);
    } else if (flag == "--rate") {
      a.rate = std::stod(v);
    } else if (flag == "--memory-seconds") {
      a.memory_seconds = std::stod(v);
    } else if (flag == "--connections") {
      a.connections = std::atoi(v.c_str());
    } else {
      Die("unknown flag " + flag);
    }
  }
  if (a.scenarios.empty()) a.scenarios = {{"sqlite", 1}};
  return a;
}

int Main(int argc, char** argv) {
  Args args = Parse(argc, argv);
  std::printf(
      "end to end: Issue inserts through the REST API, each matching one of %d Mattermost\n"
      "notifications, delivered to a local receiver. %.0f s closed loop (%d connections),\n"
      "then %.0f s at %.0f events/s. %u cores.\n\n",
      kWebhooks, args.seconds, args.connections, args.seconds, args.rate,
      std::thread::hardware_concurrency());
  std::printf("%-11s %12s %9s %9s %9s   %s\n", "scenario", "events/s", "vs first", "p50 ms",
              "p99 ms", "CPU s per 1,000 events: crier nodes / PostgreSQL / client+receiver");
  double first = 0;
  for (const auto& s_spec : args.scenarios) {
    const auto& [db, nodes] = s_spec;
    // One cluster at a time: each scenario's nodes stop before the next one starts.
    auto s = std::make_unique<Scenario>(args, db, nodes);
    s->Setup();
    s->Run(1, 0, nullptr, nullptr);  // Warm-up: connections, caches, prepared statements.
    auto cpu0 = s->Cpu();
    double rate = s->Run(args.seconds, 0, nullptr, nullptr);
    auto cpu1 = s->Cpu();
    double events = rate;  // events/s over the closed-loop run
    std::vector<std::int64_t> latencies;
    s->Run(args.seconds, args.rate, &latencies, nullptr);
    if (first == 0) first = events;
    double per_k = 1000.0 / (events * args.seconds);
    std::printf("%-11s %12.0f %8.2fx %9.1f %9.1f   %.2f / %.2f / %.2f\n", s->name().c_str(), events,
                events / first, PercentileMs(latencies, 50), PercentileMs(latencies, 99),
                (cpu1[0] - cpu0[0]) * per_k, (cpu1[1] - cpu0[1]) * per_k,
                (cpu1[2] - cpu0[2]) * per_k);
    std::fflush(stdout);
    if (args.memory_seconds > 0 && &s_spec == &args.scenarios.front()) {
      std::vector<double> rss;
      s->Run(args.memory_seconds, args.rate, nullptr, &rss);
      std::printf("%-11s memory over %.0f s at %.0f events/s, RSS of the nodes every 10 s (MiB):",
                  s->name().c_str(), args.memory_seconds, args.rate);
      for (double m : rss) std::printf(" %.0f", m);
      std::printf("\n");
    }
    if (s->failed() > 0) {
      std::printf("%-11s %llu inserts failed or unsent (not counted as events)\n",
                  s->name().c_str(), static_cast<unsigned long long>(s->failed()));
    }
  }
  mock::MockChat receiver;
  if (!receiver.Start()) Die("the mock receiver did not start");
  auto sender = CurlHttpSender::Create();
  if (!sender.ok()) Die(sender.status().ToString());
  Figure one = Sequential(**sender, receiver, 3, true);
  Figure many = Concurrent(**sender, receiver, 3, 32);
  std::printf(
      "\nceiling, crier's HTTP client to the same receiver: %.0f req/s one at a time "
      "(p50 %.0f us), %.0f req/s with 32 at once\n",
      one.per_second, one.p50_us, many.per_second);
  return 0;
}

}  // namespace
}  // namespace crier::bench

int main(int argc, char** argv) {
  return crier::bench::Main(argc, argv);
}
