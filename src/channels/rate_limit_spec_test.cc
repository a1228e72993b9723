#include "channels/rate_limit_spec.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(RateLimitSpecTest, ParsesBands) {
  struct Case {
    const char* text;
    RateLimitSpec spec;
    const char* formatted;
  } cases[] = {
      {"10/1s", {{{10, seconds(1)}}}, "10/1s"},
      {"5/2s", {{{5, seconds(2)}}}, "5/2s"},
      {"200/1m", {{{200, minutes(1)}}}, "200/1m"},
      {"200/min", {{{200, minutes(1)}}}, "200/1m"},
      {"1/s", {{{1, seconds(1)}}}, "1/1s"},
      {" 4/1s , 60/30s ", {{{4, seconds(1)}, {60, seconds(30)}}}, "4/1s,60/30s"},
      {"3/500ms", {{{3, milliseconds(500)}}}, "3/500ms"},
      {"1800/1d", {{{1800, std::chrono::hours(24)}}}, "1800/1d"},
      {"2/1.5s", {{{2, milliseconds(1500)}}}, "2/1500ms"},
      {"", {}, "unlimited"},
      {"unlimited", {}, "unlimited"},
  };
  for (const Case& c : cases) {
    auto spec = ParseRateLimit(c.text);
    ASSERT_TRUE(spec.ok()) << c.text << ": " << spec.status().ToString();
    EXPECT_EQ(*spec, c.spec) << c.text;
    EXPECT_EQ(FormatRateLimit(*spec), c.formatted);
  }
}

TEST(RateLimitSpecTest, ErrorsNameTheBandAndField) {
  for (const char* bad : {"10", "0/1s", "-1/1s", "x/1s", "10/1y", "10/0s", "10/1s,", "1/0.1ms"}) {
    auto spec = ParseRateLimit(bad);
    ASSERT_FALSE(spec.ok()) << bad;
    EXPECT_EQ(spec.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(spec.status().field(), "rate_limit");
    EXPECT_NE(spec.status().message().find("rate limit band"), std::string::npos);
  }
}

}  // namespace
}  // namespace crier
