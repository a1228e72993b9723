// crier's PostgreSQL schema as a numbered list of migrations. Each runs once, in its own
// transaction, in order, when a store opens the database; the table `schema_migrations` records
// which ran. Several nodes may start at once: the runner holds an advisory lock while it reads the
// version and applies what is missing, so exactly one node migrates and the others find nothing
// left to do.
#pragma once

#include <cstdint>
#include <span>

#include "base/status.h"
#include "store/migration.h"
#include "store/postgres/connection.h"

namespace crier::pg {

// The migrations of this build of crier, in order.
std::span<const Migration> Migrations();

// The schema version recorded in `conn`'s database (0 before any migration).
Result<int> CurrentVersion(Connection& conn);

// Applies the migrations of `migrations` that the database has not seen yet, holding the
// session-level advisory lock `lock_key` throughout (waiting for another node that holds it).
// Returns the schema version reached. Fails when the database is newer than this build knows.
// REQUIRES: `conn` is outside any transaction.
Result<int> Migrate(Connection& conn, std::span<const Migration> migrations, std::int64_t lock_key);

}  // namespace crier::pg
