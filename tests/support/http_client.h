// The HTTP client integration tests and tools speak to a running crier with: one libcurl easy
// handle, so requests reuse one keep-alive connection; a cookie jar, so a login session carries
// over; JSON helpers; and full answers (status, headers, body) with redirects never followed, so a
// test sees exactly what the server said.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace crier::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  long status = 0;
  HeaderList headers;  // In order received; names as sent.
  std::string body;

  // The first value of header `name`, compared case-insensitively.
  std::optional<std::string> Header(std::string_view name) const;
  // Every value of header `name` (e.g. all Set-Cookie lines).
  std::vector<std::string> HeaderValues(std::string_view name) const;
  // The body parsed as JSON; kInvalidArgument with the parser's message when it is not JSON.
  Result<nlohmann::json> Json() const;
};

class HttpClient {
 public:
  // `base_url` is "http://HOST:PORT"; request paths are appended to it.
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and returns the answer, whatever its status. `path` starts with '/' and may
  // hold a query. Errors are transport failures only (refused, reset, timeout): kUnavailable with
  // curl's description. Not thread-safe: use one client per thread.
  Result<HttpResponse> Send(std::string_view method, std::string_view path,
                            std::string_view body = {}, const HeaderList& headers = {});

  Result<HttpResponse> Get(std::string_view path, const HeaderList& headers = {}) {
    return Send("GET", path, {}, headers);
  }
  Result<HttpResponse> Delete(std::string_view path, const HeaderList& headers = {}) {
    return Send("DELETE", path, {}, headers);
  }
  // Sends `json` with Content-Type application/json.
  Result<HttpResponse> PostJson(std::string_view path, const nlohmann::json& json,
                                const HeaderList& headers = {});
  Result<HttpResponse> PutJson(std::string_view path, const nlohmann::json& json,
                               const HeaderList& headers = {});

  // Sends a GET and hands the body to `on_data` as it arrives (server-sent events), until the
  // server ends the response or `on_data` returns false. The returned body is empty; status and
  // headers are set.
  Result<HttpResponse> Stream(std::string_view path,
                              const std::function<bool(std::string_view chunk)>& on_data,
                              const HeaderList& headers = {});

  // Headers sent with every request, such as Authorization; SetDefaultHeader replaces one of the
  // same name.
  void SetDefaultHeader(std::string name, std::string value);
  void ClearDefaultHeaders() { default_headers_.clear(); }

  // The value of cookie `name` in the jar (set by an earlier answer's Set-Cookie), or nullopt.
  std::optional<std::string> Cookie(std::string_view name) const;
  // Empties the cookie jar (log out on the client side).
  void ClearCookies();

  // Whole-request timeout (default 30 s).
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
  const std::string& base_url() const { return base_url_; }

 private:
  Result<HttpResponse> Perform(std::string_view method, std::string_view path,
                               std::string_view body, const HeaderList& headers,
                               const std::function<bool(std::string_view)>* on_data);

  std::string base_url_;
  void* curl_;  // CURL*; kept opaque so users need not include curl.h.
  HeaderList default_headers_;
  std::chrono::milliseconds timeout_{30'000};
};

}  // namespace crier::testing
