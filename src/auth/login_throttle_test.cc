#include "auth/login_throttle.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

using std::chrono::seconds;

TEST(LoginThrottleTest, DelaysDoubleAfterTheFreeFailures) {
  ThrottlePolicy policy;  // 5 free, 1 s doubling, 300 s cap, forget after 900 s.
  TimePoint t0{};
  FailureHistory h;
  const long long expected_wait_s[] = {0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
  for (long long want : expected_wait_s) {
    h = AfterFailure(h, t0, policy);
    EXPECT_EQ(WaitBefore(h, t0), std::chrono::duration_cast<Micros>(seconds(want)))
        << "after failure " << h.failures;
  }
  EXPECT_EQ(WaitBefore(h, t0 + seconds(300)), Micros(0));
  // A long quiet period starts the count again.
  h = AfterFailure(h, t0 + seconds(2000), policy);
  EXPECT_EQ(h.failures, 1);
  EXPECT_EQ(WaitBefore(h, t0 + seconds(2000)), Micros(0));
}

TEST(LoginThrottleTest, PerUserAndPerAddress) {
  FakeClock clock(TimePoint{} + seconds(1000));
  LoginThrottle throttle(clock, ThrottlePolicy{});
  for (int i = 0; i < 6; ++i) throttle.RecordFailure("alice", "10.0.0.1");
  EXPECT_EQ(throttle.WaitFor("alice", "127.0.0.1"), seconds(1));  // The user is slowed down...
  EXPECT_EQ(throttle.WaitFor("bob", "10.0.0.1"), seconds(1));     // ...and so is the address.
  EXPECT_EQ(throttle.WaitFor("bob", "127.0.0.1"), Micros(0));
  clock.Advance(seconds(1));
  EXPECT_EQ(throttle.WaitFor("alice", "10.0.0.1"), Micros(0));
  // Spraying many users from one address is slowed by the address alone.
  for (int i = 0; i < 8; ++i) throttle.RecordFailure("user" + std::to_string(i), "10.0.0.9");
  EXPECT_GT(throttle.WaitFor("fresh-user", "10.0.0.9"), Micros(0));
  // A success clears the user, not the address.
  throttle.RecordSuccess("user7");
  EXPECT_EQ(throttle.WaitFor("user7", "127.0.0.1"), Micros(0));
  EXPECT_GT(throttle.WaitFor("user7", "10.0.0.9"), Micros(0));
}

}  // namespace
}  // namespace crier
