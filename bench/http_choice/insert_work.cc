// The shared handler of the server prototypes.
#include "insert_work.h"

#include <time.h>

#include <atomic>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace crier::bench {
namespace {

long long ThreadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<long long>(ts.tv_sec) * 1'000'000'000LL + ts.tv_nsec;
}

// Spins on a hash of the body until `work` of this thread's CPU time has passed; returns the hash
// so the compiler cannot drop the loop.
unsigned long long BurnCpu(std::string_view body, std::chrono::microseconds work) {
  const long long until = ThreadCpuNs() + std::chrono::nanoseconds(work).count();
  unsigned long long h = 1469598103934665603ULL;
  do {
    for (int round = 0; round < 16; ++round) {
      for (char c : body) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
  } while (ThreadCpuNs() < until);
  return h;
}

std::atomic<unsigned long long> next_name{1};

}  // namespace

InsertAnswer HandleInsert(std::string_view body, std::chrono::microseconds cpu_work) {
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return {400, R"({"exc_type":"ValidationError","message":"invalid JSON"})"};
  }
  if (!doc.contains("subject") || !doc["subject"].is_string()) {
    return {400,
            R"({"exc_type":"ValidationError","message":"subject is mandatory","field":"subject"})"};
  }
  unsigned long long h = BurnCpu(body, cpu_work);
  doc["name"] = "ISS-" + std::to_string(next_name.fetch_add(1));
  doc["doctype"] = "Issue";
  doc["docstatus"] = 0;
  doc["checksum"] = h & 0xffff;
  return {200, nlohmann::json{{"data", doc}}.dump()};
}

int IntFlag(int argc, char** argv, std::string_view name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (name == argv[i]) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

}  // namespace crier::bench
