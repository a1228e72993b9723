// SQL for every store operation on PostgreSQL.
#include "store/postgres/ops.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iterator>

#include "store/deliveries.h"
#include "store/doc_row.h"
#include "store/outbox_insert.h"
#include "store/postgres/sql_builder.h"

namespace crier::pg::ops {
namespace {

constexpr const char* kOutboxColumns =
    "id, queue, channel, payload, status, attempts, created_us, next_attempt_us, lease_owner, "
    "lease_until_us, last_status, last_error, reference_doctype, reference_name, notification, "
    "service, owner, creation, modified, next_attempt, delivered_at, latency_ms, delivery";

OutboxMessage ReadOutbox(const Rows& r, int i) {
  OutboxMessage m;
  m.id = r.Int(i, 0);
  m.queue = r.Text(i, 1);
  m.channel = r.Text(i, 2);
  m.payload = r.Text(i, 3);
  m.status = r.Text(i, 4);
  m.attempts = static_cast<int>(r.Int(i, 5));
  m.created_us = r.Int(i, 6);
  m.next_attempt_us = r.Int(i, 7);
  m.lease_owner = r.Text(i, 8);
  m.lease_until_us = r.Int(i, 9);
  m.last_status = static_cast<int>(r.Int(i, 10));
  m.last_error = r.Text(i, 11);
  m.reference_doctype = r.Text(i, 12);
  m.reference_name = r.Text(i, 13);
  m.notification = r.Text(i, 14);
  m.service = r.Text(i, 15);
  m.owner = r.Text(i, 16);
  m.creation = r.Text(i, 17);
  m.modified = r.Text(i, 18);
  m.next_attempt = r.Text(i, 19);
  m.delivered_at = r.Text(i, 20);
  m.latency_ms = std::strtod(r.Text(i, 21).c_str(), nullptr);
  m.delivery = r.Text(i, 22);
  return m;
}

// Every row of `rows`, each read by `read(rows, i)`.
template <typename Read>
auto ReadAll(const Rows& rows, Read read) -> std::vector<decltype(read(rows, 0))> {
  std::vector<decltype(read(rows, 0))> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back(read(rows, i));
  return out;
}

Result<std::vector<Json>> ReadDocs(const Rows& rows, int col) {
  std::vector<Json> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    CRIER_ASSIGN_OR_RETURN(Json doc, ParseStoredDoc(rows.Text(i, col)));
    out.push_back(std::move(doc));
  }
  return out;
}

Result<std::vector<Version>> ReadVersions(const Rows& rows) {
  std::vector<Version> out;
  for (int i = 0; i < rows.size(); ++i) {
    Version v{rows.Int(i, 0), rows.Text(i, 1), rows.Text(i, 2), nullptr};
    CRIER_ASSIGN_OR_RETURN(v.doc, ParseStoredDoc(rows.Text(i, 3)));
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<Param> Params(const SqlQuery& q) {
  std::vector<Param> params;
  params.reserve(q.binds.size());
  for (const Json& b : q.binds) params.push_back(ToParam(b));
  return params;
}

// PostgreSQL text cannot hold U+0000: refusing it here keeps the transaction usable (the server
// would abort it).
bool HoldsNul(const Json& j) {
  if (j.is_string()) return j.get_ref<const std::string&>().find('\0') != std::string::npos;
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key.find('\0') != std::string::npos || HoldsNul(value)) return true;
    }
  }
  if (j.is_array())
    return std::any_of(j.begin(), j.end(), [](const Json& v) { return HoldsNul(v); });
  return false;
}

Result<DocRow> ToPgDocRow(const Json& doc) {
  CRIER_ASSIGN_OR_RETURN(DocRow row, ToDocRow(doc));
  if (HoldsNul(doc)) {
    return InvalidArgument(
        fmt::format("{} {}: PostgreSQL cannot store the character U+0000", row.doctype, row.name));
  }
  return row;
}

// A text[] literal, for `= ANY($n::text[])`.
std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const std::string& v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char ch : v) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

