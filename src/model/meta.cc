// Parsing and checking DocType documents into Meta.
#include "model/meta.h"

#include <fmt/format.h>

#include <set>

#include "store/query.h"

namespace crier {
namespace {

bool Flag(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return false;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number()) return it->get<double>() != 0;
  if (it->is_string()) return *it == "1" || *it == "true";
  return false;
}

std::string Text(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
    start = end + 1;
  }
  return out;
}

Status FieldError(const std::string& fieldname, const std::string& message) {
  return InvalidArgument(fmt::format("field '{}': {}", fieldname, message), "fields");
}

Result<FieldMeta> ParseField(const Json& row, size_t index) {
  if (!row.is_object()) {
    return InvalidArgument(fmt::format("fields row {} is not an object", index + 1), "fields");
  }
  FieldMeta f;
  f.fieldname = Text(row, "fieldname");
  if (!IsValidFieldName(f.fieldname)) {
    return InvalidArgument(
        fmt::format("fields row {}: fieldname '{}' must be a lowercase identifier "
                    "(letters, digits, _)",
                    index + 1, f.fieldname),
        "fields");
  }
  if (IsStandardField(f.fieldname) || IsChildStandardField(f.fieldname)) {
    return FieldError(f.fieldname, "this name is reserved for a standard field");
  }
  std::string type_name = Text(row, "fieldtype");
  if (type_name.empty()) type_name = "Data";
  auto type = ParseFieldType(type_name);
  if (!type) return FieldError(f.fieldname, fmt::format("unknown fieldtype '{}'", type_name));
  f.type = *type;
  f.label = Text(row, "label");
  f.options = Text(row, "options");
  f.reqd = Flag(row, "reqd");
  f.allow_on_submit = Flag(row, "allow_on_submit");
  f.unique = Flag(row, "unique");
  f.search_index = Flag(row, "search_index");
  f.read_only = Flag(row, "read_only");
  f.set_only_once = Flag(row, "set_only_once");
  f.secret = Flag(row, "secret") || f.type == FieldType::kPassword;
  if (row.contains("default") && !row["default"].is_null()) {
    const Json& d = row["default"];
    if (d.is_string() && d.get<std::string>().empty()) {
      f.default_value = nullptr;
    } else if (d.is_string() || d.is_number() || d.is_boolean()) {
      f.default_value = d.is_string() ? d : Json(d.dump());
    } else {
      return FieldError(f.fieldname, "default must be text");
    }
  }
  if ((f.type == FieldType::kLink || f.type == FieldType::kTable ||
       f.type == FieldType::kDynamicLink) &&
      f.options.empty()) {
    return FieldError(
        f.fieldname,
        fmt::format(
            "a {} field needs options naming {}", FieldTypeName(f.type),
            f.type == FieldType::kDynamicLink ? "the field that holds the DocType" : "a DocType"));
  }
  if (f.type == FieldType::kSelect) f.select_options = SplitLines(f.options);
  if (f.type == FieldType::kSelect && f.select_options.size() == 1 && f.select_options[0].empty()) {
    f.select_options.clear();
  }
  return f;
}

bool IsDynamicDefault(const Json& d) {
  return d == "Today" || d == "today" || d == "Now" || d == "now" || d == "__user";
}

Status CheckAutoname(const Meta& meta) {
  const std::string& a = meta.autoname;
  if (a.empty() || a == "hash" || a == "prompt" || a == "Prompt") return Status::Ok();
  if (a.rfind("field:", 0) == 0) {
    const FieldMeta* f = meta.Field(a.substr(6));
    if (f == nullptr) {
      return InvalidArgument(fmt::format("autoname '{}' names no field of {}", a, meta.name),
                             "autoname");
    }
    return Status::Ok();
  }
  if (a == "naming_series:") {
    if (meta.Field("naming_series") == nullptr) {
      return InvalidArgument("autoname 'naming_series:' needs a field named naming_series",
                             "autoname");
    }
    return Status::Ok();
  }
  if (a.find('#') != std::string::npos || a.find('.') != std::string::npos) return Status::Ok();
  return InvalidArgument(
      fmt::format("autoname '{}' is not supported: use hash, prompt, field:<fieldname>, "
                  "naming_series: or a series such as ABC-.YYYY.-.#####",
                  a),
      "autoname");
}

}  // namespace

