#include "body_template.h"

#include <gtest/gtest.h>

namespace crier::load {
namespace {

TEST(BodyTemplateTest, ReplacesEveryPlaceholderWithTheCounter) {
  struct Case {
    std::string_view text;
    std::uint64_t n;
    std::string_view want;
  };
  const Case cases[] = {
      {R"({"subject":"load {n}"})", 7, R"({"subject":"load 7"})"},
      {"{n}-{n}", 42, "42-42"},
      {"{n}", 18446744073709551615u, "18446744073709551615"},
      {"no placeholder", 3, "no placeholder"},
      {"", 3, ""},
      {"{n", 3, "{n"},
      {"{{n}}", 5, "{5}"},
  };
  for (const Case& c : cases) EXPECT_EQ(BodyTemplate(c.text).Render(c.n), c.want) << c.text;
}

TEST(BodyTemplateTest, SaysWhetherItHasAPlaceholder) {
  EXPECT_TRUE(BodyTemplate("/api/resource/Issue/ISS-{n}").has_placeholder());
  EXPECT_FALSE(BodyTemplate("/healthz").has_placeholder());
}

}  // namespace
}  // namespace crier::load
