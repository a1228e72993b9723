// Conversions between int64 values, big ints and text.
#include "value/bigint.h"

#include <fmt/format.h>

#include <cmath>

namespace crier::value {

BigInt ToBig(const Value& v) {
  if (v.is_bigint()) return v.bigint()->v;
  return BigInt(v.int_value());
}

Value FromBig(Runtime& rt, const BigInt& raw) {
  // Boost 1.74's fixed-capacity multiplication can leave a zero top limb (2**4096 squared):
  // normalise before comparing or measuring.
  BigInt b = raw;
  b.backend().normalize();
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

// A negative x is ~a with a = -x - 1 >= 0, so each case below works on non-negative magnitudes
// only: ~a & y = y & ~a = y ^ (y & a); ~a & ~b = ~(a | b); ~a | y = ~(a & ~y); ~a | ~b = ~(a & b);
// ~a ^ y = ~(a ^ y); ~a ^ ~b = a ^ b.
namespace {

BigInt Complement(const BigInt& v) {
  return -v - 1;
}

}  // namespace

BigInt BigAnd(const BigInt& x, const BigInt& y) {
  if (x >= 0 && y >= 0) return x & y;
  if (x < 0 && y < 0) return Complement(Complement(x) | Complement(y));
  const BigInt& positive = x >= 0 ? x : y;
  BigInt a = Complement(x >= 0 ? y : x);
  return positive ^ (positive & a);
}

BigInt BigOr(const BigInt& x, const BigInt& y) {
  if (x >= 0 && y >= 0) return x | y;
  if (x < 0 && y < 0) return Complement(Complement(x) & Complement(y));
  const BigInt& positive = x >= 0 ? x : y;
  BigInt a = Complement(x >= 0 ? y : x);
  return Complement(a ^ (a & positive));
}

BigInt BigXor(const BigInt& x, const BigInt& y) {
  if (x >= 0 && y >= 0) return x ^ y;
  if (x < 0 && y < 0) return Complement(x) ^ Complement(y);
  const BigInt& positive = x >= 0 ? x : y;
  return Complement(Complement(x >= 0 ? y : x) ^ positive);
}

BigInt BigShiftRight(const BigInt& x, unsigned n) {
  if (x >= 0) return x >> n;
  return Complement(Complement(x) >> n);
}

BigInt BigShiftLeft(const BigInt& x, unsigned n) {
  if (x >= 0) return x << n;
  return -((-x) << n);
}

}  // namespace crier::value
