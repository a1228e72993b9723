// Errors as values. Every layer reports failure with a Status (or a Result<T> that holds either a
// value or a Status); exceptions stay inside the template and expression engines.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace crier {

// What kind of failure, chosen so that the REST layer can map it to an HTTP status without reading
// messages: kInvalidArgument 400, kUnauthenticated 401, kPermissionDenied 403, kNotFound 404,
// kConflict 409, kTooLarge 413, kUnprocessable 422, kUnavailable 503, everything else 500.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kUnauthenticated,
  kPermissionDenied,
  kNotFound,
  kConflict,
  kTooLarge,
  kUnprocessable,
  kFailedPrecondition,
  kResourceExhausted,
  kDeadlineExceeded,
  kUnavailable,
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

// A cheap success-or-error value. A non-OK Status carries a human message and, when the error is
// about one input field, that field's name (so the API can answer {"field": ...}). Messages must
// never contain secrets: callers redact before building them.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  // "NotFound: message" (and " (field: name)" when a field is set); "OK" for success.
  std::string ToString() const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

inline Status InvalidArgument(std::string message, std::string field = {}) {
  return Status(StatusCode::kInvalidArgument, std::move(message), std::move(field));
}
inline Status NotFound(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
inline Status Conflict(std::string message, std::string field = {}) {
  return Status(StatusCode::kConflict, std::move(message), std::move(field));
}
inline Status PermissionDenied(std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}
inline Status Internal(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

// Either a T or a non-OK Status. Constructing a Result from an OK Status is a programming error and
// is turned into kInternal so that it can never be mistaken for a value.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design, like absl::StatusOr.
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Internal("Result constructed from an OK status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace crier

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define CRIER_RETURN_IF_ERROR(expr)                  \
  do {                                               \
    ::crier::Status crier_status_ = (expr);          \
    if (!crier_status_.ok()) return crier_status_;   \
  } while (false)

#define CRIER_CONCAT_INNER_(a, b) a##b
#define CRIER_CONCAT_(a, b) CRIER_CONCAT_INNER_(a, b)

// `CRIER_ASSIGN_OR_RETURN(auto x, Compute());` declares x from a Result's value, or returns its
// Status from the enclosing function.
#define CRIER_ASSIGN_OR_RETURN(lhs, expr) \
  CRIER_ASSIGN_OR_RETURN_IMPL_(CRIER_CONCAT_(crier_result_, __LINE__), lhs, expr)
#define CRIER_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                 \
  if (!result.ok()) return result.status();             \
  lhs = std::move(result).value()
