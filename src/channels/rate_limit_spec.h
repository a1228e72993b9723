// How fast one webhook may be sent to: one or more bands "at most N per window", all of which
// must allow a send (Teams' legacy connector has five). Each service has a default
// (Channel::default_rate_limit) and a webhook may set its own, written "5/2s" or "4/1s,60/30s".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace crier {

struct RateBand {
  int count = 1;                            // Sends allowed per window (also the burst).
  Micros window = std::chrono::seconds(1);  // > 0.
  friend bool operator==(const RateBand&, const RateBand&) = default;
};

struct RateLimitSpec {
  std::vector<RateBand> bands;  // Empty: unlimited.
  friend bool operator==(const RateLimitSpec&, const RateLimitSpec&) = default;
};

// Parses "N/<duration>[,N/<duration>...]" where duration is a number followed by ms, s, m, h or d
// ("10/1s", "5/2s", "200/1m", "4/1s,60/30s"); "" and "unlimited" mean no limit. Errors name the
// band that is wrong.
Result<RateLimitSpec> ParseRateLimit(std::string_view text);

// The inverse of ParseRateLimit: "4/1s,60/30s", "unlimited".
std::string FormatRateLimit(const RateLimitSpec& spec);

}  // namespace crier
