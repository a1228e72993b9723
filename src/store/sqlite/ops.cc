// SQL for every store operation on SQLite.
#include "store/sqlite/ops.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <utility>

#include "store/deliveries.h"
#include "store/doc_row.h"
#include "store/outbox_insert.h"
#include "store/sqlite/sql_builder.h"

namespace crier::sqlite::ops {
namespace {

// Prepares `sql`, binds `args` to ?1, ?2... and runs it to completion.
template <typename... Args>
Status RunSql(Connection& c, const std::string& sql, const Args&... args) {
  CRIER_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
  int index = 0;
  (st.Bind(++index, args), ...);
  return st.Run();
}

Status BindAll(Statement& st, const std::vector<Json>& binds) {
  for (size_t i = 0; i < binds.size(); ++i) {
    CRIER_RETURN_IF_ERROR(st.BindJson(static_cast<int>(i + 1), binds[i]));
  }
  return Status::Ok();
}

constexpr const char* kOutboxColumns =
    "id, queue, channel, payload, status, attempts, created_us, next_attempt_us, lease_owner, "
    "lease_until_us, last_status, last_error, reference_doctype, reference_name, notification, "
    "service, owner, creation, modified, next_attempt, delivered_at, latency_ms, delivery";

// The same, qualified for queries that join the outbox (alias o) with another table.
constexpr const char* kOutboxColumnsOfO =
    "o.id, o.queue, o.channel, o.payload, o.status, o.attempts, o.created_us, o.next_attempt_us, "
    "o.lease_owner, o.lease_until_us, o.last_status, o.last_error, o.reference_doctype, "
    "o.reference_name, o.notification, o.service, o.owner, o.creation, o.modified, "
    "o.next_attempt, o.delivered_at, o.latency_ms, o.delivery";

OutboxMessage ReadOutbox(const Statement& st) {
  OutboxMessage m;
  m.id = st.ColumnInt(0);
  m.queue = st.ColumnText(1);
  m.channel = st.ColumnText(2);
  m.payload = st.ColumnText(3);
  m.status = st.ColumnText(4);
  m.attempts = static_cast<int>(st.ColumnInt(5));
  m.created_us = st.ColumnInt(6);
  m.next_attempt_us = st.ColumnInt(7);
  m.lease_owner = st.ColumnText(8);
  m.lease_until_us = st.ColumnInt(9);
  m.last_status = static_cast<int>(st.ColumnInt(10));
  m.last_error = st.ColumnText(11);
  m.reference_doctype = st.ColumnText(12);
  m.reference_name = st.ColumnText(13);
  m.notification = st.ColumnText(14);
  m.service = st.ColumnText(15);
  m.owner = st.ColumnText(16);
  m.creation = st.ColumnText(17);
  m.modified = st.ColumnText(18);
  m.next_attempt = st.ColumnText(19);
  m.delivered_at = st.ColumnText(20);
  m.latency_ms = st.ColumnDouble(21);
  m.delivery = st.ColumnText(22);
  return m;
}

// Every row of `st`, each read by `read(st)`.
template <typename Read>
auto ReadRows(Statement& st, Read read) -> Result<std::vector<decltype(read(st))>> {
  std::vector<decltype(read(st))> out;
  while (true) {
    CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(read(st));
  }
  return out;
}

// Rows of (id, doctype, name, data).
Result<std::vector<Version>> ReadVersions(Statement& st) {
  std::vector<Version> out;
  while (true) {
    CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    Version v{st.ColumnInt(0), st.ColumnText(1), st.ColumnText(2), nullptr};
    CRIER_ASSIGN_OR_RETURN(v.doc, ParseStoredDoc(st.ColumnText(3)));
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<OutboxMessage>> ReadOutboxRows(Statement& st) {
  return ReadRows(st, ReadOutbox);
}

// Every row of a statement without parameters.
template <typename Read>
auto QueryAll(Connection& c, const std::string& sql, Read read)
    -> Result<std::vector<decltype(read(std::declval<Statement&>()))>> {
  CRIER_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
  return ReadRows(st, read);
}

// The stored text of delivery `name` (store/deliveries.h), found by its row id, or for a name kept
// from before migration 2 by the row's `delivery`.
Result<std::optional<std::string>> FindDelivery(Connection& c, std::string_view name) {
  if (std::optional<std::int64_t> id = DeliveryRowId(name)) {
    CRIER_ASSIGN_OR_RETURN(
        Statement st, c.Prepare("SELECT data FROM webhook_deliveries WHERE id = ?1 AND name = ?2"));
    st.Bind(1, *id).Bind(2, name);
    CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row) return std::optional<std::string>(st.ColumnText(0));
  }
  CRIER_ASSIGN_OR_RETURN(Statement st,
                         c.Prepare("SELECT data FROM webhook_deliveries WHERE id IN (SELECT id "
                                   "FROM outbox WHERE delivery = ?1 AND delivery != '')"));
  st.Bind(1, name);
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(st.ColumnText(0));
}

}  // namespace

Result<std::optional<Json>> GetDoc(Connection& c, std::string_view doctype, std::string_view name) {
  std::optional<std::string> text;
  if (doctype == kDeliveryDoctype) {
    CRIER_ASSIGN_OR_RETURN(text, FindDelivery(c, name));
  } else {
    CRIER_ASSIGN_OR_RETURN(
        Statement st, c.Prepare("SELECT data FROM documents WHERE doctype = ?1 AND name = ?2"));
    st.Bind(1, doctype).Bind(2, name);
    CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row) text = st.ColumnText(0);
  }
  if (!text) return std::optional<Json>();
  CRIER_ASSIGN_OR_RETURN(Json doc, ParseStoredDoc(*text));
  return std::optional<Json>(std::move(doc));
}

Result<bool> DocExists(Connection& c, std::string_view doctype, std::string_view name) {
  if (doctype == kDeliveryDoctype) {
    CRIER_ASSIGN_OR_RETURN(std::optional<std::string> text, FindDelivery(c, name));
    return text.has_value();
  }
  CRIER_ASSIGN_OR_RETURN(Statement st,
                         c.Prepare("SELECT 1 FROM documents WHERE doctype = ?1 AND name = ?2"));
  st.Bind(1, doctype).Bind(2, name);
  return st.Step();
}

Result<std::vector<Json>> ListDocs(Connection& c, const DocQuery& query,
                                   const IndexedField& indexed) {
  CRIER_ASSIGN_OR_RETURN(SqlQuery q, BuildSelect(query, indexed));
  CRIER_ASSIGN_OR_RETURN(Statement st, c.Prepare(q.sql));
  CRIER_RETURN_IF_ERROR(BindAll(st, q.binds));
  std::vector<Json> out;
  while (true) {
    CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    CRIER_ASSIGN_OR_RETURN(Json doc, ParseStoredDoc(st.ColumnText(0)));
    out.push_back(std::move(doc));
  }
  return out;
}

Result<std::int64_t> CountDocs(Connection& c, const DocQuery& query) {
  CRIER_ASSIGN_OR_RETURN(SqlQuery q, BuildCount(query));
  CRIER_ASSIGN_OR_RETURN(Statement st, c.Prepare(q.sql));
  CRIER_RETURN_IF_ERROR(BindAll(st, q.binds));
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnInt(0) : 0;
}

Result<std::vector<std::string>> ListIndexedFields(Connection& c) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents'"));
  std::vector<std::string> out;
  while (true) {
    CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    if (auto f = FirstIndexedField(st.ColumnText(0))) out.push_back(*f);
  }
  return out;
}

