// round(x, ndigits) of floats: CPython's results, and the fast path against the exact path it
// hands over to (ties, near-ties, magnitudes beyond 2**52, negative ndigits, signed zeros).
#include "value/round.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace crier::value {
namespace {

// Bitwise equality, so that 0.0 and -0.0 differ.
bool SameDouble(double a, double b) {
  return std::memcmp(&a, &b, sizeof(double)) == 0;
}

TEST(RoundDoubleTest, MatchesCPython) {
  // Expected values printed by CPython 3.11: round(x, n).
  struct Case {
    double x;
    int64_t n;
    double want;
  };
  const Case cases[] = {
      {2.675, 2, 2.67},  // 2.67499999999999982236431605997495353221893310546875
      {0.125, 2, 0.12},  // an exact tie: to even
      {0.375, 2, 0.38},
      {2.5, 0, 2.0},
      {3.5, 0, 4.0},
      {-2.5, 0, -2.0},
      {0.5, 0, 0.0},
      {1.5, 0, 2.0},
      {1250.0, -2, 1200.0},
      {1350.0, -2, 1400.0},
      {1234.5678, -2, 1200.0},
      {123.456, -1, 120.0},
      {-0.001, 2, -0.0},
      {-0.3, 0, -0.0},
      {20548.16, 2, 20548.16},
      {16 * 1284.26, 2, 20548.16},
      {0.30000000000000004, 1, 0.3},
      {99.995, 2, 100.0},
      {-99.995, 2, -100.0},
      {1e-07, 8, 1e-07},
      {123456789.98765433, 4, 123456789.9877},
      {1.0000000000000002, 15, 1.0},
      {1.5e15, -15, 2e15},
      {2.5e22, -22, 2e22},
      {4503599627370495.5, 0, 4503599627370496.0},
      {1e300, 2, 1e300},
      {1e300, -300, 1e300},
      {5e-324, 2, 0.0},
      {-5e-324, 300, -0.0},
      {7.0, 400, 7.0},
      {-7.0, -400, -0.0},
  };
  for (const Case& c : cases) {
    double got = RoundDouble(c.x, c.n);
    EXPECT_TRUE(SameDouble(got, c.want)) << "round(" << c.x << ", " << c.n << ") = " << got;
  }
  EXPECT_TRUE(SameDouble(RoundDouble(-0.0, 2), -0.0));
  EXPECT_TRUE(std::isnan(RoundDouble(std::nan(""), 2)));
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(RoundDouble(inf, 2), inf);
  EXPECT_EQ(RoundDouble(-inf, -2), -inf);
}

TEST(RoundDoubleTest, FastPathDecidesAmountsAndHandsOverNearHalves) {
  double out = 0;
  // Amounts with cents sit on (or within an ulp of) an integer once scaled: decided fast.
  EXPECT_TRUE(RoundDoubleFast(16 * 1284.26, 2, &out));
  EXPECT_EQ(out, 20548.16);
  EXPECT_TRUE(RoundDoubleFast(0.1 + 0.2, 2, &out));
  EXPECT_EQ(out, 0.3);
  EXPECT_TRUE(RoundDoubleFast(-1234.5678, -2, &out));
  EXPECT_EQ(out, -1200.0);
  EXPECT_TRUE(RoundDoubleFast(-0.001, 2, &out));
  EXPECT_TRUE(SameDouble(out, -0.0));
  // Exact ties and values within rounding error of a half go to the exact path.
  out = 42;
  EXPECT_FALSE(RoundDoubleFast(0.125, 2, &out));
  EXPECT_FALSE(RoundDoubleFast(2.5, 0, &out));
  EXPECT_FALSE(RoundDoubleFast(-2.5, 0, &out));
  EXPECT_FALSE(RoundDoubleFast(2.675, 2, &out));
  EXPECT_FALSE(RoundDoubleFast(1250.0, -2, &out));
  // Magnitudes whose scaled value reaches 2**52, ndigits beyond exact powers of ten, non-finite.
  EXPECT_FALSE(RoundDoubleFast(4503599627370496.0, 0, &out));
  EXPECT_FALSE(RoundDoubleFast(1e300, 2, &out));
  EXPECT_FALSE(RoundDoubleFast(1.0, 23, &out));
  EXPECT_FALSE(RoundDoubleFast(1.0, -23, &out));
  EXPECT_FALSE(RoundDoubleFast(std::numeric_limits<double>::infinity(), 2, &out));
  EXPECT_FALSE(RoundDoubleFast(std::nan(""), 2, &out));
  EXPECT_EQ(out, 42);  // untouched when the fast path declines
}

// The fast path, whenever it decides, agrees bit for bit with the exact path, over values of every
// magnitude, values that are exact or nearly exact decimals (amounts), and exact ties.
TEST(RoundDoubleTest, FastPathAgreesWithExactPath) {
  std::mt19937_64 rng(20240315);  // fixed seed: the same values on every run
  std::uniform_int_distribution<int> digits(-22, 22);
  std::uniform_int_distribution<int> exponent(-30, 30);
  std::uniform_real_distribution<double> mantissa(1.0, 10.0);
  std::uniform_int_distribution<int64_t> cents(-100000000, 100000000);
  int decided = 0;
  for (int i = 0; i < 200000; ++i) {
    double x;
    switch (i % 4) {
      case 0:  // any magnitude
        x = mantissa(rng) * std::pow(10.0, exponent(rng));
        break;
      case 1:  // amounts with cents, as in invoices
        x = static_cast<double>(cents(rng)) / 100.0;
        break;
      case 2:  // products of quantities and rates
        x = static_cast<double>(cents(rng) % 1000) * (static_cast<double>(cents(rng)) / 100.0);
        break;
      default:  // exact halves at some decimal place, and their neighbours
        x = (static_cast<double>(cents(rng)) + 0.5) / 100.0;
        if (i % 8 == 3) x = std::nextafter(x, 0.0);
        break;
    }
    if (i % 3 == 0) x = -x;
    if (x == 0.0) continue;
    int64_t n = digits(rng);
    double fast = 0;
    if (!RoundDoubleFast(x, n, &fast)) continue;
    ++decided;
    double exact = RoundDoubleExact(x, n);
    ASSERT_TRUE(SameDouble(fast, exact))
        << "x=" << x << " n=" << n << " fast=" << fast << " exact=" << exact;
  }
  EXPECT_GT(decided, 100000);  // the comparison covered the fast path, not only hand-overs
}

}  // namespace
}  // namespace crier::value
