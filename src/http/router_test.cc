#include "http/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace crier::http {
namespace {

// A handler that answers which route it is and the parameters it got.
Handler Named(std::string name) {
  return [name](Request& request) {
    std::string body = name;
    for (const auto& [k, v] : request.path_params()) body += " " + k + "=" + v;
    return Response::Text(200, body);
  };
}

Response Call(const Router& router, std::string_view method, std::string_view target) {
  auto request = Request::Create(std::string(method), target);
  EXPECT_TRUE(request.ok()) << target;
  return router.Handle(*request);
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Get("/healthz", Named("health"))
        .Get("/api/resource/{doctype}", Named("list"))
        .Post("/api/resource/{doctype}", Named("insert"))
        .Get("/api/resource/{doctype}/{name}", Named("get"))
        .Put("/api/resource/{doctype}/{name}", Named("update"))
        .Delete("/api/resource/{doctype}/{name}", Named("delete"))
        .Get("/api/resource/DocType/{name}", Named("get-doctype"))
        .Post("/api/method/{method}", Named("method"))
        .Get("/", Named("root"))
        .Get("/assets/{file...}", Named("asset"));
  }
  Router router_;
};

TEST_F(RouterTest, RoutesByMethodAndPathWithDecodedParameters) {
  struct Case {
    std::string_view method;
    std::string_view target;
    std::string_view want;
  };
  const Case cases[] = {
      {"GET", "/healthz", "health"},
      {"GET", "/api/resource/Issue", "list doctype=Issue"},
      {"POST", "/api/resource/Issue", "insert doctype=Issue"},
      {"GET", "/api/resource/Incoming%20Webhook%20URL", "list doctype=Incoming Webhook URL"},
      {"GET", "/api/resource/Issue/ISS-2026-00001", "get doctype=Issue name=ISS-2026-00001"},
      {"PUT", "/api/resource/Issue/a%2Fb", "update doctype=Issue name=a/b"},
      {"DELETE", "/api/resource/Issue/caf%C3%A9", "delete doctype=Issue name=café"},
      {"GET", "/api/resource/Issue/x?fields=%5B%5D", "get doctype=Issue name=x"},
      {"GET", "/api/resource/Issue/a+b", "get doctype=Issue name=a+b"},
      {"POST", "/api/method/user.generate_keys", "method method=user.generate_keys"},
      {"GET", "/", "root"},
      {"GET", "/assets/js/app.js", "asset file=js/app.js"},
      {"GET", "/assets/", "asset file="},
  };
  for (const Case& c : cases) {
    Response r = Call(router_, c.method, c.target);
    EXPECT_EQ(r.status, 200) << c.method << " " << c.target;
    EXPECT_EQ(r.body, c.want) << c.method << " " << c.target;
  }
}

TEST_F(RouterTest, ALiteralSegmentBeatsAParameter) {
  EXPECT_EQ(Call(router_, "GET", "/api/resource/DocType/Issue").body, "get-doctype name=Issue");
  // Other methods on the same path fall back to the parameter route.
  EXPECT_EQ(Call(router_, "PUT", "/api/resource/DocType/Issue").body,
            "update doctype=DocType name=Issue");
}

TEST_F(RouterTest, UnknownPathsAre404InCriersErrorFormat) {
  const std::string_view targets[] = {"/nope",     "/api/resource",    "/api/resource/Issue/x/y",
                                      "/healthz/", "/api/resource//x", "/HEALTHZ"};
  for (std::string_view target : targets) {
    Response r = Call(router_, "GET", target);
    EXPECT_EQ(r.status, 404) << target;
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["exc_type"], "DoesNotExistError") << target;
  }
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  Response r = Call(router_, "PATCH", "/api/resource/Issue/ISS-1");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "DELETE, GET, PUT");
  Response health = Call(router_, "POST", "/healthz");
  EXPECT_EQ(health.status, 405);
  EXPECT_EQ(health.Header("Allow"), "GET");
}

TEST_F(RouterTest, MalformedPercentEncodingInThePathIs400) {
  const std::string_view targets[] = {"/api/resource/Issue%", "/api/resource/%zz",
                                      "/api/resource/%00", "/api/resource/%FF"};
  for (std::string_view target : targets) {
    Response r = Call(router_, "GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(nlohmann::json::parse(r.body)["exc_type"], "ValidationError");
  }
}

TEST(RouterFindTest, ReportsTheMatchWithoutCallingTheHandler) {
  Router router;
  int calls = 0;
  router.Get("/a/{x}", [&](Request&) {
    ++calls;
    return Response();
  });
  Router::Match match = router.Find("GET", "/a/%41");
  ASSERT_EQ(match.kind, Router::Match::Kind::kFound);
  ASSERT_EQ(match.params.size(), 1u);
  EXPECT_EQ(match.params[0], (Request::Field{"x", "A"}));
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(router.Find("GET", "/b").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find("POST", "/a/1").kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(router.Find("GET", "a/1").kind, Router::Match::Kind::kBadPath);
}

TEST(ValidateRoutePatternTest, AcceptsGoodPatternsAndNamesWhatIsWrongWithBadOnes) {
  for (std::string_view good : {"/", "/healthz", "/api/resource/{doctype}/{name}", "/{rest...}",
                                "/assets/{file_path...}", "/api/method/{method}"}) {
    EXPECT_TRUE(ValidateRoutePattern(good).ok()) << good;
  }
  struct Case {
    std::string_view pattern;
    std::string_view mentions;
  };
  const Case bad[] = {
      {"", "start with '/'"},
      {"healthz", "start with '/'"},
      {"/a/{x", "unclosed"},
      {"/a/{}", "empty parameter name"},
      {"/a/{x-y}", "bad parameter name"},
      {"/a/{x}/{x}", "appears twice"},
      {"/{rest...}/x", "last segment"},
      {"/a%20b", "literal segment"},
      {"/a}b", "literal segment"},
  };
  for (const Case& c : bad) {
    Status s = ValidateRoutePattern(c.pattern);
    ASSERT_FALSE(s.ok()) << c.pattern;
    EXPECT_NE(s.message().find(c.mentions), std::string::npos) << s.message();
  }
}

TEST(RouterDeathTest, AddingAnInvalidOrDuplicateRouteAborts) {
  EXPECT_DEATH(Router().Get("no-slash", Handler()), "must start with '/'");
  EXPECT_DEATH(
      {
        Router r;
        r.Get("/x", Handler());
        r.Get("/x", Handler());
      },
      "added twice");
}

}  // namespace
}  // namespace crier::http
