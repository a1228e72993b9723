// Frappe list parameters to DocQuery parts.
#include "model/list_query.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "base/time.h"

namespace crier {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

Status UnknownField(const Meta& meta, std::string_view field, std::string_view where) {
  if (!IsValidFieldName(field)) {  // Quote only what is shaped like a field name (no secrets).
    return InvalidArgument(
        fmt::format("{} names something that is not a field of {}", where, meta.name),
        std::string(where));
  }
  return InvalidArgument(
      fmt::format("unknown field '{}' in {} for DocType {}", field, where, meta.name),
      std::string(field));
}

// Casts one scalar filter value to the field's type (numbers for numeric fields, normalised
// dates); `like` patterns and null stay as they are.
Result<Json> CastFilterValue(const Meta& meta, const std::string& field, FieldType type,
                             const Json& value) {
  if (value.is_null()) return value;
  if (value.is_array() || value.is_object()) {
    return InvalidArgument(fmt::format("filter value for '{}' must be a single value", field),
                           field);
  }
  CastSpec spec;
  spec.type = type;
  spec.fieldname = field;
  if (const FieldMeta* f = meta.Field(field)) spec = f->cast_spec();
  spec.select_options.clear();  // Filtering on a value that is not an option just finds nothing.
  spec.options.clear();
  if (IsNumeric(type) || type == FieldType::kDate || type == FieldType::kDatetime ||
      type == FieldType::kTime) {
    if (type == FieldType::kDate && value.is_string()) {
      // A date field compared with a datetime: compare with its date part.
      if (auto d = ParseDate(value.get<std::string>())) return Json(FormatDate(*d));
    }
    Result<Json> cast = CastValue(spec, value);
    if (!cast.ok()) {
      return InvalidArgument(fmt::format("filter on '{}': {}", field, cast.status().message()),
                             field);
    }
    return cast;
  }
  if (value.is_string()) return value;
  if (value.is_boolean()) return Json(value.get<bool>() ? "1" : "0");
  return Json(value.dump());
}

Result<Filter> MakeFilter(const Meta& meta, const Json& field_json, const Json& op_json,
                          const Json& value) {
  if (!field_json.is_string()) return InvalidArgument("a filter's field must be a string");
  std::string field = field_json.get<std::string>();
  auto type = QueryableFieldType(meta, field);
  if (!type) return UnknownField(meta, field, "filters");
  if (*type == FieldType::kTable) {
    return InvalidArgument(fmt::format("cannot filter on the table field '{}'", field), field);
  }
  if (!op_json.is_string()) {
    return InvalidArgument(fmt::format("the operator for '{}' must be a string", field), field);
  }
  Filter f;
  f.field = field;
  std::string op_text = Lower(Trim(op_json.get<std::string>()));
  Json v = value;
  if (op_text == "is") {
    std::string what = v.is_string() ? Lower(Trim(v.get<std::string>())) : "";
    if (what != "set" && what != "not set") {
      return InvalidArgument(
          fmt::format("filter on '{}': 'is' takes \"set\" or \"not set\"", field), field);
    }
    op_text = "is " + what;
  }
  auto op = ParseFilterOp(op_text);
  if (!op) {
    return InvalidArgument(
        fmt::format("unknown filter operator '{}' on '{}'", op_json.get<std::string>(), field),
        field);
  }
  f.op = *op;
  switch (f.op) {
    case FilterOp::kIsSet:
    case FilterOp::kIsNotSet:
      f.value = nullptr;
      break;
    case FilterOp::kIn:
    case FilterOp::kNotIn: {
      Json list = Json::array();
      if (v.is_string()) {
        std::string s = v.get<std::string>();
        size_t start = 0;
        while (start <= s.size()) {
          size_t end = s.find(',', start);
          if (end == std::string::npos) end = s.size();
          std::string_view item = Trim(std::string_view(s).substr(start, end - start));
          if (!item.empty()) list.push_back(std::string(item));
          start = end + 1;
        }
      } else if (v.is_array()) {
        list = v;
      } else {
        return InvalidArgument(
            fmt::format("filter '{}' on '{}' needs a list of values", FilterOpName(f.op), field),
            field);
      }
      for (Json& item : list) {
        CRIER_ASSIGN_OR_RETURN(item, CastFilterValue(meta, field, *type, item));
      }
      f.value = std::move(list);
      break;
    }
    case FilterOp::kBetween: {
      if (!v.is_array() || v.size() != 2) {
        return InvalidArgument(
            fmt::format("filter 'between' on '{}' needs a list of two values", field), field);
      }
      CRIER_ASSIGN_OR_RETURN(Json low, CastFilterValue(meta, field, *type, v[0]));
      CRIER_ASSIGN_OR_RETURN(Json high, CastFilterValue(meta, field, *type, v[1]));
      // A date-only upper bound on a datetime field covers that whole day, as in Frappe.
      if (*type == FieldType::kDatetime && v[1].is_string() &&
          Trim(v[1].get<std::string>()).size() == 10 && high.is_string()) {
        high = high.get<std::string>().substr(0, 10) + " 23:59:59.999999";
      }
      f.value = Json::array({low, high});
      break;
    }
    case FilterOp::kLike:
    case FilterOp::kNotLike:
      if (!v.is_string()) {
        return InvalidArgument(
            fmt::format("filter '{}' on '{}' needs a text pattern", FilterOpName(f.op), field),
            field);
      }
      f.value = v;
      break;
    default: {
      CRIER_ASSIGN_OR_RETURN(f.value, CastFilterValue(meta, field, *type, v));
    }
  }
  return f;
}

bool LooksLikeOperator(const Json& j) {
  if (!j.is_string()) return false;
  std::string t = Lower(Trim(j.get<std::string>()));
  return t == "is" || ParseFilterOp(t).has_value();
}

Result<Filter> FilterFromList(const Meta& meta, const Json& row) {
  if (!row.is_array())
    return InvalidArgument("each filter must be a list such as [field, op, value]");
  if (row.size() == 4) {
    if (!row[0].is_string() || row[0].get<std::string>() != meta.name) {
      return InvalidArgument(fmt::format("filters on another DocType ({}) are not supported",
                                         row[0].is_string() ? row[0].get<std::string>() : "?"));
    }
    return MakeFilter(meta, row[1], row[2], row[3]);
  }
  if (row.size() == 3) return MakeFilter(meta, row[0], row[1], row[2]);
  if (row.size() == 2) return MakeFilter(meta, row[0], "=", row[1]);
  return InvalidArgument("each filter must be [field, op, value] or [doctype, field, op, value]");
}

}  // namespace

