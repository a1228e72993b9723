// One libpq connection with its cache of prepared statements, and the rows a statement returns,
// with errors as Status values whose messages never hold the password. Used only inside
// store/postgres/.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "store/before_statement.h"
#include "store/postgres/conn_info.h"

namespace crier::pg {

// A statement parameter in PostgreSQL's text format, or NULL.
using Param = std::optional<std::string>;

inline Param ToParam(std::string_view s) {
  return std::string(s);
}
inline Param ToParam(const std::string& s) {
  return s;
}
inline Param ToParam(const char* s) {
  return std::string(s);
}
inline Param ToParam(std::int64_t v) {
  return std::to_string(v);
}
inline Param ToParam(int v) {
  return std::to_string(v);
}
inline Param ToParam(const Param& p) {
  return p;
}
// A JSON scalar: null as NULL, a string as its text, anything else as its JSON text.
Param ToParam(const nlohmann::json& v);

// `text` (a libpq message) on one line: runs of white space, newlines included, become one space.
std::string OneLine(std::string_view text);

// The rows (or the command result) of one statement. Owns its PGresult.
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result, &PQclear) {}

  int size() const { return PQntuples(result_.get()); }
  bool IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::string Text(int row, int col) const;
  std::int64_t Int(int row, int col) const;  // 0 for NULL.
  // How many rows an INSERT, UPDATE or DELETE changed.
  std::int64_t affected() const;
  // The command tag ("COMMIT", "ROLLBACK", "INSERT 0 1"...).
  std::string command() const { return PQcmdStatus(result_.get()); }
  const PGresult* raw() const { return result_.get(); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

// An open connection. Not thread-safe: one user at a time.
class Connection {
 public:
  // Connects with `info` (client_encoding UTF8, TCP keepalives, a connect timeout) and reports
  // itself to the server as `application_name`. kUnavailable when the server cannot be reached.
  static Result<std::unique_ptr<Connection>> Open(const ConnInfo& info,
                                                  std::string_view application_name);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without parameters (the simple protocol).
  Status Exec(std::string_view sql);
  // Runs one statement without parameters and returns its command tag ("COMMIT", or "ROLLBACK"
  // when COMMIT ends a transaction that an earlier error aborted).
  Result<std::string> Command(std::string_view sql);
  // Runs one statement with parameters $1, $2..., through a prepared statement cached by SQL text.
  Result<Rows> Query(const std::string& sql, const std::vector<Param>& params = {});
  template <typename... Args>
  Result<Rows> Run(const std::string& sql, const Args&... args) {
    return Query(sql, std::vector<Param>{ToParam(args)...});
  }

  // Runs `hook` before each statement sent by Exec, Command or Query while it is set, and fails
  // that statement with the hook's error; not for the statements the hook sends itself. A write
  // transaction inserts there the rows it held back. nullptr removes it.
  void SetBeforeStatement(std::function<Status()> hook) { before_statement_.Set(std::move(hook)); }

  // False once the connection is lost: it must then be thrown away.
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  // True outside any transaction block.
  bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }
  int backend_pid() const { return PQbackendPID(conn_); }
  PGconn* handle() { return conn_; }
  const ConnInfo& info() const { return info_; }

  // The status for a failed (or missing) result: kConflict for constraint violations,
  // kUnavailable for lost connections, serialization failures and deadlocks, kInvalidArgument for
  // data errors, kResourceExhausted when the server is out of resources, kInternal otherwise.
  // The message starts with `context` and is scrubbed of the password.
  Status ErrorOf(const PGresult* result, std::string_view context) const;

 private:
  Connection(PGconn* conn, ConnInfo info) : conn_(conn), info_(std::move(info)) {}

  PGconn* conn_;
  ConnInfo info_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name.
  BeforeStatementHook before_statement_;
};

}  // namespace crier::pg
