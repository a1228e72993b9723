// store_insert: the reference for bench/run_api.sh. The same Issue inserts the API benchmark sends,
// made in process on a fresh SQLite store, each in its own transaction: once through
// DocumentService (validation, naming series, versions, hooks: everything but HTTP and auth) and
// once as raw store inserts (SQLite alone). Prints one JSON line per level, with the same fields
// as http_load.
//
//   store_insert [--count N] [--threads T]
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "base/time.h"
#include "common/bench_args.h"
#include "model/builtin_controllers.h"
#include "model/builtin_doctypes.h"
#include "model/document_service.h"
#include "store/open_store.h"

namespace crier {
namespace {

using Clock = std::chrono::steady_clock;

struct Run {
  std::string level;
  double seconds = 0;
  std::vector<double> latencies_ms;
  int errors = 0;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

void Print(const Run& r) {
  nlohmann::ordered_json j = {
      {"mode", r.level},
      {"requests_per_second", static_cast<double>(r.latencies_ms.size()) / r.seconds},
      {"ok", r.latencies_ms.size()},
      {"errors", r.errors},
      {"latency_ms",
       {{"p50", Percentile(r.latencies_ms, 0.50)},
        {"p99", Percentile(r.latencies_ms, 0.99)},
        {"max", Percentile(r.latencies_ms, 1.0)}}}};
  fmt::print("{}\n", j.dump());
}

// Runs `op(thread, i)` `count` times over `threads` threads and times each call.
template <typename Op>
Run Measure(const std::string& level, int count, int threads, Op op) {
  Run run;
  run.level = level;
  std::vector<std::vector<double>> per_thread(threads);
  std::atomic<int> next{0}, errors{0};
  auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i; (i = next++) < count;) {
        auto t0 = Clock::now();
        if (!op(i).ok()) ++errors;
        per_thread[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
    });
  }
  for (auto& th : pool) th.join();
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& v : per_thread) run.latencies_ms.insert(run.latencies_ms.end(), v.begin(), v.end());
  run.errors = errors.load();
  return run;
}

int Main(int argc, char** argv) {
  const int count = bench::IntFlag(argc, argv, "--count", 20000);
  const int threads = bench::IntFlag(argc, argv, "--threads", 4);
  const bench::ScratchDir dir;
  auto store = OpenStore("sqlite:" + dir.path() + "/crier.db");
  if (!store.ok()) {
    fmt::print(stderr, "store_insert: {}\n", store.status().ToString());
    return 1;
  }
  MetaCache metas;
  DocumentService documents(metas, SystemClock(), SecureRandom());
  RegisterBuiltinControllers(documents);
  Status installed = InstallBuiltins(**store, documents);
  if (installed.ok()) installed = InstallDemo(**store, documents);
  if (!installed.ok()) {
    fmt::print(stderr, "store_insert: {}\n", installed.ToString());
    return 1;
  }
  // The body http_load sends in bench/run_api.sh.
  auto body = [](int n) {
    return Json{{"subject", fmt::format("load test {}", n)},
                {"customer", "ACME"},
                {"description", "An issue created by the load test"},
                {"priority", "Medium"},
                {"total", 12.5}};
  };
  WriteOptions options;
  Print(Measure("DocumentService.Insert on SQLite, " + std::to_string(threads) + " threads", count,
                threads, [&](int n) {
                  return RunInWriteTxn(**store, [&](WriteTxn& txn) {
                    return documents.Insert(txn, options, "Issue", body(n)).status();
                  });
                }));
  Print(Measure("raw Store::InsertDoc on SQLite, " + std::to_string(threads) + " threads", count,
                threads, [&](int n) {
                  Json doc = body(n);
                  doc["doctype"] = "Raw";
                  doc["name"] = fmt::format("RAW-{}", n);
                  doc["docstatus"] = 0;
                  doc["owner"] = doc["modified_by"] = "Administrator";
                  doc["creation"] = doc["modified"] = NowDateTimeString(SystemClock());
                  return RunInWriteTxn(**store, [&](WriteTxn& txn) { return txn.InsertDoc(doc); });
                }));
  store->reset();
  return 0;
}

}  // namespace
}  // namespace crier

int main(int argc, char** argv) {
  return crier::Main(argc, argv);
}
