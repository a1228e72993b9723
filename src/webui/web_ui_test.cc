#include "webui/web_ui.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "webui/content_type.h"

namespace crier::webui {
namespace {

// A small asset table in the generated table's shape (sorted by path).
constexpr EmbeddedAsset kFakeAssets[] = {
    {"assets/app.css", "text/css; charset=utf-8", "\"c55\"", "body{}"},
    {"assets/js/main.js", "text/javascript; charset=utf-8", "\"a11\"", "export {};"},
    {"index.html", "text/html; charset=utf-8", "\"1dx\"", "<!doctype html><title>crier</title>"},
};

class WebUiRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The server's own endpoints, as the API registers them, next to the UI.
    router_.Get("/healthz", [](http::Request&) { return http::Response::Text(200, "ok"); });
    router_.Get("/metrics", [](http::Request&) { return http::Response::Text(200, "m 1"); });
    router_.Get("/api/resource/{doctype}",
                [](http::Request&) { return http::Response::Json(200, R"({"data":[]})"); });
    router_.Post("/api/method/{method}",
                 [](http::Request&) { return http::Response::Json(200, R"({"message":1})"); });
    AddRoutes(router_, kFakeAssets);
  }

  http::Response Get(const std::string& target, const std::string& if_none_match = {}) {
    auto request = http::Request::Create("GET", target);
    EXPECT_TRUE(request.ok());
    if (!if_none_match.empty()) request->AddHeader("If-None-Match", if_none_match);
    return router_.Handle(*request);
  }

  http::Router router_;
};

TEST_F(WebUiRoutesTest, UiPagesGetIndexHtml) {
  for (const char* path : {"/", "/login", "/app", "/app/", "/app/notification/new",
                           "/app/Incoming%20Webhook%20URL/hook-1?x=1"}) {
    http::Response r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "<!doctype html><title>crier</title>") << path;
    EXPECT_EQ(r.Header("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(r.Header("ETag"), "\"1dx\"");
    EXPECT_EQ(r.Header("Cache-Control"), "no-cache");
    ASSERT_TRUE(r.Header("Content-Security-Policy").has_value());
    EXPECT_NE(r.Header("Content-Security-Policy")->find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(r.Header("X-Frame-Options"), "DENY");
  }
}

TEST_F(WebUiRoutesTest, AssetsWithTheirTypes) {
  http::Response css = Get("/assets/app.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.body, "body{}");
  EXPECT_EQ(css.Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(css.Header("Content-Security-Policy").has_value());
  http::Response js = Get("/assets/js/main.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("Content-Type"), "text/javascript; charset=utf-8");
}

TEST_F(WebUiRoutesTest, MissingAssetIs404NotTheIndex) {
  for (const char* path : {"/assets/nope.js", "/assets/../index.html", "/assets/", "/assets"}) {
    http::Response r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.Header("Content-Type"), "application/json") << path;
    EXPECT_EQ(nlohmann::json::parse(r.body).value("exc_type", ""), "DoesNotExistError") << path;
  }
}

TEST_F(WebUiRoutesTest, RevalidationAnswers304WithoutBody) {
  for (const char* header : {"\"1dx\"", "W/\"1dx\"", "\"old\", \"1dx\"", "*"}) {
    http::Response r = Get("/app/x", header);
    EXPECT_EQ(r.status, 304) << header;
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.Header("ETag"), "\"1dx\"");
  }
  EXPECT_EQ(Get("/app/x", "\"old\"").status, 200);
}

TEST_F(WebUiRoutesTest, NeverShadowsServerEndpoints) {
  EXPECT_EQ(Get("/healthz").body, "ok");
  EXPECT_EQ(Get("/metrics").body, "m 1");
  EXPECT_EQ(Get("/api/resource/Issue").body, R"({"data":[]})");
  // Unknown server paths keep the router's own answers, not index.html.
  EXPECT_EQ(Get("/api/unknown").status, 404);
  EXPECT_EQ(Get("/api").status, 404);
  EXPECT_EQ(Get("/healthz/x").status, 404);
  EXPECT_EQ(Get("/api/method/login").status, 405);
  auto post = http::Request::Create("POST", "/api/other");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(router_.Handle(*post).status, 404);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The binary carries exactly the files of web/: each one, byte for byte, with its type.
TEST(EmbeddedAssetsTest, MatchTheSourceTree) {
  const char* source_dir = std::getenv("CRIER_SOURCE_DIR");
  ASSERT_NE(source_dir, nullptr) << "ctest sets CRIER_SOURCE_DIR";
  const std::filesystem::path web = std::filesystem::path(source_dir) / "web";
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(web)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    std::string path = entry.path().lexically_relative(web).generic_string();
    const EmbeddedAsset* asset = FindAsset(EmbeddedAssets(), path);
    ASSERT_NE(asset, nullptr) << path;
    EXPECT_EQ(asset->body, ReadFile(entry.path())) << path;
    EXPECT_EQ(asset->content_type, ContentTypeFor(path)) << path;
  }
  EXPECT_EQ(EmbeddedAssets().size(), files);
  EXPECT_NE(FindAsset(EmbeddedAssets(), "index.html"), nullptr);
}

}  // namespace
}  // namespace crier::webui
