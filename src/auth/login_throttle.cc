// Exponential login back-off per user and per address.
#include "auth/login_throttle.h"

#include <algorithm>

namespace crier {

FailureHistory AfterFailure(FailureHistory h, TimePoint now, const ThrottlePolicy& policy) {
  if (h.failures > 0 && now - h.last_failure > policy.forget_after) h = FailureHistory{};
  h.failures += 1;
  h.last_failure = now;
  int extra = h.failures - policy.free_failures;
  if (extra > 0) {
    auto delay = policy.base_delay * (1LL << std::min(extra - 1, 20));
    h.blocked_until = now + std::min<std::chrono::seconds>(delay, policy.max_delay);
  }
  return h;
}

Micros WaitBefore(const FailureHistory& h, TimePoint now) {
  if (h.blocked_until <= now) return Micros(0);
  return std::chrono::duration_cast<Micros>(h.blocked_until - now);
}

Micros LoginThrottle::WaitFor(std::string_view user, std::string_view address) {
  TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  Micros wait(0);
  if (auto it = by_user_.find(std::string(user)); it != by_user_.end()) {
    wait = std::max(wait, WaitBefore(it->second, now));
  }
  if (auto it = by_address_.find(std::string(address)); it != by_address_.end()) {
    wait = std::max(wait, WaitBefore(it->second, now));
  }
  return wait;
}

void LoginThrottle::RecordFailure(std::string_view user, std::string_view address) {
  TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  ForgetOld(now);
  FailureHistory& u = by_user_[std::string(user)];
  u = AfterFailure(u, now, policy_);
  FailureHistory& a = by_address_[std::string(address)];
  a = AfterFailure(a, now, policy_);
}

void LoginThrottle::RecordSuccess(std::string_view user) {
  std::lock_guard lock(mu_);
  by_user_.erase(std::string(user));
}

void LoginThrottle::ForgetOld(TimePoint now) {
  // Bounded memory under a spray of made-up user names: drop quiet, unblocked entries.
  constexpr size_t kMaxEntries = 100000;
  for (auto* map : {&by_user_, &by_address_}) {
    if (map->size() < kMaxEntries) continue;
    for (auto it = map->begin(); it != map->end();) {
      bool quiet =
          now - it->second.last_failure > policy_.forget_after && it->second.blocked_until <= now;
      it = quiet ? map->erase(it) : std::next(it);
    }
  }
}

}  // namespace crier