std::optional<FieldType> QueryableFieldType(const Meta& meta, std::string_view field) {
  if (field == "docstatus") return FieldType::kInt;
  if (field == "creation" || field == "modified") return FieldType::kDatetime;
  if (field == "name" || field == "owner" || field == "modified_by") return FieldType::kData;
  const FieldMeta* f = meta.Field(field);
  if (f == nullptr) return std::nullopt;
  return f->type;
}

Result<std::vector<Filter>> ParseFilters(const Meta& meta, const Json& filters) {
  std::vector<Filter> out;
  if (filters.is_null()) return out;
  if (filters.is_object()) {
    for (const auto& [field, value] : filters.items()) {
      if (value.is_array() && !value.empty() && LooksLikeOperator(value[0])) {
        CRIER_ASSIGN_OR_RETURN(
            Filter f, MakeFilter(meta, field, value[0], value.size() > 1 ? value[1] : Json()));
        out.push_back(std::move(f));
      } else {
        CRIER_ASSIGN_OR_RETURN(Filter f, MakeFilter(meta, field, "=", value));
        out.push_back(std::move(f));
      }
    }
    return out;
  }
  if (!filters.is_array()) {
    return InvalidArgument("filters must be a list of [field, op, value] or a dict");
  }
  for (const Json& row : filters) {
    CRIER_ASSIGN_OR_RETURN(Filter f, FilterFromList(meta, row));
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::vector<OrderBy>> ParseOrderBy(const Meta& meta, std::string_view order_by) {
  std::vector<OrderBy> out;
  std::string text(order_by);
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string_view term = Trim(std::string_view(text).substr(start, end - start));
    start = end + 1;
    if (term.empty()) {
      if (end == text.size() && out.empty() && Trim(text).empty()) break;
      return InvalidArgument("order_by has an empty term", "order_by");
    }
    std::string_view name = term;
    std::string direction = "asc";
    if (auto space = term.find_last_of(" \t"); space != std::string_view::npos) {
      name = Trim(term.substr(0, space));
      direction = Lower(Trim(term.substr(space + 1)));
    }
    std::string field;
    for (char c : name) {
      if (c != '`' && c != '"') field += c;
    }
    if (std::string prefix = "tab" + meta.name + "."; field.rfind(prefix, 0) == 0) {
      field = field.substr(prefix.size());
    }
    if (direction != "asc" && direction != "desc") {
      return InvalidArgument(
          fmt::format("order_by direction must be asc or desc, not '{}'", direction), "order_by");
    }
    auto type = QueryableFieldType(meta, field);
    if (!type || *type == FieldType::kTable || *type == FieldType::kJson) {
      return InvalidArgument(
          IsValidFieldName(field)
              ? fmt::format("order_by: unknown field '{}' for DocType {}", field, meta.name)
              : fmt::format("order_by names something that is not a field of {}", meta.name),
          "order_by");
    }
    out.push_back(OrderBy{field, direction == "desc"});
  }
  return out;
}

Result<std::vector<std::string>> ParseFields(const Meta& meta, const Json& fields) {
  std::vector<std::string> out;
  if (fields.is_null()) return std::vector<std::string>{"name"};
  bool star = fields == "*" || (fields.is_array() && fields.size() == 1 && fields[0] == "*");
  if (star) {
    for (const char* s : {"name", "owner", "creation", "modified", "modified_by", "docstatus"}) {
      out.push_back(s);
    }
    for (const FieldMeta& f : meta.fields) {
      if (f.type != FieldType::kTable) out.push_back(f.fieldname);
    }
    return out;
  }
  if (!fields.is_array()) return InvalidArgument("fields must be a list of field names", "fields");
  for (const Json& f : fields) {
    if (!f.is_string()) return InvalidArgument("fields must be a list of field names", "fields");
    std::string name = f.get<std::string>();
    if (name != "doctype" && !QueryableFieldType(meta, name)) {
      return UnknownField(meta, name, "fields");
    }
    out.push_back(std::move(name));
  }
  if (out.empty()) out.push_back("name");
  return out;
}

Json ProjectFields(const Json& doc, const std::vector<std::string>& fields) {
  Json out = Json::object();
  for (const std::string& f : fields) {
    auto it = doc.find(f);
    out[f] = it == doc.end() ? Json(nullptr) : *it;
  }
  return out;
}

}  // namespace crier
