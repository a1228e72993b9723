// The SQLite implementation of Store: one file in WAL mode, one writer connection (SQLite allows
// one writer at a time, so write transactions queue on a mutex instead of retrying on SQLITE_BUSY),
// a pool of reader connections that read concurrently with the writer, and a checkpointer thread
// that copies the WAL back into the database (and fsyncs it) off the commit path, so a commit
// never waits for a disk flush.
//
// Group commit: write transactions that queue behind each other share one SQLite transaction.
// Each runs inside its own savepoint (so one that fails rolls back alone); when it ends while
// another waits for the writer, it hands the writer on and waits for the one that ends with
// nobody waiting, which commits for the whole group. A commit writes each page it changed to the
// WAL once, so consecutive inserts that touch the same pages (a table's last leaf, its indexes'
// last leaves) write them once per group instead of once each. Nothing is visible to readers, and
// no Commit() returns, before the group's commit; a failed commit fails every member.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "store/local_bus.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace crier {

class SqliteStore final : public Store {
 public:
  struct Options {
    std::string path;     // The database file; its folder must exist.
    int max_readers = 4;  // Reader connections opened on demand, at most this many.
    // The checkpointer runs at least this often, and as soon as the WAL holds
    // checkpoint_pages pages.
    std::chrono::milliseconds checkpoint_interval{1000};
    int checkpoint_pages = 8000;
    // A group commits once this many write transactions kept their writes in it, or once it has
    // been open this long, even if more writers wait: a steady stream of writers cannot hold
    // back its first member's commit.
    int group_max_members = 64;
    std::chrono::milliseconds group_max_age{10};
  };

  // Opens (creating if needed) the database and runs the pending migrations.
  static Result<std::unique_ptr<SqliteStore>> Open(const Options& options);
  ~SqliteStore() override;

  Result<std::unique_ptr<ReadTxn>> BeginRead() override;
  Result<std::unique_ptr<WriteTxn>> BeginWrite() override;
  Result<int> SchemaVersion() override;
  Status CheckIntegrity() override;
  void Subscribe(std::string topic,
                 std::function<void(std::string_view payload)> callback) override;
  Result<bool> RunExclusive(std::string_view name, const std::function<Status()>& body) override;
  const LocalBus& bus() const { return bus_; }

  CommitCounts commit_counts() const override;
  // Threads waiting in BeginWrite() for the writer. Thread-safe; for tests.
  int waiting_writers() const { return waiting_writers_.load(); }

  // Internal: used by the transaction classes.
  void ReturnReader(std::unique_ptr<sqlite::Connection> conn);
  // Ends the write transaction holding `lock` (the writer): keeps its writes (`keep`) or rolls
  // them back, then commits the group or hands it to a waiting writer. With `keep`, returns once
  // the group's commit is known (its status); `pending_indexes` are the field indexes it created.
  Status EndWrite(std::unique_lock<std::mutex>& lock, bool keep,
                  std::vector<std::vector<std::string>> pending_indexes);
  sqlite::Connection& writer() { return *writer_; }
  // REQUIRES: the caller holds the write lock.
  std::unordered_set<std::string>& known_indexes() { return known_indexes_; }
  // Whether an expression index starts with `field`. Thread-safe.
  bool IsIndexedField(std::string_view field) const;
  // Records indexes created by a committed transaction. Thread-safe.
  void AddIndexedFields(const std::vector<std::vector<std::string>>& field_lists);

 private:
  explicit SqliteStore(Options options) : options_(std::move(options)) {}

  Options options_;
  LocalBus bus_;

  std::mutex exclusive_mu_;
  std::unordered_set<std::string> exclusive_held_;  // Guarded by exclusive_mu_.

  // One SQLite transaction shared by consecutive write transactions (see the top of this file).
  struct CommitGroup {
    std::chrono::steady_clock::time_point opened;
    int members = 0;  // Write transactions that kept their writes and wait for the commit.
    std::vector<std::vector<std::string>> pending_indexes;  // Created by its members.
    std::mutex mu;
    std::condition_variable done_cv;
    bool done = false;  // Guarded by mu.
    Status status;      // The commit's outcome; guarded by mu.
  };
  // Commits the open group, or hands it to a waiting writer (returning at once, or, when the
  // ending transaction `kept` its writes, once the group is finished); unlocks `lock`.
  Status HandOnOrCommit(std::unique_lock<std::mutex>& lock, bool kept);
  // Commits (or, when `failure` is set, rolls back) the open group and wakes its members.
  // REQUIRES: writer_mu_ held, group_ set.
  Status FinishGroup(std::optional<Status> failure);

  std::mutex writer_mu_;                        // Held for the whole life of a write transaction.
  std::unique_ptr<sqlite::Connection> writer_;  // Guarded by writer_mu_.
  std::unordered_set<std::string> known_indexes_;  // Guarded by writer_mu_.
  std::shared_ptr<CommitGroup> group_;             // The open group, if any; guarded by writer_mu_.
  std::atomic<int> waiting_writers_{0};
  std::atomic<std::int64_t> commits_{0};
  std::atomic<std::int64_t> committed_transactions_{0};

  mutable std::shared_mutex indexed_mu_;
  std::unordered_set<std::string> indexed_fields_;  // Guarded by indexed_mu_.

  void CheckpointLoop();
  static int OnWalCommit(void* self, sqlite3* db, const char* name, int pages);

  std::unique_ptr<sqlite::Connection> checkpointer_;  // Used by checkpoint_thread_ only.
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ = false;  // Guarded by checkpoint_mu_.
  bool stopping_ = false;           // Guarded by checkpoint_mu_.
  std::thread checkpoint_thread_;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<sqlite::Connection>> idle_readers_;  // Guarded by pool_mu_.
  int open_readers_ = 0;                                           // Guarded by pool_mu_.
};

}  // namespace crier
