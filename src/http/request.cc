// Request construction and lookups.
#include "http/request.h"

#include "http/cookies.h"

namespace crier::http {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

Result<Request> Request::Create(std::string method, std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return InvalidArgument("request target must start with '/'");
  }
  Request request;
  request.method_ = std::move(method);
  size_t question = target.find('?');
  request.path_ = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    CRIER_ASSIGN_OR_RETURN(request.query_, ParseQueryString(target.substr(question + 1)));
  }
  return request;
}

std::string_view Request::PathParam(std::string_view name) const {
  for (const Field& p : path_params_) {
    if (p.first == name) return p.second;
  }
  return {};
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  for (const Field& h : headers_) {
    if (EqualsIgnoreCase(h.first, name)) return h.second;
  }
  return std::nullopt;
}

void Request::AddHeader(std::string name, std::string value) {
  headers_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  for (const Field& h : headers_) {
    if (!EqualsIgnoreCase(h.first, "cookie")) continue;
    for (auto& [n, v] : ParseCookieHeader(h.second)) {
      if (n == name) return std::move(v);
    }
  }
  return std::nullopt;
}

}  // namespace crier::http
