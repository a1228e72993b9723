// PostgresStore: the pools, the writer, the bus over LISTEN/NOTIFY, the advisory locks, and the
// transaction classes that delegate each operation to store/postgres/ops.
#include "store/postgres/postgres_store.h"

#include <fmt/format.h>

#include <random>

#include "store/postgres/migrations.h"
#include "store/postgres/ops.h"
#include "store/publications.h"

namespace crier {
namespace {

using pg::Connection;

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
constexpr size_t kMaxNotifyPayload = 7999;

// The ReadTxn operations over one connection, shared by both transaction kinds.
template <typename Base>
class PgReads : public Base {
 public:
  explicit PgReads(Connection* conn) : conn_(conn) {}

  Result<std::optional<Json>> GetDoc(std::string_view doctype, std::string_view name) override {
    return pg::ops::GetDoc(*conn_, doctype, name);
  }
  Result<bool> DocExists(std::string_view doctype, std::string_view name) override {
    return pg::ops::DocExists(*conn_, doctype, name);
  }
  Result<std::vector<Json>> ListDocs(const DocQuery& query) override {
    return pg::ops::ListDocs(*conn_, query);
  }
  Result<std::int64_t> CountDocs(const DocQuery& query) override {
    return pg::ops::CountDocs(*conn_, query);
  }
  Result<QueryPlan> ExplainDocQuery(const DocQuery& query) override {
    return pg::ops::ExplainDocQuery(*conn_, query);
  }
  Result<std::vector<Version>> ListVersions(std::string_view doctype,
                                            std::string_view name) override {
    return pg::ops::ListVersions(*conn_, doctype, name);
  }
  Result<std::optional<SessionRecord>> GetSession(std::string_view id_hash) override {
    return pg::ops::GetSession(*conn_, id_hash);
  }
  Result<std::optional<ApiKeyRecord>> GetApiKey(std::string_view api_key) override {
    return pg::ops::GetApiKey(*conn_, api_key);
  }
  Result<std::optional<std::string>> GetPasswordHash(std::string_view user) override {
    return pg::ops::GetPasswordHash(*conn_, user);
  }
  Result<std::optional<std::string>> GetSetting(std::string_view key) override {
    return pg::ops::GetSetting(*conn_, key);
  }
  Result<std::optional<OutboxMessage>> GetOutbox(std::int64_t id) override {
    return pg::ops::GetOutbox(*conn_, id);
  }
  Result<std::vector<OutboxMessage>> ListOutbox(std::string_view status,
                                                std::int64_t limit) override {
    return pg::ops::ListOutbox(*conn_, status, limit);
  }
  Result<std::int64_t> CountOutbox(std::string_view status) override {
    return pg::ops::CountOutbox(*conn_, status);
  }
  Result<bool> LedgerContains(std::string_view notification, std::string_view doctype,
                              std::string_view docname, std::string_view reference_date) override {
    return pg::ops::LedgerContains(*conn_, notification, doctype, docname, reference_date);
  }
  Result<std::vector<std::string>> ListDoctypes() override { return pg::ops::ListDoctypes(*conn_); }
  Result<std::vector<std::vector<std::string>>> ListFieldIndexes() override {
    return pg::ops::ListFieldIndexes(*conn_);
  }
  Result<std::vector<Version>> ListVersionsAfter(std::int64_t after_id,
                                                 std::int64_t limit) override {
    return pg::ops::ListVersionsAfter(*conn_, after_id, limit);
  }
  Result<std::vector<SeriesCounter>> ListSeries() override { return pg::ops::ListSeries(*conn_); }
  Result<std::vector<Setting>> ListSettings() override { return pg::ops::ListSettings(*conn_); }
  Result<std::vector<PasswordRecord>> ListPasswordHashes() override {
    return pg::ops::ListPasswordHashes(*conn_);
  }
  Result<std::vector<ApiKeyRecord>> ListApiKeys() override { return pg::ops::ListApiKeys(*conn_); }
  Result<std::vector<SessionRecord>> ListSessions() override {
    return pg::ops::ListSessions(*conn_);
  }
  Result<std::vector<OutboxMessage>> ListOutboxAfter(std::int64_t after_id,
                                                     std::int64_t limit) override {
    return pg::ops::ListOutboxAfter(*conn_, after_id, limit);
  }
  Result<std::vector<LedgerEntry>> ListLedger(const std::optional<LedgerEntry>& after,
                                              std::int64_t limit) override {
    return pg::ops::ListLedger(*conn_, after, limit);
  }

