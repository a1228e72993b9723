// DocQuery to SQL, with Frappe's treatment of missing values for the negative operators.
#include "store/sqlite/sql_builder.h"

#include <fmt/format.h>

namespace crier::sqlite {
namespace {

std::string Placeholder(SqlQuery& q, const Json& value) {
  q.binds.push_back(value);
  return fmt::format("?{}", q.binds.size());
}

// SQLite compares values as json_extract() returns them (integer, real, text or NULL), with its
// own LIKE (case-insensitive for ASCII, no escape character).
class SqliteDialect final : public SqlDialect {
 public:
  std::string Field(std::string_view field) const override { return FieldExpression(field); }
  std::string TextField(std::string_view field) const override { return FieldExpression(field); }
  Result<std::string> BindValue(SqlQuery& q, std::string_view, const Json& value) const override {
    return Placeholder(q, value);
  }
  std::string BindPattern(SqlQuery& q, const Json& pattern) const override {
    return Placeholder(q, pattern);
  }
  std::string_view DistinctOperator() const override { return "IS NOT"; }
  std::string Like(std::string_view text, std::string_view pattern, bool negate) const override {
    return fmt::format("{} {}LIKE {}", text, negate ? "NOT " : "", pattern);
  }
  std::string_view Constant(bool value) const override { return value ? "1" : "0"; }
};

Status AppendWhere(const DocQuery& query, SqlQuery& q) {
  q.sql += " WHERE doctype = " + Placeholder(q, query.doctype);
  return AppendFilters(SqliteDialect(), query.filters, q);
}

}  // namespace

std::string FieldExpression(std::string_view field) {
  if (IsStandardColumn(field)) return std::string(field);
  return fmt::format("json_extract(data, '$.{}')", field);
}

bool SeeksFieldIndex(const DocQuery& query, const IndexedField& indexed) {
  for (const Filter& f : query.filters) {
    if (IsSeekableFilter(f) && !IsStandardColumn(f.field) && indexed && indexed(f.field)) {
      return true;
    }
  }
  return false;
}

Result<SqlQuery> BuildSelect(const DocQuery& query, const IndexedField& indexed) {
  SqlQuery q;
  q.sql = "SELECT data FROM documents";
  CRIER_RETURN_IF_ERROR(AppendWhere(query, q));
  q.sql += " ORDER BY ";
  // Without statistics SQLite prefers walking the (doctype, modified) index in order over seeking
  // a selective field index and sorting the few rows it finds; a unary plus on the order column
  // keeps the ordering index out of the choice when a field index can answer the filter.
  const std::string order_prefix = SeeksFieldIndex(query, indexed) ? "+" : "";
  if (query.order_by.empty()) {
    q.sql += order_prefix + "modified DESC";
  } else {
    bool first = true;
    for (const OrderBy& o : query.order_by) {
      if (!IsValidFieldName(o.field)) {
        return InvalidArgument(fmt::format("invalid field name '{}' in order_by", o.field),
                               o.field);
      }
      if (!first) q.sql += ", ";
      first = false;
      if (IsStandardColumn(o.field)) q.sql += order_prefix;
      q.sql += FieldExpression(o.field);
      q.sql += o.descending ? " DESC" : " ASC";
    }
  }
  if (query.limit >= 0 || query.offset > 0) {
    q.sql += " LIMIT " + Placeholder(q, query.limit >= 0 ? query.limit : -1);
    q.sql += " OFFSET " + Placeholder(q, query.offset);
  }
  return q;
}

Result<SqlQuery> BuildCount(const DocQuery& query) {
  SqlQuery q;
  q.sql = "SELECT COUNT(*) FROM documents";
  CRIER_RETURN_IF_ERROR(AppendWhere(query, q));
  return q;
}

std::string FieldIndexName(const std::vector<std::string>& fields) {
  return "\"" + FieldIndexBaseName(fields) + "\"";
}

std::optional<std::string> FirstIndexedField(std::string_view index_name) {
  constexpr std::string_view kPrefix = "documents_by(";
  if (index_name.substr(0, kPrefix.size()) != kPrefix || index_name.back() != ')') {
    return std::nullopt;
  }
  std::string_view list = index_name.substr(kPrefix.size(), index_name.size() - kPrefix.size() - 1);
  std::string_view first = list.substr(0, list.find(','));
  if (!IsValidFieldName(first)) return std::nullopt;
  return std::string(first);
}

std::string FieldIndexSql(const std::vector<std::string>& fields) {
  std::string cols = "doctype";
  for (const std::string& f : fields) cols += ", " + FieldExpression(f);
  return fmt::format("CREATE INDEX IF NOT EXISTS {} ON documents ({}) WHERE {} IS NOT NULL",
                     FieldIndexName(fields), cols, FieldExpression(fields.front()));
}

}  // namespace crier::sqlite
