// Token buckets in GCRA form.
#include "delivery/rate_limiter.h"

#include <algorithm>

namespace crier {
namespace {

long long Us(TimePoint t) {
  return std::chrono::duration_cast<Micros>(t.time_since_epoch()).count();
}

// Ceiling division for the non-negative numerators used here.
long long CeilDiv(long long a, long long b) {
  return a >= 0 ? (a + b - 1) / b : a / b;
}

}  // namespace

TokenBucket::TokenBucket(const RateLimitSpec& spec, TimePoint now) : spec_(spec) {
  for (const RateBand& b : spec.bands) {
    long long count = std::max(1, b.count);
    long long window = std::max<long long>(1, b.window.count());
    bands_.push_back({count, window, Us(now) * count});  // Full: tat <= now.
  }
}

std::optional<TimePoint> TokenBucket::TryTake(TimePoint now) {
  const long long t = Us(now);
  long long allowed_at = t;
  for (const Band& b : bands_) {
    // Allowed when t*count >= tat - (window*count - window), i.e. the burst is not used up.
    long long tolerance = b.window_us * b.count - b.window_us;
    long long earliest = CeilDiv(b.tat - tolerance, b.count);
    allowed_at = std::max(allowed_at, earliest);
  }
  if (allowed_at > t) return TimePoint(Micros(allowed_at));
  for (Band& b : bands_) b.tat = std::max(b.tat, t * b.count) + b.window_us;
  return std::nullopt;
}

TimePoint TokenBucket::NextAllowed() const {
  long long allowed_at = 0;
  for (const Band& b : bands_) {
    long long tolerance = b.window_us * b.count - b.window_us;
    allowed_at = std::max(allowed_at, CeilDiv(b.tat - tolerance, b.count));
  }
  return TimePoint(Micros(allowed_at));
}

void TokenBucket::PauseUntil(TimePoint until) {
  const long long u = Us(until);
  for (Band& b : bands_) {
    // Earliest allowed becomes `until` with the burst spent: tat - tolerance = u*count.
    long long tolerance = b.window_us * b.count - b.window_us;
    b.tat = std::max(b.tat, u * b.count + tolerance);
  }
  if (bands_.empty()) {  // Unlimited webhooks still honour the service's pause.
    bands_.push_back({1, 1, u});
  }
}

TokenBucket& RateLimiter::BucketFor(std::string_view key, const RateLimitSpec& spec,
                                    TimePoint now) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    it = buckets_.emplace(std::string(key), TokenBucket(spec, now)).first;
  } else if (!(it->second.spec() == spec)) {
    it->second = TokenBucket(spec, now);
  }
  return it->second;
}

std::optional<TimePoint> RateLimiter::TryAcquire(std::string_view key, const RateLimitSpec& spec,
                                                 TimePoint now) {
  std::lock_guard<std::mutex> lock(mu_);
  return BucketFor(key, spec, now).TryTake(now);
}

void RateLimiter::PauseUntil(std::string_view key, const RateLimitSpec& spec, TimePoint until,
                             TimePoint now) {
  std::lock_guard<std::mutex> lock(mu_);
  BucketFor(key, spec, now).PauseUntil(until);
}

RateLimiter::Forecast RateLimiter::Predict(std::string_view key, const RateLimitSpec& spec,
                                           TimePoint now, TimePoint deadline, size_t max) {
  TokenBucket bucket = [&] {
    std::lock_guard<std::mutex> lock(mu_);
    return BucketFor(key, spec, now);  // A copy: the real bucket keeps its tokens.
  }();
  Forecast f;
  while (f.allowed < max) {
    TimePoint at = std::max(now, bucket.NextAllowed());
    if (at >= deadline) {
      f.next = at;
      break;
    }
    bucket.TryTake(at);
    ++f.allowed;
  }
  return f;
}

void RateLimiter::Forget(std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(key);
  if (it != buckets_.end()) buckets_.erase(it);
}

size_t RateLimiter::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

Result<RateLimitSpec> EffectiveRateLimit(const Channel& channel, const Webhook& webhook) {
  if (webhook.rate_limit.empty()) return channel.default_rate_limit(webhook);
  return ParseRateLimit(webhook.rate_limit);
}

}  // namespace crier
