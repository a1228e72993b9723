// DocQuery to SQL, with Frappe's treatment of missing values for the negative operators.
#include "store/sqlite/sql_builder.h"

#include <fmt/format.h>

#include "store/deliveries.h"

namespace crier::sqlite {
namespace {

std::string Placeholder(SqlQuery& q, const Json& value) {
  q.binds.push_back(value);
  return fmt::format("?{}", q.binds.size());
}

// SQLite compares values as json_extract() returns them (integer, real, text or NULL), with its
// own LIKE (case-insensitive for ASCII, no escape character).
class SqliteDialect : public SqlDialect {
 public:
  // `steer`: prefix standard order columns with a unary plus (see BuildSelect).
  explicit SqliteDialect(bool steer = false) : order_prefix_(steer ? "+" : "") {}
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
  std::string OrderTerm(std::string_view field, bool descending) const override {
    return (IsStandardColumn(field) ? order_prefix_ : "") + FieldExpression(field) +
           (descending ? " DESC" : " ASC");
  }

 private:
  std::string order_prefix_;
};

// `Webhook Delivery` reads the delivery view (migration 2), whose columns are the DocType's fields:
// a filter compares a column, never a field of the JSON built for the rows returned. Creation
// order is the row id's (rows are produced in order), which needs no sort.
class DeliveryDialect final : public SqliteDialect {
 public:
  std::string Field(std::string_view field) const override { return Column(field); }
  std::string TextField(std::string_view field) const override { return Column(field); }
  std::string OrderTerm(std::string_view field, bool descending) const override {
    return (field == "creation" ? std::string("id") : Column(field)) +
           (descending ? " DESC" : " ASC");
  }

 private:
  static std::string Column(std::string_view field) {
    return IsDeliveryColumn(field) ? fmt::format("\"{}\"", field) : std::string("NULL");
  }
};

bool IsDelivery(const DocQuery& query) {
  return query.doctype == kDeliveryDoctype;
}

Status AppendWhere(const SqlDialect& dialect, const DocQuery& query, SqlQuery& q) {
  q.sql += " WHERE doctype = " + Placeholder(q, query.doctype);
  return AppendFilters(dialect, query.filters, q);
}

void AppendLimit(const DocQuery& query, SqlQuery& q) {
  if (query.limit >= 0 || query.offset > 0) {
    q.sql += " LIMIT " + Placeholder(q, query.limit >= 0 ? query.limit : -1);
    q.sql += " OFFSET " + Placeholder(q, query.offset);
  }
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
  if (IsDelivery(query)) {
    q.sql = "SELECT data FROM webhook_deliveries";
    const DeliveryDialect dialect;
    CRIER_RETURN_IF_ERROR(AppendWhere(dialect, query, q));
    CRIER_RETURN_IF_ERROR(AppendOrderBy(dialect, query.order_by, q));
    AppendLimit(query, q);
    return q;
  }
  q.sql = "SELECT data FROM documents";
  // Without statistics SQLite prefers walking the (doctype, modified) index in order over seeking
  // a selective field index and sorting the few rows it finds; a unary plus on the order column
  // keeps the ordering index out of the choice when a field index can answer the filter.
  const SqliteDialect dialect(SeeksFieldIndex(query, indexed));
  CRIER_RETURN_IF_ERROR(AppendWhere(dialect, query, q));
  CRIER_RETURN_IF_ERROR(AppendOrderBy(dialect, query.order_by, q));
  AppendLimit(query, q);
  return q;
}

Result<SqlQuery> BuildCount(const DocQuery& query) {
  SqlQuery q;
  if (IsDelivery(query)) {
    q.sql = "SELECT COUNT(*) FROM webhook_deliveries";
    CRIER_RETURN_IF_ERROR(AppendWhere(DeliveryDialect(), query, q));
    return q;
  }
  q.sql = "SELECT COUNT(*) FROM documents";
  CRIER_RETURN_IF_ERROR(AppendWhere(SqliteDialect(), query, q));
  return q;
}

std::string FieldIndexName(const std::vector<std::string>& fields) {
  return "\"" + FieldIndexBaseName(fields) + "\"";
}

std::vector<std::string> IndexedFieldList(std::string_view index_name) {
  constexpr std::string_view kPrefix = "documents_by(";
  if (!index_name.starts_with(kPrefix) || !index_name.ends_with(')')) return {};
  std::string_view list = index_name.substr(kPrefix.size(), index_name.size() - kPrefix.size() - 1);
  std::vector<std::string> fields;
  while (true) {
    std::string_view field = list.substr(0, list.find(','));
    if (!IsValidFieldName(field)) return {};
    fields.emplace_back(field);
    if (field.size() == list.size()) return fields;
    list.remove_prefix(field.size() + 1);
  }
}

std::optional<std::string> FirstIndexedField(std::string_view index_name) {
  std::vector<std::string> fields = IndexedFieldList(index_name);
  if (fields.empty()) return std::nullopt;
  return fields.front();
}

std::string FieldIndexSql(const std::vector<std::string>& fields) {
  std::string cols = "doctype";
  for (const std::string& f : fields) cols += ", " + FieldExpression(f);
  return fmt::format("CREATE INDEX IF NOT EXISTS {} ON documents ({}) WHERE {} IS NOT NULL",
                     FieldIndexName(fields), cols, FieldExpression(fields.front()));
}

}  // namespace crier::sqlite