// A LIMIT value: a negative limit means none, as in SQLite (PostgreSQL refuses it; NULL is none).
Param Limit(std::int64_t limit) {
  return limit < 0 ? Param() : ToParam(limit);
}

template <typename... Args>
Status RunSql(Connection& c, const std::string& sql, const Args&... args) {
  return c.Run(sql, args...).status();
}

template <typename T, typename Read>
Result<std::optional<T>> FirstRow(Result<Rows> rows, Read read) {
  if (!rows.ok()) return rows.status();
  if (rows->size() == 0) return std::optional<T>();
  return std::optional<T>(read(*rows, 0));
}

// A message that may be claimed now (queued and due, or sending under an expired lease), and the
// older messages of its queue that hold it back: waiting for a later attempt, or under a live
// lease. $1 is now.
// Each queue's first message that holds the rest back (waiting for a later attempt, or under a
// live lease), found once per claim so that a claim costs one pass over the pending rows however
// long a backlog grows (a correlated NOT EXISTS was quadratic in it). `{}`: an extra condition.
constexpr const char* kBlocked =
    "blocked AS (SELECT queue, MIN(id) AS first_id FROM outbox WHERE "
    "status IN ('queued', 'sending') AND ((status = 'queued' AND next_attempt_us > $1) OR "
    "(status = 'sending' AND lease_until_us > $1)){} GROUP BY queue)";
// Due messages of `outbox o LEFT JOIN blocked b ON b.queue = o.queue` that no older message of
// their queue holds back: a worker never overtakes a message still to be sent.
constexpr const char* kDue =
    "o.status IN ('queued', 'sending') AND ((o.status = 'queued' AND o.next_attempt_us <= $1) OR "
    "(o.status = 'sending' AND o.lease_until_us <= $1)) AND "
    "(b.first_id IS NULL OR o.id < b.first_id)";

// The rows (data) of delivery `name` (store/deliveries.h): found by its row id, or for a name kept
// from before migration 2 by the row's `delivery`.
Result<Rows> FindDelivery(Connection& c, std::string_view name) {
  if (std::optional<std::int64_t> id = DeliveryRowId(name)) {
    CRIER_ASSIGN_OR_RETURN(
        Rows rows,
        c.Run("SELECT data FROM webhook_deliveries WHERE id = $1 AND name = $2", *id, name));
    if (rows.size() > 0) return rows;
  }
  return c.Run(
      "SELECT data FROM webhook_deliveries WHERE id IN (SELECT id FROM outbox WHERE delivery = "
      "$1 AND delivery <> '')",
      name);
}

Result<Rows> FindDoc(Connection& c, std::string_view doctype, std::string_view name) {
  if (doctype == kDeliveryDoctype) return FindDelivery(c, name);
  return c.Run("SELECT data FROM documents WHERE doctype = $1 AND name = $2", doctype, name);
}

}  // namespace

Result<std::optional<Json>> GetDoc(Connection& c, std::string_view doctype, std::string_view name) {
  CRIER_ASSIGN_OR_RETURN(Rows rows, FindDoc(c, doctype, name));
  if (rows.size() == 0) return std::optional<Json>();
  CRIER_ASSIGN_OR_RETURN(Json doc, ParseStoredDoc(rows.Text(0, 0)));
  return std::optional<Json>(std::move(doc));
}

Result<bool> DocExists(Connection& c, std::string_view doctype, std::string_view name) {
  if (doctype == kDeliveryDoctype) {
    CRIER_ASSIGN_OR_RETURN(Rows rows, FindDelivery(c, name));
    return rows.size() > 0;
  }
  CRIER_ASSIGN_OR_RETURN(
      Rows rows, c.Run("SELECT 1 FROM documents WHERE doctype = $1 AND name = $2", doctype, name));
  return rows.size() > 0;
}

Result<std::vector<Json>> ListDocs(Connection& c, const DocQuery& query) {
  CRIER_ASSIGN_OR_RETURN(SqlQuery q, BuildSelect(query));
  CRIER_ASSIGN_OR_RETURN(Rows rows, c.Query(q.sql, Params(q)));
  return ReadDocs(rows, 0);
}

