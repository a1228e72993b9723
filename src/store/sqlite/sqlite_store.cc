// SqliteStore: the reader pool, the single writer, and the transaction classes that delegate each
// operation to store/sqlite/ops.
#include "store/sqlite/sqlite_store.h"

#include "store/publications.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/ops.h"
#include "store/sqlite/sql_builder.h"

namespace crier {
namespace {

using sqlite::Connection;

// The ReadTxn operations over one connection, shared by both transaction kinds.
template <typename Base>
class SqliteReads : public Base {
 public:
  SqliteReads(SqliteStore& store, Connection& conn)
      : store_(store),
        conn_(conn),
        indexed_([&store](std::string_view f) { return store.IsIndexedField(f); }) {}

  Result<std::optional<Json>> GetDoc(std::string_view doctype, std::string_view name) override {
    return sqlite::ops::GetDoc(conn_, doctype, name);
  }
  Result<bool> DocExists(std::string_view doctype, std::string_view name) override {
    return sqlite::ops::DocExists(conn_, doctype, name);
  }
  Result<std::vector<Json>> ListDocs(const DocQuery& query) override {
    return sqlite::ops::ListDocs(conn_, query, indexed_);
  }
  Result<std::int64_t> CountDocs(const DocQuery& query) override {
    return sqlite::ops::CountDocs(conn_, query);
  }
  Result<QueryPlan> ExplainDocQuery(const DocQuery& query) override {
    return sqlite::ops::ExplainDocQuery(conn_, query, indexed_);
  }
  Result<std::vector<Version>> ListVersions(std::string_view doctype,
                                            std::string_view name) override {
    return sqlite::ops::ListVersions(conn_, doctype, name);
  }
  Result<std::optional<SessionRecord>> GetSession(std::string_view id_hash) override {
    return sqlite::ops::GetSession(conn_, id_hash);
  }
  Result<std::optional<ApiKeyRecord>> GetApiKey(std::string_view api_key) override {
    return sqlite::ops::GetApiKey(conn_, api_key);
  }
  Result<std::optional<std::string>> GetPasswordHash(std::string_view user) override {
    return sqlite::ops::GetPasswordHash(conn_, user);
  }
  Result<std::optional<std::string>> GetSetting(std::string_view key) override {
    return sqlite::ops::GetSetting(conn_, key);
  }
  Result<std::optional<OutboxMessage>> GetOutbox(std::int64_t id) override {
    return sqlite::ops::GetOutbox(conn_, id);
  }
  Result<std::vector<OutboxMessage>> ListOutbox(std::string_view status,
                                                std::int64_t limit) override {
    return sqlite::ops::ListOutbox(conn_, status, limit);
  }
  Result<std::int64_t> CountOutbox(std::string_view status) override {
    return sqlite::ops::CountOutbox(conn_, status);
  }
  Result<bool> LedgerContains(std::string_view notification, std::string_view doctype,
                              std::string_view docname, std::string_view reference_date) override {
    return sqlite::ops::LedgerContains(conn_, notification, doctype, docname, reference_date);
  }
  Result<std::vector<std::string>> ListDoctypes() override {
    return sqlite::ops::ListDoctypes(conn_);
  }
  Result<std::vector<std::vector<std::string>>> ListFieldIndexes() override {
    return sqlite::ops::ListFieldIndexes(conn_);
  }
  Result<std::vector<Version>> ListVersionsAfter(std::int64_t after_id,
                                                 std::int64_t limit) override {
    return sqlite::ops::ListVersionsAfter(conn_, after_id, limit);
  }
  Result<std::vector<SeriesCounter>> ListSeries() override {
    return sqlite::ops::ListSeries(conn_);
  }
  Result<std::vector<Setting>> ListSettings() override { return sqlite::ops::ListSettings(conn_); }
  Result<std::vector<PasswordRecord>> ListPasswordHashes() override {
    return sqlite::ops::ListPasswordHashes(conn_);
  }
  Result<std::vector<ApiKeyRecord>> ListApiKeys() override {
    return sqlite::ops::ListApiKeys(conn_);
  }
  Result<std::vector<SessionRecord>> ListSessions() override {
    return sqlite::ops::ListSessions(conn_);
  }
  Result<std::vector<OutboxMessage>> ListOutboxAfter(std::int64_t after_id,
                                                     std::int64_t limit) override {
    return sqlite::ops::ListOutboxAfter(conn_, after_id, limit);
  }
  Result<std::vector<LedgerEntry>> ListLedger(const std::optional<LedgerEntry>& after,
                                              std::int64_t limit) override {
    return sqlite::ops::ListLedger(conn_, after, limit);
  }

