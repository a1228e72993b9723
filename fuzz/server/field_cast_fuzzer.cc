// Fuzzes what a document write does to client values: the bytes are parsed as a JSON value (with
// the API's depth limit) and cast to every field type, and the first line is also tried as a
// naming-series pattern. Every input must give a value or a clean error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/json_body.h"
#include "model/field_type.h"
#include "model/naming.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)crier::ExpandSeries(text.substr(0, text.find('\n')), crier::Date{2026, 3, 1});
  auto value = crier::http::ParseJsonBody(text);
  if (!value.ok()) return 0;
  for (std::string_view name : crier::FieldTypeNames()) {
    crier::CastSpec spec;
    spec.type = *crier::ParseFieldType(name);
    if (spec.type == crier::FieldType::kTable) continue;
    spec.fieldname = "f";
    spec.select_options = {"", "Open", "Closed"};
    spec.options = "Email";
    (void)crier::CastValue(spec, *value);
  }
  (void)crier::IsMissing(*value);
  return 0;
}