Result<std::int64_t> CountDocs(Connection& c, const DocQuery& query) {
  CRIER_ASSIGN_OR_RETURN(SqlQuery q, BuildCount(query));
  CRIER_ASSIGN_OR_RETURN(Rows rows, c.Query(q.sql, Params(q)));
  return rows.Int(0, 0);
}

Result<QueryPlan> ExplainDocQuery(Connection& c, const DocQuery& query) {
  CRIER_ASSIGN_OR_RETURN(SqlQuery q, BuildSelect(query));
  // The plan for a table too large to scan: whether an index can serve the query (store.h).
  CRIER_RETURN_IF_ERROR(c.Exec("SAVEPOINT crier_explain; SET LOCAL enable_seqscan = off"));
  Result<Rows> rows = c.Query("EXPLAIN (COSTS OFF) " + q.sql, Params(q));
  CRIER_RETURN_IF_ERROR(c.Exec("ROLLBACK TO SAVEPOINT crier_explain; RELEASE crier_explain"));
  if (!rows.ok()) return rows.status();
  QueryPlan plan;
  for (int i = 0; i < rows->size(); ++i) plan.text += rows->Text(i, 0) + "\n";
  plan.scans_all = PlanScansAll(plan.text, query.doctype);
  return plan;
}

Result<std::vector<Version>> ListVersions(Connection& c, std::string_view doctype,
                                          std::string_view name) {
  CRIER_ASSIGN_OR_RETURN(Rows rows, c.Run("SELECT id, doctype, name, data FROM versions WHERE "
                                          "doctype = $1 AND name = $2 ORDER BY id DESC",
                                          doctype, name));
  return ReadVersions(rows);
}

Result<std::optional<SessionRecord>> GetSession(Connection& c, std::string_view id_hash) {
  return FirstRow<SessionRecord>(
      c.Run("SELECT id_hash, user_name, created_us, expires_us FROM sessions WHERE id_hash = $1",
            id_hash),
      [](const Rows& r, int i) {
        return SessionRecord{r.Text(i, 0), r.Text(i, 1), r.Int(i, 2), r.Int(i, 3)};
      });
}

Result<std::optional<ApiKeyRecord>> GetApiKey(Connection& c, std::string_view api_key) {
  return FirstRow<ApiKeyRecord>(
      c.Run("SELECT api_key, user_name, secret_hash, created_us FROM api_keys WHERE api_key = $1",
            api_key),
      [](const Rows& r, int i) {
        return ApiKeyRecord{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Int(i, 3)};
      });
}

Result<std::optional<std::string>> GetPasswordHash(Connection& c, std::string_view user) {
  return FirstRow<std::string>(c.Run("SELECT hash FROM passwords WHERE user_name = $1", user),
                               [](const Rows& r, int i) { return r.Text(i, 0); });
}

Result<std::optional<std::string>> GetSetting(Connection& c, std::string_view key) {
  return FirstRow<std::string>(c.Run("SELECT value FROM settings WHERE key = $1", key),
                               [](const Rows& r, int i) { return r.Text(i, 0); });
}

Result<std::optional<OutboxMessage>> GetOutbox(Connection& c, std::int64_t id) {
  return FirstRow<OutboxMessage>(
      c.Run(fmt::format("SELECT {} FROM outbox WHERE id = $1", kOutboxColumns), id), ReadOutbox);
}

Result<std::vector<OutboxMessage>> ListOutbox(Connection& c, std::string_view status,
                                              std::int64_t limit) {
  CRIER_ASSIGN_OR_RETURN(
      Rows rows, c.Run(fmt::format("SELECT {} FROM outbox WHERE $1 = '' OR status = $1 ORDER BY "
                                   "id LIMIT $2",
                                   kOutboxColumns),
                       status, Limit(limit)));
  return ReadAll(rows, ReadOutbox);
}

