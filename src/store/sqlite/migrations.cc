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

// Version 2: the outbox row is the Webhook Delivery (docs/adr/0003). The row gains what the
// delivery showed besides what the row held; the documents are folded into their rows and deleted.
// A Failed delivery retried before this version lives on a newer row under its first name: that
// name moves to the row (`delivery`), and the older failed row, which no document shows any more,
// goes. The view maps a row to the DocType's fields (store/deliveries.h); `data` is built only for
// the rows a query returns, and filters compare the columns.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE outbox ADD COLUMN service TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN creation TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN modified TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN next_attempt TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN delivered_at TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN latency_ms REAL NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN delivery TEXT NOT NULL DEFAULT '';

CREATE TEMP TABLE delivery_docs AS
  SELECT CAST(json_extract(data, '$.outbox_id') AS INTEGER) AS row_id, name, owner, creation,
         modified, data
  FROM documents WHERE doctype = 'Webhook Delivery';
CREATE INDEX temp.delivery_docs_by_row ON delivery_docs (row_id);
DELETE FROM outbox WHERE status = 'failed' AND id NOT IN
  (SELECT row_id FROM delivery_docs WHERE row_id IS NOT NULL);
UPDATE outbox SET
  service = COALESCE(json_extract(d.data, '$.service'), ''),
  owner = d.owner, creation = d.creation, modified = d.modified,
  next_attempt = COALESCE(json_extract(d.data, '$.next_attempt'), ''),
  delivered_at = COALESCE(json_extract(d.data, '$.delivered_at'), ''),
  latency_ms = COALESCE(json_extract(d.data, '$.latency_ms'), 0),
  delivery = CASE WHEN d.name = printf('DLV-%010d', outbox.id) THEN '' ELSE d.name END
  FROM delivery_docs d WHERE d.row_id = outbox.id;
DROP TABLE temp.delivery_docs;
DELETE FROM versions WHERE doctype = 'Webhook Delivery';
DELETE FROM documents WHERE doctype = 'Webhook Delivery';
CREATE INDEX outbox_by_delivery ON outbox (delivery) WHERE delivery != '';

CREATE VIEW delivery_rows AS SELECT
  id,
  CASE WHEN delivery != '' THEN delivery ELSE printf('DLV-%010d', id) END AS name,
  'Webhook Delivery' AS doctype, owner, creation, modified, owner AS modified_by, 0 AS docstatus,
  substr(queue, instr(queue, ':') + 1) AS webhook, service, notification, reference_doctype,
  reference_name,
  CASE status WHEN 'queued' THEN CASE WHEN attempts = 0 THEN 'Queued' ELSE 'Retrying' END
    WHEN 'sending' THEN 'Sending' WHEN 'delivered' THEN 'Delivered' ELSE 'Failed' END AS status,
  attempts, NULLIF(next_attempt, '') AS next_attempt, last_status, last_error, latency_ms,
  NULLIF(delivered_at, '') AS delivered_at,
  COALESCE(json_extract(payload, '$.part'), 1) AS part,
  COALESCE(json_extract(payload, '$.parts'), 1) AS parts,
  id AS outbox_id,
  COALESCE(json_extract(payload, '$.text'), json_extract(payload, '$.message'), '') AS message
  FROM outbox;
CREATE VIEW webhook_deliveries AS SELECT *, json_object(
  'doctype', doctype, 'name', name, 'owner', owner, 'creation', creation, 'modified', modified,
  'modified_by', modified_by, 'docstatus', docstatus, 'webhook', webhook, 'service', service,
  'notification', notification, 'reference_doctype', reference_doctype,
  'reference_name', reference_name, 'status', status, 'attempts', attempts,
  'next_attempt', next_attempt, 'last_status', last_status, 'last_error', last_error,
  'latency_ms', latency_ms, 'delivered_at', delivered_at, 'part', part, 'parts', parts,
  'outbox_id', outbox_id, 'message', message) AS data
  FROM delivery_rows;
)sql";

constexpr std::array<Migration, 2> kMigrations = {{
    {1, "documents, versions, series, credentials, settings, outbox, scheduler ledger", kSchemaV1},
    {2, "Webhook Delivery served from the outbox", kSchemaV2},
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
