// How long a service asked us to wait: the Retry-After header (seconds or an HTTP-date) and the
// body fields some services use instead or as well (Slack and Discord `retry_after`, Zulip
// `retry-after`, in seconds, possibly fractional). Pure functions of the answer and `now`.
#pragma once

#include <optional>
#include <string_view>

#include "base/clock.h"
#include "channels/http_message.h"

namespace crier {

// Waits longer than this are clamped to it (a week): a broken header must not overflow a time.
inline constexpr Micros kMaxRetryAfter = std::chrono::hours(24 * 7);

// A Retry-After header value: delta-seconds ("120", also "1.5") or an HTTP-date
// ("Wed, 21 Oct 2015 07:28:00 GMT", RFC 850 and asctime forms too). A date in the past is zero.
// nullopt when the value is neither.
std::optional<Micros> ParseRetryAfterHeader(std::string_view value, TimePoint now);

// The top-level JSON number `retry_after` or `retry-after` of a body, in seconds; nullopt when the
// body is not JSON or has neither.
std::optional<Micros> RetryAfterFromBody(std::string_view body);

// The longest of the header's and the body's waits, so that we never come back earlier than any of
// them asked.
std::optional<Micros> ServiceRetryAfter(const HttpResponse& response, TimePoint now);

}  // namespace crier
