// Pacing per webhook, so that crier stays under each service's limits instead of collecting 429s
// (Slack warns it may disable an app that keeps sending while limited). A token bucket per band
// of the webhook's RateLimitSpec (burst = the band's count, refill = count per window), kept in
// exact integer arithmetic (GCRA form) so that tables of times test it to the microsecond.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "channels/channel.h"
#include "channels/rate_limit_spec.h"

namespace crier {

// The buckets of one webhook. Not thread-safe (RateLimiter guards it). Starts full.
class TokenBucket {
 public:
  TokenBucket(const RateLimitSpec& spec, TimePoint now);

  // Takes a token from every band and returns nullopt when all have one at `now`; otherwise takes
  // nothing and returns the earliest time at which all will.
  std::optional<TimePoint> TryTake(TimePoint now);

  // When a send will be allowed (`now` or earlier when it already is).
  TimePoint NextAllowed() const;

  // The service asked for a pause: nothing is allowed before `until`, and then one send at a time
  // at the band rates (the burst is spent).
  void PauseUntil(TimePoint until);

  const RateLimitSpec& spec() const { return spec_; }

 private:
  // GCRA per band, times scaled by the band's count so that window/count needs no rounding: a
  // send is allowed at t when t*count >= tat - tolerance, and then tat = max(tat, t*count) +
  // window.
  struct Band {
    long long count;
    long long window_us;
    long long tat;  // Theoretical arrival time, in microseconds * count.
  };
  RateLimitSpec spec_;
  std::vector<Band> bands_;
};

// Buckets for every webhook, created on first use. Thread-safe.
class RateLimiter {
 public:
  RateLimiter() = default;

  // Takes a send for `key` (a webhook name) under `spec`: nullopt when allowed now, else the time
  // to try again (nothing is taken). A spec different from the bucket's replaces it (full again):
  // an administrator's change applies at once.
  std::optional<TimePoint> TryAcquire(std::string_view key, const RateLimitSpec& spec,
                                      TimePoint now);

  // The service throttled `key`: no send before `until`.
  void PauseUntil(std::string_view key, const RateLimitSpec& spec, TimePoint until, TimePoint now);

  // How many of the next `max` sends to `key` the limit lets go before `deadline` if each goes as
  // soon as allowed from `now`, and when the first one it does not let go could (nullopt when all
  // `max` fit). Takes nothing: workers use it to give back messages they could not send while they
  // still hold them.
  struct Forecast {
    size_t allowed = 0;
    std::optional<TimePoint> next;
  };
  Forecast Predict(std::string_view key, const RateLimitSpec& spec, TimePoint now,
                   TimePoint deadline, size_t max);

  // Drops the bucket of a webhook (deleted or renamed).
  void Forget(std::string_view key);

  size_t size() const;

 private:
  TokenBucket& BucketFor(std::string_view key, const RateLimitSpec& spec, TimePoint now);

  mutable std::mutex mu_;  // Guards buckets_.
  std::map<std::string, TokenBucket, std::less<>> buckets_;
};

// The webhook's own `rate_limit` when set, else its channel's default.
Result<RateLimitSpec> EffectiveRateLimit(const Channel& channel, const Webhook& webhook);

}  // namespace crier
