// Python's arbitrary-precision int beyond int64, on Boost.Multiprecision's fixed-capacity checked
// cpp_int: trivially destructible (it can live in an arena) and it throws instead of wrapping.
// Values past limits.max_int_bits raise OverflowError (Python would keep growing).
#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include "value/runtime.h"
#include "value/value.h"

namespace crier::value {

using BigInt = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<
    16384, 16384, boost::multiprecision::signed_magnitude, boost::multiprecision::checked, void>>;

struct BigIntObj {
  BigInt v;
};

// REQUIRES: v.is_integral().
BigInt ToBig(const Value& v);
// An int value: kInt when it fits int64, else a kBigInt in the arena. OverflowError past the limit.
Value FromBig(Runtime& rt, const BigInt& b);
// Decimal digits, with a leading '-' when negative.
std::string BigToString(const BigInt& b);
// int -> float as Python does (OverflowError when too large).
double BigToDouble(const BigInt& b);

// Python's &, |, ^ and >> on ints, which behave as infinite two's complement for negative values
// (Boost's checked cpp_int throws on bitwise operations with a negative operand).
BigInt BigAnd(const BigInt& x, const BigInt& y);
BigInt BigOr(const BigInt& x, const BigInt& y);
BigInt BigXor(const BigInt& x, const BigInt& y);
// Floors toward negative infinity: -5 >> 1 is -3.
BigInt BigShiftRight(const BigInt& x, unsigned n);
// -3 << 2 is -12. Throws std::overflow_error past the capacity, as arithmetic does.
BigInt BigShiftLeft(const BigInt& x, unsigned n);

}  // namespace crier::value
