// In-process fan-out of published messages to subscribers. SQLite uses it directly (one node);
// a store shared by several nodes (PostgreSQL) feeds it from LISTEN so that subscribers on every
// node hear every message the same way.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace crier {

class LocalBus {
 public:
  using Callback = std::function<void(std::string_view payload)>;

  // Adds a subscriber for `topic`. Thread-safe; subscribers live as long as the bus.
  void Subscribe(std::string topic, Callback callback);

  // Calls every subscriber of `topic`, in subscription order, on the calling thread. Subscribers
  // must be quick (wake a thread, drop a cache entry) and must not throw.
  void Deliver(std::string_view topic, std::string_view payload) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::vector<Callback>, std::less<>> subscribers_;  // Guarded by mu_.
};

}  // namespace crier
