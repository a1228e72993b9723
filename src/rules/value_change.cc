// Frappe's cast() for comparing two versions of a field.
#include "rules/value_change.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "base/time.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Frappe's flt(): numbers as they are, numeric text (commas dropped) parsed, anything else 0.
double ToFloat(const Json& v) {
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return 0.0;
  std::string text;
  for (char c : Trimmed(v.get<std::string>())) {
    if (c != ',') text += c;
  }
  if (text.empty()) return 0.0;
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(d)) return 0.0;
  return d;
}

// Frappe's cint(sbool(v)).
long long ToInt(const Json& v) {
  if (v.is_string()) {
    std::string t = Trimmed(v.get<std::string>());
    if (t == "true" || t == "True") return 1;
    if (t == "false" || t == "False") return 0;
  }
  if (v.is_number_integer()) return v.get<long long>();
  return static_cast<long long>(std::trunc(ToFloat(v)));
}

std::string ToText(const Json& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  return v.dump();
}

bool IsRowStamp(const std::string& key) {
  return key == "idx" || key == "parent" || key == "parentfield" || key == "parenttype" ||
         key == "doctype" || key == "docstatus" || key == "owner" || key == "creation" ||
         key == "modified" || key == "modified_by" || key == "name";
}

Json Rows(const Json& v) {
  if (!v.is_array()) return v.is_null() ? Json::array() : v;
  Json out = Json::array();
  for (const Json& row : v) {
    Json r = row;
    if (r.is_object()) {
      for (auto it = r.begin(); it != r.end();) it = IsRowStamp(it.key()) ? r.erase(it) : ++it;
    }
    out.push_back(std::move(r));
  }
  return out;
}

Json DateLike(FieldType type, const Json& v) {
  std::string text = Trimmed(ToText(v));
  if (type == FieldType::kDate) {
    if (text.empty()) return "0001-01-01";
    auto d = ParseDate(text);
    return d ? Json(FormatDate(*d)) : Json(text);
  }
  if (type == FieldType::kDatetime) {
    if (text.empty()) return "0001-01-01 00:00:00";
    auto dt = ParseDateTime(text);
    return dt ? Json(FormatDateTime(*dt)) : Json(text);
  }
  // Time: "9:05" and "09:05:00.000000" are the same time.
  if (text.empty()) return "00:00:00";
  size_t colon = text.find(':');
  std::string padded = colon == 1 ? "0" + text : text;
  auto dt = ParseDateTime("2000-01-01 " + padded);
  if (!dt) return text;
  return FormatDateTime(*dt).substr(11);
}

}  // namespace

Json CastForComparison(std::optional<FieldType> type, const Json& value) {
  if (!type) return value;
  switch (*type) {
    case FieldType::kFloat:
    case FieldType::kCurrency:
    case FieldType::kPercent:
      return ToFloat(value);
    case FieldType::kInt:
    case FieldType::kCheck:
      return ToInt(value);
    case FieldType::kDate:
    case FieldType::kDatetime:
    case FieldType::kTime:
      return DateLike(*type, value);
    case FieldType::kTable:
      return Rows(value);
    case FieldType::kJson:
      return value;
    default:
      break;
  }
  if (IsTextual(*type)) return ToText(value);
  return value;
}

bool ValueChanged(std::optional<FieldType> type, const Json& before, const Json& after) {
  return CastForComparison(type, before) != CastForComparison(type, after);
}

}  // namespace crier::rules
