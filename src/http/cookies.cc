// Cookie header parsing and Set-Cookie formatting (RFC 6265 sections 4.1 and 5.2).
#include "http/cookies.h"

#include <fmt/format.h>

namespace crier::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsTokenChar(unsigned char c) {
  if (c <= 0x20 || c >= 0x7F) return false;
  constexpr std::string_view kSeparators = "()<>@,;:\\\"/[]?={}";
  return kSeparators.find(static_cast<char>(c)) == std::string_view::npos;
}

bool IsCookieOctet(unsigned char c) {
  return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
         (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

std::string_view SameSiteName(SameSite s) {
  switch (s) {
    case SameSite::kLax:
      return "Lax";
    case SameSite::kStrict:
      return "Strict";
    case SameSite::kNone:
      return "None";
  }
  return "Lax";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ParseCookieHeader(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!header.empty()) {
    size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = Trim(pair.substr(0, eq));
    std::string_view value = Trim(pair.substr(eq + 1));
    if (name.empty()) continue;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    out.emplace_back(name, value);
  }
  return out;
}

Result<std::string> FormatSetCookie(const SetCookie& cookie) {
  if (cookie.name.empty()) return InvalidArgument("cookie name is empty", "name");
  for (char c : cookie.name) {
    if (!IsTokenChar(static_cast<unsigned char>(c))) {
      return InvalidArgument("cookie name holds a character not allowed in a token", "name");
    }
  }
  for (char c : cookie.value) {
    if (!IsCookieOctet(static_cast<unsigned char>(c))) {
      return InvalidArgument("cookie value holds a character not allowed in a cookie", "value");
    }
  }
  for (char c : cookie.path) {
    auto u = static_cast<unsigned char>(c);
    if (c == ';' || u < 0x20 || u == 0x7F) {
      return InvalidArgument("cookie path holds ';' or a control character", "path");
    }
  }
  if (cookie.max_age && cookie.max_age->count() < 0) {
    return InvalidArgument("cookie Max-Age is negative", "max_age");
  }
  if (cookie.same_site == SameSite::kNone && !cookie.secure) {
    return InvalidArgument("SameSite=None requires Secure", "same_site");
  }
  std::string out = fmt::format("{}={}", cookie.name, cookie.value);
  if (!cookie.path.empty()) out += fmt::format("; Path={}", cookie.path);
  if (cookie.max_age) out += fmt::format("; Max-Age={}", cookie.max_age->count());
  if (cookie.http_only) out += "; HttpOnly";
  if (cookie.secure) out += "; Secure";
  out += fmt::format("; SameSite={}", SameSiteName(cookie.same_site));
  return out;
}

}  // namespace crier::http