 protected:
  SqliteStore& store_;
  Connection& conn_;
  sqlite::IndexedField indexed_;
};

class SqliteReadTxn final : public SqliteReads<ReadTxn> {
 public:
  SqliteReadTxn(SqliteStore& store, std::unique_ptr<Connection> conn)
      : SqliteReads(store, *conn), owned_(std::move(conn)) {}
  ~SqliteReadTxn() override {
    (void)conn_.Exec("ROLLBACK");
    store_.ReturnReader(std::move(owned_));
  }

 private:
  std::unique_ptr<Connection> owned_;
};

class SqliteWriteTxn final : public SqliteReads<WriteTxn> {
 public:
  SqliteWriteTxn(SqliteStore& store, std::unique_lock<std::mutex> lock)
      : SqliteReads(store, store.writer()), lock_(std::move(lock)) {
    conn_.SetBeforeStatement([this] { return InsertHeldBack(); });
  }
  ~SqliteWriteTxn() override {
    if (!done_) {
      held_back_.clear();
      conn_.SetBeforeStatement(nullptr);
      (void)store_.EndWrite(lock_, /*keep=*/false, {});
    }
  }

  Status InsertDoc(const Json& doc) override { return sqlite::ops::InsertDoc(conn_, doc); }
  Status UpdateDoc(const Json& doc, std::string_view expected_modified) override {
    return sqlite::ops::UpdateDoc(conn_, doc, expected_modified);
  }
  Status DeleteDoc(std::string_view doctype, std::string_view name) override {
    return sqlite::ops::DeleteDoc(conn_, doctype, name);
  }
  Status AddVersion(const Json& previous) override {
    return sqlite::ops::AddVersion(conn_, previous);
  }
  Status EnsureFieldIndex(const std::vector<std::string>& fields) override {
    // A rolled-back transaction drops the index again, so remember it only after commit.
    CRIER_RETURN_IF_ERROR(sqlite::ops::EnsureFieldIndex(conn_, fields, store_.known_indexes()));
    pending_indexes_.push_back(fields);
    return Status::Ok();
  }
  Result<std::int64_t> NextSeriesValue(std::string_view key) override {
    return sqlite::ops::NextSeriesValue(conn_, key);
  }
  Status PutSession(const SessionRecord& session) override {
    return sqlite::ops::PutSession(conn_, session);
  }
  Status DeleteSession(std::string_view id_hash) override {
    return sqlite::ops::DeleteSession(conn_, id_hash);
  }
  Status DeleteSessionsOfUser(std::string_view user) override {
    return sqlite::ops::DeleteSessionsOfUser(conn_, user);
  }
  Status DeleteExpiredSessions(std::int64_t now_us) override {
    return sqlite::ops::DeleteExpiredSessions(conn_, now_us);
  }
  Status PutApiKey(const ApiKeyRecord& key) override { return sqlite::ops::PutApiKey(conn_, key); }
  Status DeleteApiKeysOfUser(std::string_view user) override {
    return sqlite::ops::DeleteApiKeysOfUser(conn_, user);
  }
  Status SetPasswordHash(std::string_view user, std::string_view hash) override {
    return sqlite::ops::SetPasswordHash(conn_, user, hash);
  }
  Status DeleteCredentialsOfUser(std::string_view user) override {
    return sqlite::ops::DeleteCredentialsOfUser(conn_, user);
  }
  Status SetSetting(std::string_view key, std::string_view value) override {
    return sqlite::ops::SetSetting(conn_, key, value);
  }
  Result<std::int64_t> EnqueueOutbox(const OutboxMessage& message) override {
    return sqlite::ops::EnqueueOutbox(conn_, message);
  }
  // Held back until the next statement on the connection (Connection::SetBeforeStatement) or the
  // commit: a save's messages go in one INSERT, which SQLite runs for less than one each (one
  // statement, one update of the AUTOINCREMENT counter).
  Status EnqueueOutboxLater(const OutboxMessage& message) override {
    held_back_.push_back(message);
    return Status::Ok();
  }
  Result<std::vector<OutboxMessage>> ClaimOutbox(std::string_view owner, std::int64_t now_us,
                                                 std::int64_t lease_until_us,
                                                 std::int64_t limit) override {
    return sqlite::ops::ClaimOutbox(conn_, owner, now_us, lease_until_us, limit);
  }
  Status UpdateOutbox(const OutboxMessage& message) override {
    return sqlite::ops::UpdateOutbox(conn_, message);
  }
  Result<bool> RecordLedger(std::string_view notification, std::string_view doctype,
                            std::string_view docname, std::string_view reference_date,
                            std::int64_t now_us) override {
    return sqlite::ops::RecordLedger(conn_, notification, doctype, docname, reference_date, now_us);
  }

