// The receiving end of the PostgreSQL message bus: one dedicated connection that LISTENs on the
// store's channel, on its own thread, handing each notification's payload to a callback. When the
// connection drops (server restart, network, an administrator's pg_terminate_backend) it
// reconnects with a backoff and LISTENs again; messages published while it was away are lost for
// this node, so subscribers treat them as hints (docs/storage.md).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "base/status.h"
#include "store/postgres/conn_info.h"
#include "store/postgres/connection.h"

namespace crier::pg {

class Listener {
 public:
  using Callback = std::function<void(std::string_view payload)>;

  // Connects and LISTENs before returning (so that everything published after Start returns is
  // heard), then starts the thread. `callback` runs on that thread; it must be quick and must not
  // throw. kUnavailable when the first connection fails.
  static Result<std::unique_ptr<Listener>> Start(const ConnInfo& info, std::string channel,
                                                 Callback callback);
  // Stops the thread and closes the connection.
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // The server process of the current connection, 0 while reconnecting (for tests).
  int backend_pid() const { return backend_pid_.load(); }
  // How many times the connection was re-established after a drop.
  int reconnects() const { return reconnects_.load(); }

 private:
  Listener(const ConnInfo& info, std::string channel, Callback callback);
  Status Connect();
  void Run();
  // Waits up to `timeout` for the stop signal; true when stopping.
  bool WaitForStop(std::chrono::milliseconds timeout);

  const ConnInfo info_;
  const std::string channel_;
  const Callback callback_;
  int stop_fd_ = -1;                  // An eventfd written once by the destructor.
  std::unique_ptr<Connection> conn_;  // Used by the thread only (and by Start before it).
  std::atomic<int> backend_pid_{0};
  std::atomic<int> reconnects_{0};
  std::thread thread_;
};

}  // namespace crier::pg
