// CPython's round(x, ndigits) of a float: the double nearest to x rounded to `ndigits` decimal
// places, the exact binary value of x deciding (ties to even). Kept apart from the builtins because
// every `round` filter, `round()` call and `flt()` of a render goes through it: it has a fast path
// in plain double arithmetic and the exact decimal path it hands over to, and tests compare the
// two.
#pragma once

#include <cmath>
#include <cstdint>

namespace crier::value {

// 10**0 .. 10**22: the powers of ten that doubles hold exactly.
inline constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                         1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// The integer nearest to |x| * 10**ndigits, when plain double arithmetic decides it: true with
// `*k` set (a whole number below 2**52, exact as a double) when |ndigits| <= 22, the scaled value
// is below 2**52 and not within a rounding error of a half; false otherwise, `*k` unchanged. This
// is the digit string of every correctly rounded fixed-point rendering of x (`'%.2f' % x` is k with
// a point before its last two digits). Inline: it runs for every round and '%.2f' of a render.
inline bool ScaledRoundFast(double x, int64_t ndigits, double* k) {
  if (ndigits > 22 || ndigits < -22) return false;
  double scale = kExactPow10[ndigits < 0 ? -ndigits : ndigits];
  double ax = x < 0 ? -x : x;
  // One correctly rounded operation: y is within half an ulp (|y| * 2**-53) of |x| * 10**ndigits.
  double y = ndigits >= 0 ? ax * scale : ax / scale;
  if (!(y < 0x1p52)) return false;  // also nan, and inf from an overflowing product
  auto floor = static_cast<double>(static_cast<int64_t>(y));  // y >= 0: truncation is floor
  double frac = y - floor;                                    // exact below 2**52
  // Unless the exact product may lie on the other side of a half, rounding y rounds the exact
  // value to the same integer (the margin is eight times the error bound).
  double off = frac - 0.5;
  if ((off < 0 ? -off : off) <= y * 0x1p-50) return false;
  *k = frac > 0.5 ? floor + 1 : floor;
  return true;
}

// The fast path of RoundDouble alone: true with `*out` set to RoundDouble(x, ndigits) when
// ScaledRoundFast decides the digits; false otherwise (ties and near-ties, huge or non-finite
// values, |ndigits| > 22), leaving `*out` unchanged.
inline bool RoundDoubleFast(double x, int64_t ndigits, double* out) {
  double k;
  if (!ScaledRoundFast(x, ndigits, &k)) return false;
  // k and 10**|ndigits| are exact, so one division (multiplication) gives the double nearest to
  // k / 10**ndigits: what CPython reads back from its correctly rounded decimal string.
  double scale = kExactPow10[ndigits < 0 ? -ndigits : ndigits];
  double r = ndigits >= 0 ? k / scale : k * scale;
  *out = std::signbit(x) ? -r : r;  // -0.001 rounds to -0.0, as in CPython
  return true;
}

// RoundDouble past its fast path: CPython's special cases, then the exact decimal path.
double RoundDoubleSlow(double x, int64_t ndigits);

// round(x, ndigits) as CPython 3.11 computes it: inf, nan and zeros unchanged, x itself when
// ndigits > 323, a zero of x's sign when ndigits < -308, otherwise correctly rounded (the result of
// rounding x's exact decimal expansion half to even, then reading it back as a double).
inline double RoundDouble(double x, int64_t ndigits) {
  double out;
  if (RoundDoubleFast(x, ndigits, &out)) return out;  // zeros come out unchanged here too
  return RoundDoubleSlow(x, ndigits);
}

// The exact decimal path alone (what RoundDouble falls back to). REQUIRES: x finite and non-zero,
// -308 <= ndigits <= 323.
double RoundDoubleExact(double x, int64_t ndigits);

}  // namespace crier::value