  Status ImportVersion(const Version& version) override {
    return sqlite::ops::ImportVersion(conn_, version);
  }
  Status ImportOutbox(const OutboxMessage& message) override {
    return sqlite::ops::ImportOutbox(conn_, message);
  }
  Status SetSeriesValue(std::string_view key, std::int64_t value) override {
    return sqlite::ops::SetSeriesValue(conn_, key, value);
  }

  void OnCommit(std::function<void()> callback) override {
    on_commit_.push_back(std::move(callback));
  }

  void Publish(std::string_view topic, std::string_view payload) override {
    if (!published_.Add(topic, payload)) return;
    on_commit_.push_back(
        [this, t = std::string(topic), p = std::string(payload)] { store_.bus().Deliver(t, p); });
  }

  Status Commit() override {
    if (done_) return Status(StatusCode::kFailedPrecondition, "transaction already finished");
    done_ = true;
    // The connection forgets this transaction before the lock goes to the next one.
    Status held = InsertHeldBack();
    conn_.SetBeforeStatement(nullptr);
    if (!held.ok()) {
      (void)store_.EndWrite(lock_, /*keep=*/false, {});
      return held;
    }
    CRIER_RETURN_IF_ERROR(store_.EndWrite(lock_, /*keep=*/true, std::move(pending_indexes_)));
    for (auto& callback : on_commit_) callback();
    return Status::Ok();
  }

 private:
  Status InsertHeldBack() {
    if (held_back_.empty()) return Status::Ok();
    std::vector<OutboxMessage> rows = std::move(held_back_);
    held_back_.clear();
    return sqlite::ops::EnqueueOutboxRows(conn_, rows);
  }

  std::unique_lock<std::mutex> lock_;
  bool done_ = false;
  std::vector<std::function<void()>> on_commit_;
  Publications published_;
  std::vector<std::vector<std::string>> pending_indexes_;
  std::vector<OutboxMessage> held_back_;  // EnqueueOutboxLater's, not inserted yet.
};

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const Options& options) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(options));
  CRIER_ASSIGN_OR_RETURN(store->writer_, Connection::Open(options.path, /*read_only=*/false));
  CRIER_RETURN_IF_ERROR(sqlite::Migrate(*store->writer_, sqlite::Migrations()).status());
  CRIER_ASSIGN_OR_RETURN(std::vector<std::string> fields,
                         sqlite::ops::ListIndexedFields(*store->writer_));
  store->indexed_fields_.insert(fields.begin(), fields.end());
  // Checkpoints move to their own connection and thread; the hook replaces SQLite's automatic
  // checkpoint, which would otherwise run (and fsync) inside a committing write transaction.
  CRIER_ASSIGN_OR_RETURN(store->checkpointer_, Connection::Open(options.path, false));
  sqlite3_wal_hook(store->writer_->handle(), &SqliteStore::OnWalCommit, store.get());
  store->checkpoint_thread_ = std::thread([s = store.get()] { s->CheckpointLoop(); });
  return store;
}

