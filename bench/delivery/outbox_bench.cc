// End-to-end delivery: messages queued in the outbox (EnqueueChat, as the notification engine
// does inside a document's transaction) until a fast local receiver (the mock Mattermost) has
// them. It prints, in one run:
//   - the ceiling: the raw loopback rate of the same HTTP client and receiver, one request at a
//     time (one webhook's FIFO) and many at once;
//   - sustained events/s, closed loop (queued in transactions of --batch as fast as delivery
//     keeps up, a bounded backlog);
//   - event-to-delivery latency p50/p99 (commit of the queuing transaction to the receiver having
//     the whole request) at a fixed --rate, one transaction per event;
//   - memory (RSS, heap and file-backed separately) sampled every second over a --memory-seconds
//     run at the fixed rate: first, last, peak and slope of the heap.
// Targets (issue 5, 2 cores): >= 2,000 events/s; p99 < 100 ms at 500 events/s; memory flat over
// 5 minutes.
//
// Usage: outbox_bench [--seconds S] [--memory-seconds M] [--rate R] [--batch B] [--webhooks N]
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "loopback.h"
#include "mock_chat.h"
#include "pipeline.h"

namespace {

using crier::testing::Pipeline;
using crier::testing::PipelineOptions;
using Steady = std::chrono::steady_clock;

std::int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Latencies in a log-scale histogram (1% wide buckets from 1 us to ~100 s): constant memory
// however long the run.
class Histogram {
 public:
  void Add(double us) {
    int b = us <= 1 ? 0 : static_cast<int>(std::log(us) / std::log(1.01));
    ++buckets_[std::min<size_t>(b, buckets_.size() - 1)];
    ++count_;
  }
  double Percentile(double p) const {
    if (count_ == 0) return 0;
    std::uint64_t want = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count_)));
    std::uint64_t seen = 0;
    for (size_t b = 0; b < buckets_.size(); ++b) {
      seen += buckets_[b];
      if (seen >= want) return std::pow(1.01, static_cast<double>(b + 1));
    }
    return 0;
  }
  std::uint64_t count() const { return count_; }

 private:
  std::vector<std::uint64_t> buckets_ = std::vector<std::uint64_t>(1900, 0);
  std::uint64_t count_ = 0;
};

// RSS of this process from /proc/self/status, in MiB: anonymous (heap) and file-backed (SQLite's
// memory-mapped database, binaries).
struct Rss {
  double anon_mib = 0, file_mib = 0;
};
Rss ReadRss() {
  Rss r;
  std::ifstream in("/proc/self/status");
  std::string key;
  long kib = 0;
  std::string unit;
  while (in >> key) {
    if (key == "RssAnon:" && in >> kib >> unit) r.anon_mib = static_cast<double>(kib) / 1024;
    if (key == "RssFile:" && in >> kib >> unit) r.file_mib = static_cast<double>(kib) / 1024;
  }
  return r;
}

// Matches what the receiver got with what was queued: per webhook, the k-th request received is
// the k-th message queued (each webhook is first in, first out and this run retries nothing).
class Matcher {
 public:
  Matcher(const crier::mock::MockChat& mock, int webhooks)
      : mock_(mock), queued_us_(webhooks), received_(webhooks, 0) {}

  // Called by the producer when the transaction queuing message `seq` of `webhook` committed.
  void Queued(int webhook, std::int64_t commit_us) {
    std::lock_guard<std::mutex> lock(mu_);
    auto& ring = queued_us_[webhook];
    if (ring.empty()) ring.assign(kRing, 0);
    ring[sent_[webhook]++ % kRing] = commit_us;
  }

  // Reads the receiver's new records into the histogram; returns how many arrived.
  std::uint64_t Poll(Histogram* latency) {
    std::vector<crier::mock::Record> records = mock_.Requests("mattermost", since_, 20000);
    std::lock_guard<std::mutex> lock(mu_);
    for (const crier::mock::Record& r : records) {
      since_ = r.seq;
      if (r.status != 200) ++errors_;
      std::string path = r.target.substr(0, r.target.find('?'));
      int webhook = std::atoi(path.substr(path.rfind('/') + 2).c_str());  // "/hooks/w<index>..."
      std::uint64_t k = received_[webhook]++;
      if (latency != nullptr && k < sent_[webhook]) {
        latency->Add(static_cast<double>(r.received_us - queued_us_[webhook][k % kRing]));
      }
    }
    total_ += records.size();
    return total_;
  }
  std::uint64_t queued() {
    std::lock_guard<std::mutex> lock(mu_);
    std::uint64_t n = 0;
    for (auto& [w, k] : sent_) n += k;
    return n;
  }
  std::uint64_t errors() const { return errors_; }

