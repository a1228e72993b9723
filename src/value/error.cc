// Names of the engine error classes and the conversion of an engine failure to a Status.
#include "value/error.h"

#include <fmt/format.h>

namespace crier::value {

std::string_view ErrorClassName(ErrorClass cls) {
  switch (cls) {
    case ErrorClass::kTypeError:
      return "TypeError";
    case ErrorClass::kValueError:
      return "ValueError";
    case ErrorClass::kKeyError:
      return "KeyError";
    case ErrorClass::kIndexError:
      return "IndexError";
    case ErrorClass::kAttributeError:
      return "AttributeError";
    case ErrorClass::kZeroDivisionError:
      return "ZeroDivisionError";
    case ErrorClass::kOverflowError:
      return "OverflowError";
    case ErrorClass::kNameError:
      return "NameError";
    case ErrorClass::kSyntaxError:
      return "SyntaxError";
    case ErrorClass::kMemoryError:
      return "MemoryError";
    case ErrorClass::kRecursionError:
      return "RecursionError";
    case ErrorClass::kUndefinedError:
      return "UndefinedError";
    case ErrorClass::kSecurityError:
      return "SecurityError";
    case ErrorClass::kTemplateSyntaxError:
      return "TemplateSyntaxError";
    case ErrorClass::kTemplateAssertionError:
      return "TemplateAssertionError";
    case ErrorClass::kTemplateNotFound:
      return "TemplateNotFound";
    case ErrorClass::kTemplateRuntimeError:
      return "TemplateRuntimeError";
    case ErrorClass::kFilterArgumentError:
      return "FilterArgumentError";
    case ErrorClass::kLimitError:
      return "LimitError";
    case ErrorClass::kStopIteration:
      return "StopIteration";
    case ErrorClass::kRuntimeError:
      return "RuntimeError";
    case ErrorClass::kAssertionError:
      return "AssertionError";
  }
  return "Error";
}

void Throw(ErrorClass cls, std::string message) {
  throw PyError(cls, std::move(message));
}

EngineError EngineError::From(const PyError& e) {
  EngineError out;
  out.cls = e.cls();
  out.message = e.message();
  out.template_name = e.template_name;
  out.line = e.line;
  out.column = e.column;
  return out;
}

std::string EngineError::ToString() const {
  std::string out = fmt::format("{}: {}", class_name(), message);
  if (line > 0) out += fmt::format(" (line {}, column {})", line, column);
  return out;
}

Status EngineError::ToStatus() const {
  StatusCode code = StatusCode::kUnprocessable;
  if (cls == ErrorClass::kLimitError || cls == ErrorClass::kMemoryError ||
      cls == ErrorClass::kRecursionError) {
    code = StatusCode::kResourceExhausted;
  }
  std::string text = ToString();
  if (!template_name.empty()) text = fmt::format("{} in template '{}'", text, template_name);
  return Status(code, std::move(text));
}

}  // namespace crier::value
