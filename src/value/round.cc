// round(x, ndigits) of a float past the inline fast path of round.h.
#include "value/round.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace crier::value {

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

double RoundDoubleSlow(double x, int64_t ndigits) {
  if (!std::isfinite(x) || x == 0.0) return x;
  if (ndigits > 323) return x;
  if (ndigits < -308) return std::copysign(0.0, x);
  return RoundDoubleExact(x, ndigits);
}

}  // namespace crier::value
