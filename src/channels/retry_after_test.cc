#include "channels/retry_after.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace crier {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// 2015-10-21 07:28:00 UTC.
const TimePoint kNow = TimePoint(seconds(1445412480));

TEST(RetryAfterTest, HeaderTable) {
  struct Case {
    const char* value;
    std::optional<Micros> wait;
  } cases[] = {
      {"120", seconds(120)},
      {" 7 ", seconds(7)},
      {"0", Micros(0)},
      {"1.5", milliseconds(1500)},
      {"Wed, 21 Oct 2015 07:28:30 GMT", seconds(30)},
      {"Wednesday, 21-Oct-15 07:29:00 GMT", seconds(60)},
      {"Wed Oct 21 07:28:10 2015", seconds(10)},
      {"Wed, 21 Oct 2015 07:00:00 GMT", Micros(0)},  // In the past.
      {"99999999999", kMaxRetryAfter},
      {"-5", std::nullopt},
      {"soon", std::nullopt},
      {"", std::nullopt},
      {"Wed, 31 Feb 2015 07:28:30 GMT", std::nullopt},
      {"Wed, 21 Foo 2015 07:28:30 GMT", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseRetryAfterHeader(c.value, kNow), c.wait) << c.value;
  }
}

TEST(RetryAfterTest, BodyFieldsOfSlackDiscordAndZulip) {
  EXPECT_EQ(RetryAfterFromBody(R"({"retry_after":1,"ok":false,"error":"rate_limited"})"),
            seconds(1));
  EXPECT_EQ(RetryAfterFromBody(
                R"({"message":"You are being rate limited.","retry_after":64.57,"global":false})"),
            Micros(64570000));
  EXPECT_EQ(RetryAfterFromBody(
                R"({"result":"error","msg":"API usage exceeded rate limit","retry-after":0.25})"),
            milliseconds(250));
  EXPECT_EQ(RetryAfterFromBody("limit exceeded"), std::nullopt);
  EXPECT_EQ(RetryAfterFromBody(R"({"retry_after":"soon"})"), std::nullopt);
  EXPECT_EQ(RetryAfterFromBody(R"([1,2])"), std::nullopt);
}

TEST(RetryAfterTest, TheLongerOfHeaderAndBodyWins) {
  HttpResponse r;
  r.status = 429;
  r.headers = {{"retry-after", "65"}};
  r.body = R"({"retry_after":64.57})";
  EXPECT_EQ(ServiceRetryAfter(r, kNow), seconds(65));
  r.headers = {{"retry-after", "1"}};
  EXPECT_EQ(ServiceRetryAfter(r, kNow), Micros(64570000));
  r.body = "";
  EXPECT_EQ(ServiceRetryAfter(r, kNow), seconds(1));
  r.headers.clear();
  EXPECT_EQ(ServiceRetryAfter(r, kNow), std::nullopt);
}

}  // namespace
}  // namespace crier
