// From a document write to the notifications it fires: for each controller hook of the write,
// the event it means (event_map.h) and the Method notifications named after it, looked up in the
// cache (O(notifications of that DocType and event)), Value Change filtered by a real change of
// the field (value_change.h), then each evaluated by the runner in the write's transaction.
//
// A Set Property nested save carries origin "notification:<name>" (runner.h, PropertyOrigin): it
// fires every notification but that one and those whose saves led to it, so Frappe's duplicate
// message (issue frappe/frappe#32964) is not reproduced, even when property saves cascade.
// Value Change on a field the DocType does not have disables the notification with an Error Log,
// as Frappe does. Writes made by events.ingest (origin kIngestOrigin) fire nothing by themselves:
// the ingest method fires the hook its caller named (Fire).
#pragma once

#include <string_view>

#include "delivery/enqueue.h"
#include "model/write_hook.h"
#include "rules/notification_cache.h"
#include "rules/runner.h"

namespace crier::rules {

inline constexpr std::string_view kIngestOrigin = "events.ingest";
// The origin of the save that disables a notification whose Value Change field is gone; the
// Notification controller does not re-validate it.
inline constexpr std::string_view kDisableOrigin = "rules:disable";

class Dispatcher {
 public:
  // References must outlive the dispatcher. Chat messages resolve their webhook through `targets`.
  Dispatcher(NotificationCache& cache, NotificationRunner& runner, ChatTargetCache& targets);

  // Evaluates the notifications that `ctx.hook` fires. Never fails the write (errors are Error
  // Logs), except for a store failure reading the notifications themselves.
  Status OnHook(HookContext& ctx);

  // Evaluates the notifications hook `hook` fires for `doc` (stored before as `before`), as if a
  // write of kind `action` ran it: events.ingest's path.
  Status Fire(WriteTxn& txn, const WriteOptions& options, const Meta& meta, std::string_view hook,
              WriteAction action, nlohmann::json& doc, const nlohmann::json* before,
              std::vector<RunReport>* reports = nullptr);

 private:
  NotificationCache& cache_;
  NotificationRunner& runner_;
  ChatTargetCache& targets_;
};

// The WriteHook that calls Dispatcher::OnHook for every write.
std::unique_ptr<WriteHook> MakeDispatchHook(Dispatcher& dispatcher);

}  // namespace crier::rules
