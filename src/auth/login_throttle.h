// Slows down password guessing: after a few failed logins for one user, or from one client
// address, further attempts are refused for a delay that doubles with each failure. The decision
// is a pure function of the failure history and `now` (tested as a table); LoginThrottle keeps the
// history in memory per process, with time from an injected Clock.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"

namespace crier {

struct ThrottlePolicy {
  int free_failures = 5;                   // Failures allowed before any delay.
  std::chrono::seconds base_delay{1};      // Delay after the first extra failure.
  std::chrono::seconds max_delay{300};     // The delay never grows past this.
  std::chrono::seconds forget_after{900};  // A quiet period resets the count.
};

struct FailureHistory {
  int failures = 0;
  TimePoint last_failure{};
  TimePoint blocked_until{};
};

// The history after one more failure at `now`.
FailureHistory AfterFailure(FailureHistory history, TimePoint now, const ThrottlePolicy& policy);
// How long an attempt at `now` must wait; zero when it may proceed.
Micros WaitBefore(const FailureHistory& history, TimePoint now);

// Thread-safe.
class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, ThrottlePolicy policy) : clock_(clock), policy_(policy) {}

  // How long a login for `user` from `address` must still wait (zero: go ahead).
  Micros WaitFor(std::string_view user, std::string_view address);
  void RecordFailure(std::string_view user, std::string_view address);
  // Clears the user's history (not the address's: one good account must not reset guessing on
  // others from the same address).
  void RecordSuccess(std::string_view user);

 private:
  void ForgetOld(TimePoint now);  // REQUIRES: mu_ held.

  const Clock& clock_;
  const ThrottlePolicy policy_;
  std::mutex mu_;
  std::unordered_map<std::string, FailureHistory> by_user_;     // Guarded by mu_.
  std::unordered_map<std::string, FailureHistory> by_address_;  // Guarded by mu_.
};

}  // namespace crier
