// A small pool of PostgreSQL connections: opened on demand up to a maximum, reused while healthy,
// thrown away (and replaced on the next demand) once lost, so that a restarted server or a dropped
// connection heals without restarting crier.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/postgres/conn_info.h"
#include "store/postgres/connection.h"

namespace crier::pg {

class Pool {
 public:
  Pool(ConnInfo info, std::string application_name, int max_size)
      : info_(std::move(info)),
        application_name_(std::move(application_name)),
        max_size_(max_size) {}

  // A connection borrowed from the pool, given back on destruction: kept if it is healthy and
  // outside any transaction, closed otherwise.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = delete;
    ~Lease() {
      if (conn_) pool_->Release(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }
    // Closes the connection instead of giving it back (e.g. it may still hold a session lock).
    void Discard() {
      if (conn_) pool_->Forget(std::move(conn_));
    }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Waits until a connection is idle or may be opened, and returns it. kUnavailable when a new
  // connection cannot be opened. Thread-safe.
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Connection> conn);
  void Forget(std::unique_ptr<Connection> conn);

  const ConnInfo info_;
  const std::string application_name_;
  const int max_size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // Guarded by mu_.
  int open_ = 0;                                   // Guarded by mu_: idle and lent.
};

}  // namespace crier::pg
