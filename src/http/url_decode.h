// Percent-decoding of URL paths and query strings. DocType names with spaces and accents travel
// URL-encoded (`/api/resource/Incoming%20Webhook%20URL`), and whatever is decoded here flows into
// JSON answers and SQL parameters, so malformed escapes, NUL bytes and invalid UTF-8 are refused at
// this edge instead of surprising a later layer.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace crier::http {

enum class DecodeMode {
  kPath,   // '+' stays '+' (RFC 3986 path segment).
  kQuery,  // '+' means space (application/x-www-form-urlencoded).
};

// Decodes %XX escapes (hex digits in either case). Errors (kInvalidArgument): a '%' not followed by
// two hex digits, a decoded NUL byte, or a result that is not valid UTF-8.
Result<std::string> PercentDecode(std::string_view text, DecodeMode mode);

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points > U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Encodes every byte outside RFC 3986's unreserved set (A-Z a-z 0-9 - . _ ~) as %XX, so the result
// is safe as one path segment or one query value. For clients and tests building URLs.
std::string PercentEncode(std::string_view text);

}  // namespace crier::http
