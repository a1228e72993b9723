// The field types of a DocType (DESIGN.md section 1) and how a value sent by a client becomes the
// value crier stores for each: the one place that decides what "wrong type" means.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace crier {

using Json = nlohmann::json;

enum class FieldType {
  kData,
  kSmallText,
  kText,
  kLongText,
  kTextEditor,
  kMarkdownEditor,
  kCode,
  kReadOnly,
  kPassword,
  kInt,
  kFloat,
  kCurrency,
  kPercent,
  kCheck,
  kSelect,
  kLink,
  kDynamicLink,
  kDate,
  kDatetime,
  kTime,
  kTable,
  kJson,
  // Layout only: they hold no value.
  kSectionBreak,
  kColumnBreak,
  kTabBreak,
  kHtml,
  kButton,
};

// Frappe's names: "Data", "Small Text", "Int", "Table", "JSON", "Section Break"...
std::optional<FieldType> ParseFieldType(std::string_view name);
std::string_view FieldTypeName(FieldType type);
// All names, for error messages and the DocField.fieldtype options.
std::vector<std::string_view> FieldTypeNames();

bool HoldsValue(FieldType type);  // False for layout types.
bool IsNumeric(FieldType type);   // Int, Float, Currency, Percent, Check.
bool IsTextual(FieldType type);   // Stored as a string (Data, Text..., Select, Link, Date...).

// What casting needs to know about a field.
struct CastSpec {
  FieldType type = FieldType::kData;
  std::string fieldname;                    // Named in errors.
  std::string label;                        // Named in messages; the fieldname when empty.
  std::string options;                      // Data: "Email" validates an address.
  std::vector<std::string> select_options;  // Select: the allowed values ("" always allowed).
  bool secret = false;                      // Never echo the value in an error.
};

// The stored form of `value` for a field, or kInvalidArgument naming the field:
// - text types: strings as they are, numbers as their decimal text; null stays null;
// - Int: integers, whole floats and integer strings; Float/Currency/Percent: numbers and numeric
//   strings; both store 0 for null or ""; Check: 0/1, true/false, "0"/"1";
// - Select: one of the options, or "" / null;
// - Date `YYYY-MM-DD`, Datetime `YYYY-MM-DD HH:MM:SS[.ffffff]`, Time `HH:MM:SS[.ffffff]`
//   (normalised; a date-only datetime gets 00:00:00); "" becomes null;
// - JSON: any value (a string is parsed as JSON text).
// REQUIRES: spec.type is neither Table nor a layout type (the document layer handles tables).
Result<Json> CastValue(const CastSpec& spec, const Json& value);

// The value a field has when a document does not give one and the field has no default.
Json EmptyValue(FieldType type);

// Whether a value counts as missing for a mandatory field (null, "", [] for tables).
bool IsMissing(const Json& value);

// http or https with a non-empty host, as Frappe's Notification Webhook URL requires.
bool IsHttpUrl(std::string_view url);
// A plausible e-mail address: one @, a non-empty local part, a dotted domain, no spaces.
bool IsEmailAddress(std::string_view text);

}  // namespace crier
