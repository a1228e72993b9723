// Turns a DocQuery into PostgreSQL SQL text and its bound values. A standard field is its column;
// any other field is `NULLIF(data -> 'field', 'null')`, a JSONB value compared as JSONB (numbers as
// numbers, strings as strings) and SQL NULL when the field is missing or JSON null, which is the
// exact expression the field indexes are built on, so that PostgreSQL can match them. Every value
// is a bound parameter ($1, $2...), never SQL text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/query.h"
#include "store/sql_filter.h"

namespace crier::pg {

// The SQL expression reading `field` of a document row. REQUIRES: IsValidFieldName(field).
std::string FieldExpression(std::string_view field);

// `SELECT data FROM documents WHERE ... ORDER BY ... LIMIT ... OFFSET ...`. kInvalidArgument for
// an invalid field name or a value of the wrong shape for its operator (or a docstatus compared
// with text that is not a number).
Result<SqlQuery> BuildSelect(const DocQuery& query);
// `SELECT COUNT(*) FROM documents WHERE ...`.
Result<SqlQuery> BuildCount(const DocQuery& query);

// The quoted name of the index on these fields: FieldIndexBaseName() when it fits PostgreSQL's
// 63-byte identifiers, else a prefix of it and a hash of the whole (so distinct field lists never
// share a name). REQUIRES: CheckIndexFields(fields) is OK.
std::string FieldIndexName(const std::vector<std::string>& fields);
// CREATE INDEX IF NOT EXISTS for these fields: (doctype, each field's expression), over the
// documents that have the first field.
std::string FieldIndexSql(const std::vector<std::string>& fields);
// The fields of a field index, read from its definition (pg_get_indexdef), in index order; empty
// for any other index.
std::vector<std::string> IndexedFields(std::string_view index_definition);

// Whether an EXPLAIN (COSTS OFF) plan of a query on `doctype` reads every document of the doctype
// (or of the table): a sequential scan of documents, or an index scan whose only condition is
// the doctype, or an index scan without condition.
bool PlanScansAll(std::string_view plan, std::string_view doctype);

}  // namespace crier::pg