Result<std::int64_t> CountOutbox(Connection& c, std::string_view status) {
  CRIER_ASSIGN_OR_RETURN(Rows rows,
                         c.Run("SELECT COUNT(*) FROM outbox WHERE $1 = '' OR status = $1", status));
  return rows.Int(0, 0);
}

Result<bool> LedgerContains(Connection& c, std::string_view notification, std::string_view doctype,
                            std::string_view docname, std::string_view reference_date) {
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run("SELECT 1 FROM scheduler_ledger WHERE notification = $1 AND document_type = $2 AND "
            "document_name = $3 AND reference_date = $4",
            notification, doctype, docname, reference_date));
  return rows.size() > 0;
}

Result<std::vector<std::string>> ListDoctypes(Connection& c) {
  CRIER_ASSIGN_OR_RETURN(Rows rows,
                         c.Run("SELECT DISTINCT doctype FROM documents ORDER BY doctype"));
  return ReadAll(rows, [](const Rows& r, int i) { return r.Text(i, 0); });
}

Result<std::vector<std::vector<std::string>>> ListFieldIndexes(Connection& c) {
  CRIER_ASSIGN_OR_RETURN(
      Rows rows, c.Run("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class t ON "
                       "t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid WHERE t.oid = "
                       "'documents'::regclass ORDER BY x.relname COLLATE \"C\""));
  std::vector<std::vector<std::string>> out;
  for (int i = 0; i < rows.size(); ++i) {
    std::vector<std::string> fields = IndexedFields(rows.Text(i, 0));
    if (!fields.empty()) out.push_back(std::move(fields));
  }
  return out;
}

Result<std::vector<Version>> ListVersionsAfter(Connection& c, std::int64_t after_id,
                                               std::int64_t limit) {
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run("SELECT id, doctype, name, data FROM versions WHERE id > $1 ORDER BY id LIMIT $2",
            after_id, Limit(limit)));
  return ReadVersions(rows);
}

Result<std::vector<SeriesCounter>> ListSeries(Connection& c) {
  CRIER_ASSIGN_OR_RETURN(Rows rows, c.Run("SELECT name, current FROM series ORDER BY name"));
  return ReadAll(rows, [](const Rows& r, int i) {
    return SeriesCounter{r.Text(i, 0), r.Int(i, 1)};
  });
}

Result<std::vector<Setting>> ListSettings(Connection& c) {
  CRIER_ASSIGN_OR_RETURN(Rows rows, c.Run("SELECT key, value FROM settings ORDER BY key"));
  return ReadAll(rows, [](const Rows& r, int i) { return Setting{r.Text(i, 0), r.Text(i, 1)}; });
}

Result<std::vector<PasswordRecord>> ListPasswordHashes(Connection& c) {
  CRIER_ASSIGN_OR_RETURN(Rows rows,
                         c.Run("SELECT user_name, hash FROM passwords ORDER BY user_name"));
  return ReadAll(rows, [](const Rows& r, int i) {
    return PasswordRecord{r.Text(i, 0), r.Text(i, 1)};
  });
}

Result<std::vector<ApiKeyRecord>> ListApiKeys(Connection& c) {
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run("SELECT api_key, user_name, secret_hash, created_us FROM api_keys ORDER BY api_key"));
  return ReadAll(rows, [](const Rows& r, int i) {
    return ApiKeyRecord{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Int(i, 3)};
  });
}

Result<std::vector<SessionRecord>> ListSessions(Connection& c) {
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run("SELECT id_hash, user_name, created_us, expires_us FROM sessions ORDER BY id_hash"));
  return ReadAll(rows, [](const Rows& r, int i) {
    return SessionRecord{r.Text(i, 0), r.Text(i, 1), r.Int(i, 2), r.Int(i, 3)};
  });
}

Result<std::vector<OutboxMessage>> ListOutboxAfter(Connection& c, std::int64_t after_id,
                                                   std::int64_t limit) {
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run(fmt::format("SELECT {} FROM outbox WHERE id > $1 ORDER BY id LIMIT $2", kOutboxColumns),
            after_id, Limit(limit)));
  return ReadAll(rows, ReadOutbox);
}