Result<QueryPlan> ExplainDocQuery(Connection& c, const DocQuery& query,
                                  const IndexedField& indexed) {
  {
    // EXPLAIN does not check the schema cookie: run a real read first so that a connection that
    // has not seen an index created since its last statement reloads the schema.
    CRIER_ASSIGN_OR_RETURN(Statement touch, c.Prepare("SELECT 1 FROM documents LIMIT 1"));
    CRIER_RETURN_IF_ERROR(touch.Run());
  }
  CRIER_ASSIGN_OR_RETURN(SqlQuery q, BuildSelect(query, indexed));
  CRIER_ASSIGN_OR_RETURN(Statement st, c.Prepare("EXPLAIN QUERY PLAN " + q.sql));
  CRIER_RETURN_IF_ERROR(BindAll(st, q.binds));
  QueryPlan plan;
  while (true) {
    CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    std::string detail = st.ColumnText(3);
    // "SCAN documents" reads every row (in table or index order); "SEARCH ... (doctype=?)" seeks
    // only the doctype, then reads all its documents.
    if (detail.rfind("SCAN documents", 0) == 0) plan.scans_all = true;
    if (detail.rfind("SEARCH documents", 0) == 0 && detail.size() >= 11 &&
        detail.compare(detail.size() - 11, 11, "(doctype=?)") == 0) {
      plan.scans_all = true;
    }
    plan.text += detail + "\n";
  }
  return plan;
}