 protected:
  Connection* conn_;
};

class PgReadTxn final : public PgReads<ReadTxn> {
 public:
  explicit PgReadTxn(pg::Pool::Lease lease) : PgReads(&*lease), lease_(std::move(lease)) {}
  // The pool closes the connection instead of reusing it if the rollback fails.
  ~PgReadTxn() override { (void)conn_->Exec("ROLLBACK"); }

 private:
  pg::Pool::Lease lease_;
};

class PgWriteTxn final : public PgReads<WriteTxn> {
 public:
  PgWriteTxn(PostgresStore& store, Connection* conn, std::unique_lock<std::mutex> lock)
      : PgReads(conn), store_(store), lock_(std::move(lock)) {
    conn_->SetBeforeStatement([this] { return InsertHeldBack(); });
  }
  ~PgWriteTxn() override {
    if (!done_) {
      held_back_.clear();
      conn_->SetBeforeStatement(nullptr);
      (void)conn_->Exec("ROLLBACK");
    }
  }

  Status InsertDoc(const Json& doc) override { return pg::ops::InsertDoc(*conn_, doc); }
  Status UpdateDoc(const Json& doc, std::string_view expected_modified) override {
    return pg::ops::UpdateDoc(*conn_, doc, expected_modified);
  }
  Status DeleteDoc(std::string_view doctype, std::string_view name) override {
    return pg::ops::DeleteDoc(*conn_, doctype, name);
  }
  Status AddVersion(const Json& previous) override { return pg::ops::AddVersion(*conn_, previous); }
  Status EnsureFieldIndex(const std::vector<std::string>& fields) override {
    return pg::ops::EnsureFieldIndex(*conn_, fields, store_.ddl_lock());
  }
  Result<std::int64_t> NextSeriesValue(std::string_view key) override {
    return pg::ops::NextSeriesValue(*conn_, key);
  }
  Status PutSession(const SessionRecord& session) override {
    return pg::ops::PutSession(*conn_, session);
  }
  Status DeleteSession(std::string_view id_hash) override {
    return pg::ops::DeleteSession(*conn_, id_hash);
  }
  Status DeleteSessionsOfUser(std::string_view user) override {
    return pg::ops::DeleteSessionsOfUser(*conn_, user);
  }
  Status DeleteExpiredSessions(std::int64_t now_us) override {
    return pg::ops::DeleteExpiredSessions(*conn_, now_us);
  }
  Status PutApiKey(const ApiKeyRecord& key) override { return pg::ops::PutApiKey(*conn_, key); }
  Status DeleteApiKeysOfUser(std::string_view user) override {
    return pg::ops::DeleteApiKeysOfUser(*conn_, user);
  }
  Status SetPasswordHash(std::string_view user, std::string_view hash) override {
    return pg::ops::SetPasswordHash(*conn_, user, hash);
  }
  Status DeleteCredentialsOfUser(std::string_view user) override {
    return pg::ops::DeleteCredentialsOfUser(*conn_, user);
  }
  Status SetSetting(std::string_view key, std::string_view value) override {
    return pg::ops::SetSetting(*conn_, key, value);
  }
  Result<std::int64_t> EnqueueOutbox(const OutboxMessage& message) override {
    return pg::ops::EnqueueOutbox(*conn_, message);
  }
  // Held back until the next statement on the connection (Connection::SetBeforeStatement) or
  // the commit: the messages of a save go in one statement instead of a round trip each.
  Status EnqueueOutboxLater(const OutboxMessage& message) override {
    held_back_.push_back(message);
    return Status::Ok();
  }
  Result<std::vector<OutboxMessage>> ClaimOutbox(std::string_view owner, std::int64_t now_us,
                                                 std::int64_t lease_until_us,
                                                 std::int64_t limit) override {
    return pg::ops::ClaimOutbox(*conn_, owner, now_us, lease_until_us, limit, store_.queue_seed());
  }
  Status UpdateOutbox(const OutboxMessage& message) override {
    return pg::ops::UpdateOutbox(*conn_, message, store_.queue_seed());
  }
  Result<bool> RecordLedger(std::string_view notification, std::string_view doctype,
                            std::string_view docname, std::string_view reference_date,
                            std::int64_t now_us) override {
    return pg::ops::RecordLedger(*conn_, notification, doctype, docname, reference_date, now_us);
  }
  Status ImportVersion(const Version& version) override {
    return pg::ops::ImportVersion(*conn_, version);
  }
  Status ImportOutbox(const OutboxMessage& message) override {
    return pg::ops::ImportOutbox(*conn_, message);
  }
  Status SetSeriesValue(std::string_view key, std::int64_t value) override {
    return pg::ops::SetSeriesValue(*conn_, key, value);
  }

