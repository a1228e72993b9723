// Retry-After parsing.
#include "channels/retry_after.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/time.h"

namespace crier {
namespace {

Micros FromSeconds(double seconds) {
  if (!(seconds > 0)) return Micros(0);  // Also NaN.
  double max_s = std::chrono::duration<double>(kMaxRetryAfter).count();
  if (seconds > max_s) return kMaxRetryAfter;
  return Micros(static_cast<long long>(std::ceil(seconds * 1e6)));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<double> ParseSeconds(std::string_view s) {
  if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s[0])))) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

int MonthIndex(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool ParseClock(std::string_view s, int& h, int& m, int& sec) {
  return s.size() == 8 && s[2] == ':' && s[5] == ':' && ParseInt(s.substr(0, 2), h) &&
         ParseInt(s.substr(3, 2), m) && ParseInt(s.substr(6, 2), sec) && h < 24 && m < 60 &&
         sec <= 60;
}

// Splits on runs of spaces.
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT", asctime
// "Sun Nov  6 08:49:37 1994" (RFC 9110 section 5.6.7).
std::optional<TimePoint> ParseHttpDate(std::string_view s) {
  std::vector<std::string_view> w = Words(s);
  int day = 0, month = 0, year = 0, h = 0, m = 0, sec = 0;
  if (w.size() == 6 && w[0].size() == 4 && w[0][3] == ',' && w[5] == "GMT") {
    month = MonthIndex(w[2]);
    if (!ParseInt(w[1], day) || !ParseInt(w[3], year) || !ParseClock(w[4], h, m, sec)) {
      return std::nullopt;
    }
  } else if (w.size() == 4 && w[0].back() == ',' && w[3] == "GMT" && w[1].size() == 9 &&
             w[1][2] == '-' && w[1][6] == '-') {
    month = MonthIndex(w[1].substr(3, 3));
    if (!ParseInt(w[1].substr(0, 2), day) || !ParseInt(w[1].substr(7, 2), year) ||
        !ParseClock(w[2], h, m, sec)) {
      return std::nullopt;
    }
    year += year < 70 ? 2000 : 1900;
  } else if (w.size() == 5 && w[0].size() == 3) {
    month = MonthIndex(w[1]);
    if (!ParseInt(w[2], day) || !ParseClock(w[3], h, m, sec) || !ParseInt(w[4], year)) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (month == 0 || year < 1970 || year > 9999 || day < 1 || day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  long long days = DaysFromCivil({year, month, day});
  long long seconds = days * 86400 + h * 3600 + m * 60 + std::min(sec, 59);
  return TimePoint(std::chrono::seconds(seconds));
}

}  // namespace

std::optional<Micros> ParseRetryAfterHeader(std::string_view value, TimePoint now) {
  value = Trim(value);
  if (auto seconds = ParseSeconds(value)) return FromSeconds(*seconds);
  if (auto date = ParseHttpDate(value)) {
    auto wait = std::chrono::duration_cast<Micros>(*date - now);
    return std::clamp(wait, Micros(0), kMaxRetryAfter);
  }
  return std::nullopt;
}

std::optional<Micros> RetryAfterFromBody(std::string_view body) {
  if (body.empty() || body.find("retry") == std::string_view::npos) return std::nullopt;
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  for (const char* key : {"retry_after", "retry-after"}) {
    auto it = json.find(key);
    if (it != json.end() && it->is_number()) return FromSeconds(it->get<double>());
  }
  return std::nullopt;
}

std::optional<Micros> ServiceRetryAfter(const HttpResponse& response, TimePoint now) {
  std::optional<Micros> header;
  if (auto value = response.Header("retry-after")) header = ParseRetryAfterHeader(*value, now);
  std::optional<Micros> body = RetryAfterFromBody(response.body);
  if (header && body) return std::max(*header, *body);
  return header ? header : body;
}

}  // namespace crier