Result<std::vector<Version>> ListVersions(Connection& c, std::string_view doctype,
                                          std::string_view name) {
  CRIER_ASSIGN_OR_RETURN(Statement st,
                         c.Prepare("SELECT id, doctype, name, data FROM versions WHERE doctype = "
                                   "?1 AND name = ?2 ORDER BY id DESC"));
  st.Bind(1, doctype).Bind(2, name);
  return ReadVersions(st);
}

Result<std::optional<SessionRecord>> GetSession(Connection& c, std::string_view id_hash) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare("SELECT user, created_us, expires_us FROM sessions WHERE id_hash = ?1"));
  st.Bind(1, id_hash);
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(
      SessionRecord{std::string(id_hash), st.ColumnText(0), st.ColumnInt(1), st.ColumnInt(2)});
}

Result<std::optional<ApiKeyRecord>> GetApiKey(Connection& c, std::string_view api_key) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare("SELECT user, secret_hash, created_us FROM api_keys WHERE api_key = ?1"));
  st.Bind(1, api_key);
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<ApiKeyRecord>();
  return std::optional<ApiKeyRecord>(
      ApiKeyRecord{std::string(api_key), st.ColumnText(0), st.ColumnText(1), st.ColumnInt(2)});
}

Result<std::optional<std::string>> GetPasswordHash(Connection& c, std::string_view user) {
  CRIER_ASSIGN_OR_RETURN(Statement st, c.Prepare("SELECT hash FROM passwords WHERE user = ?1"));
  st.Bind(1, user);
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(st.ColumnText(0));
}

Result<std::optional<std::string>> GetSetting(Connection& c, std::string_view key) {
  CRIER_ASSIGN_OR_RETURN(Statement st, c.Prepare("SELECT value FROM settings WHERE key = ?1"));
  st.Bind(1, key);
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(st.ColumnText(0));
}

Result<std::optional<OutboxMessage>> GetOutbox(Connection& c, std::int64_t id) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st, c.Prepare(fmt::format("SELECT {} FROM outbox WHERE id = ?1", kOutboxColumns)));
  st.Bind(1, id);
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<OutboxMessage>();
  return std::optional<OutboxMessage>(ReadOutbox(st));
}

Result<std::vector<OutboxMessage>> ListOutbox(Connection& c, std::string_view status,
                                              std::int64_t limit) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare(fmt::format("SELECT {} FROM outbox WHERE ?1 = '' OR status = ?1 ORDER BY id "
                            "LIMIT ?2",
                            kOutboxColumns)));
  st.Bind(1, status).Bind(2, limit);
  return ReadOutboxRows(st);
}

Result<std::int64_t> CountOutbox(Connection& c, std::string_view status) {
  CRIER_ASSIGN_OR_RETURN(Statement st,
                         c.Prepare("SELECT COUNT(*) FROM outbox WHERE ?1 = '' OR status = ?1"));
  st.Bind(1, status);
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnInt(0) : 0;
}

Result<bool> LedgerContains(Connection& c, std::string_view notification, std::string_view doctype,
                            std::string_view docname, std::string_view reference_date) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare("SELECT 1 FROM scheduler_ledger WHERE notification = ?1 AND document_type = ?2 "
                "AND document_name = ?3 AND reference_date = ?4"));
  st.Bind(1, notification).Bind(2, doctype).Bind(3, docname).Bind(4, reference_date);
  return st.Step();
}

