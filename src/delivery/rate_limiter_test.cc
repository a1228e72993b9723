#include "delivery/rate_limiter.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const TimePoint kStart = TimePoint(seconds(1700000000));

RateLimitSpec Spec(const char* text) {
  return ParseRateLimit(text).value();
}

// Each row: advance the clock to `at` (from the start), try to send, and expect either a send
// (wait = 0) or a refusal until `at + wait`.
struct Step {
  Micros at;
  Micros wait;
};

void RunTable(const char* spec, const std::vector<Step>& steps) {
  FakeClock clock(kStart);
  TokenBucket bucket(Spec(spec), clock.Now());
  for (const Step& s : steps) {
    clock.Set(kStart + s.at);
    std::optional<TimePoint> retry = bucket.TryTake(clock.Now());
    if (s.wait == Micros(0)) {
      EXPECT_EQ(retry, std::nullopt) << spec << " at +" << s.at.count() << "us";
    } else {
      ASSERT_TRUE(retry.has_value()) << spec << " at +" << s.at.count() << "us";
      EXPECT_EQ(*retry - clock.Now(), s.wait) << spec << " at +" << s.at.count() << "us";
    }
  }
}

TEST(TokenBucketTest, SlackOnePerSecond) {
  RunTable("1/1s", {{seconds(0), Micros(0)},
                    {seconds(0), seconds(1)},
                    {milliseconds(999), milliseconds(1)},
                    {seconds(1), Micros(0)},
                    {seconds(5), Micros(0)},  // Idle time does not build a burst beyond 1.
                    {seconds(5), seconds(1)}});
}

TEST(TokenBucketTest, DiscordFivePerTwoSecondsBurstsThenRefills) {
  RunTable("5/2s", {{seconds(0), Micros(0)},
                    {seconds(0), Micros(0)},
                    {seconds(0), Micros(0)},
                    {seconds(0), Micros(0)},
                    {seconds(0), Micros(0)},
                    {seconds(0), milliseconds(400)},  // Refill: one token per 2/5 s.
                    {milliseconds(400), Micros(0)},
                    {milliseconds(400), milliseconds(400)},
                    {seconds(10), Micros(0)}});  // Full again after idling.
}

TEST(TokenBucketTest, ThirdsOfAWindowNeedNoRounding) {
  RunTable("3/1s", {{seconds(0), Micros(0)},
                    {seconds(0), Micros(0)},
                    {seconds(0), Micros(0)},
                    {seconds(0), Micros(333334)},  // ceil(1e6 / 3)
                    {Micros(333333), Micros(1)},
                    {Micros(333334), Micros(0)}});
}

TEST(TokenBucketTest, EveryBandMustAllow) {
  // Teams' connector: 4 per second, but also 60 per 30 s.
  FakeClock clock(kStart);
  TokenBucket bucket(Spec("4/1s,60/30s"), clock.Now());
  // Try every 250 ms: always allowed by the first band. The second band's 60 tokens drain at
  // 4 - 2 = 2 per second while it refills at 2 per second: attempts 0..118 (the first 29.5 s) are
  // sent, then every other attempt, at the second band's 2 per second.
  int sent = 0;
  for (int i = 0; i < 200; ++i) {
    bool ok = !bucket.TryTake(clock.Now()).has_value();
    EXPECT_EQ(ok, i <= 118 || i % 2 == 0) << "attempt " << i;
    sent += ok;
    clock.Advance(milliseconds(250));
  }
  EXPECT_EQ(sent, 119 + 40);
}

TEST(TokenBucketTest, UnlimitedAlwaysSendsButHonoursAPause) {
  FakeClock clock(kStart);
  TokenBucket bucket(RateLimitSpec{}, clock.Now());
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(bucket.TryTake(clock.Now()), std::nullopt);
  bucket.PauseUntil(clock.Now() + seconds(3));
  EXPECT_EQ(bucket.TryTake(clock.Now()), clock.Now() + seconds(3));
  clock.Advance(seconds(3));
  EXPECT_EQ(bucket.TryTake(clock.Now()), std::nullopt);
}

