// Composition of the notification engine.
#include "rules/rules_engine.h"

#include "delivery/target_change_hook.h"
#include "rules/notification_controller.h"

namespace crier::rules {

RulesEngine::RulesEngine(Store& store, DocumentService& documents, const ChannelEnv& env,
                         const Clock& clock, SchedulerOptions scheduler)
    : store_(store),
      documents_(documents),
      env_(env),
      clock_(clock),
      cache_(NotificationCache::StoreLoader(store)),
      targets_(store),
      runner_(documents, env, clock),
      dispatcher_(cache_, runner_, targets_),
      scheduler_(store, documents, cache_, runner_, clock, scheduler) {}

void RulesEngine::Install() {
  cache_.Subscribe(store_);
  targets_.Subscribe();
  // The chat target cache follows the webhook changes this hook publishes.
  documents_.AddHook(std::make_unique<TargetChangeHook>());
  documents_.AddHook(MakeNotificationController(clock_, env_));
  documents_.AddHook(MakeDispatchHook(dispatcher_));
}

}  // namespace crier::rules
