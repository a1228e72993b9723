// DocQuery to SQL, with Frappe's treatment of missing values for the negative operators.
#include "store/sqlite/sql_builder.h"

#include <fmt/format.h>

namespace crier::sqlite {
namespace {

bool IsScalar(const Json& v) {
  return !v.is_array() && !v.is_object();
}

Status BadValue(const Filter& f, std::string_view expected) {
  return InvalidArgument(
      fmt::format("filter on '{}' with '{}' needs {}", f.field, FilterOpName(f.op), expected),
      f.field);
}

std::string Placeholder(SqlQuery& q, const Json& value) {
  q.binds.push_back(value);
  return fmt::format("?{}", q.binds.size());
}

Status AppendCondition(const Filter& f, SqlQuery& q) {
  if (!IsValidFieldName(f.field)) {
    return InvalidArgument(fmt::format("invalid field name '{}'", f.field), f.field);
  }
  const std::string e = FieldExpression(f.field);
  q.sql += " AND ";
  auto compare = [&](std::string_view op) -> Status {
    if (!IsScalar(f.value)) return BadValue(f, "a single value");
    q.sql += fmt::format("{} {} {}", e, op, Placeholder(q, f.value));
    return Status::Ok();
  };
  switch (f.op) {
    case FilterOp::kEq:
      if (f.value.is_null()) {
        q.sql += e + " IS NULL";
        return Status::Ok();
      }
      return compare("=");
    case FilterOp::kNe:
      // IS NOT: documents without the field match, as with Frappe's ifnull(field, '') != value.
      return compare("IS NOT");
    case FilterOp::kGt:
      return compare(">");
    case FilterOp::kLt:
      return compare("<");
    case FilterOp::kGe:
      return compare(">=");
    case FilterOp::kLe:
      return compare("<=");
    case FilterOp::kLike:
      return compare("LIKE");
    case FilterOp::kNotLike:
      if (!IsScalar(f.value)) return BadValue(f, "a single value");
      q.sql += fmt::format("({0} IS NULL OR {0} NOT LIKE {1})", e, Placeholder(q, f.value));
      return Status::Ok();
    case FilterOp::kIn:
    case FilterOp::kNotIn: {
      if (!f.value.is_array()) return BadValue(f, "a list of values");
      bool negate = f.op == FilterOp::kNotIn;
      if (f.value.empty()) {
        q.sql += negate ? "1" : "0";
        return Status::Ok();
      }
      std::string list;
      for (const Json& v : f.value) {
        if (!IsScalar(v)) return BadValue(f, "a list of single values");
        if (!list.empty()) list += ", ";
        list += Placeholder(q, v);
      }
      if (negate) {
        q.sql += fmt::format("({0} IS NULL OR {0} NOT IN ({1}))", e, list);
      } else {
        q.sql += fmt::format("{} IN ({})", e, list);
      }
      return Status::Ok();
    }
    case FilterOp::kIsSet:
      q.sql += fmt::format("({0} IS NOT NULL AND {0} != '')", e);
      return Status::Ok();
    case FilterOp::kIsNotSet:
      q.sql += fmt::format("({0} IS NULL OR {0} = '')", e);
      return Status::Ok();
    case FilterOp::kBetween:
      if (!f.value.is_array() || f.value.size() != 2 || !IsScalar(f.value[0]) ||
          !IsScalar(f.value[1])) {
        return BadValue(f, "a list of two values");
      }
      {
        std::string low = Placeholder(q, f.value[0]);  // Bound in order: low, then high.
        std::string high = Placeholder(q, f.value[1]);
        q.sql += fmt::format("{} BETWEEN {} AND {}", e, low, high);
      }
      return Status::Ok();
  }
  return BadValue(f, "a known operator");
}

Status AppendWhere(const DocQuery& query, SqlQuery& q) {
  q.sql += " WHERE doctype = " + Placeholder(q, query.doctype);
  for (const Filter& f : query.filters) CRIER_RETURN_IF_ERROR(AppendCondition(f, q));
  return Status::Ok();
}

}  // namespace

std::string FieldExpression(std::string_view field) {
  if (IsStandardColumn(field)) return std::string(field);
  return fmt::format("json_extract(data, '$.{}')", field);
}

bool SeeksFieldIndex(const DocQuery& query, const IndexedField& indexed) {
  for (const Filter& f : query.filters) {
    bool seekable = f.op == FilterOp::kEq || f.op == FilterOp::kGt || f.op == FilterOp::kLt ||
                    f.op == FilterOp::kGe || f.op == FilterOp::kLe || f.op == FilterOp::kIn ||
                    f.op == FilterOp::kBetween;
    if (seekable && !f.value.is_null() && !IsStandardColumn(f.field) && indexed &&
        indexed(f.field)) {
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
  // Quoted, with the field list in parentheses: distinct field lists never share a name.
  std::string name = "\"documents_by(";
  for (size_t i = 0; i < fields.size(); ++i) name += (i ? "," : "") + fields[i];
  return name + ")\"";
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
