// Response helpers and crier's error body format.
#include "http/response.h"

#include <nlohmann/json.hpp>

#include "http/request.h"

namespace crier::http {

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

Response Response::Text(int status, std::string body, std::string_view content_type) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", std::string(content_type));
  r.body = std::move(body);
  return r;
}

Response Response::EventStream(StreamStart on_start) {
  Response r;
  r.headers.emplace_back("Content-Type", "text/event-stream");
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("X-Accel-Buffering", "no");
  r.stream = std::move(on_start);
  return r;
}

void Response::SetHeader(std::string_view name, std::string value) {
  std::erase_if(headers, [name](const Field& f) { return EqualsIgnoreCase(f.first, name); });
  headers.emplace_back(std::string(name), std::move(value));
}

void Response::AddHeader(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Response::Header(std::string_view name) const {
  for (const Field& f : headers) {
    if (EqualsIgnoreCase(f.first, name)) return f.second;
  }
  return std::nullopt;
}

Status Response::AddCookie(const SetCookie& cookie) {
  CRIER_ASSIGN_OR_RETURN(std::string value, FormatSetCookie(cookie));
  headers.emplace_back("Set-Cookie", std::move(value));
  return Status::Ok();
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kTooLarge:
      return 413;
    case StatusCode::kUnprocessable:
      return 422;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDeadlineExceeded:
      return 504;
    case StatusCode::kFailedPrecondition:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

std::string_view ExcTypeFor(int http_status) {
  switch (http_status) {
    case 400:
      return "ValidationError";
    case 401:
      return "AuthenticationError";
    case 403:
      return "PermissionError";
    case 404:
      return "DoesNotExistError";
    case 405:
      return "MethodNotAllowedError";
    case 408:
      return "RequestTimeoutError";
    case 409:
      return "ConflictError";
    case 413:
      return "RequestTooLargeError";
    case 414:
      return "URITooLongError";
    case 417:
      return "ExpectationFailedError";
    case 422:
      return "ValidationError";
    case 429:
      return "TooManyRequestsError";
    case 431:
      return "HeadersTooLargeError";
    case 503:
      return "ServiceUnavailableError";
    case 504:
      return "TimeoutError";
    default:
      return http_status >= 500 ? "InternalServerError" : "HTTPError";
  }
}

Response ErrorResponse(int status, std::string_view message, std::string_view field,
                       std::string_view exc_type) {
  nlohmann::ordered_json body = {
      {"exc_type", exc_type.empty() ? ExcTypeFor(status) : exc_type},
      {"message", message},
  };
  if (!field.empty()) body["field"] = field;
  // `replace`: a message quoting invalid UTF-8 must still give a valid body, never an exception.
  return Response::Json(status,
                        body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response ErrorResponse(const Status& status) {
  return ErrorResponse(HttpStatusFor(status.code()), status.message(), status.field());
}

std::string_view ReasonPhrase(int http_status) {
  switch (http_status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Unknown";
  }
}

}  // namespace crier::http
