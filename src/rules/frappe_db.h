// The `frappe` object that notification conditions and templates see: `frappe.utils.<helper>` (the
// engines' own) plus `frappe.db.get_value`, `frappe.db.exists` and `frappe.db.count`, which read
// documents in the caller's transaction, so a condition sees what the write being evaluated sees.
// Secret fields (Password, or marked secret) are never readable: a notification must not be able
// to copy a webhook URL or a password into a message.
#pragma once

#include "model/document_service.h"
#include "store/store.h"
#include "value/arena.h"
#include "value/value.h"

namespace crier::rules {

// A `frappe` value allocated in `arena`. `txn` and `documents` must outlive every evaluation that
// uses it (the value holds pointers to them). Read-only: nothing is ever written.
//   frappe.db.get_value(doctype, filters, fieldname="name", as_dict=False)
//     filters: a name, a dict {field: value | [op, value]}, or a list of [field, op, value];
//     fieldname: a field, "*" or a list of fields. Returns the value (a tuple, or a dict with
//     as_dict, for several fields) of the most recently modified match, or None.
//   frappe.db.exists(doctype, name_or_filters) -> the name, or None.
//   frappe.db.count(doctype, filters=None) -> int.
// Errors (unknown DocType or field, a secret field, bad filters) raise ValueError.
value::Value MakeFrappeObject(value::Arena& arena, ReadTxn& txn, const DocumentService& documents);

}  // namespace crier::rules
