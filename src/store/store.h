// The one storage interface behind which crier keeps everything: documents (as JSON, with their
// standard fields), versions, naming-series counters, sessions and API keys, settings, the outbox
// of deliveries and the scheduler's ledger. SQLite (store/sqlite/) and PostgreSQL (store/postgres/)
// implement it, and both pass the same test suite (store/store_suite.h). No SQL exists outside
// store/.
//
// Concurrency: any number of read transactions run at once, each on a consistent snapshot; write
// transactions are serialised (one at a time per process). A transaction object belongs to one
// thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/query.h"
#include "store/records.h"

namespace crier {

// Reads on one consistent snapshot. Documents are JSON objects holding at least the string fields
// `doctype`, `name`, `owner`, `creation`, `modified`, `modified_by` and the integer `docstatus`.
class ReadTxn {
 public:
  virtual ~ReadTxn() = default;

  // The document, or nullopt when there is none by that name.
  virtual Result<std::optional<Json>> GetDoc(std::string_view doctype, std::string_view name) = 0;
  virtual Result<bool> DocExists(std::string_view doctype, std::string_view name) = 0;

  // Documents matching `query`, in its order, within its page. Fails with kInvalidArgument for a
  // field name that is not IsValidFieldName() or a value of the wrong shape for its operator.
  virtual Result<std::vector<Json>> ListDocs(const DocQuery& query) = 0;
  // How many documents match the query's filters (order and page are ignored).
  virtual Result<std::int64_t> CountDocs(const DocQuery& query) = 0;
  // How the store would run `query` once the doctype holds many documents (tests use this to prove
  // an index is used). A store that plans by cost (PostgreSQL) plans it with sequential scans
  // disabled: on a small table a scan is the cheapest plan whatever the indexes, and the question
  // is whether an index can serve the query.
  virtual Result<QueryPlan> ExplainDocQuery(const DocQuery& query) = 0;

  // Earlier versions of a document, newest first (also after the document was deleted).
  virtual Result<std::vector<Version>> ListVersions(std::string_view doctype,
                                                    std::string_view name) = 0;

  virtual Result<std::optional<SessionRecord>> GetSession(std::string_view id_hash) = 0;
  virtual Result<std::optional<ApiKeyRecord>> GetApiKey(std::string_view api_key) = 0;
  // The stored password hash of a user (an encoded argon2 string), or nullopt.
  virtual Result<std::optional<std::string>> GetPasswordHash(std::string_view user) = 0;

  virtual Result<std::optional<std::string>> GetSetting(std::string_view key) = 0;

  virtual Result<std::optional<OutboxMessage>> GetOutbox(std::int64_t id) = 0;
  // Messages with this status ("" for any), oldest first, at most `limit`.
  virtual Result<std::vector<OutboxMessage>> ListOutbox(std::string_view status,
                                                        std::int64_t limit) = 0;
  virtual Result<std::int64_t> CountOutbox(std::string_view status) = 0;

  virtual Result<bool> LedgerContains(std::string_view notification, std::string_view doctype,
                                      std::string_view docname,
                                      std::string_view reference_date) = 0;

  // Enumerations of everything a store holds, for copying a store into another (crier migrate)
  // and for checking the copy. Orders are stable: byte order of the keys, or ids. Tables that may
  // grow large are read page by page (pass the last key of a page to get the next); the others
  // whole. Documents are enumerated with ListDocs (a `name >` filter, ordered by name).

