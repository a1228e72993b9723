// CPython's round(x, ndigits) of a float: the double nearest to x rounded to `ndigits` decimal
// places, the exact binary value of x deciding (ties to even). Kept apart from the builtins because
// every `round` filter, `round()` call and `flt()` of a render goes through it: it has a fast path
// in plain double arithmetic and the exact decimal path it hands over to, and tests compare the
// two.
#pragma once

#include <cstdint>

namespace crier::value {

// 10**0 .. 10**22: the powers of ten that doubles hold exactly.
inline constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                         1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// round(x, ndigits) as CPython 3.11 computes it: inf, nan and zeros unchanged, x itself when
// ndigits > 323, a zero of x's sign when ndigits < -308, otherwise correctly rounded (the result of
// rounding x's exact decimal expansion half to even, then reading it back as a double).
double RoundDouble(double x, int64_t ndigits);

// The fast path alone: true with `*out` set to RoundDouble(x, ndigits) when plain double arithmetic
// decides it (|ndigits| <= 22 and |x| * 10**ndigits < 2**52, not within a rounding error of a
// half); false otherwise (ties and near-ties, huge or non-finite values), leaving `*out` unchanged.
bool RoundDoubleFast(double x, int64_t ndigits, double* out);

// The integer nearest to |x| * 10**ndigits, when plain double arithmetic decides it: true with
// `*k` set (a whole number below 2**52, exact as a double) when |ndigits| <= 22, the scaled value
// is below 2**52 and not within a rounding error of a half; false otherwise, `*k` unchanged. This
// is the digit string of every correctly rounded fixed-point rendering of x (`'%.2f' % x` is k with
// a point before its last two digits).
bool ScaledRoundFast(double x, int64_t ndigits, double* k);

// The exact decimal path alone (what RoundDouble falls back to). REQUIRES: x finite and non-zero,
// -308 <= ndigits <= 323.
double RoundDoubleExact(double x, int64_t ndigits);

}  // namespace crier::value
