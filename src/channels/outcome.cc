// Names of outcomes for logs and metric labels.
#include "channels/outcome.h"

#include "channels/http_message.h"

namespace crier {

std::string_view ReasonLabel(Reason reason) {
  switch (reason) {
    case Reason::kDelivered:
      return "delivered";
    case Reason::kRateLimited:
      return "rate_limited";
    case Reason::kServerError:
      return "server_error";
    case Reason::kTimeout:
      return "timeout";
    case Reason::kConnection:
      return "connection";
    case Reason::kTls:
      return "tls";
    case Reason::kRejected:
      return "rejected";
    case Reason::kUnauthorized:
      return "unauthorized";
    case Reason::kGone:
      return "gone";
    case Reason::kTooLarge:
      return "too_large";
    case Reason::kUnexpectedAnswer:
      return "unexpected_answer";
    case Reason::kRedirect:
      return "redirect";
    case Reason::kInvalidRequest:
      return "invalid_request";
    case Reason::kExpired:
      return "expired";
    case Reason::kDisabled:
      return "disabled";
  }
  return "unknown";
}

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kDelivered:
      return "delivered";
    case Verdict::kRetry:
      return "retry";
    case Verdict::kFailed:
      return "failed";
  }
  return "unknown";
}

std::string_view TransportErrorName(TransportError error) {
  switch (error) {
    case TransportError::kNone:
      return "none";
    case TransportError::kTimeout:
      return "timeout";
    case TransportError::kConnect:
      return "connect";
    case TransportError::kConnection:
      return "connection";
    case TransportError::kTls:
      return "tls";
    case TransportError::kInvalidUrl:
      return "invalid_url";
    case TransportError::kOther:
      return "other";
  }
  return "unknown";
}

}  // namespace crier
