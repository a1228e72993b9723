// Dates and datetimes as crier stores and compares them: ISO strings in the system time zone
// (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.ffffff]`), as Frappe does. The system time zone is the
// process's (TZ environment variable or /etc/localtime).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace crier {

// A calendar date in the proleptic Gregorian calendar.
struct Date {
  int year = 1;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend auto operator<=>(const Date&, const Date&) = default;
};

// A civil date and time of day, without a time zone.
struct DateTime {
  Date date;
  int hour = 0, minute = 0, second = 0, microsecond = 0;
  friend auto operator<=>(const DateTime&, const DateTime&) = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// Days since 1970-01-01 and back; valid for years 1..9999.
long long DaysFromCivil(const Date& d);
Date CivilFromDays(long long days);

// Adds days; adds months or years keeping the day where possible and clamping to the month's end
// (2024-01-31 + 1 month = 2024-02-29), as dateutil's relativedelta does for Frappe.
Date AddDays(const Date& d, long long days);
Date AddMonths(const Date& d, long long months);

// Parses `YYYY-MM-DD` (the date part of a datetime string is accepted too) / a datetime string with
// optional seconds and fraction, `T` or space separated. Returns nullopt on anything else,
// including impossible dates such as 2023-02-30.
std::optional<Date> ParseDate(std::string_view text);
std::optional<DateTime> ParseDateTime(std::string_view text);

std::string FormatDate(const Date& d);  // YYYY-MM-DD
// YYYY-MM-DD HH:MM:SS, plus .ffffff when the microseconds are not zero (Python's str(datetime)).
std::string FormatDateTime(const DateTime& dt);

// Conversions between instants and the system time zone's civil time.
DateTime ToLocal(TimePoint t);
TimePoint FromLocal(const DateTime& dt);

// Shorthands for "now" in the system time zone.
inline Date LocalDate(TimePoint t) {
  return ToLocal(t).date;
}
inline std::string NowDateString(const Clock& clock) {
  return FormatDate(LocalDate(clock.Now()));
}
// Always with microseconds, like frappe.utils.now(): `YYYY-MM-DD HH:MM:SS.ffffff`.
std::string NowDateTimeString(const Clock& clock);
// The same for any instant, in the system time zone.
std::string DateTimeString(TimePoint t);

// A length of time written as a number and a unit: "250ms", "2s", "1.5m" (also "min"), "24h",
// "7d". nullopt for anything else, including negative or non-finite amounts. Command-line options
// and rate limits use it.
std::optional<Micros> ParseDuration(std::string_view text);

}  // namespace crier
