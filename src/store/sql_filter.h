// The translation of a DocQuery's filters into a SQL WHERE clause, shared by every SQL store: the
// meaning of each operator (Frappe's treatment of missing values, empty lists, "is set") is written
// once here, and a SqlDialect says how its database spells a field, a bound value and the few
// operators that differ. Every value becomes a bound parameter, never SQL text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/query.h"

namespace crier {

struct SqlQuery {
  std::string sql;
  std::vector<Json> binds;  // Bound to the placeholders in order (?1 or $1 first).
};

// How one SQL database spells the parts of a document query that differ between databases.
class SqlDialect {
 public:
  virtual ~SqlDialect() = default;

  // The expression reading `field` of a document row, for comparisons, IN, BETWEEN and ORDER BY.
  // REQUIRES: IsValidFieldName(field).
  virtual std::string Field(std::string_view field) const = 0;
  // The expression reading `field` as text, for LIKE and "is set" (NULL when missing).
  virtual std::string TextField(std::string_view field) const = 0;
  // Appends `value` (a JSON scalar) to q.binds as the database needs it for a comparison with
  // Field(field), and returns its placeholder. kInvalidArgument when the value cannot be
  // compared with that field at all.
  virtual Result<std::string> BindValue(SqlQuery& q, std::string_view field,
                                        const Json& value) const = 0;
  // Appends a LIKE pattern (a JSON scalar, compared with TextField) and returns its placeholder.
  virtual std::string BindPattern(SqlQuery& q, const Json& pattern) const = 0;
  // "IS NOT" (SQLite) or "IS DISTINCT FROM": not equal, where NULL differs from any value.
  virtual std::string_view DistinctOperator() const = 0;
  // `text LIKE pattern`, case-insensitive for ASCII, with no escape character.
  virtual std::string Like(std::string_view text, std::string_view pattern, bool negate) const = 0;
  // The literal for a condition that always holds (`true`) or never does.
  virtual std::string_view Constant(bool value) const = 0;
  // One ORDER BY term for `field`, missing values first in ascending order (as SQLite's NULLs
  // sort). REQUIRES: IsValidFieldName(field).
  virtual std::string OrderTerm(std::string_view field, bool descending) const = 0;
};

// Checks a filter's field name and the shape of its value for its operator (a scalar for
// comparisons and like, a list for in / not in, two scalars for between): kInvalidArgument naming
// the field otherwise.
Status CheckFilter(const Filter& filter);

// Appends " AND <condition>" to q.sql for each filter (binding its values). kInvalidArgument for
// a filter that fails CheckFilter or a value the dialect refuses.
Status AppendFilters(const SqlDialect& dialect, const std::vector<Filter>& filters, SqlQuery& q);

// Appends " ORDER BY <terms>" to q.sql (`modified` descending when `order` is empty).
// kInvalidArgument for a field that is not IsValidFieldName().
Status AppendOrderBy(const SqlDialect& dialect, const std::vector<OrderBy>& order, SqlQuery& q);

// Whether a filter can seek an index on its field (an equality, range, in or between with a
// non-null value): the filters a field index serves.
bool IsSeekableFilter(const Filter& filter);

// Checks the fields an expression index may cover: at least one, each IsValidFieldName() and not
// a standard column (kInvalidArgument naming the first bad one).
Status CheckIndexFields(const std::vector<std::string>& fields);
// "documents_by(f1,f2...)": the name of the index on these fields (unquoted). Distinct field lists
// never share a name. REQUIRES: CheckIndexFields(fields) is OK.
std::string FieldIndexBaseName(const std::vector<std::string>& fields);

}  // namespace crier
