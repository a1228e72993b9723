// The libpq connection and result wrappers.
#include "store/postgres/connection.h"

#include <fmt/format.h>

#include <cstdlib>

#include "base/log.h"

namespace crier::pg {
namespace {

// Bounds the cache: list queries with many filter shapes produce many SQL texts; beyond this the
// statement runs unprepared.
constexpr size_t kMaxPrepared = 256;

using ResultPtr = std::unique_ptr<PGresult, void (*)(PGresult*)>;

bool Failed(const PGresult* r) {
  if (r == nullptr) return true;
  ExecStatusType s = PQresultStatus(r);
  return s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY;
}

StatusCode CodeOf(std::string_view state) {
  if (state.size() != 5) return StatusCode::kInternal;
  std::string_view cls = state.substr(0, 2);
  if (cls == "23") return StatusCode::kConflict;                    // Integrity constraint.
  if (cls == "40" || cls == "08") return StatusCode::kUnavailable;  // Serialization, connection.
  if (cls == "22") return StatusCode::kInvalidArgument;             // Data exception.
  if (cls == "53") return StatusCode::kResourceExhausted;           // Insufficient resources.
  if (state == "57014") return StatusCode::kDeadlineExceeded;       // Query cancelled.
  if (cls == "57" || state == "55P03") return StatusCode::kUnavailable;  // Shutdown, lock wait.
  return StatusCode::kInternal;
}

// Server notices ("relation already exists, skipping", the FATAL sent before a connection is
// closed) go to the debug log instead of libpq's default, stderr.
void OnNotice(void* arg, const char* message) {
  const auto* info = static_cast<const ConnInfo*>(arg);
  CRIER_LOG_DEBUG("postgresql: {}", info->Scrub(OneLine(message)));
}

}  // namespace

std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

Param ToParam(const nlohmann::json& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Rows::Text(int row, int col) const {
  return std::string(PQgetvalue(result_.get(), row, col),
                     static_cast<size_t>(PQgetlength(result_.get(), row, col)));
}

std::int64_t Rows::Int(int row, int col) const {
  if (IsNull(row, col)) return 0;
  return std::strtoll(PQgetvalue(result_.get(), row, col), nullptr, 10);
}

std::int64_t Rows::affected() const {
  const char* n = PQcmdTuples(result_.get());
  return n[0] == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

Result<std::unique_ptr<Connection>> Connection::Open(const ConnInfo& info,
                                                     std::string_view application_name) {
  std::string app(application_name);
  // Ours first, then the URL (which may override them), then what crier cannot do without.
  const char* keys[] = {"application_name", "connect_timeout",     "keepalives",
                        "keepalives_idle",  "keepalives_interval", "keepalives_count",
                        "dbname",           "client_encoding",     nullptr};
  const char* values[] = {app.c_str(),      "10",   "1",    "30", "10", "3",
                          info.url.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Status(StatusCode::kResourceExhausted, "libpq: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = info.Scrub(OneLine(PQerrorMessage(conn)));
    PQfinish(conn);
    return Status(StatusCode::kUnavailable,
                  fmt::format("cannot connect to {}: {}", info.redacted, message));
  }
  std::unique_ptr<Connection> connection(new Connection(conn, info));
  PQsetNoticeProcessor(conn, &OnNotice, &connection->info_);
  return connection;
}

Connection::~Connection() {
  PQfinish(conn_);
}

Status Connection::ErrorOf(const PGresult* result, std::string_view context) const {
  if (result == nullptr || !healthy()) {
    return Status(StatusCode::kUnavailable,
                  info_.Scrub(fmt::format("{}: connection to {} lost: {}", context, info_.redacted,
                                          OneLine(PQerrorMessage(conn_)))));
  }
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  std::string message =
      primary != nullptr ? std::string(primary) : OneLine(PQresultErrorMessage(result));
  return Status(
      CodeOf(state ? state : ""),
      info_.Scrub(fmt::format("{}: {} (SQLSTATE {})", context, message, state ? state : "none")));
}

Status Connection::Exec(std::string_view sql) {
  CRIER_RETURN_IF_ERROR(before_statement_.Run());
  ResultPtr r(PQexec(conn_, std::string(sql).c_str()), &PQclear);
  if (Failed(r.get())) return ErrorOf(r.get(), "postgresql");
  return Status::Ok();
}

Result<std::string> Connection::Command(std::string_view sql) {
  CRIER_RETURN_IF_ERROR(before_statement_.Run());
  Rows rows(PQexec(conn_, std::string(sql).c_str()));
  if (Failed(rows.raw())) return ErrorOf(rows.raw(), "postgresql");
  return rows.command();
}

Result<Rows> Connection::Query(const std::string& sql, const std::vector<Param>& params) {
  CRIER_RETURN_IF_ERROR(before_statement_.Run());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  const int n = static_cast<int>(params.size());
  PGresult* raw = nullptr;
  auto it = prepared_.find(sql);
  if (it == prepared_.end() && prepared_.size() < kMaxPrepared) {
    std::string name = fmt::format("crier_{}", prepared_.size());
    ResultPtr prep(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), &PQclear);
    if (Failed(prep.get())) return ErrorOf(prep.get(), "prepare");
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  if (it != prepared_.end()) {
    raw = PQexecPrepared(conn_, it->second.c_str(), n, values.data(), nullptr, nullptr, 0);
  } else {
    raw = PQexecParams(conn_, sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0);
  }
  Rows rows(raw);
  if (Failed(raw)) return ErrorOf(raw, "query");
  return rows;
}

}  // namespace crier::pg
