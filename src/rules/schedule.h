// When scheduled notifications run and what each run selects, as pure functions of their inputs
// and "now", tested as tables:
// - Days Before/After run once a day at a configured local time (default 09:00, Frappe's is
//   midnight, issue frappe/frappe#33197). Days missed while crier was down are caught up, oldest
//   first, at most `max_catch_up_days` of them; the first run ever does not look back.
// - A Days run for date D selects documents whose reference date falls on D + days (Before) or
//   D - days (After).
// - Minutes Before/After select documents whose reference datetime lies in the window
//   (last run, now] shifted by +offset (Before) or -offset (After), lower bound excluded, as
//   Frappe does (reference 2.7); the first run looks back five minutes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/time.h"
#include "rules/notification_spec.h"

namespace crier::rules {

// A local time of day ("HH:MM", 00:00 to 23:59).
struct DailyTime {
  int hour = 9;
  int minute = 0;
  friend bool operator==(const DailyTime&, const DailyTime&) = default;
};
// "09:00" -> {9, 0}; nullopt for anything else.
std::optional<DailyTime> ParseDailyTime(std::string_view text);

// The dates whose daily run is due at `now`, oldest first: every date after `last_run` up to today
// (if `now` is past today's run time, else yesterday), at most `max_catch_up_days` of them (the
// most recent). With no last run, only today, once its time has come.
std::vector<Date> DueDailyRuns(std::optional<Date> last_run, const DateTime& now, DailyTime at,
                               int max_catch_up_days);

// The date documents must have for a Days run on `run_date`: run_date + days (Before) or
// run_date - days (After). REQUIRES: IsDaysEvent(event).
Date DaysReferenceDate(Event event, const Date& run_date, long long days);

// [first, last] text bounds of one day that match both Date ("YYYY-MM-DD") and Datetime
// ("YYYY-MM-DD HH:MM:SS[.ffffff]") values stored as text.
struct TextRange {
  std::string first;
  std::string last;
};
TextRange DayRange(const Date& day);

// The Minutes window: documents with lower < reference <= upper. REQUIRES: IsMinutesEvent(event).
struct MinutesWindow {
  DateTime lower;  // Excluded.
  DateTime upper;  // Included.
};
inline constexpr int kFirstRunLookBackMinutes = 5;
MinutesWindow MinutesWindowFor(Event event, std::optional<DateTime> last_run, const DateTime& now,
                               long long offset_minutes);

// A datetime as comparable text, always with microseconds ("2026-03-01 09:15:00.000000"): a
// value stored without them compares correctly against it.
std::string BoundText(const DateTime& dt);

// When the scheduler wakes next: the start of the next minute after `now`.
TimePoint NextTick(TimePoint now);

}  // namespace crier::rules
