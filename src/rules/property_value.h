// The value "Set Property After Alert" writes: the notification's `property_value` text cast to
// the target field's type (reference section 4, but every type cast properly instead of Frappe's
// cint for numbers and raw text for the rest). "Today" on a Date, and "Now" on a Datetime or
// Time, mean the current date or time. A pure decision, tested as a table.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/status.h"
#include "base/time.h"
#include "model/meta.h"

namespace crier::rules {

// The stored value for `field`, or kInvalidArgument (field "property_value") saying why the text
// does not fit the field: not a number, not an option of the Select, not a date, a table...
Result<nlohmann::json> CastPropertyValue(const FieldMeta& field, std::string_view text,
                                         const DateTime& now);

// Whether a document with this docstatus may take the property: drafts always; submitted ones
// only for allow_on_submit fields (Frappe skips the others silently); cancelled ones never.
bool MayReceiveProperty(const FieldMeta& field, int docstatus);

}  // namespace crier::rules