  // The doctypes that have at least one document, in byte order.
  virtual Result<std::vector<std::string>> ListDoctypes() = 0;
  // The field lists of the expression indexes on documents (those EnsureFieldIndex created and
  // the built-in ones), in byte order of the index name.
  virtual Result<std::vector<std::vector<std::string>>> ListFieldIndexes() = 0;
  // Versions of any document with an id greater than `after_id`, by id, at most `limit`.
  virtual Result<std::vector<Version>> ListVersionsAfter(std::int64_t after_id,
                                                         std::int64_t limit) = 0;
  virtual Result<std::vector<SeriesCounter>> ListSeries() = 0;           // By key.
  virtual Result<std::vector<Setting>> ListSettings() = 0;               // By key.
  virtual Result<std::vector<PasswordRecord>> ListPasswordHashes() = 0;  // By user.
  virtual Result<std::vector<ApiKeyRecord>> ListApiKeys() = 0;           // By api_key.
  virtual Result<std::vector<SessionRecord>> ListSessions() = 0;         // By id_hash, expired too.
  // Outbox messages of any status with an id greater than `after_id`, by id, at most `limit`.
  virtual Result<std::vector<OutboxMessage>> ListOutboxAfter(std::int64_t after_id,
                                                             std::int64_t limit) = 0;
  // Ledger entries after `after` in (notification, doctype, docname, reference_date) order (from
  // the first when nullopt), at most `limit`.
  virtual Result<std::vector<LedgerEntry>> ListLedger(const std::optional<LedgerEntry>& after,
                                                      std::int64_t limit) = 0;
};

// A read-write transaction. Nothing it wrote is visible to others before Commit() returns OK;
// destroying it without a successful Commit() rolls everything back.
class WriteTxn : public ReadTxn {
 public:
  // Adds a new document. kConflict when a document with that doctype and name exists.
  virtual Status InsertDoc(const Json& doc) = 0;
  // Replaces a document, only if its stored `modified` equals `expected_modified` (optimistic
  // concurrency): kConflict otherwise, kNotFound when there is no such document.
  virtual Status UpdateDoc(const Json& doc, std::string_view expected_modified) = 0;
  // kNotFound when there is no such document.
  virtual Status DeleteDoc(std::string_view doctype, std::string_view name) = 0;
  // Keeps `previous` (a whole document) as a version of itself.
  virtual Status AddVersion(const Json& previous) = 0;

  // Creates, if missing, an index on (doctype, these fields) over the documents that have the
  // first field, so that equality and range filters on them do not scan all documents. Fields
  // must be IsValidFieldName() and not standard columns.
  virtual Status EnsureFieldIndex(const std::vector<std::string>& fields) = 0;

  // The next value of a naming-series counter (1 for a new key). Never returns the same value
  // twice for a key, whatever the concurrency, provided the transaction commits.
  virtual Result<std::int64_t> NextSeriesValue(std::string_view key) = 0;

  virtual Status PutSession(const SessionRecord& session) = 0;  // Insert or replace.
  virtual Status DeleteSession(std::string_view id_hash) = 0;
  virtual Status DeleteSessionsOfUser(std::string_view user) = 0;
  virtual Status DeleteExpiredSessions(std::int64_t now_us) = 0;

  virtual Status PutApiKey(const ApiKeyRecord& key) = 0;
  virtual Status DeleteApiKeysOfUser(std::string_view user) = 0;
  virtual Status SetPasswordHash(std::string_view user, std::string_view hash) = 0;
  virtual Status DeleteCredentialsOfUser(std::string_view user) = 0;  // Password, keys, sessions.

  virtual Status SetSetting(std::string_view key, std::string_view value) = 0;

  // Adds a message (its id, status and lease fields are assigned); returns its id.
  virtual Result<std::int64_t> EnqueueOutbox(const OutboxMessage& message) = 0;
  // Adds a message whose id the caller does not need. A store may hold it back and insert it just
  // before the transaction's next statement, together with the others held back (both stores do:
  // one statement instead of one each, and on PostgreSQL one round trip while the write lock is
  // held). Either way the messages get their ids in the order of the calls, before anything the
  // transaction does next, and a failure to insert them fails that next operation or the commit.
  virtual Status EnqueueOutboxLater(const OutboxMessage& message) {
    return EnqueueOutbox(message).status();
  }
  // Claims up to `limit` messages that are due: queued with next_attempt <= now, or sending with
  // an expired lease. Claimed messages become `sending` under `owner` until `lease_until_us`.
  // Oldest first. Per-queue order: a message is not claimed while an older message of its queue
  // waits for a later attempt or is held under another live lease, so a worker may claim a run of
  // one queue's messages at once but never overtakes a message still to be sent.
  virtual Result<std::vector<OutboxMessage>> ClaimOutbox(std::string_view owner,
                                                         std::int64_t now_us,
                                                         std::int64_t lease_until_us,
                                                         std::int64_t limit) = 0;
  // Stores the outcome fields of `message` (status, attempts, next_attempt, last_status,
  // last_error) and clears its lease. kNotFound for an unknown id.
  virtual Status UpdateOutbox(const OutboxMessage& message) = 0;

