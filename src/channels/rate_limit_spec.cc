// Parsing and printing rate-limit specifications.
#include "channels/rate_limit_spec.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <optional>

#include "base/time.h"

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
  // A bare unit ("1/s") means one of it.
  const bool bare_unit =
      !window_text.empty() && std::isalpha(static_cast<unsigned char>(window_text.front()));
  std::optional<Micros> length =
      ParseDuration(bare_unit ? "1" + std::string(window_text) : std::string(window_text));
  if (!length) return bad("the window must be a number and a unit: ms, s, m, h or d");
  if (*length < std::chrono::milliseconds(1) || *length > std::chrono::hours(366 * 24)) {
    return bad("the window must be between 1ms and 366d");
  }
  out.window = *length;
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