int SqliteStore::OnWalCommit(void* self, sqlite3*, const char*, int pages) {
  auto* store = static_cast<SqliteStore*>(self);
  if (pages >= store->options_.checkpoint_pages) {
    {
      std::lock_guard lock(store->checkpoint_mu_);
      store->checkpoint_wanted_ = true;
    }
    store->checkpoint_cv_.notify_one();
  }
  return SQLITE_OK;
}

void SqliteStore::CheckpointLoop() {
  std::unique_lock lock(checkpoint_mu_);
  while (!stopping_) {
    checkpoint_cv_.wait_for(lock, options_.checkpoint_interval,
                            [&] { return checkpoint_wanted_ || stopping_; });
    if (stopping_) break;
    checkpoint_wanted_ = false;
    lock.unlock();
    // PASSIVE: copies what it can without blocking the writer or readers.
    (void)checkpointer_->Exec("PRAGMA wal_checkpoint(PASSIVE)");
    lock.lock();
  }
}

bool SqliteStore::IsIndexedField(std::string_view field) const {
  std::shared_lock lock(indexed_mu_);
  return indexed_fields_.count(std::string(field)) > 0;
}

void SqliteStore::AddIndexedFields(const std::vector<std::vector<std::string>>& field_lists) {
  if (field_lists.empty()) return;
  std::unique_lock lock(indexed_mu_);
  for (const auto& fields : field_lists) indexed_fields_.insert(fields.front());
}

SqliteStore::~SqliteStore() {
  if (checkpoint_thread_.joinable()) {
    {
      std::lock_guard lock(checkpoint_mu_);
      stopping_ = true;
    }
    checkpoint_cv_.notify_one();
    checkpoint_thread_.join();
  }
  if (checkpointer_) (void)checkpointer_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

void SqliteStore::ReturnReader(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(pool_mu_);
    idle_readers_.push_back(std::move(conn));
  }
  pool_cv_.notify_one();
}

Result<std::unique_ptr<ReadTxn>> SqliteStore::BeginRead() {
  std::unique_ptr<Connection> conn;
  {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock,
                  [&] { return !idle_readers_.empty() || open_readers_ < options_.max_readers; });
    if (!idle_readers_.empty()) {
      conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    } else {
      ++open_readers_;
    }
  }
  if (!conn) {
    Result<std::unique_ptr<Connection>> opened = Connection::Open(options_.path, true);
    if (!opened.ok()) {
      {
        std::lock_guard lock(pool_mu_);
        --open_readers_;
      }
      pool_cv_.notify_one();
      return opened.status();
    }
    conn = std::move(opened).value();
  }
  Status s = conn->Exec("BEGIN");
  if (!s.ok()) {
    ReturnReader(std::move(conn));
    return s;
  }
  return std::unique_ptr<ReadTxn>(new SqliteReadTxn(*this, std::move(conn)));
}

Result<std::unique_ptr<WriteTxn>> SqliteStore::BeginWrite() {
  ++waiting_writers_;
  std::unique_lock lock(writer_mu_);
  --waiting_writers_;
  if (!group_) {
    CRIER_RETURN_IF_ERROR(writer_->Exec("BEGIN IMMEDIATE"));
    group_ = std::make_shared<CommitGroup>();
    group_->opened = std::chrono::steady_clock::now();
  }
  Status s = writer_->Exec("SAVEPOINT member");
  if (!s.ok()) {
    // Nothing of this transaction to undo; the group still has to be committed or handed on.
    (void)HandOnOrCommit(lock, /*kept=*/false);
    return s;
  }
  return std::unique_ptr<WriteTxn>(new SqliteWriteTxn(*this, std::move(lock)));
}

