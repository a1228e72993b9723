// Parsing and printing rate-limit specifications.
#include "channels/rate_limit_spec.h"

#include <fmt/format.h>

#include <charconv>

namespace crier {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

Result<RateBand> ParseBand(std::string_view band) {
  auto bad = [band](std::string_view why) {
    return InvalidArgument(
        fmt::format("rate limit band \"{}\": {} (expected e.g. \"5/2s\")", band, why),
        "rate_limit");
  };
  size_t slash = band.find('/');
  if (slash == std::string_view::npos) return bad("missing '/'");
  std::string_view count_text = Trim(band.substr(0, slash));
  std::string_view window_text = Trim(band.substr(slash + 1));
  RateBand out;
  auto [p1, e1] =
      std::from_chars(count_text.data(), count_text.data() + count_text.size(), out.count);
  if (e1 != std::errc() || p1 != count_text.data() + count_text.size() || out.count <= 0) {
    return bad("the count must be a positive integer");
  }
  size_t unit_at = window_text.find_first_not_of("0123456789.");
  if (unit_at == std::string_view::npos) unit_at = window_text.size();
  double amount = 1;
  if (unit_at > 0) {
    auto [p2, e2] = std::from_chars(window_text.data(), window_text.data() + unit_at, amount);
    if (e2 != std::errc() || p2 != window_text.data() + unit_at) return bad("bad window length");
  }
  std::string_view unit = window_text.substr(unit_at);
  double seconds_per_unit = 0;
  if (unit == "ms") {
    seconds_per_unit = 0.001;
  } else if (unit == "s") {
    seconds_per_unit = 1;
  } else if (unit == "m" || unit == "min") {
    seconds_per_unit = 60;
  } else if (unit == "h") {
    seconds_per_unit = 3600;
  } else if (unit == "d") {
    seconds_per_unit = 86400;
  } else {
    return bad("the window unit must be ms, s, m, h or d");
  }
  double micros = amount * seconds_per_unit * 1e6;
  if (!(micros >= 1000) || micros > 366.0 * 86400 * 1e6) {
    return bad("the window must be between 1ms and 366d");
  }
  out.window = Micros(static_cast<long long>(micros));
  return out;
}

std::string FormatWindow(Micros w) {
  long long us = w.count();
  if (us % 86'400'000'000LL == 0) return fmt::format("{}d", us / 86'400'000'000LL);
  if (us % 3'600'000'000LL == 0) return fmt::format("{}h", us / 3'600'000'000LL);
  if (us % 60'000'000LL == 0) return fmt::format("{}m", us / 60'000'000LL);
  if (us % 1'000'000LL == 0) return fmt::format("{}s", us / 1'000'000LL);
  return fmt::format("{}ms", us / 1000);
}

}  // namespace

Result<RateLimitSpec> ParseRateLimit(std::string_view text) {
  text = Trim(text);
  RateLimitSpec spec;
  if (text.empty() || text == "unlimited") return spec;
  while (true) {
    size_t comma = text.find(',');
    CRIER_ASSIGN_OR_RETURN(RateBand band, ParseBand(Trim(text.substr(0, comma))));
    spec.bands.push_back(band);
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  return spec;
}

std::string FormatRateLimit(const RateLimitSpec& spec) {
  if (spec.bands.empty()) return "unlimited";
  std::string out;
  for (const RateBand& b : spec.bands) {
    if (!out.empty()) out += ',';
    out += fmt::format("{}/{}", b.count, FormatWindow(b.window));
  }
  return out;
}

}  // namespace crier