Result<std::vector<LedgerEntry>> ListLedger(Connection& c, const std::optional<LedgerEntry>& after,
                                            std::int64_t limit) {
  LedgerEntry from = after.value_or(LedgerEntry{});
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run("SELECT notification, document_type, document_name, reference_date, recorded_us FROM "
            "scheduler_ledger WHERE $1 = 0 OR (notification, document_type, document_name, "
            "reference_date) > ($2, $3, $4, $5) ORDER BY notification, document_type, "
            "document_name, reference_date LIMIT $6",
            after ? 1 : 0, from.notification, from.doctype, from.docname, from.reference_date,
            Limit(limit)));
  return ReadAll(rows, [](const Rows& r, int i) {
    return LedgerEntry{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Int(i, 4)};
  });
}

Status InsertDoc(Connection& c, const Json& doc) {
  CRIER_ASSIGN_OR_RETURN(DocRow row, ToPgDocRow(doc));
  // ON CONFLICT DO NOTHING: a duplicate name is an answer, not an error that aborts the
  // transaction.
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run("INSERT INTO documents (doctype, name, docstatus, owner, creation, modified, "
            "modified_by, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) "
            "ON CONFLICT (doctype, name) DO NOTHING",
            row.doctype, row.name, row.docstatus, row.owner, row.creation, row.modified,
            row.modified_by, row.data));
  if (rows.affected() == 0) {
    return Conflict(fmt::format("{} {} already exists", row.doctype, row.name), "name");
  }
  return Status::Ok();
}

Status UpdateDoc(Connection& c, const Json& doc, std::string_view expected_modified) {
  CRIER_ASSIGN_OR_RETURN(DocRow row, ToPgDocRow(doc));
  // Under READ COMMITTED an update racing another node's waits for it, then rechecks `modified`
  // on the row that node committed: the loser sees a conflict.
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run("UPDATE documents SET docstatus = $3, owner = $4, creation = $5, modified = $6, "
            "modified_by = $7, data = $8::jsonb WHERE doctype = $1 AND name = $2 AND modified = $9",
            row.doctype, row.name, row.docstatus, row.owner, row.creation, row.modified,
            row.modified_by, row.data, expected_modified));
  if (rows.affected() == 1) return Status::Ok();
  CRIER_ASSIGN_OR_RETURN(bool exists, DocExists(c, row.doctype, row.name));
  if (!exists) return NotFound(fmt::format("{} {} not found", row.doctype, row.name));
  return Conflict(fmt::format("{} {} has been modified after you opened it; reload it and retry",
                              row.doctype, row.name),
                  "modified");
}

Status DeleteDoc(Connection& c, std::string_view doctype, std::string_view name) {
  CRIER_ASSIGN_OR_RETURN(
      Rows rows, c.Run("DELETE FROM documents WHERE doctype = $1 AND name = $2", doctype, name));
  if (rows.affected() == 0) return NotFound(fmt::format("{} {} not found", doctype, name));
  return Status::Ok();
}

Status AddVersion(Connection& c, const Json& previous) {
  CRIER_ASSIGN_OR_RETURN(DocRow row, ToPgDocRow(previous));
  return RunSql(c, "INSERT INTO versions (doctype, name, data) VALUES ($1, $2, $3::jsonb)",
                row.doctype, row.name, row.data);
}

Status EnsureFieldIndex(Connection& c, const std::vector<std::string>& fields,
                        std::int64_t ddl_lock) {
  CRIER_RETURN_IF_ERROR(CheckIndexFields(fields));
  std::string name = FieldIndexName(fields);
  CRIER_RETURN_IF_ERROR(RunSql(c, "SELECT pg_advisory_xact_lock($1::bigint)", ddl_lock));
  // CREATE INDEX locks documents against writes until commit even when the index exists: look
  // in the catalog first.
  CRIER_ASSIGN_OR_RETURN(
      Rows exists, c.Run("SELECT 1 FROM pg_class WHERE relname = $1 AND relnamespace = "
                         "(SELECT relnamespace FROM pg_class WHERE oid = 'documents'::regclass)",
                         name.substr(1, name.size() - 2)));
  if (exists.size() > 0) return Status::Ok();
  return c.Exec(FieldIndexSql(fields));
}

