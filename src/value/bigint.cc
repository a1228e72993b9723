// Conversions between int64 values, big ints and text.
#include "value/bigint.h"

#include <fmt/format.h>

#include <cmath>

namespace crier::value {

BigInt ToBig(const Value& v) {
  if (v.is_bigint()) return v.bigint()->v;
  return BigInt(v.int_value());
}

Value FromBig(Runtime& rt, const BigInt& b) {
  static const BigInt kMin(INT64_MIN);
  static const BigInt kMax(INT64_MAX);
  if (b >= kMin && b <= kMax) return Value::Int(static_cast<int64_t>(b));
  if (static_cast<int>(boost::multiprecision::msb(boost::multiprecision::abs(b))) >=
      rt.limits.max_int_bits) {
    Throw(ErrorClass::kOverflowError,
          fmt::format("integer exceeds {} bits (limits.max_int_bits)", rt.limits.max_int_bits));
  }
  auto* obj = rt.arena.New<BigIntObj>();
  obj->v = b;
  return Value::BigInt(obj);
}

std::string BigToString(const BigInt& b) {
  return b.str();
}

double BigToDouble(const BigInt& b) {
  // Python rounds half to even on int -> float; convert_to<double> rounds correctly too.
  double d = b.convert_to<double>();
  if (std::isinf(d)) Throw(ErrorClass::kOverflowError, "int too large to convert to float");
  return d;
}

}  // namespace crier::value