namespace {

// Binds the row to ?1..?8: doctype, name, docstatus, owner, creation, modified, modified_by, data.
void BindDocRow(Statement& st, const DocRow& row) {
  st.Bind(1, row.doctype)
      .Bind(2, row.name)
      .Bind(3, row.docstatus)
      .Bind(4, row.owner)
      .Bind(5, row.creation)
      .Bind(6, row.modified)
      .Bind(7, row.modified_by)
      .Bind(8, row.data);
}

}  // namespace

Result<std::vector<std::string>> ListDoctypes(Connection& c) {
  return QueryAll(c, "SELECT DISTINCT doctype FROM documents ORDER BY doctype",
                  [](Statement& st) { return st.ColumnText(0); });
}

Result<std::vector<std::vector<std::string>>> ListFieldIndexes(Connection& c) {
  CRIER_ASSIGN_OR_RETURN(
      std::vector<std::string> names,
      QueryAll(c,
               "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' "
               "ORDER BY name",
               [](Statement& st) { return st.ColumnText(0); }));
  std::vector<std::vector<std::string>> out;
  for (const std::string& name : names) {
    std::vector<std::string> fields = IndexedFieldList(name);
    if (!fields.empty()) out.push_back(std::move(fields));
  }
  return out;
}

Result<std::vector<Version>> ListVersionsAfter(Connection& c, std::int64_t after_id,
                                               std::int64_t limit) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare("SELECT id, doctype, name, data FROM versions WHERE id > ?1 ORDER BY id LIMIT ?2"));
  st.Bind(1, after_id).Bind(2, limit);
  return ReadVersions(st);
}

Result<std::vector<SeriesCounter>> ListSeries(Connection& c) {
  return QueryAll(c, "SELECT name, current FROM series ORDER BY name", [](Statement& st) {
    return SeriesCounter{st.ColumnText(0), st.ColumnInt(1)};
  });
}

Result<std::vector<Setting>> ListSettings(Connection& c) {
  return QueryAll(c, "SELECT key, value FROM settings ORDER BY key", [](Statement& st) {
    return Setting{st.ColumnText(0), st.ColumnText(1)};
  });
}

Result<std::vector<PasswordRecord>> ListPasswordHashes(Connection& c) {
  return QueryAll(c, "SELECT user, hash FROM passwords ORDER BY user", [](Statement& st) {
    return PasswordRecord{st.ColumnText(0), st.ColumnText(1)};
  });
}

Result<std::vector<ApiKeyRecord>> ListApiKeys(Connection& c) {
  return QueryAll(
      c, "SELECT api_key, user, secret_hash, created_us FROM api_keys ORDER BY api_key",
      [](Statement& st) {
        return ApiKeyRecord{st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnInt(3)};
      });
}

Result<std::vector<SessionRecord>> ListSessions(Connection& c) {
  return QueryAll(
      c, "SELECT id_hash, user, created_us, expires_us FROM sessions ORDER BY id_hash",
      [](Statement& st) {
        return SessionRecord{st.ColumnText(0), st.ColumnText(1), st.ColumnInt(2), st.ColumnInt(3)};
      });
}

Result<std::vector<OutboxMessage>> ListOutboxAfter(Connection& c, std::int64_t after_id,
                                                   std::int64_t limit) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare(
          fmt::format("SELECT {} FROM outbox WHERE id > ?1 ORDER BY id LIMIT ?2", kOutboxColumns)));
  st.Bind(1, after_id).Bind(2, limit);
  return ReadOutboxRows(st);
}

Result<std::vector<LedgerEntry>> ListLedger(Connection& c, const std::optional<LedgerEntry>& after,
                                            std::int64_t limit) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare("SELECT notification, document_type, document_name, reference_date, recorded_us "
                "FROM scheduler_ledger WHERE ?1 = 0 OR (notification, document_type, "
                "document_name, reference_date) > (?2, ?3, ?4, ?5) ORDER BY notification, "
                "document_type, document_name, reference_date LIMIT ?6"));
  LedgerEntry from = after.value_or(LedgerEntry{});
  st.Bind(1, after ? 1 : 0)
      .Bind(2, from.notification)
      .Bind(3, from.doctype)
      .Bind(4, from.docname)
      .Bind(5, from.reference_date)
      .Bind(6, limit);
  return ReadRows(st, [](Statement& s) {
    return LedgerEntry{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                       s.ColumnInt(4)};
  });
}

