#include "rules/schedule.h"

#include <gtest/gtest.h>

namespace crier::rules {
namespace {

DateTime At(int y, int m, int d, int hh, int mm, int ss = 0) {
  return DateTime{{y, m, d}, hh, mm, ss, 0};
}

DateTime Plus(const DateTime& dt, long long minutes) {
  return ToLocal(FromLocal(dt) + std::chrono::minutes(minutes));
}

bool Selects(const MinutesWindow& w, const DateTime& reference) {
  return w.lower < reference && reference <= w.upper;
}

TEST(ScheduleTest, DailyTimeParsing) {
  EXPECT_EQ(ParseDailyTime("09:00"), (DailyTime{9, 0}));
  EXPECT_EQ(ParseDailyTime("23:59"), (DailyTime{23, 59}));
  EXPECT_EQ(ParseDailyTime("00:00"), (DailyTime{0, 0}));
  for (const char* bad : {"9:00", "24:00", "12:60", "12-00", "", "12:00:00", "ab:cd"}) {
    EXPECT_FALSE(ParseDailyTime(bad)) << bad;
  }
}

// Which dates a tick runs, with the daily time 09:00 and at most 3 days caught up.
TEST(ScheduleTest, DueDailyRunsCatchUpMissedDaysBounded) {
  const DailyTime nine{9, 0};
  struct Case {
    const char* what;
    std::optional<Date> last;
    DateTime now;
    std::vector<Date> due;
  };
  const Case cases[] = {
      {"first start, before the time", std::nullopt, At(2026, 3, 10, 8, 59), {}},
      {"first start, at the time", std::nullopt, At(2026, 3, 10, 9, 0), {{2026, 3, 10}}},
      {"first start never looks back", std::nullopt, At(2026, 3, 10, 23, 0), {{2026, 3, 10}}},
      {"already ran today", Date{2026, 3, 10}, At(2026, 3, 10, 12, 0), {}},
      {"ran yesterday, before today's time", Date{2026, 3, 9}, At(2026, 3, 10, 8, 0), {}},
      {"ran yesterday, today's time came",
       Date{2026, 3, 9},
       At(2026, 3, 10, 9, 1),
       {{2026, 3, 10}}},
      {"down two days, after the time",
       Date{2026, 3, 7},
       At(2026, 3, 10, 10, 0),
       {{2026, 3, 8}, {2026, 3, 9}, {2026, 3, 10}}},
      {"down two days, before the time",
       Date{2026, 3, 7},
       At(2026, 3, 10, 8, 0),
       {{2026, 3, 8}, {2026, 3, 9}}},
      {"down a month: the last 3 days only",
       Date{2026, 2, 1},
       At(2026, 3, 10, 9, 0),
       {{2026, 3, 8}, {2026, 3, 9}, {2026, 3, 10}}},
      {"across a month end",
       Date{2026, 2, 27},
       At(2026, 3, 1, 9, 0),
       {{2026, 2, 28}, {2026, 3, 1}}},
      {"clock set back before the last run", Date{2026, 3, 12}, At(2026, 3, 10, 10, 0), {}},
  };
  for (const Case& c : cases) EXPECT_EQ(DueDailyRuns(c.last, c.now, nine, 3), c.due) << c.what;
  EXPECT_EQ(DueDailyRuns(std::nullopt, At(2026, 3, 10, 0, 30), DailyTime{0, 0}, 7),
            (std::vector<Date>{{2026, 3, 10}}));
}

TEST(ScheduleTest, DaysReferenceDate) {
  const Date run{2026, 3, 10};
  EXPECT_EQ(DaysReferenceDate(Event::kDaysBefore, run, 2), (Date{2026, 3, 12}));
  EXPECT_EQ(DaysReferenceDate(Event::kDaysAfter, run, 2), (Date{2026, 3, 8}));
  EXPECT_EQ(DaysReferenceDate(Event::kDaysBefore, run, 0), run);
  EXPECT_EQ(DaysReferenceDate(Event::kDaysBefore, run, -1), (Date{2026, 3, 9}));  // Flips.
  EXPECT_EQ(DaysReferenceDate(Event::kDaysAfter, Date{2026, 3, 1}, 1), (Date{2026, 2, 28}));
  TextRange r = DayRange({2026, 3, 12});
  // Both Date and Datetime values of that day fall inside, the next day does not.
  for (const char* in : {"2026-03-12", "2026-03-12 00:00:00", "2026-03-12 23:59:59.999999"}) {
    EXPECT_TRUE(in >= r.first && in <= r.last) << in;
  }
  for (const char* out : {"2026-03-11 23:59:59", "2026-03-13", "2026-03-13 00:00:00"}) {
    EXPECT_FALSE(out >= r.first && out <= r.last) << out;
  }
}

// Reference 8.15 (Frappe's commented-out TestNotificationOffsetRange): a first run (five minutes
// of look-back) of "Minutes Before 15" selects an event 11 to 15 minutes away, not 10; "Minutes
// After 15" one that started 15 to 19 minutes ago, not 20.
TEST(ScheduleTest, MinutesWindowEdgeCasesOfTheReference) {
  const DateTime now = At(2026, 3, 10, 12, 0);
  MinutesWindow before = MinutesWindowFor(Event::kMinutesBefore, std::nullopt, now, 15);
  MinutesWindow after = MinutesWindowFor(Event::kMinutesAfter, std::nullopt, now, 15);
  struct Case {
    int minutes_from_now;
    bool before_fires, after_fires;
  };
  const Case cases[] = {
      {16, false, false}, {15, true, false},  {11, true, false},
      {10, false, false}, {0, false, false},  {-14, false, false},
      {-15, false, true}, {-19, false, true}, {-20, false, false},
  };
  for (const Case& c : cases) {
    DateTime start = Plus(now, c.minutes_from_now);
    EXPECT_EQ(Selects(before, start), c.before_fires) << c.minutes_from_now;
    EXPECT_EQ(Selects(after, start), c.after_fires) << c.minutes_from_now;
  }
}

// With the watermark, consecutive windows tile time: ticking every 3 minutes (the reference's
// frozen-time loop) or every minute from -25 to +25 minutes around an event selects it exactly
// once, at the first tick where it is 15 minutes away or less (Before), or 15 minutes past or more
// (After).
TEST(ScheduleTest, ConsecutiveWindowsSelectAnEventExactlyOnce) {
  const DateTime start = At(2026, 3, 10, 12, 0);
  for (int step : {1, 3, 5}) {
    for (Event event : {Event::kMinutesBefore, Event::kMinutesAfter}) {
      std::optional<DateTime> last;
      std::vector<int> fired_at;  // Minutes from the event's start.
      for (int t = -25; t <= 25; t += step) {
        DateTime now = Plus(start, t);
        MinutesWindow w = MinutesWindowFor(event, last, now, 15);
        if (Selects(w, start)) fired_at.push_back(t);
        last = now;
      }
      ASSERT_EQ(fired_at.size(), 1u) << "step " << step << " " << EventName(event);
      int t = fired_at[0];
      if (event == Event::kMinutesBefore) {
        EXPECT_TRUE(t >= -15 && t < -15 + step) << "step " << step << " fired at " << t;
      } else {
        EXPECT_TRUE(t >= 15 && t < 15 + step) << "step " << step << " fired at " << t;
      }
    }
  }
}

TEST(ScheduleTest, BoundsCompareWithStoredDatetimes) {
  DateTime t = At(2026, 3, 10, 9, 15);
  EXPECT_EQ(BoundText(t), "2026-03-10 09:15:00.000000");
  // A value stored without microseconds is equal to the bound: inside (..., t], outside (t, ...].
  EXPECT_TRUE(std::string("2026-03-10 09:15:00") <= BoundText(t));
  EXPECT_FALSE(std::string("2026-03-10 09:15:00") > BoundText(t));
  EXPECT_TRUE(std::string("2026-03-10 09:15:00.000001") > BoundText(t));
}

TEST(ScheduleTest, NextTickIsTheNextMinute) {
  TimePoint t = FromLocal(At(2026, 3, 10, 9, 15, 42));
  EXPECT_EQ(ToLocal(NextTick(t)), At(2026, 3, 10, 9, 16));
  EXPECT_EQ(ToLocal(NextTick(FromLocal(At(2026, 3, 10, 9, 16)))), At(2026, 3, 10, 9, 17));
}

}  // namespace
}  // namespace crier::rules
