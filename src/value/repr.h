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
// 10**0 .. 10**19, the powers of ten below 2**64.
inline constexpr uint64_t kPow10u[] = {1ULL,
                                       10ULL,
                                       100ULL,
                                       1000ULL,
                                       10000ULL,
                                       100000ULL,
                                       1000000ULL,
                                       10000000ULL,
                                       100000000ULL,
                                       1000000000ULL,
                                       10000000000ULL,
                                       100000000000ULL,
                                       1000000000000ULL,
                                       10000000000000ULL,
                                       100000000000000ULL,
                                       1000000000000000ULL,
                                       10000000000000000ULL,
                                       100000000000000000ULL,
                                       1000000000000000000ULL,
                                       10000000000000000000ULL};

// The number of decimal digits of k (1 for 0).
inline int DecimalDigits(uint64_t k) {
  k |= 1;  // as many digits (an even k + 1 is never a power of ten), and 0 has one
  // log10 from the bit length (1233 / 4096 ~ log10(2)), then + 1 when k >= 10**t, without a
  // branch (k < 10 * 10**t, so the difference fits 63 bits).
  int t = ((64 - __builtin_clzll(k)) * 1233) >> 12;
  return t + static_cast<int>((kPow10u[t] - 1 - k) >> 63);
}

// The number of bytes WriteFixed writes.
inline int FixedLength(uint64_t k, int places) {
  int digits = DecimalDigits(k);
  if (digits < places + 1) digits = places + 1;  // 0.05: a zero before the point
  return digits + (places > 0 ? 1 : 0);
}
void AppendInt(std::string& out, int64_t i);
void AppendStrRepr(std::string& out, std::string_view s);

// Jinja's object_type_repr: "None", "dict object", "jinja2.utils.Namespace object".
std::string ObjectTypeRepr(const Value& v);

// The message an Undefined raises with ("'x' is undefined", "'dict object' has no attribute 'y'").
std::string UndefinedMessage(const UndefinedInfo& info);
// Raises the Undefined's error (UndefinedError, or SecurityError for refused attributes).
[[noreturn]] void FailUndefined(const Value& v);

}  // namespace crier::value
