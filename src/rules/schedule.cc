// Scheduling decisions.
#include "rules/schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace crier::rules {
namespace {

constexpr long long kMicrosPerMinute = 60LL * 1000000;

// Civil arithmetic (no time zone): a local datetime as microseconds since 1970-01-01 00:00.
long long ToMicros(const DateTime& dt) {
  long long days = DaysFromCivil(dt.date);
  return ((days * 24 + dt.hour) * 60 + dt.minute) * kMicrosPerMinute +
         (static_cast<long long>(dt.second) * 1000000 + dt.microsecond);
}

DateTime FromMicros(long long us) {
  long long days =
      us >= 0 ? us / (86400LL * 1000000) : -((-us + 86400LL * 1000000 - 1) / (86400LL * 1000000));
  long long rest = us - days * 86400LL * 1000000;
  DateTime dt;
  dt.date = CivilFromDays(days);
  dt.hour = static_cast<int>(rest / (3600LL * 1000000));
  rest %= 3600LL * 1000000;
  dt.minute = static_cast<int>(rest / kMicrosPerMinute);
  rest %= kMicrosPerMinute;
  dt.second = static_cast<int>(rest / 1000000);
  dt.microsecond = static_cast<int>(rest % 1000000);
  return dt;
}

DateTime AddMinutes(const DateTime& dt, long long minutes) {
  return FromMicros(ToMicros(dt) + minutes * kMicrosPerMinute);
}

}  // namespace

std::optional<DailyTime> ParseDailyTime(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
  DailyTime t{(text[0] - '0') * 10 + (text[1] - '0'), (text[3] - '0') * 10 + (text[4] - '0')};
  if (t.hour > 23 || t.minute > 59) return std::nullopt;
  return t;
}

std::vector<Date> DueDailyRuns(std::optional<Date> last_run, const DateTime& now, DailyTime at,
                               int max_catch_up_days) {
  bool today_due = now.hour > at.hour || (now.hour == at.hour && now.minute >= at.minute);
  long long latest = DaysFromCivil(now.date) - (today_due ? 0 : 1);
  std::vector<Date> out;
  if (!last_run) {
    if (today_due) out.push_back(now.date);
    return out;
  }
  long long first = DaysFromCivil(*last_run) + 1;
  first = std::max(first, latest - std::max(max_catch_up_days, 1) + 1);
  for (long long d = first; d <= latest; ++d) out.push_back(CivilFromDays(d));
  return out;
}

Date DaysReferenceDate(Event event, const Date& run_date, long long days) {
  return AddDays(run_date, event == Event::kDaysBefore ? days : -days);
}

TextRange DayRange(const Date& day) {
  std::string d = FormatDate(day);
  return {d, d + " 23:59:59.999999"};
}

MinutesWindow MinutesWindowFor(Event event, std::optional<DateTime> last_run, const DateTime& now,
                               long long offset_minutes) {
  DateTime last = last_run ? *last_run : AddMinutes(now, -kFirstRunLookBackMinutes);
  long long shift = event == Event::kMinutesBefore ? offset_minutes : -offset_minutes;
  return {AddMinutes(last, shift), AddMinutes(now, shift)};
}

std::string BoundText(const DateTime& dt) {
  return fmt::format("{} {:02d}:{:02d}:{:02d}.{:06d}", FormatDate(dt.date), dt.hour, dt.minute,
                     dt.second, dt.microsecond);
}

TimePoint NextTick(TimePoint now) {
  auto minute = std::chrono::floor<std::chrono::minutes>(now.time_since_epoch());
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(minute + std::chrono::minutes(1)));
}

}  // namespace crier::rules
