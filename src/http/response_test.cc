#include "http/response.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace crier::http {
namespace {

TEST(ResponseTest, JsonAndTextSetTheContentType) {
  Response json = Response::Json(201, R"({"data":{}})");
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.Header("content-type"), "application/json");
  EXPECT_EQ(json.body, R"({"data":{}})");
  Response text = Response::Text(200, "ok");
  EXPECT_EQ(text.Header("Content-Type"), "text/plain; charset=utf-8");
  Response html = Response::Text(200, "<p>", "text/html; charset=utf-8");
  EXPECT_EQ(html.Header("Content-Type"), "text/html; charset=utf-8");
}

TEST(ResponseTest, SetHeaderReplacesAndAddHeaderKeeps) {
  Response r;
  r.AddHeader("X-A", "1");
  r.AddHeader("x-a", "2");
  EXPECT_EQ(r.headers.size(), 2u);
  r.SetHeader("X-A", "3");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.Header("x-a"), "3");
}

TEST(ResponseTest, CookiesBecomeSetCookieHeadersAndBadOnesAreRefused) {
  Response r;
  ASSERT_TRUE(r.AddCookie({.name = "sid", .value = "abc"}).ok());
  ASSERT_TRUE(r.AddCookie({.name = "lang", .value = "fr", .http_only = false}).ok());
  EXPECT_FALSE(r.AddCookie({.name = "bad", .value = "a\r\nX: y"}).ok());
  std::vector<std::string> set_cookies;
  for (const auto& [name, value] : r.headers) {
    if (name == "Set-Cookie") set_cookies.push_back(value);
  }
  EXPECT_EQ(set_cookies, (std::vector<std::string>{"sid=abc; Path=/; HttpOnly; SameSite=Lax",
                                                   "lang=fr; Path=/; SameSite=Lax"}));
}

TEST(ResponseTest, EventStreamDisablesCachingAndCarriesTheCallback) {
  bool called = false;
  Response r = Response::EventStream([&](std::shared_ptr<ResponseStream>) { called = true; });
  EXPECT_EQ(r.Header("Content-Type"), "text/event-stream");
  EXPECT_EQ(r.Header("Cache-Control"), "no-cache");
  ASSERT_TRUE(r.stream);
  r.stream(nullptr);
  EXPECT_TRUE(called);
}

TEST(ErrorResponseTest, MapsStatusCodesToHttpAndFrappeNames) {
  struct Case {
    StatusCode code;
    int http;
    std::string_view exc_type;
  };
  const Case cases[] = {
      {StatusCode::kInvalidArgument, 400, "ValidationError"},
      {StatusCode::kUnauthenticated, 401, "AuthenticationError"},
      {StatusCode::kPermissionDenied, 403, "PermissionError"},
      {StatusCode::kNotFound, 404, "DoesNotExistError"},
      {StatusCode::kConflict, 409, "ConflictError"},
      {StatusCode::kTooLarge, 413, "RequestTooLargeError"},
      {StatusCode::kUnprocessable, 422, "ValidationError"},
      {StatusCode::kResourceExhausted, 429, "TooManyRequestsError"},
      {StatusCode::kUnavailable, 503, "ServiceUnavailableError"},
      {StatusCode::kDeadlineExceeded, 504, "TimeoutError"},
      {StatusCode::kInternal, 500, "InternalServerError"},
      {StatusCode::kFailedPrecondition, 500, "InternalServerError"},
  };
  for (const Case& c : cases) {
    Response r = ErrorResponse(Status(c.code, "what went wrong"));
    EXPECT_EQ(r.status, c.http) << StatusCodeName(c.code);
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["exc_type"], c.exc_type) << StatusCodeName(c.code);
    EXPECT_EQ(body["message"], "what went wrong");
    EXPECT_FALSE(body.contains("field"));
  }
}

TEST(ErrorResponseTest, CarriesTheFieldAndAnExplicitExcType) {
  Response r = ErrorResponse(InvalidArgument("subject is mandatory", "subject"));
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["field"], "subject");
  Response dup = ErrorResponse(409, "ISS-1 exists", "name", "DuplicateEntryError");
  EXPECT_EQ(nlohmann::json::parse(dup.body)["exc_type"], "DuplicateEntryError");
}

TEST(ErrorResponseTest, InvalidUtf8InAMessageStillGivesValidJson) {
  Response r = ErrorResponse(404, "no document \xFF\xFE");
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_FALSE(body.is_discarded());
  EXPECT_EQ(body["exc_type"], "DoesNotExistError");
}

}  // namespace
}  // namespace crier::http
