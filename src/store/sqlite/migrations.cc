// The schema, version by version, and the runner that applies it.
#include "store/sqlite/migrations.h"

#include <fmt/format.h>

#include <array>
#include <string>

namespace crier::sqlite {
namespace {

// Version 1: documents with their standard columns, versions, naming-series counters,
// credentials, settings, the delivery outbox and the scheduler ledger. The partial expression index
// serves the notification lookup by document_type and event (DESIGN.md section 2).
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  doctype TEXT NOT NULL,
  name TEXT NOT NULL,
  docstatus INTEGER NOT NULL DEFAULT 0,
  owner TEXT NOT NULL DEFAULT '',
  creation TEXT NOT NULL DEFAULT '',
  modified TEXT NOT NULL DEFAULT '',
  modified_by TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL,
  UNIQUE (doctype, name)
);
CREATE INDEX documents_by_modified ON documents (doctype, modified);
CREATE INDEX "documents_by(document_type,event)"
  ON documents (doctype, json_extract(data, '$.document_type'), json_extract(data, '$.event'))
  WHERE json_extract(data, '$.document_type') IS NOT NULL;

CREATE TABLE versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  doctype TEXT NOT NULL,
  name TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX versions_by_document ON versions (doctype, name, id);

CREATE TABLE series (name TEXT PRIMARY KEY, current INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user TEXT NOT NULL,
  created_us INTEGER NOT NULL,
  expires_us INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user);
CREATE INDEX sessions_by_expiry ON sessions (expires_us);

CREATE TABLE api_keys (
  api_key TEXT PRIMARY KEY,
  user TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_us INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX api_keys_by_user ON api_keys (user);

CREATE TABLE passwords (user TEXT PRIMARY KEY, hash TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,
  channel TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_us INTEGER NOT NULL,
  next_attempt_us INTEGER NOT NULL,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until_us INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  reference_doctype TEXT NOT NULL DEFAULT '',
  reference_name TEXT NOT NULL DEFAULT '',
  notification TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (status, next_attempt_us)
  WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_pending_by_queue ON outbox (queue, id)
  WHERE status IN ('queued', 'sending');

CREATE TABLE scheduler_ledger (
  notification TEXT NOT NULL,
  document_type TEXT NOT NULL,
  document_name TEXT NOT NULL,
  reference_date TEXT NOT NULL,
  recorded_us INTEGER NOT NULL,
  PRIMARY KEY (notification, document_type, document_name, reference_date)
) WITHOUT ROWID;
)sql";

constexpr std::array<Migration, 1> kMigrations = {{
    {1, "documents, versions, series, credentials, settings, outbox, scheduler ledger", kSchemaV1},
}};

Result<int> CurrentVersion(Connection& conn) {
  CRIER_ASSIGN_OR_RETURN(Statement st,
                         conn.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? static_cast<int>(st.ColumnInt(0)) : 0;
}

Status ApplyOne(Connection& conn, const Migration& m) {
  CRIER_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
  Result<int> current = CurrentVersion(conn);
  Status s = current.status();
  if (current.ok() && *current < m.version) {
    s = conn.Exec(m.sql);
    if (s.ok()) {
      Result<Statement> ins = conn.Prepare(
          "INSERT INTO schema_migrations (version, description, applied) "
          "VALUES (?1, ?2, datetime('now'))");
      s = ins.ok() ? ins->Bind(1, m.version).Bind(2, m.description).Run() : ins.status();
    }
  }
  if (s.ok()) {
    s = conn.Exec("COMMIT");
    if (s.ok()) return s;
  }
  (void)conn.Exec("ROLLBACK");
  return Internal(
      fmt::format("migration {} ({}) failed: {}", m.version, m.description, s.message()));
}

}  // namespace

std::span<const Migration> Migrations() {
  return kMigrations;
}

Result<int> Migrate(Connection& conn, std::span<const Migration> migrations) {
  CRIER_RETURN_IF_ERROR(
      conn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "description TEXT NOT NULL, applied TEXT NOT NULL)"));
  CRIER_ASSIGN_OR_RETURN(int current, CurrentVersion(conn));
  CRIER_RETURN_IF_ERROR(CheckNotNewer(current, migrations));
  for (const Migration& m : migrations) {
    if (m.version > current) CRIER_RETURN_IF_ERROR(ApplyOne(conn, m));
  }
  return CurrentVersion(conn);
}

}  // namespace crier::sqlite
