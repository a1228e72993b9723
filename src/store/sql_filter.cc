// Frappe's filter operators as SQL conditions, for any SqlDialect.
#include "store/sql_filter.h"

#include <fmt/format.h>

namespace crier {
namespace {

bool IsScalar(const Json& v) {
  return !v.is_array() && !v.is_object();
}

Status BadValue(const Filter& f, std::string_view expected) {
  return InvalidArgument(
      fmt::format("filter on '{}' with '{}' needs {}", f.field, FilterOpName(f.op), expected),
      f.field);
}

// `values` bound one by one and joined with ", ".
Result<std::string> BindList(const SqlDialect& d, SqlQuery& q, const Filter& f) {
  std::string list;
  for (const Json& v : f.value) {
    CRIER_ASSIGN_OR_RETURN(std::string p, d.BindValue(q, f.field, v));
    if (!list.empty()) list += ", ";
    list += p;
  }
  return list;
}

Result<std::string> Condition(const SqlDialect& d, const Filter& f, SqlQuery& q) {
  const std::string e = d.Field(f.field);
  auto compare = [&](std::string_view op) -> Result<std::string> {
    CRIER_ASSIGN_OR_RETURN(std::string p, d.BindValue(q, f.field, f.value));
    return fmt::format("{} {} {}", e, op, p);
  };
  switch (f.op) {
    case FilterOp::kEq:
      if (f.value.is_null()) return e + " IS NULL";
      return compare("=");
    case FilterOp::kNe:
      // Documents without the field match, as with Frappe's ifnull(field, '') != value.
      return compare(d.DistinctOperator());
    case FilterOp::kGt:
      return compare(">");
    case FilterOp::kLt:
      return compare("<");
    case FilterOp::kGe:
      return compare(">=");
    case FilterOp::kLe:
      return compare("<=");
    case FilterOp::kLike:
      return d.Like(d.TextField(f.field), d.BindPattern(q, f.value), false);
    case FilterOp::kNotLike: {
      const std::string t = d.TextField(f.field);
      return fmt::format("({} IS NULL OR {})", t, d.Like(t, d.BindPattern(q, f.value), true));
    }
    case FilterOp::kIn:
    case FilterOp::kNotIn: {
      bool negate = f.op == FilterOp::kNotIn;
      if (f.value.empty()) return std::string(d.Constant(negate));
      CRIER_ASSIGN_OR_RETURN(std::string list, BindList(d, q, f));
      if (negate) return fmt::format("({0} IS NULL OR {0} NOT IN ({1}))", e, list);
      return fmt::format("{} IN ({})", e, list);
    }
    case FilterOp::kIsSet:
      return fmt::format("({0} IS NOT NULL AND {0} != '')", d.TextField(f.field));
    case FilterOp::kIsNotSet:
      return fmt::format("({0} IS NULL OR {0} = '')", d.TextField(f.field));
    case FilterOp::kBetween: {
      CRIER_ASSIGN_OR_RETURN(std::string low, d.BindValue(q, f.field, f.value[0]));
      CRIER_ASSIGN_OR_RETURN(std::string high, d.BindValue(q, f.field, f.value[1]));
      return fmt::format("{} BETWEEN {} AND {}", e, low, high);
    }
  }
  return BadValue(f, "a known operator");
}

}  // namespace

Status CheckFilter(const Filter& f) {
  if (!IsValidFieldName(f.field)) {
    return InvalidArgument(fmt::format("invalid field name '{}'", f.field), f.field);
  }
  switch (f.op) {
    case FilterOp::kIsSet:
    case FilterOp::kIsNotSet:
      return Status::Ok();
    case FilterOp::kIn:
    case FilterOp::kNotIn:
      if (!f.value.is_array()) return BadValue(f, "a list of values");
      for (const Json& v : f.value) {
        if (!IsScalar(v)) return BadValue(f, "a list of single values");
      }
      return Status::Ok();
    case FilterOp::kBetween:
      if (!f.value.is_array() || f.value.size() != 2 || !IsScalar(f.value[0]) ||
          !IsScalar(f.value[1])) {
        return BadValue(f, "a list of two values");
      }
      return Status::Ok();
    default:
      if (!IsScalar(f.value)) return BadValue(f, "a single value");
      return Status::Ok();
  }
}

Status AppendFilters(const SqlDialect& dialect, const std::vector<Filter>& filters, SqlQuery& q) {
  for (const Filter& f : filters) {
    CRIER_RETURN_IF_ERROR(CheckFilter(f));
    CRIER_ASSIGN_OR_RETURN(std::string condition, Condition(dialect, f, q));
    q.sql += " AND " + condition;
  }
  return Status::Ok();
}

Status AppendOrderBy(const SqlDialect& dialect, const std::vector<OrderBy>& order, SqlQuery& q) {
  q.sql += " ORDER BY ";
  if (order.empty()) {
    q.sql += dialect.OrderTerm("modified", true);
    return Status::Ok();
  }
  for (size_t i = 0; i < order.size(); ++i) {
    const OrderBy& o = order[i];
    if (!IsValidFieldName(o.field)) {
      return InvalidArgument(fmt::format("invalid field name '{}' in order_by", o.field), o.field);
    }
    if (i > 0) q.sql += ", ";
    q.sql += dialect.OrderTerm(o.field, o.descending);
  }
  return Status::Ok();
}

bool IsSeekableFilter(const Filter& f) {
  bool seekable = f.op == FilterOp::kEq || f.op == FilterOp::kGt || f.op == FilterOp::kLt ||
                  f.op == FilterOp::kGe || f.op == FilterOp::kLe || f.op == FilterOp::kIn ||
                  f.op == FilterOp::kBetween;
  return seekable && !f.value.is_null();
}

Status CheckIndexFields(const std::vector<std::string>& fields) {
  if (fields.empty()) return InvalidArgument("an index needs at least one field");
  for (const std::string& f : fields) {
    if (!IsValidFieldName(f) || IsStandardColumn(f)) {
      return InvalidArgument(fmt::format("cannot index field '{}'", f), f);
    }
  }
  return Status::Ok();
}

std::string FieldIndexBaseName(const std::vector<std::string>& fields) {
  std::string name = "documents_by(";
  for (size_t i = 0; i < fields.size(); ++i) name += (i ? "," : "") + fields[i];
  return name + ")";
}

}  // namespace crier
