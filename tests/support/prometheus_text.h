// A strict reader of Prometheus' text exposition format (0.0.4), so that tests check GET /metrics
// the way a scraper reads it rather than comparing strings: every line's grammar (names, label
// escapes, values), TYPE before samples, families not interleaved, no duplicate series, counters
// not negative, and histograms whole (increasing `le` bounds ending at +Inf, cumulative counts,
// _count equal to the +Inf bucket, a _sum).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace crier::testing {

struct PromSample {
  std::string name;  // As written: "x_bucket" for a histogram's bucket.
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct PromFamily {
  std::string name;
  std::string type;  // counter, gauge, histogram, summary or untyped.
  std::string help;
  std::vector<PromSample> samples;
};

struct PromExposition {
  std::map<std::string, PromFamily> families;

  // The value of the sample named `name` whose labels include all of `labels`, summed over every
  // such sample; nullopt when there is none.
  std::optional<double> Sum(std::string_view name,
                            const std::map<std::string, std::string>& labels = {}) const;
};

// Parses `text`; kInvalidArgument naming the line (1-based) and what is wrong.
Result<PromExposition> ParsePrometheusText(std::string_view text);

}  // namespace crier::testing
