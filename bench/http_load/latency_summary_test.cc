#include "latency_summary.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace crier::load {
namespace {

TEST(PercentileTest, UsesNearestRank) {
  std::vector<std::int64_t> ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  struct Case {
    double p;
    std::int64_t want;
  };
  const Case cases[] = {{50, 5}, {90, 9}, {99, 10}, {100, 10}, {10, 1}, {0.001, 1}, {51, 6}};
  for (const Case& c : cases) EXPECT_EQ(Percentile(ten, c.p), c.want) << c.p;
}

TEST(PercentileTest, EmptyIsZeroAndOneValueIsThatValue) {
  EXPECT_EQ(Percentile({}, 99), 0);
  EXPECT_EQ(Percentile({17}, 50), 17);
  EXPECT_EQ(Percentile({17}, 99), 17);
}

TEST(SummarizeTest, ComputesRateAndPercentilesFromUnsortedLatencies) {
  RunOutcome outcome;
  // 100 requests of 1..100 ms, shuffled order, over 2 seconds.
  for (int i = 100; i >= 1; --i) outcome.latencies_ns.push_back(std::int64_t{i} * 1'000'000);
  outcome.errors = 3;
  outcome.non_2xx = 2;
  outcome.unsent = 1;
  outcome.measured_seconds = 2.0;
  LatencySummary s = Summarize(outcome);
  EXPECT_EQ(s.ok, 100u);
  EXPECT_EQ(s.errors, 3u);
  EXPECT_EQ(s.non_2xx, 2u);
  EXPECT_EQ(s.unsent, 1u);
  EXPECT_DOUBLE_EQ(s.requests_per_second, 50.0);
  EXPECT_DOUBLE_EQ(s.p50_ms, 50.0);
  EXPECT_DOUBLE_EQ(s.p90_ms, 90.0);
  EXPECT_DOUBLE_EQ(s.p99_ms, 99.0);
  EXPECT_DOUBLE_EQ(s.max_ms, 100.0);
  EXPECT_DOUBLE_EQ(s.mean_ms, 50.5);
}

TEST(SummarizeTest, ANoRequestRunReportsZeroesNotGarbage) {
  RunOutcome outcome;
  LatencySummary s = Summarize(outcome);
  EXPECT_EQ(s.ok, 0u);
  EXPECT_EQ(s.requests_per_second, 0.0);
  EXPECT_EQ(s.p99_ms, 0.0);
  EXPECT_EQ(s.max_ms, 0.0);
}

TEST(FormatTest, JsonCarriesEveryFigureScriptsCompare) {
  LatencySummary s;
  s.ok = 10;
  s.errors = 1;
  s.requests_per_second = 5.5;
  s.p50_ms = 1.5;
  s.p99_ms = 9.0;
  auto j = nlohmann::json::parse(FormatJson("closed-loop", s));
  EXPECT_EQ(j["mode"], "closed-loop");
  EXPECT_EQ(j["ok"], 10);
  EXPECT_EQ(j["errors"], 1);
  EXPECT_DOUBLE_EQ(j["requests_per_second"].get<double>(), 5.5);
  EXPECT_DOUBLE_EQ(j["latency_ms"]["p50"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(j["latency_ms"]["p99"].get<double>(), 9.0);
}

TEST(FormatTest, TextNamesTheFiguresOnSeparateLines) {
  LatencySummary s;
  s.requests_per_second = 1234.5;
  s.p99_ms = 2.25;
  std::string text = FormatText("open-loop 1000/s", s);
  EXPECT_NE(text.find("open-loop 1000/s\n"), std::string::npos);
  EXPECT_NE(text.find("requests/s  1234.5"), std::string::npos);
  EXPECT_NE(text.find("p99 2.250"), std::string::npos);
}

}  // namespace
}  // namespace crier::load
