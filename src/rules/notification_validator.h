// Checking a Notification before it is saved (reference 3.5, made stricter): the texts compile
// (subject, message, condition, recipient rows), the condition evaluates without error against
// the most recent document of its DocType (or a blank one: numbers 0, others None or the field's
// default), each event has its companion fields naming real fields of the DocType (date for Days,
// datetime and an offset of at least 10 minutes for Minutes, the field for Value Change, a hook
// name for Method), Set Property names a real field and its value fits it, the External
// Collaboration Tool channel has an existing webhook (Frappe 2026's MandatoryError), and the
// target is not a child table (except for Days events) nor Webhook Delivery.
//
// Every error names its field; template and condition errors are 422 with line and column, the
// others 400. Used by the save (first error refuses it) and by notification.validate (all).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/time.h"
#include "model/document_service.h"
#include "rules/field_error.h"
#include "store/store.h"

namespace crier::rules {

struct ValidationInputs {
  const nlohmann::json& doc;  // The Notification, fields already cast to their types.
  ReadTxn& txn;               // Where the DocType's documents, webhooks and roles are read.
  const DocumentService& documents;
  DateTime now;
  std::string base_url;
};

// Every problem found, in field order; empty when the notification may be saved.
std::vector<FieldError> ValidateNotification(const ValidationInputs& inputs);

// The hook names a Method notification may name (crier runs exactly these).
const std::vector<std::string_view>& MethodHookNames();

// The document a condition is checked against when the DocType has none yet: doctype, name None,
// docstatus 0, each field's default, else 0 for numbers, [] for tables, None for the rest.
nlohmann::json BlankDocument(const Meta& meta);

}  // namespace crier::rules
