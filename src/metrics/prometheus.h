// Counters, gauges and histograms exposed in Prometheus' text format (version 0.0.4), the format
// every monitoring stack scrapes. Families are created once with their label names; samples are
// added from any thread. Values live in memory: a restart starts counters from zero, which
// Prometheus' rate() expects.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace crier::metrics {

// The content type of the text format.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

using LabelValues = std::vector<std::string>;  // In the order of the family's label names.

// A metric or label name: [a-zA-Z_:][a-zA-Z0-9_:]* (labels without ':').
bool ValidMetricName(std::string_view name);
bool ValidLabelName(std::string_view name);

// A sample value as Prometheus writes it: integers without exponent or point, "+Inf", "-Inf",
// "NaN", other numbers with enough digits to read back the same double.
std::string FormatValue(double value);

// A label value escaped for the text format (backslash, double quote, line feed).
std::string EscapeLabelValue(std::string_view value);

// Appends "# HELP" and "# TYPE" lines (help escaped: backslash and line feed).
void WriteHeader(std::string& out, std::string_view name, std::string_view help,
                 std::string_view type);
// Appends one sample line `name{labels} value`.
void WriteSample(std::string& out, std::string_view name,
                 const std::vector<std::pair<std::string, std::string>>& labels, double value);

// A counter per label set. Thread-safe.
class CounterFamily {
 public:
  // REQUIRES: valid names (checked: an invalid one aborts, as it is a programming error).
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names);
  // Adds `delta` (>= 0) to the counter of `labels`. REQUIRES: one value per label name.
  void Add(const LabelValues& labels, double delta = 1);
  double Value(const LabelValues& labels) const;
  void Render(std::string& out) const;

 private:
  const std::string name_, help_;
  const std::vector<std::string> label_names_;
  mutable std::mutex mu_;
  std::map<LabelValues, double> values_;  // Guarded by mu_.
};

// Observations counted into cumulative buckets, with their sum and count. Thread-safe.
class HistogramFamily {
 public:
  // `bounds`: the buckets' upper bounds, increasing; +Inf is added.
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> bounds);
  void Observe(const LabelValues& labels, double value);
  // How many observations `labels` has.
  std::uint64_t Count(const LabelValues& labels) const;
  void Render(std::string& out) const;

 private:
  struct Series {
    std::vector<std::uint64_t> buckets;  // Per bound, not cumulative; last is +Inf.
    double sum = 0;
    std::uint64_t count = 0;
  };
  const std::string name_, help_;
  const std::vector<std::string> label_names_;
  const std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::map<LabelValues, Series> series_;  // Guarded by mu_.
};

}  // namespace crier::metrics
