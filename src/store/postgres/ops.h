// The store's operations as functions over one PostgreSQL connection inside an open transaction;
// the transaction classes (postgres_store.cc) delegate to these, so the SQL lives in one place.
// Operations whose failure a caller may expect (a duplicate name, a stale update, a ledger entry
// recorded already) are written so that they do not abort the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/postgres/connection.h"
#include "store/query.h"
#include "store/records.h"

namespace crier::pg::ops {

// Reads.
Result<std::optional<Json>> GetDoc(Connection& c, std::string_view doctype, std::string_view name);
Result<bool> DocExists(Connection& c, std::string_view doctype, std::string_view name);
Result<std::vector<Json>> ListDocs(Connection& c, const DocQuery& query);
Result<std::int64_t> CountDocs(Connection& c, const DocQuery& query);
// REQUIRES: inside a transaction (the planner settings are changed under a savepoint).
Result<QueryPlan> ExplainDocQuery(Connection& c, const DocQuery& query);
Result<std::vector<Version>> ListVersions(Connection& c, std::string_view doctype,
                                          std::string_view name);
Result<std::optional<SessionRecord>> GetSession(Connection& c, std::string_view id_hash);
Result<std::optional<ApiKeyRecord>> GetApiKey(Connection& c, std::string_view api_key);
Result<std::optional<std::string>> GetPasswordHash(Connection& c, std::string_view user);
Result<std::optional<std::string>> GetSetting(Connection& c, std::string_view key);
Result<std::optional<OutboxMessage>> GetOutbox(Connection& c, std::int64_t id);
Result<std::vector<OutboxMessage>> ListOutbox(Connection& c, std::string_view status,
                                              std::int64_t limit);
Result<std::int64_t> CountOutbox(Connection& c, std::string_view status);
Result<bool> LedgerContains(Connection& c, std::string_view notification, std::string_view doctype,
                            std::string_view docname, std::string_view reference_date);

// Enumerations (store.h).
Result<std::vector<std::string>> ListDoctypes(Connection& c);
Result<std::vector<std::vector<std::string>>> ListFieldIndexes(Connection& c);
Result<std::vector<Version>> ListVersionsAfter(Connection& c, std::int64_t after_id,
                                               std::int64_t limit);
Result<std::vector<SeriesCounter>> ListSeries(Connection& c);
Result<std::vector<Setting>> ListSettings(Connection& c);
Result<std::vector<PasswordRecord>> ListPasswordHashes(Connection& c);
Result<std::vector<ApiKeyRecord>> ListApiKeys(Connection& c);
Result<std::vector<SessionRecord>> ListSessions(Connection& c);
Result<std::vector<OutboxMessage>> ListOutboxAfter(Connection& c, std::int64_t after_id,
                                                   std::int64_t limit);
Result<std::vector<LedgerEntry>> ListLedger(Connection& c, const std::optional<LedgerEntry>& after,
                                            std::int64_t limit);

// Writes.
Status InsertDoc(Connection& c, const Json& doc);
Status UpdateDoc(Connection& c, const Json& doc, std::string_view expected_modified);
Status DeleteDoc(Connection& c, std::string_view doctype, std::string_view name);
Status AddVersion(Connection& c, const Json& previous);
// Creates the index unless it exists, under the transaction-level advisory lock `ddl_lock` so
// that two nodes creating the same index do not collide.
Status EnsureFieldIndex(Connection& c, const std::vector<std::string>& fields,
                        std::int64_t ddl_lock);
Result<std::int64_t> NextSeriesValue(Connection& c, std::string_view key);
Status SetSeriesValue(Connection& c, std::string_view key, std::int64_t value);
Status PutSession(Connection& c, const SessionRecord& s);
Status DeleteSession(Connection& c, std::string_view id_hash);
Status DeleteSessionsOfUser(Connection& c, std::string_view user);
Status DeleteExpiredSessions(Connection& c, std::int64_t now_us);
Status PutApiKey(Connection& c, const ApiKeyRecord& k);
Status DeleteApiKeysOfUser(Connection& c, std::string_view user);
Status SetPasswordHash(Connection& c, std::string_view user, std::string_view hash);
Status DeleteCredentialsOfUser(Connection& c, std::string_view user);
Status SetSetting(Connection& c, std::string_view key, std::string_view value);
Status ImportVersion(Connection& c, const Version& v);
Result<std::int64_t> EnqueueOutbox(Connection& c, const OutboxMessage& m);
// Adds the messages with as few statements as it can (up to 16 rows each); ids in their order.
Status EnqueueOutboxRows(Connection& c, std::span<const OutboxMessage> messages);
Status ImportOutbox(Connection& c, const OutboxMessage& m);
// Claims as store.h says, safe against other nodes claiming at once: the queues to claim from are
// locked first with transaction-level advisory locks (keys hashtextextended(queue, queue_seed)),
// skipping queues another node holds, and only then read again and claimed with FOR UPDATE SKIP
// LOCKED, so two nodes never claim from one queue at the same time.
Result<std::vector<OutboxMessage>> ClaimOutbox(Connection& c, std::string_view owner,
                                               std::int64_t now_us, std::int64_t lease_until_us,
                                               std::int64_t limit, std::int64_t queue_seed);
// Takes the message's queue lock (waiting for a claim in progress) before recording the outcome,
// so a claim never reads a queue half-updated.
Status UpdateOutbox(Connection& c, const OutboxMessage& m, std::int64_t queue_seed);
Result<bool> RecordLedger(Connection& c, std::string_view notification, std::string_view doctype,
                          std::string_view docname, std::string_view reference_date,
                          std::int64_t now_us);

// CheckIntegrity (store.h): the tables and their indexes, and documents whose standard columns
// disagree with their JSON. REQUIRES: outside a transaction or inside a read-only one.
Status CheckIntegrity(Connection& c);

}  // namespace crier::pg::ops
