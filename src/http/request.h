// One HTTP request as crier's handlers see it: no server-library type leaks through, so handlers
// and their tests build and read requests without a socket (see Request::Create).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "http/query_params.h"

namespace crier::http {

class Request {
 public:
  using Field = std::pair<std::string, std::string>;

  // A request for `target` in origin form ("/path?query"). Errors (kInvalidArgument): a target that
  // does not start with '/', or a malformed query string (see ParseQueryString).
  static Result<Request> Create(std::string method, std::string_view target);

  // "GET", "POST"... as sent (HTTP methods are case-sensitive).
  const std::string& method() const { return method_; }
  // The path without the query, still percent-encoded: "/api/resource/Incoming%20Webhook%20URL".
  // Safe to log, unlike the query string, which may carry tokens.
  const std::string& path() const { return path_; }
  const QueryParams& query() const { return query_; }

  // The decoded value of a named path segment that the Router matched ("{doctype}" gives
  // "Incoming Webhook URL"); empty when the route has no segment of that name.
  std::string_view PathParam(std::string_view name) const;
  const std::vector<Field>& path_params() const { return path_params_; }
  void set_path_params(std::vector<Field> params) { path_params_ = std::move(params); }

  // The first value of header `name`, compared case-insensitively; nullopt when absent.
  std::optional<std::string_view> Header(std::string_view name) const;
  const std::vector<Field>& headers() const { return headers_; }
  void AddHeader(std::string name, std::string value);

  // The value of cookie `name` from the Cookie header(s), or nullopt (see ParseCookieHeader).
  std::optional<std::string> Cookie(std::string_view name) const;

  const std::string& body() const { return body_; }
  void set_body(std::string body) { body_ = std::move(body); }

  // The peer's IP address as text ("127.0.0.1"), for rate limits on failed logins.
  const std::string& client_address() const { return client_address_; }
  void set_client_address(std::string address) { client_address_ = std::move(address); }

  // Who made the request, set by the application once it has authenticated it, and reported to
  // the completion hook for the request log. Empty for anonymous requests.
  const std::string& user() const { return user_; }
  void set_user(std::string user) { user_ = std::move(user); }

 private:
  Request() = default;

  std::string method_;
  std::string path_;
  QueryParams query_;
  std::vector<Field> path_params_;
  std::vector<Field> headers_;
  std::string body_;
  std::string client_address_;
  std::string user_;
};

// ASCII case-insensitive equality, as HTTP header names compare.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace crier::http