Result<std::int64_t> NextSeriesValue(Connection& c, std::string_view key) {
  // The row lock of the upsert makes a second node's increment wait for this transaction and
  // then see its value: no value is handed out twice, whatever the number of nodes.
  CRIER_ASSIGN_OR_RETURN(
      Rows rows, c.Run("INSERT INTO series (name, current) VALUES ($1, 1) ON CONFLICT (name) DO "
                       "UPDATE SET current = series.current + 1 RETURNING current",
                       key));
  if (rows.size() != 1) return Internal("naming series returned no value");
  return rows.Int(0, 0);
}

Status SetSeriesValue(Connection& c, std::string_view key, std::int64_t value) {
  return RunSql(c,
                "INSERT INTO series (name, current) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE "
                "SET current = EXCLUDED.current",
                key, value);
}

Status PutSession(Connection& c, const SessionRecord& s) {
  return RunSql(c,
                "INSERT INTO sessions (id_hash, user_name, created_us, expires_us) VALUES ($1, "
                "$2, $3, $4) ON CONFLICT (id_hash) DO UPDATE SET user_name = EXCLUDED.user_name, "
                "created_us = EXCLUDED.created_us, expires_us = EXCLUDED.expires_us",
                s.id_hash, s.user, s.created_us, s.expires_us);
}

Status DeleteSession(Connection& c, std::string_view id_hash) {
  return RunSql(c, "DELETE FROM sessions WHERE id_hash = $1", id_hash);
}

Status DeleteSessionsOfUser(Connection& c, std::string_view user) {
  return RunSql(c, "DELETE FROM sessions WHERE user_name = $1", user);
}

Status DeleteExpiredSessions(Connection& c, std::int64_t now_us) {
  return RunSql(c, "DELETE FROM sessions WHERE expires_us <= $1", now_us);
}

Status PutApiKey(Connection& c, const ApiKeyRecord& k) {
  return RunSql(c,
                "INSERT INTO api_keys (api_key, user_name, secret_hash, created_us) VALUES ($1, "
                "$2, $3, $4) ON CONFLICT (api_key) DO UPDATE SET user_name = EXCLUDED.user_name, "
                "secret_hash = EXCLUDED.secret_hash, created_us = EXCLUDED.created_us",
                k.api_key, k.user, k.secret_hash, k.created_us);
}

Status DeleteApiKeysOfUser(Connection& c, std::string_view user) {
  return RunSql(c, "DELETE FROM api_keys WHERE user_name = $1", user);
}

Status SetPasswordHash(Connection& c, std::string_view user, std::string_view hash) {
  return RunSql(c,
                "INSERT INTO passwords (user_name, hash) VALUES ($1, $2) ON CONFLICT (user_name) "
                "DO UPDATE SET hash = EXCLUDED.hash",
                user, hash);
}

Status DeleteCredentialsOfUser(Connection& c, std::string_view user) {
  CRIER_RETURN_IF_ERROR(DeleteSessionsOfUser(c, user));
  CRIER_RETURN_IF_ERROR(DeleteApiKeysOfUser(c, user));
  return RunSql(c, "DELETE FROM passwords WHERE user_name = $1", user);
}

Status SetSetting(Connection& c, std::string_view key, std::string_view value) {
  return RunSql(c,
                "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE "
                "SET value = EXCLUDED.value",
                key, value);
}