  // Records that a scheduled notification was sent for this document and reference date. Returns
  // false (and records nothing) when it was already recorded.
  virtual Result<bool> RecordLedger(std::string_view notification, std::string_view doctype,
                                    std::string_view docname, std::string_view reference_date,
                                    std::int64_t now_us) = 0;

  // Runs `callback` after this transaction commits (not if it rolls back), in registration order,
  // on the committing thread, after the write lock is released. For cache invalidation and waking
  // workers; the callback must not throw.
  virtual void OnCommit(std::function<void()> callback) = 0;

  // Publishes `payload` on `topic` to the subscribers of every node sharing this database, once
  // the transaction has committed (never if it rolls back), in publication order per transaction.
  // A message identical (topic and payload) to one the transaction published already is dropped,
  // as PostgreSQL's NOTIFY drops it (store/publications.h). Used to invalidate caches (a
  // Notification changed) and to wake delivery workers (new outbox rows). Payloads are short and
  // hold no secrets (PostgreSQL's NOTIFY limits them to 8000 bytes).
  virtual void Publish(std::string_view topic, std::string_view payload) = 0;

  // Imports, for copying a store into another (crier migrate). ImportVersion and ImportOutbox
  // store the record as given, keeping its id and every field (status, attempts, lease...);
  // kConflict when that id exists. Ids assigned afterwards by AddVersion and EnqueueOutbox are
  // greater than every imported one.
  virtual Status ImportVersion(const Version& version) = 0;
  virtual Status ImportOutbox(const OutboxMessage& message) = 0;
  // Sets a naming-series counter: the next NextSeriesValue(key) returns value + 1.
  virtual Status SetSeriesValue(std::string_view key, std::int64_t value) = 0;

  // Makes every write durable against a process crash and visible to new transactions.
  virtual Status Commit() = 0;
};

// What a store's write transactions have cost since it opened (crier_store_* in /metrics): how
// many kept their writes, and how many database commits made them durable. SQLite commits
// transactions queued behind each other together (docs/storage.md, "Group commit"), so it counts
// fewer commits than transactions under concurrent writers; PostgreSQL commits each on its own.
struct CommitCounts {
  std::int64_t commits = 0;
  std::int64_t transactions = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<std::unique_ptr<ReadTxn>> BeginRead() = 0;
  // Waits until no other write transaction is open in this process.
  virtual Result<std::unique_ptr<WriteTxn>> BeginWrite() = 0;

  // Calls `callback` with the payload of every message published on `topic` by a committed
  // transaction of any node sharing this database, this one included. Callbacks run on a store
  // thread or on the committing thread; they must be quick and must not throw. Thread-safe.
  virtual void Subscribe(std::string topic,
                         std::function<void(std::string_view payload)> callback) = 0;

  // Runs `body` while holding the cluster-wide lock `name` and returns true, or returns false at
  // once (without running it) when another node holds that lock. Scheduler ticks use it so that
  // exactly one node runs each tick. With SQLite (one node) the lock is process-local.
  virtual Result<bool> RunExclusive(std::string_view name, const std::function<Status()>& body) = 0;

  // The schema version after migrations (for diagnostics and tests).
  virtual Result<int> SchemaVersion() = 0;

  // Checks the database's own consistency (SQLite: PRAGMA integrity_check; PostgreSQL: the schema
  // version, the tables, the validity of the indexes, and that the standard columns agree with the
  // documents' JSON); kInternal naming the first problem found.
  virtual Status CheckIntegrity() = 0;

  // Thread-safe.
  virtual CommitCounts commit_counts() const = 0;
};

// Runs `body` in a write transaction and commits it when `body` returns OK; rolls back otherwise.
Status RunInWriteTxn(Store& store, const std::function<Status(WriteTxn&)>& body);

}  // namespace crier
