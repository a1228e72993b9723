// The REST API in process, through the Router without sockets: what needs a fake clock (throttled
// logins, expiring sessions), the method extension point, and rollbacks on late permission
// failures. tests/integration/api_test.cc covers every endpoint over real HTTP.
#include "api/api.h"

#include <gtest/gtest.h>

#include "auth/user_controller.h"
#include "model/test_env.h"

namespace crier {
namespace {

class ApiTest : public ::testing::Test {
 protected:
  ApiTest()
      : hasher_(env_.random(), TestArgon2Params()),
        auth_(env_.store(), env_.documents(), hasher_, env_.clock(), env_.random(),
              AuthOptions{std::chrono::hours(1), ThrottlePolicy{}}),
        api_(env_.store(), env_.documents(), auth_) {
    env_.documents().AddHook(std::make_unique<UserController>(hasher_));
    env_.documents().AddHook(auth_.CacheInvalidationHook());
    EXPECT_TRUE(auth_.EnsureAdministrator(std::string("admin-password")).ok());
    EXPECT_TRUE(env_.Insert("User", {{"email", "alice@example.com"},
                                     {"first_name", "Alice"},
                                     {"new_password", "alice-password"}})
                    .ok());
    api_.AddRoutes(router_);
  }

  http::Response Call(const std::string& method, const std::string& target, const Json& body,
                      const std::string& sid) {
    auto request = http::Request::Create(method, target);
    EXPECT_TRUE(request.ok());
    if (!sid.empty()) request->AddHeader("Cookie", "sid=" + sid);
    if (!body.is_null()) {
      request->AddHeader("Content-Type", "application/json");
      request->set_body(body.dump());
    }
    request->set_client_address("10.0.0.7");
    return router_.Handle(*request);
  }

  std::string Login(const std::string& usr, const std::string& pwd) {
    http::Response r = Call("POST", "/api/method/login", {{"usr", usr}, {"pwd", pwd}}, "");
    EXPECT_EQ(r.status, 200) << r.body;
    auto cookie = r.Header("Set-Cookie");
    if (!cookie) return {};
    std::string c(*cookie);
    return c.substr(4, c.find(';') - 4);
  }

  static Json Body(const http::Response& r) { return Json::parse(r.body); }

  ModelTestEnv env_;
  PasswordHasher hasher_;
  AuthService auth_;
  Api api_;
  http::Router router_;
};

TEST_F(ApiTest, LoginCookieIsHttpOnlyAndSameSite) {
  http::Response r =
      Call("POST", "/api/method/login", {{"usr", "Administrator"}, {"pwd", "admin-password"}}, "");
  ASSERT_EQ(r.status, 200);
  std::string cookie(*r.Header("Set-Cookie"));
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(Body(r)["message"]["message"], "Logged In");
}

TEST_F(ApiTest, RepeatedFailedLoginsGet429WithRetryAfter) {
  for (int i = 0; i < 6; ++i) {
    http::Response r =
        Call("POST", "/api/method/login", {{"usr", "alice@example.com"}, {"pwd", "nope"}}, "");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(Body(r)["exc_type"], "AuthenticationError");
  }
  http::Response blocked = Call("POST", "/api/method/login",
                                {{"usr", "alice@example.com"}, {"pwd", "alice-password"}}, "");
  EXPECT_EQ(blocked.status, 429);
  EXPECT_EQ(blocked.Header("Retry-After"), "1");
  EXPECT_FALSE(blocked.Header("Set-Cookie").has_value());
  env_.clock().Advance(std::chrono::seconds(1));
  EXPECT_FALSE(Login("alice@example.com", "alice-password").empty());
}

TEST_F(ApiTest, SessionsExpireWhenIdle) {
  std::string sid = Login("alice@example.com", "alice-password");
  EXPECT_EQ(Call("GET", "/api/method/frappe.auth.get_logged_user", nullptr, sid).status, 200);
  env_.clock().Advance(std::chrono::minutes(61));
  http::Response r = Call("GET", "/api/method/frappe.auth.get_logged_user", nullptr, sid);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["exc_type"], "AuthenticationError");
}

TEST_F(ApiTest, OtherLayersAddMethods) {
  api_.AddMethod("test.echo", {false, [](MethodCall& call) -> Result<Json> {
                                 if (call.args.contains("fail")) {
                                   return Conflict("asked to fail", "fail");
                                 }
                                 return Json{{"user", call.principal->user}, {"args", call.args}};
                               }});
  std::string sid = Login("alice@example.com", "alice-password");
  http::Response r = Call("POST", "/api/method/test.echo?q=1", {{"x", 2}}, sid);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["message"],
            (Json{{"user", "alice@example.com"}, {"args", {{"q", "1"}, {"x", 2}}}}));
  http::Response fail = Call("POST", "/api/method/test.echo", {{"fail", 1}}, sid);
  EXPECT_EQ(fail.status, 409);
  EXPECT_EQ(Body(fail),
            (Json{{"exc_type", "ConflictError"}, {"message", "asked to fail"}, {"field", "fail"}}));
  EXPECT_EQ(Call("POST", "/api/method/test.echo", nullptr, "").status, 401);
  EXPECT_EQ(Call("POST", "/api/method/no.such", nullptr, "").status, 401);
  EXPECT_EQ(Call("POST", "/api/method/no.such", nullptr, sid).status, 404);
}

TEST_F(ApiTest, UsersSeeAndChangeOnlyTheirOwnNotificationLogs) {
  std::string admin = Login("Administrator", "admin-password");
  for (const char* user : {"alice@example.com", "Administrator"}) {
    http::Response r = Call("POST", "/api/resource/Notification%20Log",
                            {{"subject", "hello"}, {"for_user", user}, {"type", "Alert"}}, admin);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::string alice = Login("alice@example.com", "alice-password");
  http::Response list =
      Call("GET", "/api/resource/Notification%20Log?fields=%5B%22*%22%5D", nullptr, alice);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(Body(list)["data"].size(), 1u);
  Json mine = Body(list)["data"][0];
  EXPECT_EQ(mine["for_user"], "alice@example.com");
  EXPECT_EQ(Body(Call("GET", "/api/method/frappe.client.get_count?doctype=Notification%20Log",
                      nullptr, alice))["message"],
            1);
  // Marking it read works; handing it to someone else is refused and leaves it unchanged.
  std::string path = "/api/resource/Notification%20Log/" + mine["name"].get<std::string>();
  EXPECT_EQ(Call("PUT", path, {{"read", 1}}, alice).status, 200);
  http::Response give = Call("PUT", path, {{"for_user", "Administrator"}}, alice);
  EXPECT_EQ(give.status, 403);
  EXPECT_EQ(Body(Call("GET", path, nullptr, alice))["data"]["for_user"], "alice@example.com");
  EXPECT_EQ(Call("POST", "/api/resource/Notification%20Log",
                 {{"subject", "x"}, {"for_user", "alice@example.com"}}, alice)
                .status,
            403);
  EXPECT_EQ(Call("DELETE", path, nullptr, alice).status, 403);
}

}  // namespace
}  // namespace crier
