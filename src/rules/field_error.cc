// Field errors of notifications.
#include "rules/field_error.h"

#include <fmt/format.h>

namespace crier::rules {

nlohmann::json FieldError::ToJson() const {
  nlohmann::json j = {{"field", field}, {"message", message}};
  if (line > 0) {
    j["line"] = line;
    j["column"] = column;
  }
  return j;
}

FieldError Invalid(std::string field, std::string message) {
  return FieldError{std::move(field), std::move(message), 0, 0, StatusCode::kInvalidArgument};
}

FieldError FromEngine(std::string field, std::string_view label, const value::EngineError& error) {
  FieldError e;
  e.field = std::move(field);
  e.message = fmt::format("{}: {}", label, error.ToString());
  e.line = error.line;
  e.column = error.column;
  e.code = StatusCode::kUnprocessable;
  return e;
}

}  // namespace crier::rules
