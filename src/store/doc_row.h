// A document as every store keeps it: the standard columns read out of its JSON (so that they can
// be indexed and compared) and the JSON text itself. Shared by the SQLite and PostgreSQL stores so
// that both read the same columns from the same document.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "store/query.h"

namespace crier {

struct DocRow {
  std::string doctype;
  std::string name;
  int docstatus = 0;  // 0 when missing or not an integer.
  std::string owner;  // Each text column is "" when the field is missing or not a string.
  std::string creation;
  std::string modified;
  std::string modified_by;
  std::string data;  // The whole document as compact JSON (invalid UTF-8 replaced).
};

// The row for `doc`. kInvalidArgument when it is not an object with a non-empty string doctype
// and name.
Result<DocRow> ToDocRow(const Json& doc);

// The document stored as `text`; kInternal when the text is not valid JSON.
Result<Json> ParseStoredDoc(std::string_view text);

// Compact JSON text, with invalid UTF-8 replaced rather than refused.
std::string DumpJson(const Json& j);

}  // namespace crier
