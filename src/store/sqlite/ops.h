// The store's operations as functions over one connection inside an open transaction; the read
// and write transaction classes (sqlite_store.cc) delegate to these, so the SQL lives in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "store/query.h"
#include "store/records.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/sql_builder.h"

namespace crier::sqlite::ops {

// Reads.
Result<std::optional<Json>> GetDoc(Connection& c, std::string_view doctype, std::string_view name);
Result<bool> DocExists(Connection& c, std::string_view doctype, std::string_view name);
Result<std::vector<Json>> ListDocs(Connection& c, const DocQuery& query,
                                   const IndexedField& indexed);
Result<std::int64_t> CountDocs(Connection& c, const DocQuery& query);
Result<QueryPlan> ExplainDocQuery(Connection& c, const DocQuery& query,
                                  const IndexedField& indexed);
// The first fields of the expression indexes on documents that exist in the database.
Result<std::vector<std::string>> ListIndexedFields(Connection& c);
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
// Skips the DDL when `known` holds the index's name (FieldIndexName) already.
Status EnsureFieldIndex(Connection& c, const std::vector<std::string>& fields,
                        const std::unordered_set<std::string>& known);
Result<std::int64_t> NextSeriesValue(Connection& c, std::string_view key);
Status PutSession(Connection& c, const SessionRecord& s);
Status DeleteSession(Connection& c, std::string_view id_hash);
Status DeleteSessionsOfUser(Connection& c, std::string_view user);
Status DeleteExpiredSessions(Connection& c, std::int64_t now_us);
Status PutApiKey(Connection& c, const ApiKeyRecord& k);
Status DeleteApiKeysOfUser(Connection& c, std::string_view user);
Status SetPasswordHash(Connection& c, std::string_view user, std::string_view hash);
Status DeleteCredentialsOfUser(Connection& c, std::string_view user);
Status SetSetting(Connection& c, std::string_view key, std::string_view value);
Result<std::int64_t> EnqueueOutbox(Connection& c, const OutboxMessage& m);
// Inserts new messages, up to kOutboxRowsPerInsert per statement; ids in their order.
Status EnqueueOutboxRows(Connection& c, std::span<const OutboxMessage> messages);
Result<std::vector<OutboxMessage>> ClaimOutbox(Connection& c, std::string_view owner,
                                               std::int64_t now_us, std::int64_t lease_until_us,
                                               std::int64_t limit);
Status UpdateOutbox(Connection& c, const OutboxMessage& m);
Status ImportVersion(Connection& c, const Version& v);
Status ImportOutbox(Connection& c, const OutboxMessage& m);
Status SetSeriesValue(Connection& c, std::string_view key, std::int64_t value);
Result<bool> RecordLedger(Connection& c, std::string_view notification, std::string_view doctype,
                          std::string_view docname, std::string_view reference_date,
                          std::int64_t now_us);

}  // namespace crier::sqlite::ops
