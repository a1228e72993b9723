// What a list query on documents says, independent of SQL: the filters of Frappe's REST API, an
// order and a page. The document layer builds these from validated input; each store translates
// them to its own SQL, so no SQL text ever leaves the store's folder.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crier {

using Json = nlohmann::json;

// Frappe's filter operators, with Frappe's treatment of missing values: `!=`, `not like` and
// `not in` also match documents where the field is missing; `is set` means present and not "".
enum class FilterOp {
  kEq,
  kNe,
  kGt,
  kLt,
  kGe,
  kLe,
  kLike,
  kNotLike,
  kIn,
  kNotIn,
  kIsSet,
  kIsNotSet,
  kBetween,
};

// "=", "!=", ">", "<", ">=", "<=", "like", "not like", "in", "not in", "is set", "is not set",
// "between" (case-insensitive; "<>" is accepted for "!="). nullopt for anything else.
std::optional<FilterOp> ParseFilterOp(std::string_view text);
std::string_view FilterOpName(FilterOp op);

// One condition. `value` is a JSON scalar (string, number, bool or null) for comparisons and like;
// an array of scalars for in / not in; an array of two scalars for between; ignored for is set /
// is not set. The caller casts values to the field's type first (numbers for numeric fields), since
// the store compares values as they are stored.
struct Filter {
  std::string field;
  FilterOp op = FilterOp::kEq;
  Json value = nullptr;
};

struct OrderBy {
  std::string field;
  bool descending = false;
};

// The standard columns every document has, stored outside its JSON so that they can be indexed.
// Any other field is read from the document's JSON.
bool IsStandardColumn(std::string_view field);

// A field name that may appear in a query: a lowercase identifier ([a-z_][a-z0-9_]*, at most 64
// characters). Stores refuse any other name, so names never reach SQL unchecked.
bool IsValidFieldName(std::string_view field);

struct DocQuery {
  std::string doctype;
  std::vector<Filter> filters = {};    // All must hold (AND).
  std::vector<OrderBy> order_by = {};  // Empty: `modified` descending.
  std::int64_t offset = 0;
  std::int64_t limit = -1;  // -1: no limit.
};

// How a store would run a query, for tests and diagnostics.
struct QueryPlan {
  std::string text;  // The database's own description (EXPLAIN output).
  // True when the store reads every document of the doctype (or of the whole table) instead of
  // seeking an index on a filtered field: what the date and notification lookups must avoid.
  bool scans_all = false;
};

}  // namespace crier
