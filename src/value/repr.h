// Python's str() and repr() of values, byte for byte: floats as CPython prints them (`1.0`,
// `1e+16`, `0.30000000000000004`), strings quoted and escaped as repr does, containers with the
// repr of their items.
#pragma once

#include <string>
#include <string_view>

#include "value/value.h"

namespace crier::value {

// str(v). Undefined prints per its kind: "" (default, chainable), `{{ name }}` (debug), or raises
// UndefinedError (strict).
void AppendStr(std::string& out, const Value& v);
void AppendRepr(std::string& out, const Value& v);
std::string ToStr(const Value& v);
std::string ToRepr(const Value& v);

void AppendFloatRepr(std::string& out, double d);
// Writes repr(d) at `out`, which has room for kFloatReprMax bytes, and returns its end.
inline constexpr size_t kFloatReprMax = 48;
char* WriteFloatRepr(char* out, double d);
// The same for a float value, using what Value::FloatRounded remembers.
char* WriteFloatRepr(char* out, const Value& v);
// Writes the integer k as a decimal with `places` digits after the point ("0.05" for k = 5,
// places = 2; no point when places is 0) and returns the end, out + FixedLength(k, places).
char* WriteFixed(char* out, uint64_t k, int places);
// WriteFixed for callers with 8 bytes of room past the end: numbers below 10**8 with at most 7
// places are written with whole-register stores (bytes past the returned end are scratch).
char* WriteFixedPadded(char* out, uint64_t k, int places);
// The number of bytes WriteFixed writes.
int FixedLength(uint64_t k, int places);
// The number of decimal digits of k (1 for 0).
int DecimalDigits(uint64_t k);
void AppendInt(std::string& out, int64_t i);
void AppendStrRepr(std::string& out, std::string_view s);

// Jinja's object_type_repr: "None", "dict object", "jinja2.utils.Namespace object".
std::string ObjectTypeRepr(const Value& v);

// The message an Undefined raises with ("'x' is undefined", "'dict object' has no attribute 'y'").
std::string UndefinedMessage(const UndefinedInfo& info);
// Raises the Undefined's error (UndefinedError, or SecurityError for refused attributes).
[[noreturn]] void FailUndefined(const Value& v);

}  // namespace crier::value
