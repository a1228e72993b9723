// Frappe's list parameters (`fields`, `filters` in list or dict form, `order_by`, `limit_start`,
// `limit_page_length`) checked against a DocType and turned into a store query. Every field name
// must be a field of the DocType or a standard field; values are cast to the field's type so that
// `["total", ">", "1000"]` compares numbers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/meta.h"
#include "store/query.h"

namespace crier {

// The type a filter or order on this field uses: the DocType's, or a standard field's (docstatus
// Int, creation/modified Datetime, the others Data). nullptr-equivalent: nullopt when unknown.
std::optional<FieldType> QueryableFieldType(const Meta& meta, std::string_view field);

// `filters` as Frappe accepts it: null; a list of [field, op, value] or [doctype, field, op,
// value] (the doctype must be this one) or [field, value]; or a dict {field: value} /
// {field: [op, value]}. Operators as ParseFilterOp, plus Frappe's ["f", "is", "set"|"not set"].
// For `in` / `not in` a comma-separated string is a list. kInvalidArgument naming the field.
Result<std::vector<Filter>> ParseFilters(const Meta& meta, const Json& filters);

// "modified desc, name" (backquoted names and a `tabDocType`. prefix are accepted). Each name
// must be a queryable field and each direction asc or desc: never passed on unchecked.
Result<std::vector<OrderBy>> ParseOrderBy(const Meta& meta, std::string_view order_by);

// `fields`: null (just "name"), ["*"] or "*" (every field holding a value, child tables
// excepted), or a list of names. Returns the names to project.
Result<std::vector<std::string>> ParseFields(const Meta& meta, const Json& fields);

// The object holding just `fields` of `doc` (missing ones as null).
Json ProjectFields(const Json& doc, const std::vector<std::string>& fields);

}  // namespace crier
