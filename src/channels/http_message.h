// The HTTP request a channel builds and the answer it classifies, as plain values: channels never
// touch a socket, so they are tested as tables, and the sender (delivery/http_sender.h) is the only
// code that speaks HTTP.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"

namespace crier {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// One outgoing request. `url` is a credential (see base/redact.h): never log it.
struct HttpRequest {
  std::string method = "POST";
  std::string url;
  HttpHeaders headers;  // In sending order; names as the service documents them.
  std::string body;
};

// Why no HTTP answer arrived. kNone means `status` holds the service's answer.
enum class TransportError {
  kNone,
  kTimeout,     // Connect or total timeout.
  kConnect,     // Refused, unreachable, name not resolved.
  kConnection,  // The connection broke mid-exchange (reset, empty reply).
  kTls,         // Handshake or certificate verification failed.
  kInvalidUrl,  // Malformed URL or a scheme other than http/https.
  kOther,
};

std::string_view TransportErrorName(TransportError error);

// What came back. Header names are lower-cased by the sender so lookups need not care.
struct HttpResponse {
  int status = 0;  // 0 when error != kNone.
  HttpHeaders headers;
  std::string body;  // At most the sender's answer limit; the rest is dropped.
  TransportError error = TransportError::kNone;
  std::string error_message;  // The transport's words; may contain the URL: redact before use.
  Micros latency{0};          // From sending to the whole answer (or the error).
  int http_version = 0;       // 1 for HTTP/1.x, 2 for HTTP/2; 0 when no answer.

  // The first header with this (lower-case) name.
  std::optional<std::string_view> Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return std::string_view(value);
    }
    return std::nullopt;
  }
};

}  // namespace crier
