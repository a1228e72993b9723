// The render output buffer and the values written into it in place (str, int, float), against
// std::string appends and Python's str() of the same values.
#include "tmpl/output.h"

#include <gtest/gtest.h>

#include <string>

#include "tmpl/template.h"

namespace crier::tmpl {
namespace {

TEST(OutputTest, AppendsEqualStringAppends) {
  Output out(5);  // a small hint: the buffer grows several times
  std::string want;
  std::string text = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (size_t round = 0; round < 3; ++round) {
    for (size_t n = 0; n <= 40; ++n) {
      std::string_view piece(text.data() + (n * 7 + round) % 20, n);
      out.Append(piece);
      want.append(piece);
      ASSERT_EQ(out.view(), want);
    }
  }
  EXPECT_EQ(out.size(), want.size());
  EXPECT_EQ(out.Take(), want);
  EXPECT_EQ(out.size(), 0u);
}

TEST(OutputTest, PrintsNumbersAsPython) {
  Environment env;
  auto t = env.Compile("{{ a }}|{{ b }}|{{ c }}|{{ d }}|{{ e }}|{{ f }}|{{ g }}|{{ h }}", "t");
  ASSERT_TRUE(t.ok());
  value::Context ctx;
  ASSERT_TRUE(ctx.LoadJson(R"({"a": -9223372036854775808, "b": 99999999999999999,
                               "c": 100000000000000000, "d": 0, "e": -5,
                               "f": 12345678901234567890, "g": -0.0, "h": 1e22})",
                           value::DictMode::kDict)
                  .ok());
  auto out = (*t)->Render(ctx);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  // str() of each in CPython 3.11.
  EXPECT_EQ(*out,
            "-9223372036854775808|99999999999999999|100000000000000000|0|-5|"
            "12345678901234567890|-0.0|1e+22");
}

}  // namespace
}  // namespace crier::tmpl
