// Whether a field's value really changed between two versions of a document, for the Value Change
// event: both values are cast to the field's type first (reference 2.5, Frappe's `cast`), so that
// None -> "" on a text field, 0 -> None on a number, or the same date written differently are not
// changes. A pure decision, tested as a table.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "model/field_type.h"

namespace crier::rules {

// The value as Frappe's cast() makes it for comparison:
// - Float, Currency, Percent: a float (None, "" and non-numbers 0.0);
// - Int, Check: an integer ("true"/"false" read as 1/0, floats truncated, None 0);
// - text types (Data, Text..., Select, Link, Code...): a string, None as "";
// - Date, Datetime, Time: the normalised ISO text, empty as Frappe's 0001-01-01 (00:00:00);
// - Table: the rows without the stamps crier sets (idx, parent...);
// - anything else (JSON): the value as it is.
// `type` nullopt (not a field of the DocType) compares values as they are.
nlohmann::json CastForComparison(std::optional<FieldType> type, const nlohmann::json& value);

// CastForComparison(before) != CastForComparison(after).
bool ValueChanged(std::optional<FieldType> type, const nlohmann::json& before,
                  const nlohmann::json& after);

}  // namespace crier::rules