Status ImportVersion(Connection& c, const Version& v) {
  CRIER_ASSIGN_OR_RETURN(DocRow row, ToPgDocRow(v.doc));
  CRIER_ASSIGN_OR_RETURN(Rows rows,
                         c.Run("INSERT INTO versions (id, doctype, name, data) VALUES ($1, $2, $3, "
                               "$4::jsonb) ON CONFLICT (id) DO NOTHING",
                               v.id, v.doctype, v.name, row.data));
  if (rows.affected() == 0) return Conflict(fmt::format("version {} exists", v.id));
  // Later versions get greater ids (setval is not rolled back: at worst it leaves a gap).
  return RunSql(c,
                "SELECT setval('versions_id_seq', GREATEST($1::bigint, (SELECT last_value FROM "
                "versions_id_seq)))",
                v.id);
}

namespace {

void AddEnqueueParams(const OutboxMessage& m, std::vector<Param>& params) {
  ForEachOutboxInsertValue(m, [&](const auto& value) { params.push_back(ToParam(value)); });
}

}  // namespace

Result<std::int64_t> EnqueueOutbox(Connection& c, const OutboxMessage& m) {
  static const std::string sql = OutboxInsertSql(1, '$') + " RETURNING id";
  std::vector<Param> params;
  AddEnqueueParams(m, params);
  CRIER_ASSIGN_OR_RETURN(Rows rows, c.Query(sql, params));
  return rows.Int(0, 0);
}

Status EnqueueOutboxRows(Connection& c, std::span<const OutboxMessage> messages) {
  for (size_t start = 0; start < messages.size(); start += kOutboxRowsPerInsert) {
    const size_t rows = std::min(kOutboxRowsPerInsert, messages.size() - start);
    std::vector<Param> params;
    params.reserve(rows * kOutboxInsertParams);
    for (size_t r = 0; r < rows; ++r) AddEnqueueParams(messages[start + r], params);
    CRIER_RETURN_IF_ERROR(c.Query(OutboxInsertSql(rows, '$'), params).status());
  }
  return Status::Ok();
}

Status ImportOutbox(Connection& c, const OutboxMessage& m) {
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run(fmt::format("INSERT INTO outbox ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                        "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) ON "
                        "CONFLICT (id) DO NOTHING",
                        kOutboxColumns),
            m.id, m.queue, m.channel, m.payload, m.status, m.attempts, m.created_us,
            m.next_attempt_us, m.lease_owner, m.lease_until_us, m.last_status, m.last_error,
            m.reference_doctype, m.reference_name, m.notification, m.service, m.owner, m.creation,
            m.modified, m.next_attempt, m.delivered_at, Json(m.latency_ms), m.delivery));
  if (rows.affected() == 0) return Conflict(fmt::format("outbox message {} exists", m.id));
  return RunSql(c,
                "SELECT setval('outbox_id_seq', GREATEST($1::bigint, (SELECT last_value FROM "
                "outbox_id_seq)))",
                m.id);
}

Result<std::vector<OutboxMessage>> ClaimOutbox(Connection& c, std::string_view owner,
                                               std::int64_t now_us, std::int64_t lease_until_us,
                                               std::int64_t limit, std::int64_t queue_seed) {
  // 1. The queues of the first due messages, as this statement's snapshot sees them, each locked
  //    unless another node holds it (that node is claiming from it or recording an outcome).
  CRIER_ASSIGN_OR_RETURN(
      Rows queues,
      c.Run(fmt::format("WITH {} SELECT q.queue FROM (SELECT DISTINCT queue FROM (SELECT "
                        "o.queue FROM outbox o LEFT JOIN blocked b ON b.queue = o.queue WHERE {} "
                        "ORDER BY o.id LIMIT $2) d) q WHERE "
                        "pg_try_advisory_xact_lock(hashtextextended(q.queue, $3::bigint))",
                        fmt::format(kBlocked, ""), kDue),
            now_us, Limit(limit), queue_seed));
  if (queues.size() == 0) return std::vector<OutboxMessage>();
  std::vector<std::string> locked =
      ReadAll(queues, [](const Rows& r, int i) { return r.Text(i, 0); });
  // 2. A new statement, so a new snapshot: it sees every commit of the nodes that held these
  //    queues before us. The locks make SKIP LOCKED a safeguard rather than the mechanism.
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run(
          fmt::format("WITH {} UPDATE outbox SET status = 'sending', lease_owner = $3, "
                      "lease_until_us = $4, attempts = attempts + 1 WHERE id IN (SELECT o.id "
                      "FROM outbox o LEFT JOIN blocked b ON b.queue = o.queue WHERE "
                      "o.queue = ANY($5::text[]) AND {} ORDER BY o.id LIMIT $2 FOR UPDATE OF o "
                      "SKIP LOCKED) RETURNING {}",
                      fmt::format(kBlocked, " AND queue = ANY($5::text[])"), kDue, kOutboxColumns),
          now_us, Limit(limit), owner, lease_until_us, TextArray(locked)));
  std::vector<OutboxMessage> claimed = ReadAll(rows, ReadOutbox);
  std::sort(claimed.begin(), claimed.end(),
            [](const OutboxMessage& a, const OutboxMessage& b) { return a.id < b.id; });
  return claimed;
}

