// The SQLite implementation of Store: one file in WAL mode, one writer connection (SQLite allows
// one writer at a time, so write transactions queue on a mutex instead of retrying on SQLITE_BUSY),
// a pool of reader connections that read concurrently with the writer, and a checkpointer thread
// that copies the WAL back into the database (and fsyncs it) off the commit path, so a commit
// never waits for a disk flush.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
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
    int checkpoint_pages = 1000;
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

  // Internal: used by the transaction classes.
  void ReturnReader(std::unique_ptr<sqlite::Connection> conn);
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

  std::mutex writer_mu_;                        // Held for the whole life of a write transaction.
  std::unique_ptr<sqlite::Connection> writer_;  // Guarded by writer_mu_.
  std::unordered_set<std::string> known_indexes_;  // Guarded by writer_mu_.

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
