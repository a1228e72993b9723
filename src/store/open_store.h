// Chooses and opens a store from the `--db` URL of `crier serve` (and `crier migrate`).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/store.h"

namespace crier {

// `sqlite:PATH` (the folder of PATH is created if missing) or
// `postgresql://user:password@host:port/database` (also `postgres://`; libpq query parameters
// such as `?sslmode=require` are accepted). Other schemes are refused with kInvalidArgument naming
// what is supported. Error messages never hold a password.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url);

// The URL as it may appear in logs and messages: a PostgreSQL URL without its password, a SQLite
// URL unchanged, anything else reduced to its scheme.
std::string RedactStoreUrl(std::string_view url);

}  // namespace crier