  void OnCommit(std::function<void()> callback) override {
    on_commit_.push_back(std::move(callback));
  }

  // Sent with NOTIFY just before COMMIT (PostgreSQL delivers it to other nodes only if the
  // transaction commits); delivered here after the commit, in order with OnCommit callbacks.
  void Publish(std::string_view topic, std::string_view payload) override {
    if (!published_.Add(topic, payload)) return;
    notifications_.push_back(store_.EncodeMessage(topic, payload));
    on_commit_.push_back(
        [this, t = std::string(topic), p = std::string(payload)] { store_.bus().Deliver(t, p); });
  }

  Status Commit() override {
    if (done_) return Status(StatusCode::kFailedPrecondition, "transaction already finished");
    done_ = true;
    // The rows held back go in first (a failure there must not be mistaken for COMMIT's answer),
    // then the notifications; the connection then forgets this transaction.
    Status ready = InsertHeldBack();
    if (ready.ok()) ready = Notify();
    conn_->SetBeforeStatement(nullptr);
    if (!ready.ok()) {
      (void)conn_->Exec("ROLLBACK");
      return ready;
    }
    // COMMIT ends the transaction whatever its answer: an error, or ROLLBACK when an earlier
    // statement failed and aborted it.
    CRIER_ASSIGN_OR_RETURN(std::string tag, conn_->Command("COMMIT"));
    if (tag != "COMMIT") {
      return Status(StatusCode::kFailedPrecondition,
                    "the transaction was rolled back: an earlier statement in it failed");
    }
    store_.CountCommit();
    lock_.unlock();
    for (auto& callback : on_commit_) callback();
    return Status::Ok();
  }

 private:
  Status InsertHeldBack() {
    if (held_back_.empty()) return Status::Ok();
    std::vector<OutboxMessage> rows = std::move(held_back_);
    held_back_.clear();
    return pg::ops::EnqueueOutboxRows(*conn_, rows);
  }

  Status Notify() {
    for (const std::string& message : notifications_) {
      if (message.size() > kMaxNotifyPayload) {
        return InvalidArgument(
            fmt::format("a published message holds {} bytes; PostgreSQL's NOTIFY takes at most {}",
                        message.size(), kMaxNotifyPayload));
      }
      CRIER_RETURN_IF_ERROR(
          conn_->Run("SELECT pg_notify($1, $2)", store_.channel(), message).status());
    }
    return Status::Ok();
  }

