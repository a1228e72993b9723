// The SQLite connection and statement wrappers.
#include "store/sqlite/connection.h"

#include <fmt/format.h>

#include "store/sqlite/wal_vfs.h"

namespace crier::sqlite {
namespace {

// Bounds the cache: list queries with many filter shapes produce many SQL texts.
constexpr size_t kMaxCachedStatements = 512;

Status FromCode(int rc, std::string_view context, const char* message) {
  int primary = rc & 0xff;
  std::string text = fmt::format("{}: {}", context, message ? message : sqlite3_errstr(rc));
  if (primary == SQLITE_CONSTRAINT) return Status(StatusCode::kConflict, text);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Status(StatusCode::kUnavailable, text);
  }
  if (primary == SQLITE_FULL) return Status(StatusCode::kResourceExhausted, text);
  return Internal(text);
}

}  // namespace

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Status Statement::BindJson(int index, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      BindNull(index);
      break;
    case nlohmann::json::value_t::boolean:
      Bind(index, value.get<bool>() ? 1 : 0);
      break;
    case nlohmann::json::value_t::number_integer:
      Bind(index, value.get<std::int64_t>());
      break;
    case nlohmann::json::value_t::number_unsigned: {
      auto u = value.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(INT64_MAX)) {
        Bind(index, static_cast<double>(u));
      } else {
        Bind(index, static_cast<std::int64_t>(u));
      }
      break;
    }
    case nlohmann::json::value_t::number_float:
      Bind(index, value.get<double>());
      break;
    case nlohmann::json::value_t::string:
      Bind(index, value.get_ref<const std::string&>());
      break;
    default:
      return InvalidArgument("a filter value must be a string, number, boolean or null");
  }
  return Status::Ok();
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_->LastError("step");
}

Status Statement::Run() {
  while (true) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

std::int64_t Statement::ColumnInt(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
double Statement::ColumnDouble(int col) const {
  return sqlite3_column_double(stmt_, col);
}
bool Statement::ColumnIsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::string Statement::ColumnText(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

nlohmann::json Statement::ColumnJson(int col) const {
  switch (sqlite3_column_type(stmt_, col)) {
    case SQLITE_INTEGER:
      return ColumnInt(col);
    case SQLITE_FLOAT:
      return ColumnDouble(col);
    case SQLITE_NULL:
      return nullptr;
    default:
      return ColumnText(col);
  }
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX |
              (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, WalVfsName());
  if (rc != SQLITE_OK) {
    Status s = FromCode(rc, "open " + path, db ? sqlite3_errmsg(db) : nullptr);
    sqlite3_close(db);
    return Status(StatusCode::kUnavailable, s.message());
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  // mmap: pages are read from the OS cache without a read(2) per page; a read transaction after
  // another connection's write no longer re-reads its pages through system calls.
  // WAL: readers never block the writer. synchronous=NORMAL under WAL: a commit is durable across
  // a process crash (the WAL is in the OS page cache) and is fsynced at checkpoints, so only an
  // operating-system crash or power loss can lose the last commits (docs/storage.md).
  CRIER_RETURN_IF_ERROR(
      conn->Exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                 "PRAGMA cache_size=-16000; PRAGMA mmap_size=268435456;"));
  if (!read_only) CRIER_RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode=WAL;"));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, cached] : statements_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql) {
  CRIER_RETURN_IF_ERROR(before_statement_.Run());
  char* err = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Status s = FromCode(rc, "exec", err);
    sqlite3_free(err);
    return s;
  }
  return Status::Ok();
}

Result<Statement> Connection::Prepare(const std::string& sql) {
  CRIER_RETURN_IF_ERROR(before_statement_.Run());
  auto it = statements_.find(sql);
  if (it != statements_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(*this, it->second.stmt, &it->second.in_use);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return LastError("prepare");
  if (it != statements_.end()) return Statement(*this, stmt, nullptr);  // Nested use.
  if (statements_.size() >= kMaxCachedStatements) {
    for (auto i = statements_.begin(); i != statements_.end();) {
      if (i->second.in_use) {
        ++i;
      } else {
        sqlite3_finalize(i->second.stmt);
        i = statements_.erase(i);
      }
    }
  }
  Cached& cached = statements_[sql];
  cached.stmt = stmt;
  cached.in_use = true;
  return Statement(*this, stmt, &cached.in_use);
}

Status Connection::LastError(std::string_view context) const {
  return FromCode(sqlite3_extended_errcode(db_), context, sqlite3_errmsg(db_));
}

}  // namespace crier::sqlite
