#include "http/url_decode.h"

#include <gtest/gtest.h>

namespace crier::http {
namespace {

TEST(PercentDecodeTest, DecodesEscapesAndPlusByMode) {
  struct Case {
    std::string_view in;
    DecodeMode mode;
    std::string_view want;
  };
  const Case cases[] = {
      {"Incoming%20Webhook%20URL", DecodeMode::kPath, "Incoming Webhook URL"},
      {"a+b", DecodeMode::kPath, "a+b"},
      {"a+b", DecodeMode::kQuery, "a b"},
      {"%2B", DecodeMode::kQuery, "+"},
      {"%2f%2F", DecodeMode::kPath, "//"},
      {"Soci%C3%A9t%C3%A9", DecodeMode::kPath, "Société"},
      {"", DecodeMode::kQuery, ""},
      {"plain", DecodeMode::kPath, "plain"},
      {"%7B%22a%22%3A1%7D", DecodeMode::kQuery, R"({"a":1})"},
  };
  for (const Case& c : cases) {
    auto got = PercentDecode(c.in, c.mode);
    ASSERT_TRUE(got.ok()) << c.in << ": " << got.status().ToString();
    EXPECT_EQ(*got, c.want) << c.in;
  }
}

TEST(PercentDecodeTest, RefusesMalformedEscapesNulAndInvalidUtf8) {
  const std::string_view bad[] = {"%",   "%2",  "abc%", "%zz",    "%g0",      "a%0",
                                  "%00", "%C3", "%FF",  "%C0%AF", "%ED%A0%80"};
  for (std::string_view in : bad) {
    auto got = PercentDecode(in, DecodeMode::kPath);
    EXPECT_FALSE(got.ok()) << in;
    EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument) << in;
  }
  auto nul = PercentDecode(std::string_view("a\0b", 3), DecodeMode::kQuery);
  EXPECT_FALSE(nul.ok());
}

TEST(IsValidUtf8Test, AcceptsWellFormedAndRefusesMalformed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("ascii"));
  EXPECT_TRUE(IsValidUtf8("é€😀"));
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));   // U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // Above U+10FFFF.
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // Overlong NUL.
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // Truncated.
  EXPECT_FALSE(IsValidUtf8("\x80"));              // Lone continuation byte.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // Surrogate.
}

TEST(PercentEncodeTest, RoundTripsThroughDecode) {
  const std::string_view texts[] = {"Incoming Webhook URL", "a/b?c&d=e#f", "Société 100%", "+~._-"};
  for (std::string_view t : texts) {
    std::string encoded = PercentEncode(t);
    EXPECT_EQ(encoded.find_first_of(" /?&=#+"), std::string::npos) << encoded;
    auto back = PercentDecode(encoded, DecodeMode::kQuery);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, t);
  }
  EXPECT_EQ(PercentEncode("Incoming Webhook URL"), "Incoming%20Webhook%20URL");
}

}  // namespace
}  // namespace crier::http
