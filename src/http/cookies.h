// Cookies both ways: reading the request's `Cookie` header (the web UI's session) and writing
// `Set-Cookie` with the attributes a session cookie needs. Writing validates every part, so that no
// value the application passes can inject another header or attribute.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace crier::http {

// Parses a `Cookie` request header value such as `sid=abc; lang=fr`. Pairs are separated by ';'
// and trimmed of spaces and tabs; a pair without '=' or with an empty name is skipped; a value in
// double quotes loses them. Values are returned as sent (RFC 6265 does not percent-decode). Never
// fails: a malformed header yields the pairs that could be read.
std::vector<std::pair<std::string, std::string>> ParseCookieHeader(std::string_view header);

enum class SameSite { kLax, kStrict, kNone };

struct SetCookie {
  std::string name = {};
  std::string value = {};
  std::string path = "/";
  // nullopt: a session cookie (gone when the browser closes); zero: delete the cookie now.
  std::optional<std::chrono::seconds> max_age = std::nullopt;
  bool http_only = true;  // Not readable by page scripts: the default for session cookies.
  bool secure = false;    // Only sent over HTTPS; crier itself speaks plain HTTP behind a proxy.
  SameSite same_site = SameSite::kLax;
};

// The `Set-Cookie` header value, e.g. `sid=abc; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax`.
// Errors (kInvalidArgument): a name that is not an RFC 6265 token, a value with characters outside
// cookie-octet (space, '"', ',', ';', '\\', controls, non-ASCII), a path with ';' or controls, a
// negative Max-Age, or SameSite=None without Secure (browsers drop such cookies).
Result<std::string> FormatSetCookie(const SetCookie& cookie);

}  // namespace crier::http
