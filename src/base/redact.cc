// URL redaction and secret scrubbing.
#include "base/redact.h"

#include <algorithm>
#include <cctype>

#include "base/percent_decode.h"

namespace crier {
namespace {

struct UrlParts {
  std::string_view scheme, userinfo, hostport, path, query, fragment;
};

// Splits an absolute URL "scheme://[userinfo@]host[:port][/path][?query][#fragment]"; false when
// `url` does not have that shape.
bool SplitUrl(std::string_view url, UrlParts& out) {
  size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : url.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  out.scheme = url.substr(0, colon);
  std::string_view rest = url.substr(colon + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    out.userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
  }
  if (authority.empty()) return false;
  out.hostport = authority;
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) {
    out.fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    out.query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  out.path = rest;
  return true;
}

std::string PercentDecode(std::string_view s) {
  return PercentDecodeLenient(s, /*plus_is_space=*/true);
}

// Calls `f` on each piece of `s` between separators.
template <typename F>
void ForEachPiece(std::string_view s, char separator, F f) {
  while (!s.empty()) {
    size_t end = s.find(separator);
    f(s.substr(0, end));
    if (end == std::string_view::npos) break;
    s = s.substr(end + 1);
  }
}

}  // namespace

bool SecretLooking(std::string_view c) {
  if (c.size() >= 16) return true;
  if (c.size() < 6) return false;
  return std::any_of(c.begin(), c.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch)) ||
           std::isupper(static_cast<unsigned char>(ch)) ||
           std::string_view("-_=%.~").find(ch) != std::string_view::npos;
  });
}

std::string RedactUrl(std::string_view url) {
  UrlParts p;
  if (!SplitUrl(url, p)) return std::string(kRedacted);
  std::string out;
  out.append(p.scheme).append("://").append(p.hostport);
  if ((p.path.empty() || p.path == "/") && p.query.empty() && p.fragment.empty()) {
    out.append(p.path);
    return out;
  }
  out.append("/").append(kRedacted);
  return out;
}

std::vector<std::string> UrlSecrets(std::string_view url) {
  UrlParts p;
  std::vector<std::string> out;
  if (!SplitUrl(url, p)) return out;
  auto add = [&out](std::string_view s) {
    if (s.empty()) return;
    out.emplace_back(s);
    std::string decoded = PercentDecode(s);
    if (decoded != s) out.push_back(std::move(decoded));
  };
  add(url);
  // Everything after the host, as one string: "/hooks/abc?x=y".
  size_t host_end = url.find(p.hostport) + p.hostport.size();
  if (host_end < url.size() && url.substr(host_end) != "/") add(url.substr(host_end));
  if (!p.userinfo.empty()) {
    add(p.userinfo);
    if (size_t colon = p.userinfo.find(':'); colon != std::string_view::npos) {
      add(p.userinfo.substr(colon + 1));
    }
  }
  ForEachPiece(p.path, '/', [&](std::string_view segment) {
    if (SecretLooking(segment) || SecretLooking(PercentDecode(segment))) add(segment);
  });
  for (std::string_view part : {p.query, p.fragment}) {
    ForEachPiece(part, '&', [&](std::string_view pair) {
      size_t eq = pair.find('=');
      std::string_view value = eq == std::string_view::npos ? pair : pair.substr(eq + 1);
      if (SecretLooking(value) || SecretLooking(PercentDecode(value))) add(value);
    });
  }
  return out;
}

void Redactor::AddSecret(std::string_view secret) {
  if (secret.size() < 4) return;
  auto it = std::find(secrets_.begin(), secrets_.end(), secret);
  if (it != secrets_.end()) return;
  secrets_.emplace_back(secret);
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void Redactor::AddUrl(std::string_view url) {
  for (const std::string& s : UrlSecrets(url)) AddSecret(s);
}

std::string Redactor::Scrub(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets_) {
    size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), kRedacted);
      pos += kRedacted.size();
    }
  }
  return out;
}

bool Redactor::Leaks(std::string_view text) const {
  return std::any_of(secrets_.begin(), secrets_.end(), [text](const std::string& s) {
    return text.find(s) != std::string_view::npos;
  });
}

}  // namespace crier
