// DocQuery to PostgreSQL SQL, and reading back index definitions and plans.
#include "store/postgres/sql_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "store/deliveries.h"
#include "store/postgres/conn_info.h"

namespace crier::pg {
namespace {

constexpr size_t kMaxIdentifier = 63;  // PostgreSQL truncates longer names.

std::string Placeholder(SqlQuery& q, Json value, std::string_view type) {
  q.binds.push_back(std::move(value));
  return fmt::format("${}::{}", q.binds.size(), type);
}

// A JSON boolean compares as 1 or 0, as SQLite binds it.
Json Unbool(const Json& v) {
  return v.is_boolean() ? Json(v.get<bool>() ? 1 : 0) : v;
}

bool IsNumberText(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(d);
}

// PostgreSQL compares JSONB with JSONB (numbers numerically, strings by bytes under the "C"
// collation of a "C" database, a number never equal to a string), standard columns as text (or
// docstatus as a number), with ILIKE for like.
class PostgresDialect : public SqlDialect {
 public:
  std::string Field(std::string_view field) const override { return FieldExpression(field); }
  std::string TextField(std::string_view field) const override {
    if (field == "docstatus") return "docstatus::text";
    if (IsStandardColumn(field)) return std::string(field);
    return fmt::format("(data ->> '{}')", field);
  }
  Result<std::string> BindValue(SqlQuery& q, std::string_view field,
                                const Json& raw) const override {
    Json v = Unbool(raw);
    if (v.is_null()) {
      return Placeholder(q, nullptr,
                         field == "docstatus"      ? "numeric"
                         : IsStandardColumn(field) ? "text"
                                                   : "jsonb");
    }
    if (field == "docstatus") {
      std::string text = v.is_string() ? v.get<std::string>() : v.dump();
      if (!IsNumberText(text)) {
        return InvalidArgument(fmt::format("docstatus compares with numbers, not '{}'", text),
                               "docstatus");
      }
      return Placeholder(q, text, "numeric");
    }
    if (IsStandardColumn(field)) {
      return Placeholder(q, v.is_string() ? v : Json(v.dump()), "text");
    }
    return Placeholder(q, v.dump(-1, ' ', false, Json::error_handler_t::replace), "jsonb");
  }
  std::string BindPattern(SqlQuery& q, const Json& pattern) const override {
    Json v = Unbool(pattern);
    return Placeholder(q, v.is_string() || v.is_null() ? v : Json(v.dump()), "text");
  }
  std::string_view DistinctOperator() const override { return "IS DISTINCT FROM"; }
  std::string Like(std::string_view text, std::string_view pattern, bool negate) const override {
    return fmt::format("{} {}ILIKE {} ESCAPE ''", text, negate ? "NOT " : "", pattern);
  }
  std::string_view Constant(bool value) const override { return value ? "TRUE" : "FALSE"; }
  std::string OrderTerm(std::string_view field, bool descending) const override {
    std::string term = FieldExpression(field) + (descending ? " DESC" : " ASC");
    // Standard columns are never NULL; a missing field sorts first, as SQLite's NULLs do.
    if (!IsStandardColumn(field)) term += descending ? " NULLS LAST" : " NULLS FIRST";
    return term;
  }
};

// `Webhook Delivery` reads the delivery view (migration 2): its standard columns are the same as
// documents', its other fields are JSONB columns compared as documents' fields are, never fields
// of the JSON built for the rows returned. Creation order is the row id's.
class DeliveryDialect final : public PostgresDialect {
 public:
  std::string Field(std::string_view field) const override {
    if (IsStandardColumn(field)) return std::string(field);
    return IsDeliveryColumn(field) ? fmt::format("\"{}\"", field) : "NULL::jsonb";
  }
  std::string TextField(std::string_view field) const override {
    if (IsStandardColumn(field)) return PostgresDialect::TextField(field);
    return fmt::format("({} #>> '{{}}')", Field(field));
  }
  std::string OrderTerm(std::string_view field, bool descending) const override {
    if (field == "creation") return descending ? "id DESC" : "id ASC";
    std::string term = Field(field) + (descending ? " DESC" : " ASC");
    if (!IsStandardColumn(field)) term += descending ? " NULLS LAST" : " NULLS FIRST";
    return term;
  }
};

bool IsDelivery(const DocQuery& query) {
  return query.doctype == kDeliveryDoctype;
}

// The table a query reads and how it spells fields.
const SqlDialect& DialectFor(const DocQuery& query) {
  static const PostgresDialect documents;
  static const DeliveryDialect deliveries;
  return IsDelivery(query) ? static_cast<const SqlDialect&>(deliveries) : documents;
}

std::string_view TableFor(const DocQuery& query) {
  return IsDelivery(query) ? "webhook_deliveries" : "documents";
}

Status AppendWhere(const DocQuery& query, SqlQuery& q) {
  q.sql += " WHERE doctype = " + Placeholder(q, query.doctype, "text");
  return AppendFilters(DialectFor(query), query.filters, q);
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

std::string Quote(std::string_view literal) {
  std::string out = "'";
  for (char c : literal) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string FieldExpression(std::string_view field) {
  if (IsStandardColumn(field)) return std::string(field);
  return fmt::format("NULLIF(data -> '{}', 'null')", field);
}

Result<SqlQuery> BuildSelect(const DocQuery& query) {
  SqlQuery q;
  q.sql = fmt::format("SELECT data FROM {}", TableFor(query));
  CRIER_RETURN_IF_ERROR(AppendWhere(query, q));
  CRIER_RETURN_IF_ERROR(AppendOrderBy(DialectFor(query), query.order_by, q));
  if (query.limit >= 0 || query.offset > 0) {
    q.sql += " LIMIT " + Placeholder(q, query.limit >= 0 ? Json(query.limit) : Json(), "bigint");
    // A negative offset counts as 0, as in SQLite (PostgreSQL would refuse it).
    q.sql += " OFFSET " + Placeholder(q, std::max<std::int64_t>(query.offset, 0), "bigint");
  }
  return q;
}

Result<SqlQuery> BuildCount(const DocQuery& query) {
  SqlQuery q;
  q.sql = fmt::format("SELECT COUNT(*) FROM {}", TableFor(query));
  CRIER_RETURN_IF_ERROR(AppendWhere(query, q));
  return q;
}

std::string FieldIndexName(const std::vector<std::string>& fields) {
  std::string name = FieldIndexBaseName(fields);
  if (name.size() > kMaxIdentifier) {
    std::string hash = fmt::format("#{:016x}", static_cast<std::uint64_t>(LockKey("index", name)));
    name = name.substr(0, kMaxIdentifier - hash.size()) + hash;
  }
  return "\"" + name + "\"";
}

std::string FieldIndexSql(const std::vector<std::string>& fields) {
  std::string cols = "doctype";
  for (const std::string& f : fields) cols += ", " + FieldExpression(f);
  return fmt::format("CREATE INDEX IF NOT EXISTS {} ON documents ({}) WHERE {} IS NOT NULL",
                     FieldIndexName(fields), cols, FieldExpression(fields.front()));
}

std::vector<std::string> IndexedFields(std::string_view definition) {
  constexpr std::string_view kField = "(data -> '";
  std::string_view columns = definition.substr(0, definition.find(" WHERE "));
  std::vector<std::string> fields;
  for (size_t at = columns.find(kField); at != std::string_view::npos;
       at = columns.find(kField, at)) {
    at += kField.size();
    size_t end = columns.find('\'', at);
    if (end == std::string_view::npos) break;
    fields.emplace_back(columns.substr(at, end - at));
  }
  return fields;
}

bool PlanScansAll(std::string_view plan, std::string_view doctype) {
  const std::string doctype_only = "(doctype = " + Quote(doctype) + "::text)";
  bool in_index_scan = false;
  bool has_condition = false;
  bool first = true;
  while (!plan.empty()) {
    size_t eol = plan.find('\n');
    std::string_view line = TrimSpaces(plan.substr(0, eol));
    plan = eol == std::string_view::npos ? std::string_view() : plan.substr(eol + 1);
    // A plan node is the first line or a line starting with "->"; the others are its properties.
    bool node = first || line.starts_with("->");
    first = false;
    if (line.starts_with("->")) line = TrimSpaces(line.substr(2));
    if (node) {
      if (in_index_scan && !has_condition) return true;
      if (line.starts_with("Seq Scan on documents")) return true;
      in_index_scan = line.find("Index Scan") != std::string_view::npos ||
                      line.find("Index Only Scan") != std::string_view::npos;
      has_condition = false;
    } else if (in_index_scan && line.starts_with("Index Cond: ")) {
      if (line.substr(12) == doctype_only) return true;
      has_condition = true;
    }
  }
  return in_index_scan && !has_condition;
}

}  // namespace crier::pg
