// One SQLite connection with its cache of prepared statements, and a statement handle that binds
// values and steps rows with errors as Status values. Used only inside store/sqlite/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "store/before_statement.h"

namespace crier::sqlite {

class Connection;

// A prepared statement borrowed from a connection's cache. Reset (bindings cleared) and given
// back when the handle is destroyed, so it can be reused by the next caller. Not thread-safe.
class Statement {
 public:
  // `in_use` is the cache entry's flag (cleared on destruction), or nullptr for a statement this
  // handle owns and finalizes.
  Statement(Connection& conn, sqlite3_stmt* stmt, bool* in_use)
      : conn_(&conn), stmt_(stmt), in_use_(in_use) {}
  Statement(Statement&& other) noexcept
      : conn_(other.conn_), stmt_(other.stmt_), in_use_(other.in_use_) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Bindings are 1-based, like SQLite's.
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& BindNull(int index);
  // A JSON scalar: strings as text, integers and booleans as integers, floats as reals, null as
  // NULL. kInvalidArgument for arrays and objects.
  Status BindJson(int index, const nlohmann::json& value);

  // Rewinds the statement so it can be bound and run again.
  void Reset() { sqlite3_reset(stmt_); }

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> Step();
  // Runs a statement that returns no rows (or whose rows are ignored).
  Status Run();

  std::int64_t ColumnInt(int col) const;
  double ColumnDouble(int col) const;
  std::string ColumnText(int col) const;
  bool ColumnIsNull(int col) const;
  // The column as a JSON value (integer, real, text, or null).
  nlohmann::json ColumnJson(int col) const;

 private:
  Connection* conn_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
};

// An open database connection. Owns its statements. Not thread-safe: one user at a time.
class Connection {
 public:
  // Opens (creating if asked) the database file and applies crier's pragmas: WAL,
  // synchronous=NORMAL, a busy timeout, foreign keys.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  // A cached prepared statement for this exact SQL text (a private one when the cached one is
  // borrowed already, e.g. by a nested query).
  Result<Statement> Prepare(const std::string& sql);

  // Runs `hook` before every later Exec and Prepare (but not those the hook makes itself); its
  // error becomes theirs. A write transaction inserts the rows it held back this way
  // (WriteTxn::EnqueueOutboxLater). nullptr removes it.
  void SetBeforeStatement(std::function<Status()> hook) { before_statement_.Set(std::move(hook)); }

  std::int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* handle() { return db_; }
  int Changes() const { return sqlite3_changes(db_); }
  // The connection's last error as a Status (kConflict for constraint violations, kUnavailable
  // for busy/locked, kInternal otherwise).
  Status LastError(std::string_view context) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;  // Borrowed by a live Statement: never finalized then.
  };

  sqlite3* db_;
  std::unordered_map<std::string, Cached> statements_;
  BeforeStatementHook before_statement_;
};

}  // namespace crier::sqlite