  PostgresStore& store_;
  std::unique_lock<std::mutex> lock_;
  bool done_ = false;
  std::vector<std::string> notifications_;
  std::vector<std::function<void()>> on_commit_;
  Publications published_;
  std::vector<OutboxMessage> held_back_;  // EnqueueOutboxLater's, not inserted yet.
};

std::string RandomId() {
  std::random_device device;
  std::uint64_t id = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  return fmt::format("{:016x}", id);
}

}  // namespace

PostgresStore::PostgresStore(Options options, pg::ConnInfo info)
    : options_(std::move(options)),
      info_(std::move(info)),
      readers_(info_, options_.application_name, options_.max_readers),
      lock_pool_(info_, options_.application_name + "-locks", options_.max_lock_connections) {}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const Options& options) {
  CRIER_ASSIGN_OR_RETURN(pg::ConnInfo info, pg::ParseConnInfo(options.url));
  std::unique_ptr<PostgresStore> store(new PostgresStore(options, std::move(info)));
  const pg::ConnInfo& ci = store->info_;
  CRIER_ASSIGN_OR_RETURN(store->writer_, Connection::Open(ci, options.application_name));
  CRIER_ASSIGN_OR_RETURN(pg::Rows schema, store->writer_->Run("SELECT current_schema()"));
  if (schema.IsNull(0, 0)) {
    return Status(StatusCode::kFailedPrecondition,
                  fmt::format("{}: no schema of the search_path exists to create crier's tables in",
                              ci.redacted));
  }
  store->schema_ = schema.Text(0, 0);
  Result<int> version =
      pg::Migrate(*store->writer_, pg::Migrations(), pg::LockKey(store->schema_, "migrations"));
  if (!version.ok()) {
    return Status(version.status().code(),
                  fmt::format("{}: {}", ci.redacted, version.status().message()));
  }
  store->channel_ = fmt::format("crier_bus_{:016x}",
                                static_cast<std::uint64_t>(pg::LockKey(store->schema_, "bus")));
  store->queue_seed_ = pg::LockKey(store->schema_, "outbox-queues");
  store->ddl_lock_ = pg::LockKey(store->schema_, "ddl");
  store->sender_ = RandomId();
  CRIER_ASSIGN_OR_RETURN(
      store->listener_,
      pg::Listener::Start(ci, store->channel_, [s = store.get()](std::string_view message) {
        s->OnNotification(message);
      }));
  return store;
}

PostgresStore::~PostgresStore() {
  listener_.reset();  // No more callbacks into this store.
}

std::string PostgresStore::EncodeMessage(std::string_view topic, std::string_view payload) {
  return fmt::format("{} {} {}\n{}", sender_, sequence_.fetch_add(1), topic, payload);
}

void PostgresStore::OnNotification(std::string_view message) {
  size_t first = message.find(' ');
  size_t second = first == std::string_view::npos ? first : message.find(' ', first + 1);
  size_t newline = second == std::string_view::npos ? second : message.find('\n', second + 1);
  if (newline == std::string_view::npos) return;    // Not one of crier's messages.
  if (message.substr(0, first) == sender_) return;  // Delivered at commit already.
  bus_.Deliver(message.substr(second + 1, newline - second - 1), message.substr(newline + 1));
}

Result<pg::Pool::Lease> PostgresStore::BeginOn(pg::Pool& pool, std::string_view begin) {
  for (int attempt = 0;; ++attempt) {
    CRIER_ASSIGN_OR_RETURN(pg::Pool::Lease lease, pool.Acquire());
    Status s = lease->Exec(begin);
    if (s.ok()) return lease;
    // An idle connection the server closed (restart, idle timeout) fails at its first use.
    if (attempt > 0 || lease->healthy()) return s;
  }
}

