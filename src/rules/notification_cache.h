// The enabled notifications of each DocType, compiled and grouped by event (and by method name for
// Method notifications), so that a write finds the notifications its event concerns without
// scanning or compiling anything: O(notifications of that DocType and event).
//
// Entries load lazily (from committed data only) and are dropped whenever a Notification change
// commits: the Notification controller publishes the DocTypes concerned on kNotificationsTopic,
// and every node sharing the database hears it through Store::Subscribe. Thread-safe: any number
// of writes and scheduler ticks read it concurrently.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/invalidated_cache.h"
#include "base/status.h"
#include "rules/compiled_notification.h"
#include "store/store.h"

namespace crier::rules {

// The topic and payload: the DocType whose notifications changed ("" for all of them).
inline constexpr std::string_view kNotificationsTopic = "notifications";

using CompiledList = std::vector<std::shared_ptr<const CompiledNotification>>;

// The enabled notifications of one DocType. Immutable once built.
class DoctypeRules {
 public:
  explicit DoctypeRules(CompiledList notifications);

  const CompiledList& all() const { return all_; }
  bool empty() const { return all_.empty(); }
  // Those whose event is `event` (for Method: every Method notification).
  const CompiledList& ForEvent(Event event) const { return by_event_[static_cast<int>(event)]; }
  // The Method notifications whose `method` is `hook`.
  const CompiledList& ForMethod(std::string_view hook) const;
  // Whether any notification concerns hook `hook` through its method (a fast negative check).
  bool HasMethod(std::string_view hook) const;
  const std::shared_ptr<const CompiledNotification>* Find(std::string_view name) const;

 private:
  CompiledList all_;
  CompiledList by_event_[kEventCount];
  std::map<std::string, CompiledList, std::less<>> by_method_;
};

class NotificationCache {
 public:
  // Reads the enabled Notification documents of a DocType from committed data.
  using Loader = std::function<Result<std::vector<Json>>(std::string_view doctype)>;

  explicit NotificationCache(Loader loader);

  // The loader used in production: a read transaction of `store` per load.
  static Loader StoreLoader(Store& store);

  // The DocType's notifications, loaded and compiled on first use after a change.
  Result<std::shared_ptr<const DoctypeRules>> Get(std::string_view doctype);

  // Drops the DocType's entry ("" drops every entry). Cheap; safe from any thread, including a
  // store subscription callback.
  void Invalidate(std::string_view doctype);

  // Invalidates on every message of kNotificationsTopic published through `store`.
  void Subscribe(Store& store);

 private:
  Loader loader_;
  InvalidatedCache<std::shared_ptr<const DoctypeRules>> entries_;
};

}  // namespace crier::rules
