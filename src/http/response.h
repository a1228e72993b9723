// What a handler answers: status, headers, body, cookies, or a stream. Plain data, so handlers are
// tested by calling them and reading the Response, without a server.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "http/cookies.h"
#include "http/response_stream.h"

namespace crier::http {

struct Response {
  using Field = std::pair<std::string, std::string>;

  int status = 200;
  std::vector<Field> headers = {};  // Content-Length is computed by the server; do not set it.
  std::string body = {};
  // When set, the server sends the status and headers with a chunked body and calls this with the
  // stream to write to (see response_stream.h); `body` is ignored.
  StreamStart stream = {};

  // `body` with Content-Type application/json.
  static Response Json(int status, std::string body);
  // `body` with Content-Type text/plain; charset=utf-8, or `content_type` when given.
  static Response Text(int status, std::string body,
                       std::string_view content_type = "text/plain; charset=utf-8");
  // A server-sent-events stream (text/event-stream, no caching, no proxy buffering); see sse.h to
  // format events.
  static Response EventStream(StreamStart on_start);

  // Replaces every header named `name` (case-insensitively) with one `name: value`.
  void SetHeader(std::string_view name, std::string value);
  // Adds a header, keeping existing ones of the same name (e.g. several Set-Cookie).
  void AddHeader(std::string name, std::string value);
  // The first value of header `name`, case-insensitively.
  std::optional<std::string_view> Header(std::string_view name) const;
  // Adds a Set-Cookie header; errors as FormatSetCookie, and then nothing is added.
  Status AddCookie(const SetCookie& cookie);
};

// The HTTP status for a crier StatusCode (see base/status.h): 400, 401, 403, 404, 409, 413, 422,
// 503, 504, and 500 for everything else. kOk maps to 200.
int HttpStatusFor(StatusCode code);

// The Frappe-style exception name crier's error bodies carry for an HTTP status:
// 400 ValidationError, 401 AuthenticationError, 403 PermissionError, 404 DoesNotExistError,
// 409 ConflictError, 413 RequestTooLargeError, and so on (see response.cc).
std::string_view ExcTypeFor(int http_status);

// An error answer in crier's format: `{"exc_type": ..., "message": ...}` plus `"field": ...` when
// `field` is not empty. `exc_type` defaults to ExcTypeFor(status). The message is sent as given:
// callers must not put secrets in it.
Response ErrorResponse(int status, std::string_view message, std::string_view field = {},
                       std::string_view exc_type = {});
// The same for a non-OK Status: HttpStatusFor(code), its message and field.
Response ErrorResponse(const Status& status);

// The standard reason phrase ("Not Found") or "Unknown".
std::string_view ReasonPhrase(int http_status);

}  // namespace crier::http
