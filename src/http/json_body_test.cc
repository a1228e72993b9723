#include "http/json_body.h"

#include <gtest/gtest.h>

namespace crier::http {
namespace {

TEST(ParseJsonBodyTest, ParsesDocuments) {
  auto doc = ParseJsonBody(R"({"subject": "Printer on fire", "items": [{"qty": 2}]})");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ((*doc)["subject"], "Printer on fire");
  EXPECT_EQ((*doc)["items"][0]["qty"], 2);
  EXPECT_TRUE(ParseJsonBody("[]").ok());
  EXPECT_TRUE(ParseJsonBody(" 42 ").ok());
}

TEST(ParseJsonBodyTest, SyntaxErrorsGiveLineAndColumnWithoutQuotingTheBody) {
  struct Case {
    std::string_view body;
    std::string_view want_prefix;
  };
  const Case cases[] = {
      {"", "invalid JSON at line 1, column 1: "},
      {"{", "invalid JSON at line 1, column 2: "},
      {R"({"pwd": secret})", "invalid JSON at line 1, column 9: "},
      {"{\n  \"a\": 1,\n  \"b\": tru\n}", "invalid JSON at line 3, column 11: "},
      {"{\n  \"a\": x\n}", "invalid JSON at line 2, column 8: "},
      {R"({"a": 1,})", "invalid JSON at line 1, column 9: "},
      {"{\"a\": \"\xFF\"}", "invalid JSON at line 1, column 8: "},
      {"[1] [2]", "invalid JSON at line 1, column 5: "},
  };
  for (const Case& c : cases) {
    auto doc = ParseJsonBody(c.body);
    ASSERT_FALSE(doc.ok()) << c.body;
    EXPECT_EQ(doc.status().code(), StatusCode::kInvalidArgument);
    const std::string& message = doc.status().message();
    EXPECT_TRUE(message.starts_with(c.want_prefix)) << c.body << " -> " << message;
    EXPECT_GT(message.size(), c.want_prefix.size()) << "no description: " << message;
    EXPECT_EQ(message.find("last read"), std::string::npos) << message;
    EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
  }
  EXPECT_EQ(ParseJsonBody(R"({"pwd": secret})").status().message().find("secret"),
            std::string::npos);
}

TEST(ParseJsonBodyTest, RefusesNestingDeeperThanTheLimit) {
  std::string deep = std::string(33, '[') + std::string(33, ']');
  auto doc = ParseJsonBody(deep);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "JSON nested deeper than 32");
  std::string ok = std::string(32, '[') + std::string(32, ']');
  EXPECT_TRUE(ParseJsonBody(ok).ok());
  EXPECT_FALSE(ParseJsonBody(R"({"a":{"b":{"c":1}}})", 2).ok());
  EXPECT_TRUE(ParseJsonBody(R"({"a":{"b":{"c":1}}})", 3).ok());
  // A million unclosed brackets is refused by the depth check, not by running out of memory.
  auto huge = ParseJsonBody(std::string(1'000'000, '['));
  EXPECT_EQ(huge.status().message(), "JSON nested deeper than 32");
}

TEST(JsonNestingDepthTest, IgnoresBracketsInsideStrings) {
  struct Case {
    std::string_view text;
    int want;
  };
  const Case cases[] = {
      {"1", 0},
      {"{}", 1},
      {R"([[1],[2,[3]]])", 3},
      {R"({"a":"[[[["})", 1},
      {R"({"a":"\"[[["})", 1},
      {R"(["\\", [1]])", 2},
      {"]]]", 0},
  };
  for (const Case& c : cases) EXPECT_EQ(JsonNestingDepth(c.text, 100), c.want) << c.text;
  EXPECT_EQ(JsonNestingDepth(std::string(50, '['), 10), 11);  // Stops one past the limit.
}

TEST(JsonResponseTest, ReplacesInvalidUtf8InsteadOfThrowing) {
  Response r = JsonResponse(200, {{"name", "bad \xFF byte"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  auto back = nlohmann::json::parse(r.body);
  EXPECT_EQ(back["name"], "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace crier::http
