// Float printing against CPython 3.11 (repr, '%.Nf'), and the fast paths against the general
// ones they replace: repr from Dragonbox digits against fmt's "{}", fixed precision through
// integer rounding against std::to_chars, over random doubles of every magnitude.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "value/bigint.h"
#include "value/format.h"
#include "value/repr.h"
#include "value/round.h"
#include "value/runtime.h"

namespace crier::value {
namespace {

std::string Repr(double d) {
  std::string out;
  AppendFloatRepr(out, d);
  return out;
}

std::string Fixed(double d, int precision, bool alternate = false) {
  std::string out;
  if (std::signbit(d)) out.push_back('-');
  AppendFloatDigits(out, d, 'f', precision, alternate);
  return out;
}

// What repr printed before its Dragonbox path: fmt's "{}" plus ".0" on whole numbers.
std::string ReferenceRepr(double d) {
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".eni") == std::string::npos) s += ".0";
  return s;
}

// What '%.Nf' printed before its integer path: std::to_chars rounds the exact value correctly.
std::string ReferenceFixed(double d, int precision) {
  char buf[1100];
  auto r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::fixed, precision);
  return std::string(buf, r.ptr);
}

TEST(FloatFormatTest, ReprMatchesCPython) {
  struct Case {
    double d;
    const char* want;  // repr(d) in CPython 3.11
  } cases[] = {
      {0.0, "0.0"},
      {-0.0, "-0.0"},
      {1e16, "1e+16"},
      {1e-5, "1e-05"},
      {0.0001, "0.0001"},
      {123456789012345680.0, "1.2345678901234568e+17"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1e22, "1e+22"},
      {9999999999999998.0, "9999999999999998.0"},
      {-1.5, "-1.5"},
      {1234.5, "1234.5"},
      {20548.16, "20548.16"},
      {1e15, "1000000000000000.0"},
      {0.00012345, "0.00012345"},
      {1.5e-7, "1.5e-07"},
      {2.5e100, "2.5e+100"},
      {1.0, "1.0"},
      {100.0, "100.0"},
      {0.0001, "0.0001"},
      {9.999e-05, "9.999e-05"},
      {0.000123456, "0.000123456"},
      {999999999999999.9, "999999999999999.9"},
      {100000000000000.02, "100000000000000.02"},
      {1e15 + 0.125, "1000000000000000.1"},
      {123456789012345.67, "123456789012345.67"},
      {0.29, "0.29"},
      {1234567.0000001, "1234567.0000001"},
      {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
      {std::nan(""), "nan"},
  };
  for (const Case& c : cases) EXPECT_EQ(Repr(c.d), c.want) << c.want;
}

TEST(FloatFormatTest, ReprEqualsFmtOnRandomDoubles) {
  std::mt19937_64 rng(7);  // fixed seed: the same doubles on every run
  std::uniform_int_distribution<int> exponent(-30, 30);
  std::uniform_int_distribution<int64_t> cents(-100000000, 100000000);
  for (int i = 0; i < 200000; ++i) {
    double d;
    if (i % 3 == 0) {  // any bit pattern: every magnitude, subnormals, both signs
      uint64_t bits = rng();
      std::memcpy(&d, &bits, sizeof d);
      if (!std::isfinite(d)) continue;
    } else if (i % 3 == 1) {  // amounts and products, as templates print them
      d = static_cast<double>(cents(rng)) / 100.0 * std::pow(10.0, exponent(rng) / 3);
    } else {  // short decimals of up to 17 digits with 0 to 8 places (and their neighbours)
      d = static_cast<double>(rng() % 100000000000000000) / std::pow(10.0, i % 9);
      if (i % 7 == 0) d = std::nextafter(d, 1e300);
    }
    ASSERT_EQ(Repr(d), ReferenceRepr(d)) << std::hexfloat << d;
  }
}

// WriteFixed and its register-store twin against a plain construction of the same text, for
// every number of digits and places, and DecimalDigits at every power of ten.
TEST(FloatFormatTest, WriteFixed) {
  auto reference = [](uint64_t k, int places) {
    std::string digits = std::to_string(k);
    if (static_cast<int>(digits.size()) <= places) {
      digits.insert(0, static_cast<size_t>(places) + 1 - digits.size(), '0');
    }
    if (places > 0) digits.insert(digits.size() - static_cast<size_t>(places), ".");
    return digits;
  };
  std::mt19937_64 rng(17);  // fixed seed: the same numbers on every run
  for (int i = 0; i < 200000; ++i) {
    uint64_t k = i % 4 == 0 ? rng() : rng() % (uint64_t{1} << (rng() % 60));
    int places = static_cast<int>(rng() % 23);
    std::string want = reference(k, places);
    char buf[64];
    ASSERT_EQ(std::string_view(buf, WriteFixed(buf, k, places) - buf), want) << k << " " << places;
    ASSERT_EQ(std::string_view(buf, WriteFixedPadded(buf, k, places) - buf), want)
        << k << " " << places;
    ASSERT_EQ(FixedLength(k, places), static_cast<int>(want.size()));
  }
  uint64_t power = 1;
  for (int digits = 1; digits <= 20; ++digits, power *= 10) {
    EXPECT_EQ(DecimalDigits(power), digits);
    if (power > 1) {
      EXPECT_EQ(DecimalDigits(power - 1), digits - 1);
    }
  }
  EXPECT_EQ(DecimalDigits(0), 1);
  EXPECT_EQ(DecimalDigits(UINT64_MAX), 20);
}

// A float that round() made remembers its places; printing it that way must give the same text
// as printing the bare double, for every places 0..22 and values of every magnitude.
TEST(FloatFormatTest, ReprOfRoundedFloatsEqualsRepr) {
  std::mt19937_64 rng(13);  // fixed seed: the same values on every run
  std::uniform_int_distribution<int> exponent(-8, 17);
  std::uniform_real_distribution<double> mantissa(-10.0, 10.0);
  std::uniform_int_distribution<int> places(0, 22);
  int decided = 0;
  for (int i = 0; i < 200000; ++i) {
    double x = i % 3 ? mantissa(rng) * std::pow(10.0, exponent(rng))
                     : static_cast<double>(static_cast<int64_t>(rng() % 2000001) - 1000000) / 1e4;
    int p = i % 4 ? places(rng) : 2;
    double rounded;
    if (!RoundDoubleFast(x, p, &rounded)) continue;
    ++decided;
    char with_places[kFloatReprMax], plain[kFloatReprMax];
    std::string_view a(with_places,
                       WriteFloatRepr(with_places, Value::FloatRounded(rounded, p)) - with_places);
    std::string_view b(plain, WriteFloatRepr(plain, rounded) - plain);
    ASSERT_EQ(a, b) << std::hexfloat << x << " places " << p;
  }
  EXPECT_GT(decided, 100000);
  char buf[kFloatReprMax];
  EXPECT_EQ(std::string_view(buf, WriteFloatRepr(buf, Value::FloatRounded(-0.0, 2)) - buf), "-0.0");
  EXPECT_EQ(std::string_view(buf, WriteFloatRepr(buf, Value::FloatRounded(1200.0, 2)) - buf),
            "1200.0");
  EXPECT_EQ(std::string_view(buf, WriteFloatRepr(buf, Value::FloatRounded(1.5e-05, 7)) - buf),
            "1.5e-05");
}

TEST(FloatFormatTest, FixedMatchesCPython) {
  struct Case {
    double d;
    int precision;
    const char* want;  // '%.*f' % (precision, d) in CPython 3.11
  } cases[] = {
      {2.675, 2, "2.67"},    {0.125, 2, "0.12"},      {0.005, 2, "0.01"},
      {-0.001, 2, "-0.00"},  {1284.26, 2, "1284.26"}, {0.5, 0, "0"},
      {1.5, 0, "2"},         {2.5, 0, "2"},           {1e22, 2, "10000000000000000000000.00"},
      {123.456, 0, "123"},   {0.05, 1, "0.1"},        {1e-10, 5, "0.00000"},
      {99.995, 2, "100.00"},
  };
  for (const Case& c : cases) EXPECT_EQ(Fixed(c.d, c.precision), c.want) << c.want;
  EXPECT_EQ(Fixed(2.675, 0, /*alternate=*/true), "3.");  // '%#.0f'
  EXPECT_EQ(Fixed(-0.001, 0, /*alternate=*/true), "-0.");
}

TEST(FloatFormatTest, FixedEqualsToCharsOnRandomDoubles) {
  std::mt19937_64 rng(11);  // fixed seed: the same doubles on every run
  std::uniform_int_distribution<int> exponent(-12, 18);
  std::uniform_real_distribution<double> mantissa(1.0, 10.0);
  std::uniform_int_distribution<int64_t> cents(-100000000, 100000000);
  std::uniform_int_distribution<int> precision(0, 24);
  for (int i = 0; i < 200000; ++i) {
    double d;
    switch (i % 3) {
      case 0:
        d = mantissa(rng) * std::pow(10.0, exponent(rng));
        break;
      case 1:  // amounts
        d = static_cast<double>(cents(rng)) / 100.0;
        break;
      default:  // halves at some decimal place (ties and near-ties)
        d = (static_cast<double>(cents(rng)) + 0.5) / std::pow(10.0, i % 7);
        break;
    }
    int p = precision(rng);
    std::string want = ReferenceFixed(std::fabs(d), p);
    if (std::signbit(d)) want.insert(0, "-");
    ASSERT_EQ(Fixed(d, p), want) << std::hexfloat << d << " precision " << p;
  }
}

// `fmt % x` for the format filter's common case and its neighbours that the general path keeps:
// CPython's outputs, then the fast path against std::to_chars on random values.
TEST(FloatFormatTest, PercentFixed) {
  Arena arena;
  Limits limits;
  Runtime rt(arena, limits);
  auto pct = [&](std::string_view f, Value arg) {
    return std::string(PercentFormat(rt, rt.NewStr(f), arg).str());
  };
  struct Case {
    const char* format;
    double x;
    const char* want;  // format % x in CPython 3.11
  } cases[] = {
      {"%.2f", 1284.255, "1284.26"},
      {"%f", 2.5, "2.500000"},
      {"x%.0fy", 2.5, "x2y"},
      {"%.22f", 0.1, "0.1000000000000000055511"},
      {"%.23f", 0.1, "0.10000000000000000555112"},
      {"%5.2f", 2.25, " 2.25"},
      {"%.2f%%", 50.0, "50.00%"},
      {"%.2f", -0.0, "-0.00"},
      {"%.2F", -1.005, "-1.00"},
      {"Total: %.1f EUR", 1234.56, "Total: 1234.6 EUR"},
      {"é %.2f", 3.0, "é 3.00"},
      {"%.2f", std::nan(""), "nan"},
      {"%.2f", -std::numeric_limits<double>::infinity(), "-inf"},
  };
  for (const Case& c : cases) EXPECT_EQ(pct(c.format, Value::Float(c.x)), c.want) << c.format;
  EXPECT_EQ(pct("%.2f", Value::Bool(true)), "1.00");
  EXPECT_EQ(pct("%.2f", Value::Int(-7)), "-7.00");
  EXPECT_EQ(pct("%.2f", FromBig(rt, BigInt(1) << 70)), "1180591620717411303424.00");
  EXPECT_TRUE(pct("%.2f", Value::Float(1e300)).starts_with("10000000000000000525047602552044"));
  EXPECT_TRUE(PercentFormat(rt, rt.NewStr("%.2f"), Value::Float(1.5)).str_ascii());
  EXPECT_FALSE(PercentFormat(rt, rt.NewStr("é%.2f"), Value::Float(1.5)).str_ascii());

  std::mt19937_64 rng(3);  // fixed seed: the same values on every run
  std::uniform_int_distribution<int> exponent(-10, 18);
  std::uniform_real_distribution<double> mantissa(-10.0, 10.0);
  std::uniform_int_distribution<int> precision(0, 24);
  for (int i = 0; i < 50000; ++i) {
    double x = i % 2 ? mantissa(rng) * std::pow(10.0, exponent(rng))
                     : static_cast<double>(static_cast<int64_t>(rng() % 2000001) - 1000000) / 100.0;
    int p = precision(rng);
    std::string want =
        "<" + std::string(std::signbit(x) ? "-" : "") + ReferenceFixed(std::fabs(x), p) + ">";
    ASSERT_EQ(pct("<%." + std::to_string(p) + "f>", Value::Float(x)), want) << x << " " << p;
  }
}

}  // namespace
}  // namespace crier::value
