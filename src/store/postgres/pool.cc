// The connection pool.
#include "store/postgres/pool.h"

namespace crier::pg {

Result<Pool::Lease> Pool::Acquire() {
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_size_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;
  }
  Result<std::unique_ptr<Connection>> opened = Connection::Open(info_, application_name_);
  if (!opened.ok()) {
    {
      std::lock_guard lock(mu_);
      --open_;
    }
    cv_.notify_one();
    return opened.status();
  }
  return Lease(this, std::move(opened).value());
}

void Pool::Forget(std::unique_ptr<Connection> conn) {
  conn.reset();
  {
    std::lock_guard lock(mu_);
    --open_;
  }
  cv_.notify_one();
}

void Pool::Release(std::unique_ptr<Connection> conn) {
  bool keep = conn->healthy() && conn->idle();
  {
    std::lock_guard lock(mu_);
    if (keep) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
  }
  cv_.notify_one();
  // A connection that is not kept closes here, outside the lock.
}

}  // namespace crier::pg
