// PostgreSQL URL parsing and redaction.
#include "store/postgres/conn_info.h"

#include <algorithm>

#include "base/percent_decode.h"
#include "base/redact.h"

namespace crier::pg {
namespace {

// As libpq decodes a URL: %XX escapes only ('+' stays '+', unlike in a form's query string).
std::string PercentDecode(std::string_view s) {
  return PercentDecodeLenient(s, /*plus_is_space=*/false);
}

void AddSecret(ConnInfo& info, std::string_view secret) {
  for (const std::string& s : {std::string(secret), PercentDecode(secret)}) {
    if (!s.empty() &&
        std::find(info.secrets.begin(), info.secrets.end(), s) == info.secrets.end()) {
      info.secrets.push_back(s);
    }
  }
  // Longest first, so that a secret containing another is replaced whole.
  std::sort(info.secrets.begin(), info.secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

// The query string without the values of parameters that hold a password.
std::string RedactQuery(std::string_view query, ConnInfo& info) {
  std::string out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = param.find('=');
    std::string_view key = param.substr(0, eq);
    if (!out.empty()) out += '&';
    if (eq != std::string_view::npos && key.find("password") != std::string_view::npos) {
      AddSecret(info, param.substr(eq + 1));
      out += std::string(key) + "=" + std::string(kRedacted);
    } else {
      out += param;
    }
  }
  return out;
}

}  // namespace

std::string ConnInfo::Scrub(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets) {
    for (size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedacted.size())) {
      out.replace(at, secret.size(), kRedacted);
    }
  }
  return out;
}

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<ConnInfo> ParseConnInfo(std::string_view url) {
  if (!IsPostgresUrl(url)) {
    return InvalidArgument("a PostgreSQL URL starts with postgresql:// or postgres://");
  }
  ConnInfo info;
  info.url = std::string(url);
  std::string_view scheme = url.substr(0, url.find("://"));
  std::string_view rest = url.substr(scheme.size() + 3);
  size_t query_at = rest.find('?');
  std::string_view query =
      query_at == std::string_view::npos ? std::string_view() : rest.substr(query_at + 1);
  rest = rest.substr(0, query_at);
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  std::string_view user;
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    user = userinfo.substr(0, colon);
    if (colon != std::string_view::npos) AddSecret(info, userinfo.substr(colon + 1));
  }
  std::string redacted_query = RedactQuery(query, info);
  info.redacted = std::string(scheme) + "://";
  if (!user.empty()) info.redacted += std::string(user) + "@";
  info.redacted += std::string(authority) + std::string(path);
  if (!redacted_query.empty()) info.redacted += "?" + redacted_query;
  if (authority.empty()) {
    return InvalidArgument("the PostgreSQL URL " + info.redacted +
                           " names no host (postgresql://user:password@host:port/database)");
  }
  return info;
}

std::int64_t LockKey(std::string_view space, std::string_view name) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix("crier/");
  mix(space);
  mix("/");
  mix(name);
  return static_cast<std::int64_t>(h);
}

}  // namespace crier::pg