Result<std::unique_ptr<ReadTxn>> PostgresStore::BeginRead() {
  CRIER_ASSIGN_OR_RETURN(pg::Pool::Lease lease,
                         BeginOn(readers_, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  return std::unique_ptr<ReadTxn>(new PgReadTxn(std::move(lease)));
}

Result<pg::Connection*> PostgresStore::BeginWriter() {
  constexpr std::string_view kBegin = "BEGIN ISOLATION LEVEL READ COMMITTED";
  if (writer_ && writer_->healthy()) {
    Status s = writer_->Exec(kBegin);
    if (s.ok()) return writer_.get();
    if (writer_->healthy()) return s;
  }
  writer_.reset();
  CRIER_ASSIGN_OR_RETURN(writer_, Connection::Open(info_, options_.application_name));
  CRIER_RETURN_IF_ERROR(writer_->Exec(kBegin));
  return writer_.get();
}

Result<std::unique_ptr<WriteTxn>> PostgresStore::BeginWrite() {
  std::unique_lock lock(writer_mu_);
  CRIER_ASSIGN_OR_RETURN(Connection * conn, BeginWriter());
  return std::unique_ptr<WriteTxn>(new PgWriteTxn(*this, conn, std::move(lock)));
}

void PostgresStore::Subscribe(std::string topic,
                              std::function<void(std::string_view payload)> callback) {
  bus_.Subscribe(std::move(topic), std::move(callback));
}

Result<bool> PostgresStore::RunExclusive(std::string_view name,
                                         const std::function<Status()>& body) {
  const std::string key_name(name);
  {
    // Session advisory locks are re-entrant within one session; the local set keeps a second
    // caller of this process out without asking the server.
    std::lock_guard lock(exclusive_mu_);
    if (!exclusive_held_.insert(key_name).second) return false;
  }
  auto release_local = [&] {
    std::lock_guard lock(exclusive_mu_);
    exclusive_held_.erase(key_name);
  };
  const std::int64_t key = pg::LockKey(schema_, "exclusive/" + key_name);
  Result<std::optional<pg::Pool::Lease>> lease = TryAdvisoryLock(key);
  if (!lease.ok() || !lease->has_value()) {
    release_local();
    if (!lease.ok()) return lease.status();
    return false;
  }
  pg::Pool::Lease& held = **lease;
  Status s = body();
  Result<pg::Rows> released = held->Run("SELECT pg_advisory_unlock($1::bigint)", key);
  // If the lock cannot be given back, closing the session releases it.
  if (!released.ok() || released->Text(0, 0) != "t") held.Discard();
  release_local();
  if (!s.ok()) return s;
  return true;
}

Result<std::optional<pg::Pool::Lease>> PostgresStore::TryAdvisoryLock(std::int64_t key) {
  for (int attempt = 0;; ++attempt) {
    CRIER_ASSIGN_OR_RETURN(pg::Pool::Lease lease, lock_pool_.Acquire());
    Result<pg::Rows> got = lease->Run("SELECT pg_try_advisory_lock($1::bigint)", key);
    if (got.ok()) {
      if (got->Text(0, 0) != "t") return std::optional<pg::Pool::Lease>();
      return std::optional<pg::Pool::Lease>(std::move(lease));
    }
    // An idle connection the server closed fails at its first use: replace it once.
    if (attempt > 0 || lease->healthy()) return got.status();
  }
}

Result<int> PostgresStore::SchemaVersion() {
  CRIER_ASSIGN_OR_RETURN(pg::Pool::Lease lease, readers_.Acquire());
  return pg::CurrentVersion(*lease);
}

Status PostgresStore::CheckIntegrity() {
  CRIER_ASSIGN_OR_RETURN(pg::Pool::Lease lease, readers_.Acquire());
  CRIER_ASSIGN_OR_RETURN(int version, pg::CurrentVersion(*lease));
  int expected = pg::Migrations().back().version;
  if (version != expected) {
    return Internal(
        fmt::format("schema version {} where this crier expects {}", version, expected));
  }
  return pg::ops::CheckIntegrity(*lease);
}

CommitCounts PostgresStore::commit_counts() const {
  const std::int64_t n = commits_.load();
  return {n, n};
}

}  // namespace crier