Status InsertDoc(Connection& c, const Json& doc) {
  CRIER_ASSIGN_OR_RETURN(DocRow row, ToDocRow(doc));
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare("INSERT INTO documents (doctype, name, docstatus, owner, creation, modified, "
                "modified_by, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  BindDocRow(st, row);
  Status s = st.Run();
  if (s.code() == StatusCode::kConflict) {
    return Conflict(fmt::format("{} {} already exists", row.doctype, row.name), "name");
  }
  return s;
}

Status UpdateDoc(Connection& c, const Json& doc, std::string_view expected_modified) {
  CRIER_ASSIGN_OR_RETURN(DocRow row, ToDocRow(doc));
  {
    CRIER_ASSIGN_OR_RETURN(
        Statement st,
        c.Prepare(
            "UPDATE documents SET docstatus = ?3, owner = ?4, creation = ?5, modified = ?6, "
            "modified_by = ?7, data = ?8 WHERE doctype = ?1 AND name = ?2 AND modified = ?9"));
    BindDocRow(st, row);
    st.Bind(9, expected_modified);
    CRIER_RETURN_IF_ERROR(st.Run());
  }
  if (c.Changes() == 1) return Status::Ok();
  CRIER_ASSIGN_OR_RETURN(bool exists, DocExists(c, row.doctype, row.name));
  if (!exists) return NotFound(fmt::format("{} {} not found", row.doctype, row.name));
  return Conflict(fmt::format("{} {} has been modified after you opened it; reload it and retry",
                              row.doctype, row.name),
                  "modified");
}

Status DeleteDoc(Connection& c, std::string_view doctype, std::string_view name) {
  {
    CRIER_ASSIGN_OR_RETURN(Statement st,
                           c.Prepare("DELETE FROM documents WHERE doctype = ?1 AND name = ?2"));
    st.Bind(1, doctype).Bind(2, name);
    CRIER_RETURN_IF_ERROR(st.Run());
  }
  if (c.Changes() == 0) return NotFound(fmt::format("{} {} not found", doctype, name));
  return Status::Ok();
}

Status AddVersion(Connection& c, const Json& previous) {
  CRIER_ASSIGN_OR_RETURN(DocRow row, ToDocRow(previous));
  return RunSql(c, "INSERT INTO versions (doctype, name, data) VALUES (?1, ?2, ?3)", row.doctype,
                row.name, row.data);
}

Status EnsureFieldIndex(Connection& c, const std::vector<std::string>& fields,
                        const std::unordered_set<std::string>& known) {
  CRIER_RETURN_IF_ERROR(CheckIndexFields(fields));
  if (known.count(FieldIndexName(fields))) return Status::Ok();
  return c.Exec(FieldIndexSql(fields));
}

Result<std::int64_t> NextSeriesValue(Connection& c, std::string_view key) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare("INSERT INTO series (name, current) VALUES (?1, 1) ON CONFLICT (name) DO UPDATE "
                "SET current = current + 1 RETURNING current"));
  st.Bind(1, key);
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Internal("naming series returned no value");
  std::int64_t v = st.ColumnInt(0);
  CRIER_RETURN_IF_ERROR(st.Run());  // Finish the statement so that the write completes.
  return v;
}

Status PutSession(Connection& c, const SessionRecord& s) {
  return RunSql(c,
                "INSERT OR REPLACE INTO sessions (id_hash, user, created_us, expires_us) "
                "VALUES (?1, ?2, ?3, ?4)",
                s.id_hash, s.user, s.created_us, s.expires_us);
}

Status DeleteSession(Connection& c, std::string_view id_hash) {
  return RunSql(c, "DELETE FROM sessions WHERE id_hash = ?1", id_hash);
}