TEST(TokenBucketTest, PauseSpendsTheBurst) {
  FakeClock clock(kStart);
  TokenBucket bucket(Spec("10/1s"), clock.Now());
  bucket.PauseUntil(clock.Now() + seconds(7));  // Retry-After: 7
  EXPECT_EQ(bucket.NextAllowed(), clock.Now() + seconds(7));
  EXPECT_EQ(bucket.TryTake(clock.Now() + seconds(6)), clock.Now() + seconds(7));
  clock.Advance(seconds(7));
  EXPECT_EQ(bucket.TryTake(clock.Now()), std::nullopt);
  EXPECT_EQ(bucket.TryTake(clock.Now()), clock.Now() + milliseconds(100));
  // A pause that ends earlier than the current schedule changes nothing.
  bucket.PauseUntil(clock.Now() - seconds(1));
  EXPECT_EQ(bucket.NextAllowed(), clock.Now() + milliseconds(100));
}

TEST(RateLimiterTest, BucketsPerWebhookAndSpecChangesApply) {
  FakeClock clock(kStart);
  RateLimiter limiter;
  RateLimitSpec slack = Spec("1/1s");
  EXPECT_EQ(limiter.TryAcquire("a", slack, clock.Now()), std::nullopt);
  EXPECT_EQ(limiter.TryAcquire("a", slack, clock.Now()), clock.Now() + seconds(1));
  EXPECT_EQ(limiter.TryAcquire("b", slack, clock.Now()), std::nullopt);  // Independent.
  // An administrator raises webhook a's limit: it applies at once.
  EXPECT_EQ(limiter.TryAcquire("a", Spec("10/1s"), clock.Now()), std::nullopt);
  limiter.PauseUntil("b", slack, clock.Now() + seconds(30), clock.Now());
  clock.Advance(seconds(10));
  EXPECT_EQ(limiter.TryAcquire("b", slack, clock.Now()), clock.Now() + seconds(20));
  EXPECT_EQ(limiter.size(), 2u);
  limiter.Forget("a");
  EXPECT_EQ(limiter.size(), 1u);
}

// Workers ask how much of a backlog the limit lets go before their lease ends; asking takes
// nothing.
TEST(RateLimiterTest, PredictCountsSendsBeforeADeadlineWithoutTakingTokens) {
  FakeClock clock(kStart);
  RateLimiter limiter;
  const TimePoint now = clock.Now();
  // Rocket.Chat's 10 per minute: the burst of 10 now, then one every 6 s.
  auto f = limiter.Predict("rc", Spec("10/1m"), now, now + seconds(30), 100);
  EXPECT_EQ(f.allowed, 10u + 4u);  // Then at +6, +12, +18, +24 s; +30 s is not before +30 s.
  ASSERT_TRUE(f.next.has_value());
  EXPECT_EQ(*f.next, now + seconds(30));
  EXPECT_EQ(limiter.TryAcquire("rc", Spec("10/1m"), now), std::nullopt) << "nothing was taken";
  // All fit: no next.
  f = limiter.Predict("rc", Spec("10/1m"), now, now + seconds(30), 3);
  EXPECT_EQ(f.allowed, 3u);
  EXPECT_FALSE(f.next.has_value());
  // Unlimited lets everything go; a pause holds everything until it ends.
  EXPECT_EQ(limiter.Predict("u", Spec("unlimited"), now, now + seconds(1), 1000).allowed, 1000u);
  limiter.PauseUntil("u", Spec("unlimited"), now + seconds(5), now);
  f = limiter.Predict("u", Spec("unlimited"), now, now + seconds(1), 1000);
  EXPECT_EQ(f.allowed, 0u);
  EXPECT_EQ(f.next, now + seconds(5));
}

TEST(RateLimiterTest, EffectiveLimitIsTheWebhooksOrTheServiceDefault) {
  struct Case {
    const char* service;
    const char* override_spec;
    const char* expected;
  } cases[] = {
      {"Mattermost", "", "10/1s"},        {"Slack", "", "1/1s"},
      {"Google Chat", "", "1/1s"},        {"Discord", "", "5/2s,30/1m"},
      {"Rocket.Chat", "", "10/1m"},       {"Zulip", "", "200/1m"},
      {"Microsoft Teams", "", "4/1s"},    {"Ntfy", "", "60/5m"},
      {"Matrix (Hookshot)", "", "10/1s"}, {"Generic", "", "10/1s"},
      {"Slack", "3/1s", "3/1s"},          {"Generic", "unlimited", "unlimited"},
  };
  for (const Case& c : cases) {
    Webhook w;
    w.service = c.service;
    w.url = "https://example.com/hook";
    w.rate_limit = c.override_spec;
    auto spec = EffectiveRateLimit(*FindChannel(c.service), w);
    ASSERT_TRUE(spec.ok());
    EXPECT_EQ(FormatRateLimit(*spec), c.expected) << c.service;
  }
}

}  // namespace
}  // namespace crier
