// The names a notification's condition and templates are evaluated with (DESIGN.md section 3):
// `doc` (a Frappe document: a missing field reads as None in conditions, Undefined in templates),
// `doc_before_save` (the stored version before this write, or None), `alert` (the notification),
// `comments` (None: crier keeps no comments yet), `frappe` (frappe.utils and frappe.db on the
// caller's transaction), with the injected "now" behind nowdate()/now() and the site URL behind
// get_url_to_form(). Built once per document and event, shared by every notification evaluated
// for it; only `alert` changes between them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/time.h"
#include "model/document_service.h"
#include "rules/compiled_notification.h"
#include "store/store.h"
#include "value/context.h"

namespace crier::rules {

struct ContextInputs {
  const nlohmann::json& doc;
  const nlohmann::json* before = nullptr;  // nullptr: doc_before_save is None.
  ReadTxn& txn;                            // What frappe.db reads; must outlive the context.
  const DocumentService& documents;
  DateTime now;
  std::string base_url;  // For get_url_to_form(); "" keeps the engines' default.
};

// A context holding doc, doc_before_save, comments, frappe and now; `alert` is None until
// SetAlert. Values are frozen: a condition cannot change what the next notification sees.
value::Context MakeContext(const ContextInputs& inputs);

// Sets `alert` to the notification (its frozen value lives in `notification`, which must outlive
// the context's use).
void SetAlert(value::Context& context, const CompiledNotification& notification);

}  // namespace crier::rules
