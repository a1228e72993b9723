// Fast paths of value operations against the general code they skip: FloatArithmetic against
// Binary's NumberOp, the word-at-a-time CountCodePoints against a per-byte count, SameText
// against string comparison.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>

#include "value/ops.h"
#include "value/runtime.h"
#include "value/unicode.h"

namespace crier::value {
namespace {

bool SameValue(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (!a.is_float()) return a.int_value() == b.int_value();
  double x = a.float_value(), y = b.float_value();
  return std::memcmp(&x, &y, sizeof x) == 0;
}

TEST(OpsFastTest, FloatArithmeticEqualsBinary) {
  Arena arena;
  Limits limits;
  Runtime rt(arena, limits);
  std::mt19937_64 rng(5);  // fixed seed: the same operands on every run
  std::uniform_real_distribution<double> real(-1e6, 1e6);
  auto operand = [&](int i) {
    switch (i % 5) {
      case 0:
        return Value::Int(static_cast<int64_t>(rng()));  // beyond 2**53: rounded conversion
      case 1:
        return Value::Int(static_cast<int64_t>(rng() % 1000) - 500);
      case 2:
        return Value::Bool(rng() % 2);
      case 3:
        return Value::Float(i % 7 ? real(rng) : -0.0);
      default:
        return Value::Float(std::nan(""));
    }
  };
  int decided = 0;
  for (int i = 0; i < 100000; ++i) {
    Value a = operand(static_cast<int>(rng() % 5));
    Value b = operand(static_cast<int>(rng() % 5));
    auto op = static_cast<BinOp>(rng() % 3 == 0 ? BinOp::kAdd
                                 : rng() % 2    ? BinOp::kSub
                                                : BinOp::kMul);
    Value fast;
    if (!FloatArithmetic(op, a, b, &fast)) {
      // Declined: ints on both sides (overflow to big ints) or a bool, which Binary handles.
      EXPECT_FALSE((a.is_float() || a.is_int()) && (b.is_float() || b.is_int()) &&
                   (a.is_float() || b.is_float()));
      continue;
    }
    ++decided;
    Value general = Binary(rt, op, a, b);
    ASSERT_TRUE(SameValue(fast, general) ||
                (std::isnan(fast.float_value()) && std::isnan(general.float_value())));
  }
  EXPECT_GT(decided, 20000);
  Value out;
  EXPECT_FALSE(FloatArithmetic(BinOp::kDiv, Value::Float(1.0), Value::Float(0.0), &out));
  EXPECT_FALSE(FloatArithmetic(BinOp::kMul, Value::Int(2), Value::Int(3), &out));
}

TEST(OpsFastTest, CountCodePointsEqualsPerByteCount) {
  std::mt19937 rng(9);  // fixed seed: the same strings on every run
  const char* pieces[] = {"a", "é", "€", "😀", "\x80", "\xC3", "\xF0\x9F", "zz", " "};
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (int n = static_cast<int>(rng() % 40); n > 0; --n) s += pieces[rng() % 9];
    size_t want = 0;
    for (unsigned char c : s) want += (c & 0xC0) != 0x80;
    ASSERT_EQ(CountCodePoints(s), want) << s;
  }
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("écran 27 pouces 4k"), 18u);
}

TEST(OpsFastTest, SameTextEqualsStringCompare) {
  std::string a(40, 'k');
  for (size_t n = 0; n <= a.size(); ++n) {
    std::string b(a, 0, n);
    EXPECT_TRUE(SameText(std::string_view(a).substr(0, n), b)) << n;
    EXPECT_EQ(SameText(std::string_view(a).substr(0, n), std::string_view(a).substr(0, n + 1)),
              n == a.size());
    for (size_t at = 0; at < n; ++at) {  // one byte different, at every position
      std::string c = b;
      c[at] = 'x';
      EXPECT_FALSE(SameText(b, c)) << n << " " << at;
    }
  }
}

}  // namespace
}  // namespace crier::value
