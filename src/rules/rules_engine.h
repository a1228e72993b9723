// The notification engine as one object, for `crier serve` to own: the cache of compiled
// notifications (following every committed change, on every node), the runner that evaluates one
// notification for one document, the dispatcher that turns document writes into evaluations, and
// the scheduler of Days and Minutes notifications. Install() adds its write hooks; the API
// methods are added by AddRulesMethods (rules_api.h).
#pragma once

#include <memory>

#include "base/clock.h"
#include "channels/message.h"
#include "delivery/enqueue.h"
#include "model/document_service.h"
#include "rules/dispatcher.h"
#include "rules/notification_cache.h"
#include "rules/runner.h"
#include "rules/scheduler.h"
#include "store/store.h"

namespace crier::rules {

class RulesEngine {
 public:
  // References must outlive the engine. `env` is read when a message is produced (its base URL
  // may be set after construction, once the server knows its port).
  RulesEngine(Store& store, DocumentService& documents, const ChannelEnv& env, const Clock& clock,
              SchedulerOptions scheduler);

  // Registers the Notification controller, the dispatcher and TargetChangeHook on the document
  // service, and subscribes the caches to Notification and webhook changes. Call once, while
  // wiring the server.
  void Install();

  Store& store() { return store_; }
  DocumentService& documents() { return documents_; }
  const ChannelEnv& env() const { return env_; }
  const Clock& clock() const { return clock_; }
  NotificationCache& cache() { return cache_; }
  NotificationRunner& runner() { return runner_; }
  Dispatcher& dispatcher() { return dispatcher_; }
  Scheduler& scheduler() { return scheduler_; }

 private:
  Store& store_;
  DocumentService& documents_;
  const ChannelEnv& env_;
  const Clock& clock_;
  NotificationCache cache_;
  ChatTargetCache targets_;
  NotificationRunner runner_;
  Dispatcher dispatcher_;
  Scheduler scheduler_;
};

}  // namespace crier::rules
