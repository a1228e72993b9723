// JSON request bodies in, JSON answers out, with the errors a client can act on: where the syntax
// broke (line and column) and how deep nesting may go. The depth bound protects the layers that
// walk documents recursively (validation, templates, serialisation) from stack exhaustion.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/status.h"
#include "http/response.h"

namespace crier::http {

// Objects and arrays inside each other; a Frappe document with child tables is at depth 3.
inline constexpr int kDefaultMaxJsonDepth = 32;

// Parses `body` as one JSON value. Errors (kInvalidArgument, answered 400):
//   "invalid JSON at line L, column C: <what the parser expected>" (never quoting the body, which
//   may hold a password), and "JSON nested deeper than N" (checked before parsing).
Result<nlohmann::json> ParseJsonBody(std::string_view body, int max_depth = kDefaultMaxJsonDepth);

// The deepest nesting of objects and arrays in `text` (strings are skipped, so brackets inside them
// do not count), scanning no further than one level past `limit`. Not a validator: it runs on any
// bytes.
int JsonNestingDepth(std::string_view text, int limit);

// `value` as a JSON response. Strings with invalid UTF-8 are sent with U+FFFD in place of the bad
// bytes instead of failing.
Response JsonResponse(int status, const nlohmann::json& value);

}  // namespace crier::http
