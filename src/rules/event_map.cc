// Hook names to notification events.
#include "rules/event_map.h"

namespace crier::rules {

std::optional<Event> EventForHook(std::string_view hook, WriteAction action) {
  if (hook == "after_insert") return Event::kNew;
  if (hook == "on_update") return Event::kSave;
  if (hook == "on_submit") return Event::kSubmit;
  if (hook == "on_cancel") return Event::kCancel;
  if (hook == "on_change") {
    // Frappe: "only when the doc is not in insert and not in delete".
    bool inserting = action == WriteAction::kInsert || action == WriteAction::kInsertSubmitted;
    if (inserting || action == WriteAction::kDelete) return std::nullopt;
    return Event::kValueChange;
  }
  return std::nullopt;
}

}  // namespace crier::rules