Status SqliteStore::EndWrite(std::unique_lock<std::mutex>& lock, bool keep,
                             std::vector<std::vector<std::string>> pending_indexes) {
  Status own;
  if (keep) {
    own = writer_->Exec("RELEASE member");
    keep = own.ok();
  }
  if (!keep) {
    Status undone = writer_->Exec("ROLLBACK TO member");
    if (undone.ok()) undone = writer_->Exec("RELEASE member");
    if (!undone.ok() || sqlite3_get_autocommit(writer_->handle()) != 0) {
      // SQLite rolls the whole transaction back on some errors (disk full, I/O): the group's
      // earlier members lost their writes too.
      Status lost =
          undone.ok() ? Internal("the write was rolled back by a database error") : undone;
      (void)FinishGroup(lost);
      lock.unlock();
      return own.ok() ? lost : own;
    }
  }
  if (keep) {
    ++group_->members;
    for (auto& fields : pending_indexes) group_->pending_indexes.push_back(std::move(fields));
  }
  Status committed = HandOnOrCommit(lock, keep);
  return keep ? committed : own;
}

Status SqliteStore::HandOnOrCommit(std::unique_lock<std::mutex>& lock, bool kept) {
  std::shared_ptr<CommitGroup> group = group_;
  if (waiting_writers_.load() == 0 || group->members >= options_.group_max_members ||
      std::chrono::steady_clock::now() - group->opened >= options_.group_max_age) {
    Status committed = FinishGroup(std::nullopt);
    lock.unlock();
    return committed;
  }
  // A writer is waiting for the lock: it continues the group, and it (or a later one) commits.
  lock.unlock();
  if (!kept) return Status::Ok();
  std::unique_lock wait(group->mu);
  group->done_cv.wait(wait, [&] { return group->done; });
  return group->status;
}

Status SqliteStore::FinishGroup(std::optional<Status> failure) {
  std::shared_ptr<CommitGroup> group = std::move(group_);
  // A group whose members all rolled back has nothing to commit.
  const bool empty = !failure && group->members == 0;
  Status s = failure ? *failure : writer_->Exec(empty ? "ROLLBACK" : "COMMIT");
  if (!s.ok() && sqlite3_get_autocommit(writer_->handle()) == 0) (void)writer_->Exec("ROLLBACK");
  if (s.ok() && !empty) {
    for (const auto& fields : group->pending_indexes) {
      known_indexes_.insert(sqlite::FieldIndexName(fields));
    }
    AddIndexedFields(group->pending_indexes);
    ++commits_;
    committed_transactions_ += group->members;
  }
  {
    std::lock_guard done(group->mu);
    group->done = true;
    group->status = s;
  }
  group->done_cv.notify_all();
  return s;
}

CommitCounts SqliteStore::commit_counts() const {
  return {commits_.load(), committed_transactions_.load()};
}

void SqliteStore::Subscribe(std::string topic,
                            std::function<void(std::string_view payload)> callback) {
  bus_.Subscribe(std::move(topic), std::move(callback));
}

Result<bool> SqliteStore::RunExclusive(std::string_view name, const std::function<Status()>& body) {
  {
    std::lock_guard lock(exclusive_mu_);
    if (!exclusive_held_.insert(std::string(name)).second) return false;
  }
  Status s = body();
  {
    std::lock_guard lock(exclusive_mu_);
    exclusive_held_.erase(std::string(name));
  }
  if (!s.ok()) return s;
  return true;
}

Result<int> SqliteStore::SchemaVersion() {
  std::lock_guard lock(writer_mu_);
  CRIER_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      writer_->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? static_cast<int>(st.ColumnInt(0)) : 0;
}

}  // namespace crier

namespace crier {

Status SqliteStore::CheckIntegrity() {
  std::lock_guard lock(writer_mu_);
  CRIER_ASSIGN_OR_RETURN(sqlite::Statement st, writer_->Prepare("PRAGMA integrity_check"));
  CRIER_ASSIGN_OR_RETURN(bool row, st.Step());
  std::string result = row ? st.ColumnText(0) : "no answer";
  if (result != "ok") return Internal("database integrity check failed: " + result);
  return Status::Ok();
}

}  // namespace crier
