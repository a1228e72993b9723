#include "delivery/retry_policy.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(BackoffDelayTest, GrowsExponentiallyWithJitterUpToTheCap) {
  RetryPolicy p;  // 2 s, x2, cap 15 min, jitter 25 %.
  struct Case {
    int attempts;
    double u;
    Micros delay;
  } cases[] = {
      {1, 0.0, seconds(2)},   {1, 0.5, milliseconds(1750)}, {1, 1.0, milliseconds(1500)},
      {2, 0.0, seconds(4)},   {3, 0.0, seconds(8)},         {4, 0.0, seconds(16)},
      {9, 0.0, seconds(512)}, {10, 0.0, minutes(15)},       {10, 1.0, Micros(675000000)},
      {50, 0.0, minutes(15)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(BackoffDelay(p, c.attempts, c.u), c.delay) << c.attempts << " " << c.u;
  }
}

TEST(BackoffDelayTest, NeverBelowTheMinimum) {
  RetryPolicy p;
  p.initial_delay = milliseconds(10);
  EXPECT_EQ(BackoffDelay(p, 1, 0.0), milliseconds(500));
}

Outcome Retry(std::optional<Micros> retry_after = std::nullopt) {
  Outcome o;
  o.verdict = Verdict::kRetry;
  o.reason = retry_after ? Reason::kRateLimited : Reason::kServerError;
  o.retry_after = retry_after;
  return o;
}

TEST(DecideTest, Table) {
  RetryPolicy p;
  FakeClock clock(TimePoint(hours(400000)));
  const TimePoint created = clock.Now();
  Outcome delivered;
  delivered.verdict = Verdict::kDelivered;
  delivered.reason = Reason::kDelivered;
  Outcome gone;
  gone.verdict = Verdict::kFailed;
  gone.reason = Reason::kGone;

  struct Case {
    const char* name;
    Outcome outcome;
    int attempts;
    Micros age;  // now - created
    NextStep step;
    Micros wait;  // next_attempt - now, for kRetry
    Reason reason;
  } cases[] = {
      {"delivered", delivered, 1, Micros(0), NextStep::kDone, Micros(0), Reason::kDelivered},
      {"gone fails at once", gone, 1, Micros(0), NextStep::kFail, Micros(0), Reason::kGone},
      {"first 5xx", Retry(), 1, Micros(0), NextStep::kRetry, seconds(2), Reason::kServerError},
      {"third 5xx", Retry(), 3, minutes(1), NextStep::kRetry, seconds(8), Reason::kServerError},
      {"Retry-After respected", Retry(seconds(30)), 1, Micros(0), NextStep::kRetry, seconds(30),
       Reason::kRateLimited},
      {"Retry-After beats a long backoff", Retry(seconds(3)), 12, hours(1), NextStep::kRetry,
       seconds(3), Reason::kRateLimited},
      {"Retry-After: 0 still waits a little", Retry(Micros(0)), 1, Micros(0), NextStep::kRetry,
       milliseconds(500), Reason::kRateLimited},
      {"just inside the max age", Retry(), 20, hours(24) - minutes(15), NextStep::kRetry,
       minutes(15), Reason::kServerError},
      {"past the max age", Retry(), 20, hours(24) - minutes(14), NextStep::kFail, Micros(0),
       Reason::kExpired},
      {"Retry-After beyond the max age", Retry(hours(2)), 1, hours(23), NextStep::kFail, Micros(0),
       Reason::kExpired},
  };
  for (const Case& c : cases) {
    clock.Set(created + c.age);
    Decision d = Decide(p, c.outcome, c.attempts, created, clock.Now(), /*u=*/0.0);
    EXPECT_EQ(d.step, c.step) << c.name;
    EXPECT_EQ(d.reason, c.reason) << c.name;
    if (c.step == NextStep::kRetry) {
      EXPECT_EQ(d.next_attempt - clock.Now(), c.wait) << c.name;
    }
  }
}

TEST(DecideTest, AttemptsOfOneOutageSpreadWithJitter) {
  RetryPolicy p;
  const TimePoint t0 = TimePoint(hours(400000));
  Decision a = Decide(p, Retry(), 4, t0, t0, 0.1);
  Decision b = Decide(p, Retry(), 4, t0, t0, 0.9);
  EXPECT_NE(a.next_attempt, b.next_attempt);
  EXPECT_LE(b.next_attempt, a.next_attempt);
  EXPECT_GE(b.next_attempt - t0, seconds(12));  // At least 75 % of 16 s.
}

TEST(UniformFromBitsTest, CoversZeroToOneExclusive) {
  EXPECT_EQ(UniformFromBits(0), 0.0);
  EXPECT_LT(UniformFromBits(~0ULL), 1.0);
  EXPECT_GT(UniformFromBits(~0ULL), 0.9999999);
  EXPECT_EQ(UniformFromBits(1ULL << 63), 0.5);
}

}  // namespace
}  // namespace crier
