#include "auth/password_hasher.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

TEST(PasswordHasherTest, HashesAreSaltedArgon2idAndVerify) {
  PasswordHasher hasher(SecureRandom(), TestArgon2Params());
  auto a = hasher.Hash("correct horse");
  auto b = hasher.Hash("correct horse");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->find("correct horse"), std::string::npos);
  EXPECT_TRUE(hasher.Verify(*a, "correct horse"));
  EXPECT_TRUE(hasher.Verify(*b, "correct horse"));
  EXPECT_FALSE(hasher.Verify(*a, "correct horsE"));
  EXPECT_FALSE(hasher.Verify(*a, ""));
  EXPECT_FALSE(hasher.Verify("not a hash", "correct horse"));
  EXPECT_FALSE(hasher.Verify("", ""));
}

TEST(PasswordHasherTest, ProductionParametersAreTheEncodedOnes) {
  PasswordHasher hasher(SecureRandom(), Argon2Params{});
  auto h = hasher.Hash("x");
  ASSERT_TRUE(h.ok());
  EXPECT_NE(h->find("m=19456,t=2,p=1"), std::string::npos) << *h;
}

}  // namespace
}  // namespace crier
