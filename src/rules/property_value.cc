// Casting "Set Property After Alert" values.
#include "rules/property_value.h"

#include <fmt/format.h>

namespace crier::rules {

Result<nlohmann::json> CastPropertyValue(const FieldMeta& field, std::string_view text,
                                         const DateTime& now) {
  const std::string label = field.label.empty() ? field.fieldname : field.label;
  if (field.type == FieldType::kTable || !HoldsValue(field.type)) {
    return InvalidArgument(
        fmt::format("{} ({}) cannot be set after an alert", label, FieldTypeName(field.type)),
        "property_value");
  }
  std::string value(text);
  if (field.type == FieldType::kDate && (value == "Today" || value == "today")) {
    return nlohmann::json(FormatDate(now.date));
  }
  if ((field.type == FieldType::kDatetime || field.type == FieldType::kTime) &&
      (value == "Now" || value == "now")) {
    std::string full = FormatDateTime(now);
    return nlohmann::json(field.type == FieldType::kTime ? full.substr(11) : full);
  }
  CastSpec spec = field.cast_spec();
  Result<nlohmann::json> cast = CastValue(spec, nlohmann::json(value));
  if (!cast.ok()) {
    return InvalidArgument(
        fmt::format("Value To Be Set '{}' does not fit {}: {}", field.secret ? "(hidden)" : value,
                    label, cast.status().message()),
        "property_value");
  }
  return std::move(cast).value();
}

bool MayReceiveProperty(const FieldMeta& field, int docstatus) {
  if (docstatus == 0) return true;
  if (docstatus == 1) return field.allow_on_submit;
  return false;
}

}  // namespace crier::rules
