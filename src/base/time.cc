// Civil-calendar arithmetic (Howard Hinnant's days-from-civil algorithm) and local-time conversion
// through the C library, which follows the TZ environment variable.
#include "base/time.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <ctime>

namespace crier {

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

long long DaysFromCivil(const Date& d) {
  long long y = d.year - (d.month <= 2 ? 1 : 0);
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long mp = (d.month + 9) % 12;
  const long long doy = (153 * mp + 2) / 5 + d.day - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date CivilFromDays(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return Date{year, month, day};
}

Date AddDays(const Date& d, long long days) {
  return CivilFromDays(DaysFromCivil(d) + days);
}

Date AddMonths(const Date& d, long long months) {
  long long total = static_cast<long long>(d.year) * 12 + (d.month - 1) + months;
  long long year = total >= 0 ? total / 12 : (total - 11) / 12;
  int month = static_cast<int>(total - year * 12) + 1;
  Date out{static_cast<int>(year), month, d.day};
  if (out.day > DaysInMonth(out.year, out.month)) out.day = DaysInMonth(out.year, out.month);
  return out;
}

namespace {

// Reads exactly `n` digits at `pos`.
bool ReadDigits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool ReadDate(std::string_view s, size_t& pos, Date& d) {
  if (!ReadDigits(s, pos, 4, d.year) || pos >= s.size() || s[pos++] != '-') return false;
  if (!ReadDigits(s, pos, 2, d.month) || pos >= s.size() || s[pos++] != '-') return false;
  if (!ReadDigits(s, pos, 2, d.day)) return false;
  return d.year >= 1 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= DaysInMonth(d.year, d.month);
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  auto dt = ParseDateTime(text);
  if (!dt) return std::nullopt;
  return dt->date;
}

std::optional<DateTime> ParseDateTime(std::string_view s) {
  DateTime dt;
  size_t pos = 0;
  if (!ReadDate(s, pos, dt.date)) return std::nullopt;
  if (pos == s.size()) return dt;
  if (s[pos] != ' ' && s[pos] != 'T') return std::nullopt;
  ++pos;
  if (!ReadDigits(s, pos, 2, dt.hour) || pos >= s.size() || s[pos++] != ':') return std::nullopt;
  if (!ReadDigits(s, pos, 2, dt.minute)) return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!ReadDigits(s, pos, 2, dt.second)) return std::nullopt;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      size_t start = pos;
      int us = 0, digits = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 6) us = us * 10 + (s[pos] - '0'), ++digits;
        ++pos;
      }
      if (pos == start) return std::nullopt;
      while (digits++ < 6) us *= 10;
      dt.microsecond = us;
    }
  }
  if (pos != s.size()) return std::nullopt;
  if (dt.hour > 23 || dt.minute > 59 || dt.second > 59) return std::nullopt;
  return dt;
}

std::string FormatDate(const Date& d) {
  return fmt::format("{:04d}-{:02d}-{:02d}", d.year, d.month, d.day);
}

std::string FormatDateTime(const DateTime& dt) {
  std::string out =
      fmt::format("{} {:02d}:{:02d}:{:02d}", FormatDate(dt.date), dt.hour, dt.minute, dt.second);
  if (dt.microsecond != 0) out += fmt::format(".{:06d}", dt.microsecond);
  return out;
}

DateTime ToLocal(TimePoint t) {
  using namespace std::chrono;
  auto us = duration_cast<microseconds>(t.time_since_epoch()).count();
  long long secs = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
  int micros = static_cast<int>(us - secs * 1000000);
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return DateTime{Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, tm.tm_hour, tm.tm_min,
                  tm.tm_sec, micros};
}

TimePoint FromLocal(const DateTime& dt) {
  std::tm tm{};
  tm.tm_year = dt.date.year - 1900;
  tm.tm_mon = dt.date.month - 1;
  tm.tm_mday = dt.date.day;
  tm.tm_hour = dt.hour;
  tm.tm_min = dt.minute;
  tm.tm_sec = dt.second;
  tm.tm_isdst = -1;
  std::time_t tt = mktime(&tm);
  return TimePoint(std::chrono::seconds(tt)) + std::chrono::microseconds(dt.microsecond);
}

std::string NowDateTimeString(const Clock& clock) {
  return DateTimeString(clock.Now());
}

std::string DateTimeString(TimePoint t) {
  DateTime dt = ToLocal(t);
  return fmt::format("{} {:02d}:{:02d}:{:02d}.{:06d}", FormatDate(dt.date), dt.hour, dt.minute,
                     dt.second, dt.microsecond);
}

std::optional<Micros> ParseDuration(std::string_view text) {
  size_t unit_at = text.find_first_not_of("0123456789.");
  if (unit_at == 0 || unit_at == std::string_view::npos) return std::nullopt;
  double amount = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + unit_at, amount);
  if (ec != std::errc() || p != text.data() + unit_at || !std::isfinite(amount)) {
    return std::nullopt;
  }
  std::string_view unit = text.substr(unit_at);
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
    return std::nullopt;
  }
  double micros = amount * seconds_per_unit * 1e6;
  if (micros > 1e17) return std::nullopt;  // About 3,000 years: surely a typo.
  return Micros(static_cast<long long>(micros));
}

}  // namespace crier
