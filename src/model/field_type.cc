// Field type names and value casting.
#include "model/field_type.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "base/time.h"

namespace crier {
namespace {

struct TypeName {
  FieldType type;
  std::string_view name;
};

constexpr std::array<TypeName, 27> kTypes = {{
    {FieldType::kData, "Data"},
    {FieldType::kSmallText, "Small Text"},
    {FieldType::kText, "Text"},
    {FieldType::kLongText, "Long Text"},
    {FieldType::kTextEditor, "Text Editor"},
    {FieldType::kMarkdownEditor, "Markdown Editor"},
    {FieldType::kCode, "Code"},
    {FieldType::kReadOnly, "Read Only"},
    {FieldType::kPassword, "Password"},
    {FieldType::kInt, "Int"},
    {FieldType::kFloat, "Float"},
    {FieldType::kCurrency, "Currency"},
    {FieldType::kPercent, "Percent"},
    {FieldType::kCheck, "Check"},
    {FieldType::kSelect, "Select"},
    {FieldType::kLink, "Link"},
    {FieldType::kDynamicLink, "Dynamic Link"},
    {FieldType::kDate, "Date"},
    {FieldType::kDatetime, "Datetime"},
    {FieldType::kTime, "Time"},
    {FieldType::kTable, "Table"},
    {FieldType::kJson, "JSON"},
    {FieldType::kSectionBreak, "Section Break"},
    {FieldType::kColumnBreak, "Column Break"},
    {FieldType::kTabBreak, "Tab Break"},
    {FieldType::kHtml, "HTML"},
    {FieldType::kButton, "Button"},
}};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

const std::string& Label(const CastSpec& spec) {
  return spec.label.empty() ? spec.fieldname : spec.label;
}

// Quotes a rejected value for an error message: short, and never for secret fields.
std::string Shown(const CastSpec& spec, const Json& value) {
  if (spec.secret) return "the value given";
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return "'" + text + "'";
}

Status WrongType(const CastSpec& spec, const Json& value, std::string_view expected) {
  return InvalidArgument(fmt::format("{} ({}) must be {}; got {}", Label(spec), spec.fieldname,
                                     expected, Shown(spec, value)),
                         spec.fieldname);
}

std::optional<std::int64_t> ParseInt(std::string_view s) {
  s = Trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<double> ParseFloat(std::string_view s) {
  s = Trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

Result<Json> CastText(const CastSpec& spec, const Json& value) {
  if (value.is_null() || value.is_string()) return value;
  if (value.is_number()) return Json(value.dump());
  return WrongType(spec, value, "text");
}

Result<Json> CastInt(const CastSpec& spec, const Json& value) {
  if (value.is_null()) return Json(0);
  if (value.is_boolean()) return Json(value.get<bool>() ? 1 : 0);
  if (value.is_number_integer()) return value;
  if (value.is_number_unsigned()) {
    if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      return WrongType(spec, value, "a whole number within 64 bits");
    }
    return Json(static_cast<std::int64_t>(value.get<std::uint64_t>()));
  }
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18) {
      return Json(static_cast<std::int64_t>(d));
    }
    return WrongType(spec, value, "a whole number");
  }
  if (value.is_string()) {
    if (Trim(value.get<std::string>()).empty()) return Json(0);
    if (auto v = ParseInt(value.get<std::string>())) return Json(*v);
  }
  return WrongType(spec, value, "a whole number");
}

Result<Json> CastFloat(const CastSpec& spec, const Json& value) {
  if (value.is_null()) return Json(0.0);
  if (value.is_number()) return Json(value.get<double>());
  if (value.is_string()) {
    if (Trim(value.get<std::string>()).empty()) return Json(0.0);
    if (auto v = ParseFloat(value.get<std::string>())) return Json(*v);
  }
  return WrongType(spec, value, "a number");
}

Result<Json> CastCheck(const CastSpec& spec, const Json& value) {
  if (value.is_null()) return Json(0);
  if (value.is_boolean()) return Json(value.get<bool>() ? 1 : 0);
  if (value.is_number_integer() || value.is_number_unsigned()) {
    auto v = value.get<std::int64_t>();
    if (v == 0 || v == 1) return Json(v);
  }
  if (value.is_string()) {
    std::string_view s = Trim(value.get<std::string>());
    if (s == "0" || s == "false" || s.empty()) return Json(0);
    if (s == "1" || s == "true") return Json(1);
  }
  return WrongType(spec, value, "0 or 1");
}

Result<Json> CastSelect(const CastSpec& spec, const Json& value) {
  CRIER_ASSIGN_OR_RETURN(Json text, CastText(spec, value));
  if (text.is_null() || text == "" || spec.select_options.empty()) return text;
  for (const std::string& option : spec.select_options) {
    if (option == text.get<std::string>()) return text;
  }
  std::string allowed;
  for (const std::string& option : spec.select_options) {
    if (option.empty()) continue;
    if (!allowed.empty()) allowed += ", ";
    allowed += "'" + option + "'";
  }
  return InvalidArgument(fmt::format("{} ({}) cannot be {}; it should be one of {}", Label(spec),
                                     spec.fieldname, Shown(spec, text), allowed),
                         spec.fieldname);
}

Result<Json> CastDate(const CastSpec& spec, const Json& value) {
  if (value.is_null() || value == "") return Json(nullptr);
  if (value.is_string()) {
    if (auto d = ParseDate(Trim(value.get<std::string>()))) return Json(FormatDate(*d));
  }
  return WrongType(spec, value, "a date (YYYY-MM-DD)");
}

Result<Json> CastDatetime(const CastSpec& spec, const Json& value) {
  if (value.is_null() || value == "") return Json(nullptr);
  if (value.is_string()) {
    if (auto d = ParseDateTime(Trim(value.get<std::string>()))) return Json(FormatDateTime(*d));
  }
  return WrongType(spec, value, "a datetime (YYYY-MM-DD HH:MM:SS)");
}

Result<Json> CastTime(const CastSpec& spec, const Json& value) {
  if (value.is_null() || value == "") return Json(nullptr);
  if (value.is_string()) {
    std::string text = "2000-01-01 " + std::string(Trim(value.get<std::string>()));
    if (auto d = ParseDateTime(text)) {
      return Json(FormatDateTime(*d).substr(11));  // Drop the placeholder date.
    }
  }
  return WrongType(spec, value, "a time (HH:MM:SS)");
}

Result<Json> CastJson(const CastSpec& spec, const Json& value) {
  if (!value.is_string()) return value;
  if (Trim(value.get<std::string>()).empty()) return Json(nullptr);
  Json parsed = Json::parse(value.get<std::string>(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return WrongType(spec, value, "JSON");
  return parsed;
}

}  // namespace

std::optional<FieldType> ParseFieldType(std::string_view name) {
  for (const TypeName& t : kTypes) {
    if (t.name == name) return t.type;
  }
  return std::nullopt;
}

std::string_view FieldTypeName(FieldType type) {
  for (const TypeName& t : kTypes) {
    if (t.type == type) return t.name;
  }
  return "?";
}

std::vector<std::string_view> FieldTypeNames() {
  std::vector<std::string_view> out;
  for (const TypeName& t : kTypes) out.push_back(t.name);
  return out;
}

bool HoldsValue(FieldType type) {
  switch (type) {
    case FieldType::kSectionBreak:
    case FieldType::kColumnBreak:
    case FieldType::kTabBreak:
    case FieldType::kHtml:
    case FieldType::kButton:
      return false;
    default:
      return true;
  }
}

bool IsNumeric(FieldType type) {
  return type == FieldType::kInt || type == FieldType::kFloat || type == FieldType::kCurrency ||
         type == FieldType::kPercent || type == FieldType::kCheck;
}

bool IsTextual(FieldType type) {
  return HoldsValue(type) && !IsNumeric(type) && type != FieldType::kTable &&
         type != FieldType::kJson;
}

Result<Json> CastValue(const CastSpec& spec, const Json& value) {
  switch (spec.type) {
    case FieldType::kInt:
      return CastInt(spec, value);
    case FieldType::kFloat:
    case FieldType::kCurrency:
    case FieldType::kPercent:
      return CastFloat(spec, value);
    case FieldType::kCheck:
      return CastCheck(spec, value);
    case FieldType::kSelect:
      return CastSelect(spec, value);
    case FieldType::kDate:
      return CastDate(spec, value);
    case FieldType::kDatetime:
      return CastDatetime(spec, value);
    case FieldType::kTime:
      return CastTime(spec, value);
    case FieldType::kJson:
      return CastJson(spec, value);
    case FieldType::kData: {
      CRIER_ASSIGN_OR_RETURN(Json text, CastText(spec, value));
      if (spec.options == "Email" && text.is_string() && !text.get<std::string>().empty() &&
          !IsEmailAddress(text.get<std::string>())) {
        return WrongType(spec, value, "an e-mail address");
      }
      return text;
    }
    case FieldType::kTable:
      return Internal(fmt::format("{}: Table values are cast row by row", spec.fieldname));
    default:
      if (!HoldsValue(spec.type)) {
        return InvalidArgument(
            fmt::format("{} is a layout field and holds no value", spec.fieldname), spec.fieldname);
      }
      return CastText(spec, value);
  }
}

Json EmptyValue(FieldType type) {
  if (type == FieldType::kInt || type == FieldType::kCheck) return 0;
  if (IsNumeric(type)) return 0.0;
  if (type == FieldType::kTable) return Json::array();
  return nullptr;
}

bool IsMissing(const Json& value) {
  return value.is_null() || (value.is_string() && Trim(value.get<std::string>()).empty()) ||
         (value.is_array() && value.empty());
}

bool IsHttpUrl(std::string_view url) {
  std::string_view rest;
  if (url.substr(0, 7) == "http://") {
    rest = url.substr(7);
  } else if (url.substr(0, 8) == "https://") {
    rest = url.substr(8);
  } else {
    return false;
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  std::string_view host = authority.substr(
      authority.rfind('@') == std::string_view::npos ? 0 : authority.rfind('@') + 1);
  if (!host.empty() && host.front() == '[') {
    return host.find(']') != std::string_view::npos && host.find(']') > 1;
  }
  host = host.substr(0, host.find(':'));
  if (host.empty()) return false;
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)) ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

bool IsEmailAddress(std::string_view text) {
  auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  std::string_view domain = text.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '<' || c == '>') {
      return false;
    }
  }
  return true;
}

}  // namespace crier
