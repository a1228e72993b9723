// How the template and expression engines fail: inside them a PyError (a C++ exception carrying
// the Python exception class Jinja2 or CPython would raise) unwinds to the engine's boundary, where
// it becomes an EngineError value with the template name, line and column.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/status.h"

namespace crier::value {

// The Python exception classes the engines raise. Names are exactly Python's / Jinja2's, except
// LimitError, which reports a crier resource limit (see docs/template-compat.md).
enum class ErrorClass : unsigned char {
  kTypeError,
  kValueError,
  kKeyError,
  kIndexError,
  kAttributeError,
  kZeroDivisionError,
  kOverflowError,
  kNameError,
  kSyntaxError,
  kMemoryError,
  kRecursionError,
  kUndefinedError,
  kSecurityError,
  kTemplateSyntaxError,
  kTemplateAssertionError,
  kTemplateNotFound,
  kTemplateRuntimeError,
  kFilterArgumentError,
  kLimitError,
  kStopIteration,
  kRuntimeError,
  kAssertionError,
};

std::string_view ErrorClassName(ErrorClass cls);

// Thrown inside the engines only; never crosses a public API.
class PyError : public std::exception {
 public:
  PyError(ErrorClass cls, std::string message) : cls_(cls), message_(std::move(message)) {}
  ErrorClass cls() const { return cls_; }
  const std::string& message() const { return message_; }
  const char* what() const noexcept override { return message_.c_str(); }

  // Position, filled by the innermost engine frame that knows it (0 = unknown).
  int line = 0;
  int column = 0;
  std::string template_name;

 private:
  ErrorClass cls_;
  std::string message_;
};

[[noreturn]] void Throw(ErrorClass cls, std::string message);

// An engine failure as a value: the Python class name ("TypeError"), the message, and where it
// happened (template name, 1-based line and column; 0 when unknown).
struct EngineError {
  ErrorClass cls = ErrorClass::kValueError;
  std::string message;
  std::string template_name;
  int line = 0;
  int column = 0;

  static EngineError From(const PyError& e);
  std::string_view class_name() const { return ErrorClassName(cls); }
  // "<Class>: <message> (line L, column C)"; the position part only when known.
  std::string ToString() const;
  // kUnprocessable for template/expression errors (bad input), kResourceExhausted for limits.
  Status ToStatus() const;
};

// Either a T or an EngineError (the engines' Result).
template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T v) : value_(std::move(v)) {}            // NOLINT: implicit by design
  Expected(EngineError e) : error_(std::move(e)) {}  // NOLINT
  bool ok() const { return value_.has_value(); }
  const EngineError& error() const { return error_; }
  Status status() const { return ok() ? Status::Ok() : error_.ToStatus(); }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  EngineError error_;
};

}  // namespace crier::value
