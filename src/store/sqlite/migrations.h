// crier's SQLite schema as a numbered list of migrations. Each runs once, in its own transaction,
// in order, when a store opens the database; the table `schema_migrations` records which ran, so
// starting a newer crier on an older file upgrades it and starting it again changes nothing.
#pragma once

#include <span>

#include "base/status.h"
#include "store/migration.h"
#include "store/sqlite/connection.h"

namespace crier::sqlite {

// The migrations of this build of crier, in order.
std::span<const Migration> Migrations();

// Applies the migrations of `migrations` that `conn`'s database has not seen yet. Safe when
// several processes start at once (each migration takes the write lock and rechecks). Returns the
// schema version reached. Fails when the database is newer than this build knows.
Result<int> Migrate(Connection& conn, std::span<const Migration> migrations);

}  // namespace crier::sqlite
