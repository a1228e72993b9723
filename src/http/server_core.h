// Internal to src/http: the state every connection of one HttpServer shares (event loop, worker
// pool, handler, limits, the registry that graceful stop walks). Includes Asio; only the server's
// own .cc files include this header.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "http/http_server.h"

namespace crier::http {

class Connection;

struct ServerCore {
  ServerCore(HttpServerOptions opts, Handler h, int worker_threads)
      : options(std::move(opts)),
        handler(std::move(h)),
        io(options.io_threads),
        workers(static_cast<std::size_t>(worker_threads)) {}

  // Runs the application's handler, turning an escaped exception into a 500 (and a log line) so
  // one faulty handler cannot take the server down.
  Response RunHandler(Request& request) const;

  // Connection bookkeeping, called by Connection's constructor and destructor.
  void Register(Connection* c, std::weak_ptr<Connection> weak);
  void Unregister(Connection* c);
  // Strong references to every live connection (for Stop).
  std::vector<std::shared_ptr<Connection>> LiveConnections();
  // Waits until no connection is left or `deadline` passes; true when none is left.
  bool WaitForNoConnections(std::chrono::steady_clock::time_point deadline);

  const HttpServerOptions options;
  const Handler handler;
  std::atomic<bool> stopping{false};
  std::atomic<int> connection_count{0};

  // Declared before `io` so that connections destroyed with the io_context's pending handlers can
  // still unregister themselves.
  std::mutex registry_mu;
  std::condition_variable registry_cv;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> registry;  // Guarded by registry_mu.

  boost::asio::io_context io;
  boost::asio::thread_pool workers;
};

}  // namespace crier::http