Status DeleteSessionsOfUser(Connection& c, std::string_view user) {
  return RunSql(c, "DELETE FROM sessions WHERE user = ?1", user);
}

Status DeleteExpiredSessions(Connection& c, std::int64_t now_us) {
  return RunSql(c, "DELETE FROM sessions WHERE expires_us <= ?1", now_us);
}

Status PutApiKey(Connection& c, const ApiKeyRecord& k) {
  return RunSql(c,
                "INSERT OR REPLACE INTO api_keys (api_key, user, secret_hash, created_us) "
                "VALUES (?1, ?2, ?3, ?4)",
                k.api_key, k.user, k.secret_hash, k.created_us);
}

Status DeleteApiKeysOfUser(Connection& c, std::string_view user) {
  return RunSql(c, "DELETE FROM api_keys WHERE user = ?1", user);
}

Status SetPasswordHash(Connection& c, std::string_view user, std::string_view hash) {
  return RunSql(c, "INSERT OR REPLACE INTO passwords (user, hash) VALUES (?1, ?2)", user, hash);
}

Status DeleteCredentialsOfUser(Connection& c, std::string_view user) {
  CRIER_RETURN_IF_ERROR(DeleteSessionsOfUser(c, user));
  CRIER_RETURN_IF_ERROR(DeleteApiKeysOfUser(c, user));
  return RunSql(c, "DELETE FROM passwords WHERE user = ?1", user);
}

Status SetSetting(Connection& c, std::string_view key, std::string_view value) {
  return RunSql(c, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)", key, value);
}

namespace {

// Runs the INSERT of `messages` (at most kOutboxRowsPerInsert).
Status InsertOutboxRows(Connection& c, std::span<const OutboxMessage> messages) {
  CRIER_ASSIGN_OR_RETURN(Statement st, c.Prepare(OutboxInsertSql(messages.size(), '?')));
  int index = 0;
  for (const OutboxMessage& m : messages) {
    ForEachOutboxInsertValue(m, [&](const auto& value) { st.Bind(++index, value); });
  }
  return st.Run();
}

}  // namespace

Result<std::int64_t> EnqueueOutbox(Connection& c, const OutboxMessage& m) {
  CRIER_RETURN_IF_ERROR(InsertOutboxRows(c, std::span(&m, 1)));
  return c.LastInsertRowId();
}

Status EnqueueOutboxRows(Connection& c, std::span<const OutboxMessage> messages) {
  for (size_t start = 0; start < messages.size(); start += kOutboxRowsPerInsert) {
    const size_t rows = std::min(kOutboxRowsPerInsert, messages.size() - start);
    CRIER_RETURN_IF_ERROR(InsertOutboxRows(c, messages.subspan(start, rows)));
  }
  return Status::Ok();
}

Result<std::vector<OutboxMessage>> ClaimOutbox(Connection& c, std::string_view owner,
                                               std::int64_t now_us, std::int64_t lease_until_us,
                                               std::int64_t limit) {
  std::vector<OutboxMessage> claimed;
  {
    // Due messages, skipping any queue whose older message waits for a later attempt or is
    // held under a live lease: a worker never overtakes a message still to be sent. Each queue's
    // first such message is found once (`blocked`), so a claim costs one pass over the pending
    // rows however long a backlog grows (a correlated NOT EXISTS was quadratic in it).
    CRIER_ASSIGN_OR_RETURN(
        Statement st,
        c.Prepare(fmt::format(
            "WITH blocked AS (SELECT queue, MIN(id) AS first_id FROM outbox WHERE "
            "status IN ('queued', 'sending') AND ((status = 'queued' AND next_attempt_us > ?1) OR "
            "(status = 'sending' AND lease_until_us > ?1)) GROUP BY queue) "
            "SELECT {} FROM outbox o LEFT JOIN blocked b ON b.queue = o.queue "
            "WHERE o.status IN ('queued', 'sending') AND "
            "((o.status = 'queued' AND o.next_attempt_us <= ?1) OR "
            "(o.status = 'sending' AND o.lease_until_us <= ?1)) AND "
            "(b.first_id IS NULL OR o.id < b.first_id) ORDER BY o.id LIMIT ?2",
            kOutboxColumnsOfO)));
    st.Bind(1, now_us).Bind(2, limit);
    CRIER_ASSIGN_OR_RETURN(claimed, ReadOutboxRows(st));
  }
  CRIER_ASSIGN_OR_RETURN(
      Statement up,
      c.Prepare("UPDATE outbox SET status = 'sending', lease_owner = ?2, lease_until_us = ?3, "
                "attempts = attempts + 1 WHERE id = ?1"));
  for (OutboxMessage& m : claimed) {
    up.Reset();
    up.Bind(1, m.id).Bind(2, owner).Bind(3, lease_until_us);
    CRIER_RETURN_IF_ERROR(up.Run());
    m.status = "sending";
    m.lease_owner = std::string(owner);
    m.lease_until_us = lease_until_us;
    m.attempts += 1;
  }
  return claimed;
}

