#include "base/time.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

TEST(TimeTest, CivilDaysRoundTrip) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
  for (long long d = -800000; d < 800000; d += 997) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(d)), d);
  }
}

TEST(TimeTest, AddMonthsClampsToTheEndOfTheMonth) {
  EXPECT_EQ(AddMonths({2024, 1, 31}, 1), (Date{2024, 2, 29}));
  EXPECT_EQ(AddMonths({2023, 1, 31}, 1), (Date{2023, 2, 28}));
  EXPECT_EQ(AddMonths({2024, 3, 15}, -3), (Date{2023, 12, 15}));
  EXPECT_EQ(AddMonths({2024, 2, 29}, 12), (Date{2025, 2, 28}));
}

TEST(TimeTest, ParsesIsoDatesAndDatetimes) {
  EXPECT_EQ(ParseDate("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_EQ(ParseDate("2023-02-29"), std::nullopt);
  EXPECT_EQ(ParseDate("2024-1-5"), std::nullopt);
  EXPECT_EQ(ParseDate("2024-01-05 10:00:00"), (Date{2024, 1, 5}));
  auto dt = ParseDateTime("2024-01-05 10:20:30.5");
  ASSERT_TRUE(dt);
  EXPECT_EQ(dt->microsecond, 500000);
  EXPECT_EQ(FormatDateTime(*dt), "2024-01-05 10:20:30.500000");
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2024-01-05T10:20")), "2024-01-05 10:20:00");
  EXPECT_EQ(ParseDateTime("2024-01-05 24:00:00"), std::nullopt);
  EXPECT_EQ(ParseDateTime("2024-01-05 10:00:00x"), std::nullopt);
}

TEST(TimeTest, LocalConversionRoundTrips) {
  DateTime dt{{2026, 11, 24}, 9, 0, 0, 123};
  EXPECT_EQ(ToLocal(FromLocal(dt)), dt);
}

TEST(TimeTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(FromLocal({{2026, 1, 1}, 9, 0, 0, 0}));
  EXPECT_EQ(NowDateString(clock), "2026-01-01");
  clock.Advance(std::chrono::hours(24 * 31));
  EXPECT_EQ(NowDateString(clock), "2026-02-01");
  EXPECT_EQ(NowDateTimeString(clock), "2026-02-01 09:00:00.000000");
}

}  // namespace
}  // namespace crier

namespace crier {
namespace {

TEST(TimeTest, ParsesDurations) {
  using std::chrono::hours;
  using std::chrono::milliseconds;
  using std::chrono::minutes;
  using std::chrono::seconds;
  struct Case {
    const char* text;
    Micros want;
  } cases[] = {
      {"250ms", milliseconds(250)},
      {"2s", seconds(2)},
      {"1.5m", seconds(90)},
      {"10min", minutes(10)},
      {"24h", hours(24)},
      {"7d", hours(7 * 24)},
      {"0s", Micros(0)},
      {"0.5ms", Micros(500)},
  };
  for (const Case& c : cases) {
    auto d = ParseDuration(c.text);
    ASSERT_TRUE(d.has_value()) << c.text;
    EXPECT_EQ(*d, c.want) << c.text;
  }
  for (const char* bad : {"", "s", "5", "-5s", "5 s", "5y", "1e3s", "5.s.", "99999999999d"}) {
    EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace crier
