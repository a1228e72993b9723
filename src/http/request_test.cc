#include "http/request.h"

#include <gtest/gtest.h>

namespace crier::http {
namespace {

TEST(RequestTest, SplitsPathFromQueryAndKeepsThePathEncoded) {
  auto request = Request::Create("GET", "/api/resource/Incoming%20Webhook%20URL?limit=5&x=a+b");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->method(), "GET");
  EXPECT_EQ(request->path(), "/api/resource/Incoming%20Webhook%20URL");
  EXPECT_EQ(request->query().Get("limit"), "5");
  EXPECT_EQ(request->query().Get("x"), "a b");
}

TEST(RequestTest, RefusesTargetsNotInOriginFormAndBadQueries) {
  EXPECT_FALSE(Request::Create("GET", "").ok());
  EXPECT_FALSE(Request::Create("GET", "*").ok());
  EXPECT_FALSE(Request::Create("GET", "http://example.com/x").ok());
  auto bad_query = Request::Create("GET", "/x?a=%G1");
  ASSERT_FALSE(bad_query.ok());
  EXPECT_EQ(bad_query.status().field(), "a");
}

TEST(RequestTest, HeadersAreCaseInsensitiveAndFirstWins) {
  auto request = Request::Create("POST", "/");
  ASSERT_TRUE(request.ok());
  request->AddHeader("Content-Type", "application/json");
  request->AddHeader("X-Twice", "first");
  request->AddHeader("x-twice", "second");
  EXPECT_EQ(request->Header("content-type"), "application/json");
  EXPECT_EQ(request->Header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(request->Header("x-TWICE"), "first");
  EXPECT_EQ(request->Header("Authorization"), std::nullopt);
}

TEST(RequestTest, ReadsCookiesAcrossCookieHeaders) {
  auto request = Request::Create("GET", "/");
  ASSERT_TRUE(request.ok());
  request->AddHeader("Cookie", "lang=fr; sid=abc");
  request->AddHeader("cookie", "other=1");
  EXPECT_EQ(request->Cookie("sid"), "abc");
  EXPECT_EQ(request->Cookie("other"), "1");
  EXPECT_EQ(request->Cookie("missing"), std::nullopt);
}

TEST(RequestTest, PathParamsAndUserAreWhatWasSet) {
  auto request = Request::Create("GET", "/x");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->PathParam("doctype"), "");
  request->set_path_params({{"doctype", "Issue"}, {"name", "ISS-1"}});
  EXPECT_EQ(request->PathParam("doctype"), "Issue");
  EXPECT_EQ(request->PathParam("name"), "ISS-1");
  EXPECT_EQ(request->user(), "");
  request->set_user("Administrator");
  EXPECT_EQ(request->user(), "Administrator");
}

TEST(EqualsIgnoreCaseTest, ComparesAsciiOnly) {
  EXPECT_TRUE(EqualsIgnoreCase("Content-Length", "content-length"));
  EXPECT_FALSE(EqualsIgnoreCase("Content-Length", "Content-Lengt"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "b"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
}

}  // namespace
}  // namespace crier::http
