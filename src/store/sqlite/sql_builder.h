// Turns a DocQuery into SQLite SQL text and its bound values. Field names become either a
// standard column or `json_extract(data, '$.field')` (the same text the expression indexes use,
// which SQLite needs to match them); every value is a bound parameter, never SQL text.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/query.h"
#include "store/sql_filter.h"

namespace crier::sqlite {

// The SQL expression reading `field` of a document row. REQUIRES: IsValidFieldName(field).
std::string FieldExpression(std::string_view field);

// Whether an expression index starts with this (non-standard) field.
using IndexedField = std::function<bool(std::string_view field)>;

// `SELECT data FROM documents WHERE ... ORDER BY ... LIMIT ... OFFSET ...`. kInvalidArgument for
// an invalid field name or a value of the wrong shape for its operator. `indexed` lets the
// builder steer SQLite towards a field index when a filter can seek it.
Result<SqlQuery> BuildSelect(const DocQuery& query, const IndexedField& indexed = nullptr);
// `SELECT COUNT(*) FROM documents WHERE ...`.
Result<SqlQuery> BuildCount(const DocQuery& query);

// The name and definition of the expression index for these fields.
// REQUIRES: fields non-empty, each IsValidFieldName() and not a standard column.
std::string FieldIndexName(const std::vector<std::string>& fields);
std::string FieldIndexSql(const std::vector<std::string>& fields);
// The fields of an index named by FieldIndexName() (unquoted), or an empty list for other indexes.
std::vector<std::string> IndexedFieldList(std::string_view index_name);
// The first field of an index named by FieldIndexName() (unquoted), or nullopt for other indexes.
std::optional<std::string> FirstIndexedField(std::string_view index_name);

}  // namespace crier::sqlite
