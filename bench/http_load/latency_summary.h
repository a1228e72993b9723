// What a load run reports: throughput, latency percentiles and failures, as one line-oriented text
// block for people and one JSON object for scripts that compare runs (bench/run_*.sh).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crier::load {

// The raw outcome of a run, before summarising.
struct RunOutcome {
  std::vector<std::int64_t> latencies_ns;  // One per successful request inside the measured window.
  std::uint64_t errors = 0;     // Requests that failed (I/O error, or a status not expected).
  std::uint64_t unsent = 0;     // Open loop only: requests due that never got a connection.
  std::uint64_t non_2xx = 0;    // Of `errors`, those that got an HTTP answer with a bad status.
  double measured_seconds = 0;  // Length of the measured window (warm-up excluded).
};

struct LatencySummary {
  std::uint64_t ok = 0;
  std::uint64_t errors = 0;
  std::uint64_t non_2xx = 0;
  std::uint64_t unsent = 0;
  double requests_per_second = 0;  // Successful requests / measured seconds.
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0, mean_ms = 0;
};

// Nearest-rank percentile (the smallest value with at least p% of the values at or below it) of
// `sorted`, which must be sorted ascending; 0 for an empty vector. REQUIRES: 0 < p <= 100.
std::int64_t Percentile(const std::vector<std::int64_t>& sorted, double p);

// Sorts `outcome.latencies_ns` in place and summarises.
LatencySummary Summarize(RunOutcome& outcome);

// Human-readable report, several lines, each ending in '\n'. `title` describes the run's mode.
std::string FormatText(const std::string& title, const LatencySummary& s);

// One JSON object on one line (no trailing newline), with `title` under "mode".
std::string FormatJson(const std::string& title, const LatencySummary& s);

}  // namespace crier::load
