// Composition of the notification engine.
#include "rules/rules_engine.h"

#include "rules/notification_controller.h"

namespace crier::rules {

RulesEngine::RulesEngine(Store& store, DocumentService& documents, const ChannelEnv& env,
                         const Clock& clock, SchedulerOptions scheduler)
    : store_(store),
      documents_(documents),
      env_(env),
      clock_(clock),
      cache_(NotificationCache::StoreLoader(store)),
      runner_(documents, env, clock),
      dispatcher_(cache_, runner_),
      scheduler_(store, documents, cache_, runner_, clock, scheduler) {}

void RulesEngine::Install() {
  cache_.Subscribe(store_);
  documents_.AddHook(MakeNotificationController(clock_, env_));
  documents_.AddHook(MakeDispatchHook(dispatcher_));
}

}  // namespace crier::rules
