// Backoff arithmetic.
#include "delivery/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace crier {

Micros BackoffDelay(const RetryPolicy& p, int attempts, double u) {
  double base = static_cast<double>(p.initial_delay.count()) *
                std::pow(p.multiplier, std::max(0, attempts - 1));
  double capped = std::min(base, static_cast<double>(p.max_delay.count()));
  double jittered = capped * (1.0 - p.jitter * std::clamp(u, 0.0, 1.0));
  return std::max(Micros(static_cast<long long>(jittered)), p.min_delay);
}

Decision Decide(const RetryPolicy& p, const Outcome& outcome, int attempts, TimePoint created,
                TimePoint now, double u) {
  Decision d;
  d.reason = outcome.reason;
  switch (outcome.verdict) {
    case Verdict::kDelivered:
      d.step = NextStep::kDone;
      return d;
    case Verdict::kFailed:
      d.step = NextStep::kFail;
      return d;
    case Verdict::kRetry:
      break;
  }
  Micros delay = outcome.retry_after ? std::max(*outcome.retry_after, p.min_delay)
                                     : BackoffDelay(p, attempts, u);
  TimePoint next = now + delay;
  if (next > created + p.max_age) {
    d.step = NextStep::kFail;
    d.reason = Reason::kExpired;
    return d;
  }
  d.step = NextStep::kRetry;
  d.next_attempt = next;
  return d;
}

}  // namespace crier
