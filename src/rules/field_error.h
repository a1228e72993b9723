// What is wrong with a notification, field by field: the shape notification.validate answers
// ({"field", "message", "line", "column"}) and, for the first error, the Status that refuses a
// save (422 for a template or condition that does not compile or evaluate, 400 for the rest).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"
#include "value/error.h"

namespace crier::rules {

struct FieldError {
  std::string field;    // "condition", "message", "recipients[2].cc"...
  std::string message;  // For engine errors: "<Class>: <message> (line L, column C)".
  int line = 0;         // 1-based; 0 when the error has no position.
  int column = 0;
  StatusCode code = StatusCode::kInvalidArgument;

  Status ToStatus() const { return Status(code, message, field); }
  nlohmann::json ToJson() const;
};

// A 400 error about `field`.
FieldError Invalid(std::string field, std::string message);

// An engine error (compile or evaluation) of the text in `field`: 422, its position, and a
// message prefixed with the field's label, ending with "(line L, column C)" when known.
FieldError FromEngine(std::string field, std::string_view label, const value::EngineError& error);

}  // namespace crier::rules
