// What one delivery attempt came to, decided once at the edge by the channel that knows the
// service: delivered, retry later, or failed for good, with a reason from a closed set so that it
// can label a metric, and a short human detail with every secret already removed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace crier {

enum class Verdict { kDelivered, kRetry, kFailed };

// Closed set: each value is a metric label (ReasonLabel). Retry reasons: kRateLimited,
// kServerError, kTimeout, kConnection, kTls. Failed reasons: kRejected, kUnauthorized, kGone,
// kTooLarge, kUnexpectedAnswer, kRedirect, kInvalidRequest, kExpired, kDisabled.
enum class Reason {
  kDelivered,
  kRateLimited,       // 429 or a service's own throttle answer.
  kServerError,       // 5xx, 408, 425.
  kTimeout,           // No answer in time.
  kConnection,        // Refused, reset, unresolved host.
  kTls,               // TLS handshake or certificate failure.
  kRejected,          // Other 4xx: the payload or an override is wrong for this service.
  kUnauthorized,      // 401/403: the token or hook lacks permission.
  kGone,              // The webhook does not exist any more (404, 410, "invalid webhook").
  kTooLarge,          // 413 or the service's size error.
  kUnexpectedAnswer,  // A 2xx whose body is not the service's success answer.
  kRedirect,          // 3xx: redirects are not followed (a webhook URL must be exact).
  kInvalidRequest,    // The request could not be built (bad URL, template error).
  kExpired,           // Retried until the maximum age without success.
  kDisabled,  // Nothing sent: the webhook or e-mail account is disabled or deleted in crier.
};

std::string_view ReasonLabel(Reason reason);
std::string_view VerdictName(Verdict verdict);

struct Outcome {
  Verdict verdict = Verdict::kFailed;
  Reason reason = Reason::kRejected;
  int http_status = 0;                // 0 when no HTTP answer arrived.
  std::optional<Micros> retry_after;  // The service's own wait (Retry-After, retry_after).
  std::string detail;                 // "404: Channel not found"; redacted, at most ~300 bytes.
  Micros latency{0};

  bool delivered() const { return verdict == Verdict::kDelivered; }
  // The answer says the webhook no longer exists; callers disable a webhook after repeated ones.
  bool gone() const { return reason == Reason::kGone; }
};

}  // namespace crier