CastSpec FieldMeta::cast_spec() const {
  CastSpec s;
  s.type = type;
  s.fieldname = fieldname;
  s.label = label;
  s.options = options;
  s.select_options = select_options;
  s.secret = secret;
  return s;
}

const FieldMeta* Meta::Field(std::string_view fieldname) const {
  auto it = by_name_.find(std::string(fieldname));
  return it == by_name_.end() ? nullptr : &fields[it->second];
}

bool IsStandardField(std::string_view f) {
  return f == "doctype" || f == "name" || f == "docstatus" || f == "owner" || f == "creation" ||
         f == "modified" || f == "modified_by" || f == "idx";
}

bool IsChildStandardField(std::string_view f) {
  return f == "parent" || f == "parentfield" || f == "parenttype";
}

Result<Meta> MetaFromDocType(const Json& doctype) {
  if (!doctype.is_object()) return InvalidArgument("a DocType must be a JSON object");
  Meta meta;
  meta.name = Text(doctype, "name");
  if (meta.name.empty() || meta.name.size() > 64) {
    return InvalidArgument("a DocType needs a name of 1 to 64 characters", "name");
  }
  for (char c : meta.name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '/' || c == '%') {
      return InvalidArgument("a DocType name may not contain control characters, '/' or '%'",
                             "name");
    }
  }
  meta.istable = Flag(doctype, "istable");
  meta.is_submittable = Flag(doctype, "is_submittable");
  meta.read_only = Flag(doctype, "read_only");
  meta.builtin = doctype.contains("custom") && !Flag(doctype, "custom");
  meta.autoname = Text(doctype, "autoname");
  meta.title_field = Text(doctype, "title_field");
  if (std::string of = Text(doctype, "owner_field"); !of.empty()) meta.owner_field = of;

  auto fields = doctype.find("fields");
  if (fields != doctype.end() && !fields->is_null()) {
    if (!fields->is_array()) return InvalidArgument("fields must be a list", "fields");
    for (size_t i = 0; i < fields->size(); ++i) {
      CRIER_ASSIGN_OR_RETURN(FieldMeta f, ParseField((*fields)[i], i));
      if (!HoldsValue(f.type)) continue;
      if (meta.by_name_.count(f.fieldname)) return FieldError(f.fieldname, "defined twice");
      meta.by_name_[f.fieldname] = meta.fields.size();
      meta.fields.push_back(std::move(f));
    }
  }
  for (const FieldMeta& f : meta.fields) {
    if (f.default_value.is_null() || IsDynamicDefault(f.default_value) ||
        f.type == FieldType::kTable) {
      continue;
    }
    Result<Json> cast = CastValue(f.cast_spec(), f.default_value);
    if (!cast.ok()) {
      return FieldError(f.fieldname, "default: " + cast.status().message());
    }
  }
  if (meta.istable && meta.is_submittable) {
    return InvalidArgument("a child DocType (istable) cannot be submittable", "is_submittable");
  }
  CRIER_RETURN_IF_ERROR(CheckAutoname(meta));
  if (!meta.owner_field.empty() && meta.owner_field != "owner" &&
      meta.Field(meta.owner_field) == nullptr) {
    return InvalidArgument(fmt::format("owner_field '{}' names no field", meta.owner_field),
                           "owner_field");
  }

  auto perms = doctype.find("permissions");
  if (perms != doctype.end() && !perms->is_null()) {
    if (!perms->is_array()) return InvalidArgument("permissions must be a list", "permissions");
    for (const Json& row : *perms) {
      if (!row.is_object() || Text(row, "role").empty()) {
        return InvalidArgument("each permissions row needs a role", "permissions");
      }
      PermissionRule p;
      p.role = Text(row, "role");
      p.read = Flag(row, "read");
      p.write = Flag(row, "write");
      p.create = Flag(row, "create");
      p.delete_ = Flag(row, "delete");
      p.submit = Flag(row, "submit");
      p.cancel = Flag(row, "cancel");
      p.if_owner = Flag(row, "if_owner");
      meta.permissions.push_back(std::move(p));
    }
  }
  return meta;
}

}  // namespace crier
