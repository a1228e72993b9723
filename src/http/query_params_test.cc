#include "http/query_params.h"

#include <gtest/gtest.h>

namespace crier::http {
namespace {

using Items = std::vector<QueryParams::Item>;

TEST(ParseQueryStringTest, DecodesPairsInOrderWithRepeats) {
  struct Case {
    std::string_view query;
    Items want;
  };
  const Case cases[] = {
      {"", {}},
      {"a=1", {{"a", "1"}}},
      {"a=1&b=2&a=3", {{"a", "1"}, {"b", "2"}, {"a", "3"}}},
      {"debug", {{"debug", ""}}},
      {"a=&b", {{"a", ""}, {"b", ""}}},
      {"&&a=1&&", {{"a", "1"}}},
      {"q=a+b%20c", {{"q", "a b c"}}},
      {"x=1=2", {{"x", "1=2"}}},
      {"fields=%5B%22name%22%2C%22subject%22%5D", {{"fields", R"(["name","subject"])"}}},
      {"filters=[[\"status\",\"=\",\"Open\"]]", {{"filters", R"([["status","=","Open"]])"}}},
      {"my%20key=caf%C3%A9", {{"my key", "café"}}},
  };
  for (const Case& c : cases) {
    auto got = ParseQueryString(c.query);
    ASSERT_TRUE(got.ok()) << c.query << ": " << got.status().ToString();
    EXPECT_EQ(got->items(), c.want) << c.query;
  }
}

TEST(ParseQueryStringTest, RefusesMalformedEscapesNamingTheParameter) {
  auto bad_value = ParseQueryString("ok=1&limit=%zz");
  ASSERT_FALSE(bad_value.ok());
  EXPECT_EQ(bad_value.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_value.status().field(), "limit");
  EXPECT_NE(bad_value.status().message().find("'limit'"), std::string::npos);

  EXPECT_FALSE(ParseQueryString("%FF=1").ok());
  EXPECT_FALSE(ParseQueryString("a=%00").ok());
}

TEST(QueryParamsTest, GetReturnsTheFirstAndGetAllEveryValue) {
  auto params = ParseQueryString("tag=a&x=1&tag=b&tag=");
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->Get("tag"), "a");
  EXPECT_EQ(params->GetAll("tag"), (std::vector<std::string_view>{"a", "b", ""}));
  EXPECT_EQ(params->Get("missing"), std::nullopt);
  EXPECT_TRUE(params->GetAll("missing").empty());
  EXPECT_TRUE(params->Has("x"));
  EXPECT_FALSE(params->Has("X"));  // Names are case-sensitive.
}

}  // namespace
}  // namespace crier::http
