// round(x, ndigits) of a float, fast path first (see round.h).
#include "value/round.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace crier::value {

bool ScaledRoundFast(double x, int64_t ndigits, double* k) {
  if (ndigits > 22 || ndigits < -22 || !std::isfinite(x)) return false;
  double scale = kExactPow10[std::abs(ndigits)];
  double ax = std::fabs(x);
  // One correctly rounded operation: y is within half an ulp (|y| * 2**-53) of |x| * 10**ndigits.
  double y = ndigits >= 0 ? ax * scale : ax / scale;
  if (!(y < 0x1p52)) return false;  // also inf from an overflowing product
  double floor = std::floor(y);
  double frac = y - floor;  // exact below 2**52
  // Unless the exact product may lie on the other side of a half, rounding y rounds the exact
  // value to the same integer (the margin is eight times the error bound).
  if (std::fabs(frac - 0.5) <= y * 0x1p-50) return false;
  *k = frac > 0.5 ? floor + 1 : floor;
  return true;
}

bool RoundDoubleFast(double x, int64_t ndigits, double* out) {
  double k;
  if (!ScaledRoundFast(x, ndigits, &k)) return false;
  // k and 10**|ndigits| are exact, so one division (multiplication) gives the double nearest to
  // k / 10**ndigits: what CPython reads back from its correctly rounded decimal string.
  double scale = kExactPow10[std::abs(ndigits)];
  double r = ndigits >= 0 ? k / scale : k * scale;
  *out = std::copysign(r, x);  // -0.001 rounds to -0.0, as in CPython
  return true;
}

double RoundDoubleExact(double x, int64_t ndigits) {
  char buf[1600];
  if (ndigits >= 0) {
    // to_chars with a precision is exact: the decimal expansion rounded half to even.
    auto r = std::to_chars(buf, buf + sizeof(buf), x, std::chars_format::fixed,
                           static_cast<int>(ndigits));
    double out = 0;
    std::from_chars(buf, r.ptr, out);
    return std::copysign(out, x);
  }
  // Negative ndigits: round the exact decimal expansion half to even.
  auto r = std::to_chars(buf, buf + sizeof(buf), std::fabs(x), std::chars_format::fixed, 1100);
  std::string s(buf, r.ptr);
  size_t dot = s.find('.');
  std::string ip = s.substr(0, dot);
  std::string frac = s.substr(dot + 1);
  size_t k = static_cast<size_t>(-ndigits);
  if (ip.size() < k) {
    ip.insert(0, k - ip.size() + 1, '0');
  }
  std::string head = ip.substr(0, ip.size() - k);
  std::string tail = ip.substr(ip.size() - k) + frac;
  // Compare tail with 5000...
  int cmp = 0;
  if (tail[0] > '5')
    cmp = 1;
  else if (tail[0] < '5')
    cmp = -1;
  else
    cmp = tail.find_first_not_of('0', 1) == std::string::npos ? 0 : 1;
  bool up = cmp > 0 || (cmp == 0 && !head.empty() && (head.back() - '0') % 2 == 1);
  if (up) {
    int i = static_cast<int>(head.size()) - 1;
    while (i >= 0 && head[static_cast<size_t>(i)] == '9') head[static_cast<size_t>(i--)] = '0';
    if (i < 0)
      head.insert(0, "1");
    else
      head[static_cast<size_t>(i)]++;
  }
  std::string result = head + std::string(k, '0');
  double out = 0;
  std::from_chars(result.data(), result.data() + result.size(), out);
  return std::copysign(out, x);
}

double RoundDouble(double x, int64_t ndigits) {
  if (!std::isfinite(x) || x == 0.0) return x;
  if (ndigits > 323) return x;
  if (ndigits < -308) return std::copysign(0.0, x);
  double out;
  if (RoundDoubleFast(x, ndigits, &out)) return out;
  return RoundDoubleExact(x, ndigits);
}

}  // namespace crier::value
