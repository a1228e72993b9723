// When to try a failed delivery again, and when to give up: exponential backoff with jitter, the
// service's own wait when it gave one, and a maximum age after which the delivery is Failed.
// Pure functions of the attempt count, the times and a uniform random number the caller draws
// from its injected source, so that the decisions are tested as tables.
#pragma once

#include <cstdint>
#include <optional>

#include "base/clock.h"
#include "channels/outcome.h"

namespace crier {

struct RetryPolicy {
  Micros initial_delay = std::chrono::seconds(2);  // Before the second attempt.
  double multiplier = 2.0;
  Micros max_delay = std::chrono::minutes(15);
  // Each delay is shortened by up to this fraction at random (0.25: between 75% and 100% of the
  // exponential value), so that deliveries that failed together do not come back together.
  double jitter = 0.25;
  // Never retry sooner than this, even when a service says "Retry-After: 0".
  Micros min_delay = std::chrono::milliseconds(500);
  // A delivery still not delivered this long after it was created is Failed.
  Micros max_age = std::chrono::hours(24);
};

// The backoff before attempt `attempts + 1`, given that `attempts` (>= 1) attempts failed and a
// uniform `u` in [0, 1): min(max_delay, initial * multiplier^(attempts-1)) * (1 - jitter*u),
// never below min_delay.
Micros BackoffDelay(const RetryPolicy& policy, int attempts, double u);

enum class NextStep {
  kDone,   // Delivered: record it.
  kRetry,  // Try again at `next_attempt`.
  kFail,   // Failed for good: the outcome's reason, or kExpired.
};

struct Decision {
  NextStep step = NextStep::kFail;
  TimePoint next_attempt;              // For kRetry.
  Reason reason = Reason::kDelivered;  // The outcome's reason, or kExpired when aged out.
};

// A uniform number in [0, 1) from 64 random bits (the caller's injected random source), for `u`.
inline double UniformFromBits(uint64_t bits) {
  return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0);  // 53 bits / 2^53.
}

// What to do after attempt number `attempts` (>= 1) of a delivery created at `created` came to
// `outcome` at `now`. A retry waits for the service's wait when it gave one (never less:
// "Retry-After" is respected, not anticipated), else for BackoffDelay; if that would fall after
// created + max_age, the delivery fails with kExpired instead.
Decision Decide(const RetryPolicy& policy, const Outcome& outcome, int attempts, TimePoint created,
                TimePoint now, double u);

}  // namespace crier
