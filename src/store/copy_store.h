// Copying everything one store holds into another, empty store, and comparing the two: what
// `crier migrate` does to move from SQLite to PostgreSQL (docs/scaling.md). Works between any two
// Store implementations, through the interface only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace crier {

// How many rows of one kind a store holds. `table` is "documents[<doctype>]", "field_indexes",
// "versions", "series", "settings", "passwords", "api_keys", "sessions", "outbox[<status>]" or
// "scheduler_ledger".
struct TableCount {
  std::string table;
  std::int64_t rows = 0;
};

// The rows of each kind that `txn` sees, in the order above (doctypes and statuses by name).
// Reads every row (tables that may be large page by page).
Result<std::vector<TableCount>> CountTables(ReadTxn& txn);

// Whether a store holds nothing but what every new database has (its built-in field indexes).
Result<bool> IsEmptyStore(ReadTxn& txn);

// Copies everything `from` holds (one read snapshot) into `to` in one write transaction:
// documents, versions (with their ids), naming-series counters, settings, password hashes, API
// keys, sessions, outbox messages (with their ids, status, attempts and leases), the scheduler
// ledger, and the field indexes. Nothing of it is visible in `to` unless all of it is.
// kFailedPrecondition (and nothing written) when `to` is not empty (IsEmptyStore). Writers of
// `from` should be stopped: what they commit after the snapshot is not copied.
Status CopyStore(Store& from, Store& to);

// One row of a comparison: the same kind of rows counted in both stores.
struct CountComparison {
  std::string table;
  std::int64_t source = 0;
  std::int64_t target = 0;
};

// The counts of both stores, table by table (a table present in only one store counts 0 in the
// other).
Result<std::vector<CountComparison>> CompareStores(Store& source, Store& target);

}  // namespace crier
