// The web UI as a real `crier serve` answers it: the page for every UI path, the assets with
// their types, revalidation, and the server's own endpoints untouched by the UI's routes.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/http_client.h"
#include "support/server_process.h"

namespace crier::testing {
namespace {

class WebUiServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = ServerProcess::Start({.command = CrierServeCommand({"--demo"}),
                                         .env = {{"CRIER_ADMIN_PASSWORD", "web-ui-serve-test"}}});
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    server_ = std::move(started).value().release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static ServerProcess* server_;
};

ServerProcess* WebUiServeTest::server_ = nullptr;

TEST_F(WebUiServeTest, UiPathsAnswerThePage) {
  HttpClient client(server_->base_url());
  for (const char* path : {"/", "/login", "/app", "/app/notification/new",
                           "/app/incoming-webhook-url/Tickets%20Mattermost"}) {
    auto r = client.Get(path);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->Header("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_NE(r->body.find("<script type=\"module\" src=\"/assets/js/main.js\">"),
              std::string::npos)
        << path;
    EXPECT_TRUE(r->Header("Content-Security-Policy").has_value()) << path;
  }
}

TEST_F(WebUiServeTest, AssetsWithTypesAndRevalidation) {
  HttpClient client(server_->base_url());
  auto js = client.Get("/assets/js/main.js");
  ASSERT_TRUE(js.ok());
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js->body.find("import"), std::string::npos);
  auto etag = js->Header("ETag");
  ASSERT_TRUE(etag.has_value());
  auto again = client.Get("/assets/js/main.js", {{"If-None-Match", *etag}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto css = client.Get("/assets/app.css");
  ASSERT_TRUE(css.ok());
  EXPECT_EQ(css->Header("Content-Type"), "text/css; charset=utf-8");
  auto missing = client.Get("/assets/js/nope.js");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
}

TEST_F(WebUiServeTest, ServerEndpointsAreNotShadowed) {
  HttpClient client(server_->base_url());
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->Header("Content-Type"), "application/json");
  auto unknown = client.Get("/api/nothing-here");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(unknown->Header("Content-Type"), "application/json");
  auto anonymous = client.Get("/api/resource/Issue");
  ASSERT_TRUE(anonymous.ok());
  EXPECT_EQ(anonymous->status, 401);
}

}  // namespace
}  // namespace crier::testing
