// Which notification events a document write fires, hook by hook, exactly as Frappe's
// run_notifications does (reference 2.1/2.2, DESIGN.md section 4): after_insert -> New,
// on_update -> Save, on_submit -> Submit, on_cancel -> Cancel, on_change -> Value Change except
// while inserting or deleting, and any hook whose name is a notification's `method` -> Method.
// Custom and the scheduled events never fire from a write. A pure decision, tested as a table.
#pragma once

#include <optional>
#include <string_view>

#include "model/lifecycle.h"
#include "rules/notification_spec.h"

namespace crier::rules {

// The event (other than Method) that hook `hook` fires during a write of kind `action`, or
// nullopt. Each hook of a write runs once (lifecycle.h), and each notification has one event (or
// one method), so no notification can be evaluated twice in one write.
std::optional<Event> EventForHook(std::string_view hook, WriteAction action);

}  // namespace crier::rules
