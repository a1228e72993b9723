// The in-process message bus.
#include "store/local_bus.h"

namespace crier {

void LocalBus::Subscribe(std::string topic, Callback callback) {
  std::lock_guard lock(mu_);
  subscribers_[std::move(topic)].push_back(std::move(callback));
}

void LocalBus::Deliver(std::string_view topic, std::string_view payload) const {
  std::vector<Callback> callbacks;
  {
    std::lock_guard lock(mu_);
    auto it = subscribers_.find(topic);
    if (it == subscribers_.end()) return;
    callbacks = it->second;  // Called without the lock: a callback may subscribe.
  }
  for (const Callback& callback : callbacks) callback(payload);
}

}  // namespace crier