Status UpdateOutbox(Connection& c, const OutboxMessage& m) {
  CRIER_RETURN_IF_ERROR(
      RunSql(c,
             "UPDATE outbox SET status = ?2, attempts = ?3, next_attempt_us = ?4, "
             "last_status = ?5, last_error = ?6, lease_owner = '', lease_until_us = 0, "
             "created_us = ?7, modified = ?8, next_attempt = ?9, delivered_at = ?10, "
             "latency_ms = ?11 WHERE id = ?1",
             m.id, m.status, m.attempts, m.next_attempt_us, m.last_status, m.last_error,
             m.created_us, m.modified, m.next_attempt, m.delivered_at, m.latency_ms));
  if (c.Changes() == 0) return NotFound(fmt::format("outbox message {} not found", m.id));
  return Status::Ok();
}

Status ImportVersion(Connection& c, const Version& v) {
  return RunSql(c, "INSERT INTO versions (id, doctype, name, data) VALUES (?1, ?2, ?3, ?4)", v.id,
                v.doctype, v.name, DumpJson(v.doc));
}

Status ImportOutbox(Connection& c, const OutboxMessage& m) {
  CRIER_ASSIGN_OR_RETURN(
      Statement st,
      c.Prepare(fmt::format("INSERT INTO outbox ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                            "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
                            kOutboxColumns)));
  st.Bind(1, m.id)
      .Bind(2, m.queue)
      .Bind(3, m.channel)
      .Bind(4, m.payload)
      .Bind(5, m.status)
      .Bind(6, m.attempts)
      .Bind(7, m.created_us)
      .Bind(8, m.next_attempt_us)
      .Bind(9, m.lease_owner)
      .Bind(10, m.lease_until_us)
      .Bind(11, m.last_status)
      .Bind(12, m.last_error)
      .Bind(13, m.reference_doctype)
      .Bind(14, m.reference_name)
      .Bind(15, m.notification)
      .Bind(16, m.service)
      .Bind(17, m.owner)
      .Bind(18, m.creation)
      .Bind(19, m.modified)
      .Bind(20, m.next_attempt)
      .Bind(21, m.delivered_at)
      .Bind(22, m.latency_ms)
      .Bind(23, m.delivery);
  return st.Run();
}

Status SetSeriesValue(Connection& c, std::string_view key, std::int64_t value) {
  return RunSql(c,
                "INSERT INTO series (name, current) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE "
                "SET current = excluded.current",
                key, value);
}

Result<bool> RecordLedger(Connection& c, std::string_view notification, std::string_view doctype,
                          std::string_view docname, std::string_view reference_date,
                          std::int64_t now_us) {
  {
    CRIER_ASSIGN_OR_RETURN(
        Statement st,
        c.Prepare("INSERT OR IGNORE INTO scheduler_ledger (notification, document_type, "
                  "document_name, reference_date, recorded_us) VALUES (?1, ?2, ?3, ?4, ?5)"));
    st.Bind(1, notification)
        .Bind(2, doctype)
        .Bind(3, docname)
        .Bind(4, reference_date)
        .Bind(5, now_us);
    CRIER_RETURN_IF_ERROR(st.Run());
  }
  return c.Changes() == 1;
}

}  // namespace crier::sqlite::ops
