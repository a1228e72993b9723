// Percentiles and report formatting for http_load.
#include "latency_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>

namespace crier::load {

std::int64_t Percentile(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

LatencySummary Summarize(RunOutcome& outcome) {
  auto& lat = outcome.latencies_ns;
  std::sort(lat.begin(), lat.end());
  constexpr double kNsPerMs = 1e6;
  LatencySummary s;
  s.ok = lat.size();
  s.errors = outcome.errors;
  s.non_2xx = outcome.non_2xx;
  s.unsent = outcome.unsent;
  if (outcome.measured_seconds > 0) {
    s.requests_per_second = static_cast<double>(lat.size()) / outcome.measured_seconds;
  }
  s.p50_ms = static_cast<double>(Percentile(lat, 50)) / kNsPerMs;
  s.p90_ms = static_cast<double>(Percentile(lat, 90)) / kNsPerMs;
  s.p99_ms = static_cast<double>(Percentile(lat, 99)) / kNsPerMs;
  s.max_ms = lat.empty() ? 0 : static_cast<double>(lat.back()) / kNsPerMs;
  if (!lat.empty()) {
    long double sum = std::accumulate(lat.begin(), lat.end(), 0.0L);
    s.mean_ms = static_cast<double>(sum / lat.size()) / kNsPerMs;
  }
  return s;
}

std::string FormatText(const std::string& title, const LatencySummary& s) {
  std::string out = fmt::format("{}\n", title);
  out += fmt::format("  requests/s  {:.1f}\n", s.requests_per_second);
  out += fmt::format("  ok {}  errors {} (bad status {})  unsent {}\n", s.ok, s.errors, s.non_2xx,
                     s.unsent);
  out += fmt::format("  latency ms  p50 {:.3f}  p90 {:.3f}  p99 {:.3f}  max {:.3f}  mean {:.3f}\n",
                     s.p50_ms, s.p90_ms, s.p99_ms, s.max_ms, s.mean_ms);
  return out;
}

std::string FormatJson(const std::string& title, const LatencySummary& s) {
  nlohmann::ordered_json j = {
      {"mode", title},
      {"requests_per_second", s.requests_per_second},
      {"ok", s.ok},
      {"errors", s.errors},
      {"non_2xx", s.non_2xx},
      {"unsent", s.unsent},
      {"latency_ms",
       {{"p50", s.p50_ms},
        {"p90", s.p90_ms},
        {"p99", s.p99_ms},
        {"max", s.max_ms},
        {"mean", s.mean_ms}}},
  };
  return j.dump();
}

}  // namespace crier::load
