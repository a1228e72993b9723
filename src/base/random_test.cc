#include "base/random.h"

#include <gtest/gtest.h>

#include <set>

namespace crier {
namespace {

TEST(RandomTest, HexHasTwoDigitsPerByte) {
  std::string h = RandomHex(SecureRandom(), 16);
  EXPECT_EQ(h.size(), 32u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(RandomTest, SecureValuesDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(RandomHex(SecureRandom(), 8));
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RandomTest, SeededSourcesRepeatTheirSequence) {
  SeededRandom a(42), b(42), c(43);
  std::string x = RandomHex(a, 8);
  EXPECT_EQ(x, RandomHex(b, 8));
  EXPECT_NE(x, RandomHex(c, 8));
}

}  // namespace
}  // namespace crier