Status UpdateOutbox(Connection& c, const OutboxMessage& m, std::int64_t queue_seed) {
  CRIER_ASSIGN_OR_RETURN(
      Rows lock, c.Run("SELECT pg_advisory_xact_lock(hashtextextended(queue, $2::bigint)) FROM "
                       "outbox WHERE id = $1",
                       m.id, queue_seed));
  if (lock.size() == 0) return NotFound(fmt::format("outbox message {} not found", m.id));
  return RunSql(c,
                "UPDATE outbox SET status = $2, attempts = $3, next_attempt_us = $4, "
                "last_status = $5, last_error = $6, lease_owner = '', lease_until_us = 0, "
                "created_us = $7, modified = $8, next_attempt = $9, delivered_at = $10, "
                "latency_ms = $11 WHERE id = $1",
                m.id, m.status, m.attempts, m.next_attempt_us, m.last_status, m.last_error,
                m.created_us, m.modified, m.next_attempt, m.delivered_at, Json(m.latency_ms));
}

Result<bool> RecordLedger(Connection& c, std::string_view notification, std::string_view doctype,
                          std::string_view docname, std::string_view reference_date,
                          std::int64_t now_us) {
  CRIER_ASSIGN_OR_RETURN(
      Rows rows,
      c.Run("INSERT INTO scheduler_ledger (notification, document_type, document_name, "
            "reference_date, recorded_us) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            notification, doctype, docname, reference_date, now_us));
  return rows.affected() == 1;
}

Status CheckIntegrity(Connection& c) {
  constexpr std::array<const char*, 10> kTables = {
      "schema_migrations", "documents", "versions", "series", "sessions",
      "api_keys",          "passwords", "settings", "outbox", "scheduler_ledger"};
  for (const char* table : kTables) {
    CRIER_ASSIGN_OR_RETURN(Rows rows, c.Run("SELECT to_regclass($1) IS NOT NULL", table));
    if (rows.Text(0, 0) != "t") return Internal(fmt::format("table {} is missing", table));
  }
  // An index left invalid (e.g. by an interrupted build) is never used and never repaired.
  CRIER_ASSIGN_OR_RETURN(
      Rows invalid,
      c.Run("SELECT x.relname FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid WHERE "
            "x.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = "
            "'documents'::regclass) AND NOT (i.indisvalid AND i.indisready) LIMIT 1"));
  if (invalid.size() > 0) {
    return Internal(fmt::format("index {} is invalid: drop it and restart crier to rebuild it",
                                invalid.Text(0, 0)));
  }
  CRIER_ASSIGN_OR_RETURN(
      Rows mismatched,
      c.Run("SELECT doctype, name FROM documents WHERE data ->> 'doctype' IS DISTINCT FROM "
            "doctype OR data ->> 'name' IS DISTINCT FROM name OR COALESCE(data ->> 'modified', "
            "'') <> modified LIMIT 1"));
  if (mismatched.size() > 0) {
    return Internal(fmt::format("document {} {}: its columns disagree with its JSON",
                                mismatched.Text(0, 0), mismatched.Text(0, 1)));
  }
  return Status::Ok();
}

}  // namespace crier::pg::ops
