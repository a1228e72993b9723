// The PostgreSQL implementation of Store, for several crier nodes sharing one database: a writer
// connection (write transactions of this process queue on a mutex, as with SQLite; other nodes
// write at the same time), a small pool of reader connections on REPEATABLE READ snapshots, a
// pool of connections for session advisory locks (RunExclusive), and a listening connection on
// its own thread that carries Publish() between nodes through NOTIFY. docs/storage.md describes
// the schema, the transactions and how claims and locks work across nodes.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>

#include "store/local_bus.h"
#include "store/postgres/conn_info.h"
#include "store/postgres/connection.h"
#include "store/postgres/listener.h"
#include "store/postgres/pool.h"
#include "store/store.h"

namespace crier {

class PostgresStore final : public Store {
 public:
  struct Options {
    std::string url;               // postgresql://user:password@host:port/database[?params]
    int max_readers = 4;           // Reader connections opened on demand, at most this many.
    int max_lock_connections = 4;  // Connections holding RunExclusive locks, at most this many.
    std::string application_name = "crier";  // As shown in pg_stat_activity.
  };

  // Connects, runs the pending migrations (one node at a time, see migrations.h) and starts
  // listening. Errors never hold the password.
  static Result<std::unique_ptr<PostgresStore>> Open(const Options& options);
  ~PostgresStore() override;

  Result<std::unique_ptr<ReadTxn>> BeginRead() override;
  Result<std::unique_ptr<WriteTxn>> BeginWrite() override;
  void Subscribe(std::string topic,
                 std::function<void(std::string_view payload)> callback) override;
  Result<bool> RunExclusive(std::string_view name, const std::function<Status()>& body) override;
  Result<int> SchemaVersion() override;
  Status CheckIntegrity() override;
  CommitCounts commit_counts() const override;

  // The URL without its password, for logs.
  const std::string& redacted_url() const { return info_.redacted; }
  // The server process of the listening connection (0 while it reconnects), for tests.
  int listener_backend_pid() const { return listener_->backend_pid(); }

  // Internal: used by the transaction classes.
  // The writer connection, (re)opened if lost, inside a new READ COMMITTED transaction.
  // REQUIRES: the caller holds writer_mu().
  Result<pg::Connection*> BeginWriter();
  std::mutex& writer_mu() { return writer_mu_; }
  // The NOTIFY payload carrying (topic, payload) from this store.
  std::string EncodeMessage(std::string_view topic, std::string_view payload);
  const std::string& channel() const { return channel_; }
  std::int64_t queue_seed() const { return queue_seed_; }
  std::int64_t ddl_lock() const { return ddl_lock_; }
  const LocalBus& bus() const { return bus_; }
  void CountCommit() { ++commits_; }

 private:
  PostgresStore(Options options, pg::ConnInfo info);
  // A message heard on the channel: delivered to local subscribers unless this store sent it
  // (those were delivered at commit, on the committing thread).
  void OnNotification(std::string_view message);
  // A pooled connection inside a new transaction started with `begin`; a connection the server
  // dropped since it was last used is replaced once.
  Result<pg::Pool::Lease> BeginOn(pg::Pool& pool, std::string_view begin);
  // A lock connection holding the session advisory lock `key`, or nullopt when another session
  // (another node) holds it.
  Result<std::optional<pg::Pool::Lease>> TryAdvisoryLock(std::int64_t key);

  const Options options_;
  const pg::ConnInfo info_;
  std::string channel_;                     // NOTIFY channel of this database and schema.
  std::string sender_;                      // This store's id in the messages it publishes.
  std::atomic<std::uint64_t> sequence_{0};  // Makes every message distinct (NOTIFY folds twins).
  std::int64_t queue_seed_ = 0;             // Seed of the outbox queues' advisory lock keys.
  std::int64_t ddl_lock_ = 0;               // Advisory lock around index creation.
  std::string schema_;  // Advisory locks and channels are per database: keys include the schema.
  LocalBus bus_;

  std::mutex exclusive_mu_;
  std::unordered_set<std::string> exclusive_held_;  // Guarded by exclusive_mu_.

  pg::Pool readers_;
  pg::Pool lock_pool_;

  std::mutex writer_mu_;                    // Held for the whole life of a write transaction.
  std::unique_ptr<pg::Connection> writer_;  // Guarded by writer_mu_.
  std::atomic<std::int64_t> commits_{0};    // Each write transaction commits on its own.

  std::unique_ptr<pg::Listener> listener_;  // Last: stopped first, before what it calls.
};

}  // namespace crier