 private:
  static constexpr size_t kRing = 1 << 20;
  const crier::mock::MockChat& mock_;
  std::mutex mu_;
  std::vector<std::vector<std::int64_t>> queued_us_;  // Per webhook, a ring of commit times.
  std::map<int, std::uint64_t> sent_;
  std::vector<std::uint64_t> received_;
  std::uint64_t since_ = 0, total_ = 0, errors_ = 0;
};

struct Args {
  double seconds = 10;
  double memory_seconds = -1;  // Default: --seconds.
  double rate = 500;
  int batch = 50;
  int webhooks = 1;
};

// Queues messages for `seconds`: closed loop (rate 0: batches of `batch` while the backlog is
// under 4 batches per webhook) or open loop (one transaction per event at `rate`, on schedule).
// Returns events/s delivered over the run; fills `latency`; samples memory into `rss` each second.
double Run(Pipeline& p, Matcher& m, const Args& a, double seconds, double rate, Histogram* latency,
           std::vector<Rss>* rss) {
  const std::uint64_t start_received = m.Poll(nullptr);
  const auto start = Steady::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  auto next_sample = start;
  std::uint64_t events = 0;
  int hook = 0;
  auto produce = [&](int count) {
    std::vector<std::pair<std::string, std::string>> batch;
    std::vector<int> hooks;
    for (int i = 0; i < count; ++i) {
      hooks.push_back(hook);
      batch.emplace_back(fmt::format("w{}", hook),
                         fmt::format("New Issue ISS-{:06d}: printer on fire", events + i));
      hook = (hook + 1) % a.webhooks;
    }
    if (auto s = p.Enqueue(batch); !s.ok()) {
      std::fprintf(stderr, "enqueue failed: %s\n", s.ToString().c_str());
      std::exit(1);
    }
    const std::int64_t committed = NowUs();
    for (int h : hooks) m.Queued(h, committed);
    events += count;
  };
  while (Steady::now() < end) {
    if (rss != nullptr && Steady::now() >= next_sample) {
      rss->push_back(ReadRss());
      next_sample += std::chrono::seconds(1);
    }
    if (rate <= 0) {
      std::uint64_t received = m.Poll(latency);
      if (m.queued() - received < static_cast<std::uint64_t>(4 * a.batch * a.webhooks)) {
        produce(a.batch);
      } else {
        std::this_thread::sleep_for(std::chrono::microseconds(200));  // Backlog full: pace.
      }
    } else {
      auto due = start + std::chrono::duration_cast<Steady::duration>(
                             std::chrono::duration<double>(static_cast<double>(events) / rate));
      if (Steady::now() < due) {
        m.Poll(latency);
        std::this_thread::sleep_until(std::min(due, Steady::now() + std::chrono::milliseconds(5)));
        continue;
      }
      produce(1);
    }
  }
  // Let the last ones arrive (they count in the latency, not in the rate).
  const std::uint64_t delivered_in_time = m.Poll(latency) - start_received;
  const double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
  for (int i = 0; i < 2000 && m.Poll(latency) < m.queued(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return static_cast<double>(delivered_in_time) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string arg = argv[i];
    double v = std::atof(argv[i + 1]);
    if (arg == "--seconds") a.seconds = v;
    if (arg == "--memory-seconds") a.memory_seconds = v;
    if (arg == "--rate") a.rate = v;
    if (arg == "--batch") a.batch = static_cast<int>(v);
    if (arg == "--webhooks") a.webhooks = std::max(1, static_cast<int>(v));
  }
  if (a.memory_seconds < 0) a.memory_seconds = a.seconds;

  crier::mock::MockChatOptions mo;
  mo.threads = 1;
  mo.record_bodies = false;
  mo.max_records = 50000;  // Bounded: read every few milliseconds.
  crier::mock::MockChat mock(mo);
  if (!mock.Start()) return 1;

  std::string tmpl =
      (std::filesystem::temp_directory_path() / "crier-outbox-bench-XXXXXX").string();
  std::string dir = ::mkdtemp(tmpl.data());
  PipelineOptions po;
  po.db_path = dir + "/crier.db";
  po.dispatcher.node_id = "bench";
  auto opened = Pipeline::Open(po);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return 1;
  }
  Pipeline& p = **opened;
  for (int w = 0; w < a.webhooks; ++w) {
    // "/hooks/w<index>x..." lets the matcher find the webhook; the id is 26 characters.
    std::string id = fmt::format("w{}x", w);
    id += std::string(26 - id.size(), '0');
    if (auto s = p.AddWebhook(fmt::format("w{}", w), "Mattermost",
                              mock.ServiceUrl("mattermost") + "/hooks/" + id, "unlimited");
        !s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
  }

  std::printf("outbox -> mock Mattermost on loopback, %d webhook(s), %u cores, SQLite in %s\n",
              a.webhooks, std::thread::hardware_concurrency(), dir.c_str());
  auto ceiling = crier::bench::Sequential(p.sender(), mock, std::min(a.seconds, 3.0), true);
  auto parallel = crier::bench::Concurrent(p.sender(), mock, std::min(a.seconds, 3.0), 32);
  mock.Reset();
  std::printf(
      "ceiling, same client and receiver: %8.0f req/s one at a time (p50 %.0f us), "
      "%8.0f req/s 32 at once\n",
      ceiling.per_second, ceiling.p50_us, parallel.per_second);

  if (auto s = p.Start(); !s.ok()) return 1;
  Matcher matcher(mock, a.webhooks);

  Histogram closed_latency;
  double closed = Run(p, matcher, a, a.seconds, 0, &closed_latency, nullptr);
  std::printf(
      "closed loop, batches of %d:        %8.0f events/s  (x%.2f of the one-at-a-time "
      "ceiling)  latency p50 %.1f ms p99 %.1f ms\n",
      a.batch, closed, closed / ceiling.per_second, closed_latency.Percentile(0.5) / 1000,
      closed_latency.Percentile(0.99) / 1000);

  Histogram open_latency;
  std::vector<Rss> rss;
  double open = Run(p, matcher, a, a.memory_seconds, a.rate, &open_latency, &rss);
  std::printf(
      "open loop at %.0f events/s (1 per txn): %8.0f events/s  latency p50 %.1f ms "
      "p99 %.1f ms  (%llu events, %.0f s)\n",
      a.rate, open, open_latency.Percentile(0.5) / 1000, open_latency.Percentile(0.99) / 1000,
      static_cast<unsigned long long>(open_latency.count()), a.memory_seconds);
  if (rss.size() >= 2) {
    double peak = 0;
    for (const Rss& r : rss) peak = std::max(peak, r.anon_mib);
    // Heap slope over the second half (after warm-up), MiB per minute.
    size_t half = rss.size() / 2;
    double slope = (rss.back().anon_mib - rss[half].anon_mib) /
                   std::max(1.0, static_cast<double>(rss.size() - 1 - half)) * 60;
    std::printf(
        "memory over %zu s: heap %.1f -> %.1f MiB (peak %.1f, second half %+.2f MiB/min), "
        "file-backed %.1f -> %.1f MiB\n",
        rss.size(), rss.front().anon_mib, rss.back().anon_mib, peak, slope, rss.front().file_mib,
        rss.back().file_mib);
  }
  crier::DispatcherStats s = p.dispatcher().stats();
  std::printf(
      "dispatcher: %llu delivered, %llu retried, %llu failed, %llu write transactions; "
      "receiver errors %llu\n",
      static_cast<unsigned long long>(s.delivered), static_cast<unsigned long long>(s.retried),
      static_cast<unsigned long long>(s.failed), static_cast<unsigned long long>(s.store_rounds),
      static_cast<unsigned long long>(matcher.errors()));
  p.Stop();
  opened->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
