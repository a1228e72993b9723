// A PostgreSQL URL as crier accepts it (`postgresql://user:pass@host:port/db`, or `postgres://`),
// with what must never be printed: the password. Every message the PostgreSQL store builds from a
// libpq error goes through Scrub(), and logs show `redacted` instead of the URL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace crier::pg {

struct ConnInfo {
  std::string url;       // As given; handed to libpq only, never printed.
  std::string redacted;  // The URL without its password: "postgresql://user@host:5432/db".
  std::vector<std::string> secrets;  // The password as written and percent-decoded.

  // `text` with every occurrence of a secret replaced by "[redacted]" (whatever its length).
  std::string Scrub(std::string_view text) const;
};

// Whether `url` starts with postgresql:// or postgres://.
bool IsPostgresUrl(std::string_view url);

// Splits a PostgreSQL URL. kInvalidArgument (whose message holds only the redacted URL) when it is
// not a postgresql:// or postgres:// URL with a host. Query parameters (e.g. ?sslmode=require) are
// kept for libpq; a `password=` parameter is treated like the password in the user information.
Result<ConnInfo> ParseConnInfo(std::string_view url);

// A 64-bit advisory-lock key for `name` within `space` (the store's schema), stable across
// processes and versions (FNV-1a), so that every node computes the same key.
std::int64_t LockKey(std::string_view space, std::string_view name);

}  // namespace crier::pg
