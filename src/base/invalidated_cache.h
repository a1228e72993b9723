// A cache of values by name for data read from committed state, whose entries a change drops.
// Get() loads a missing entry without holding the lock; a load that raced with an invalidation is
// returned to its caller but not kept, so the cache never keeps what a change it was told about
// made stale. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

namespace crier {

template <typename V>
class InvalidatedCache {
 public:
  // The entry named `key`, else what `load()` returns (a Result<V>), kept when it is a value.
  template <typename Load>
  Result<V> Get(std::string_view key, Load&& load) {
    std::uint64_t generation;
    {
      std::lock_guard lock(mu_);
      if (auto it = entries_.find(key); it != entries_.end()) return it->second;
      generation = generation_;
    }
    Result<V> loaded = std::forward<Load>(load)();
    if (!loaded.ok()) return loaded;
    std::lock_guard lock(mu_);
    if (generation_ == generation) entries_.insert_or_assign(std::string(key), *loaded);
    return loaded;
  }

  // Drops the entry named `key`, or every entry when `key` is empty. Cheap; safe from any thread,
  // including a store subscription callback.
  void Invalidate(std::string_view key) {
    std::lock_guard lock(mu_);
    ++generation_;
    if (key.empty()) {
      entries_.clear();
    } else if (auto it = entries_.find(key); it != entries_.end()) {
      entries_.erase(it);
    }
  }

 private:
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  // A plain mutex: the critical sections are a hash lookup and a copy, and unlike a
  // reader-preferring rwlock it never starves the invalidations.
  std::mutex mu_;
  // Guarded by mu_. `generation_` grows with every invalidation.
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, V, NameHash, std::equal_to<>> entries_;
};

}  // namespace crier
