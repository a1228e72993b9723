// HttpClient against an in-process crier HTTP server on loopback.
#include "support/http_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/http_server.h"
#include "http/json_body.h"

namespace crier::testing {
namespace {

using ::testing::HasSubstr;

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http::Router router;
    router.Add("GET", "/echo", [](http::Request& r) { return Echo(r); })
        .Add("POST", "/echo", [](http::Request& r) { return Echo(r); })
        .Add("PUT", "/echo", [](http::Request& r) { return Echo(r); })
        .Add("DELETE", "/echo", [](http::Request& r) { return Echo(r); });
    router.Get("/redirect", [](http::Request&) {
      http::Response r = http::Response::Text(302, "moved");
      r.SetHeader("Location", "/echo");
      return r;
    });
    router.Post("/login", [](http::Request&) {
      http::Response r = http::Response::Text(200, "in");
      (void)r.AddCookie({.name = "sid", .value = "s1"});
      (void)r.AddCookie({.name = "lang", .value = "fr", .http_only = false});
      return r;
    });
    router.Get("/not-json", [](http::Request&) { return http::Response::Text(200, "<html>"); });
    auto server = http::HttpServer::Start(
        {.port = 0, .on_complete = [this](const http::RequestLogEntry&) { ++requests_; }},
        std::move(router));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }

  static http::Response Echo(http::Request& r) {
    return http::JsonResponse(200, {{"method", r.method()},
                                    {"body", r.body()},
                                    {"content_type", r.Header("Content-Type").value_or("")},
                                    {"auth", r.Header("Authorization").value_or("")},
                                    {"cookie", r.Header("Cookie").value_or("")},
                                    {"expect", r.Header("Expect").value_or("")}});
  }

  std::unique_ptr<http::HttpServer> server_;
  std::atomic<int> requests_{0};
};

TEST_F(HttpClientTest, SendsEachMethodWithItsBodyAndReturnsStatusHeadersBody) {
  HttpClient client(server_->base_url());
  auto get = client.Get("/echo");
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->Header("content-type"), "application/json");
  EXPECT_EQ((*get->Json())["method"], "GET");

  auto post = client.PostJson("/echo", {{"subject", "Printer"}});
  ASSERT_TRUE(post.ok());
  EXPECT_EQ((*post->Json())["method"], "POST");
  EXPECT_EQ((*post->Json())["body"], R"({"subject":"Printer"})");
  EXPECT_EQ((*post->Json())["content_type"], "application/json");
  EXPECT_EQ((*post->Json())["expect"], "");  // No 100-continue round trip.

  auto big = client.PostJson("/echo", {{"text", std::string(100'000, 'x')}});
  ASSERT_TRUE(big.ok());
  EXPECT_EQ((*big->Json())["body"].get<std::string>().size(), 100'000u + 11);

  auto put = client.PutJson("/echo", nlohmann::json::array({1, 2}));
  ASSERT_TRUE(put.ok());
  EXPECT_EQ((*put->Json())["method"], "PUT");
  EXPECT_EQ((*put->Json())["body"], "[1,2]");

  auto del = client.Delete("/echo");
  ASSERT_TRUE(del.ok());
  EXPECT_EQ((*del->Json())["method"], "DELETE");
  EXPECT_EQ((*del->Json())["body"], "");

  auto get_after = client.Get("/echo");
  ASSERT_TRUE(get_after.ok());
  EXPECT_EQ((*get_after->Json())["method"], "GET");
  EXPECT_EQ((*get_after->Json())["body"], "");
}

TEST_F(HttpClientTest, ReusesOneKeepAliveConnection) {
  HttpClient client(server_->base_url());
  for (int i = 0; i < 5; ++i) ASSERT_EQ(client.Get("/echo")->status, 200);
  EXPECT_EQ(server_->connection_count(), 1);
}

TEST_F(HttpClientTest, NeverFollowsRedirects) {
  HttpClient client(server_->base_url());
  auto answer = client.Get("/redirect");
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->status, 302);
  EXPECT_EQ(answer->Header("Location"), "/echo");
  EXPECT_EQ(answer->body, "moved");
}

TEST_F(HttpClientTest, KeepsCookiesAndSendsThemBackUntilCleared) {
  HttpClient client(server_->base_url());
  auto login = client.Send("POST", "/login");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->HeaderValues("Set-Cookie").size(), 2u);
  EXPECT_EQ(client.Cookie("sid"), "s1");
  EXPECT_EQ(client.Cookie("lang"), "fr");
  EXPECT_EQ(client.Cookie("other"), std::nullopt);
  auto echo = client.Get("/echo");
  std::string cookie = (*echo->Json())["cookie"];
  EXPECT_THAT(cookie, HasSubstr("sid=s1"));
  EXPECT_THAT(cookie, HasSubstr("lang=fr"));
  client.ClearCookies();
  EXPECT_EQ(client.Cookie("sid"), std::nullopt);
  EXPECT_EQ((*client.Get("/echo")->Json())["cookie"], "");
}

TEST_F(HttpClientTest, DefaultHeadersGoWithEveryRequest) {
  HttpClient client(server_->base_url());
  client.SetDefaultHeader("Authorization", "token k:s");
  EXPECT_EQ((*client.Get("/echo")->Json())["auth"], "token k:s");
  client.SetDefaultHeader("authorization", "token k2:s2");  // Replaces, whatever the case.
  EXPECT_EQ((*client.Get("/echo")->Json())["auth"], "token k2:s2");
  client.ClearDefaultHeaders();
  EXPECT_EQ((*client.Get("/echo")->Json())["auth"], "");
}

TEST_F(HttpClientTest, JsonOfANonJsonBodyIsAnError) {
  HttpClient client(server_->base_url());
  auto answer = client.Get("/not-json");
  ASSERT_TRUE(answer.ok());
  EXPECT_FALSE(answer->Json().ok());
}

TEST(HttpClientTransportTest, ARefusedConnectionIsUnavailable) {
  // A port that was just free and has no listener.
  auto server = http::HttpServer::Start({.port = 0}, http::Router());
  ASSERT_TRUE(server.ok());
  std::string url = (*server)->base_url();
  (*server)->Stop();
  HttpClient client(url);
  auto answer = client.Get("/healthz");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(answer.status().message(), HasSubstr("GET /healthz"));
}

}  // namespace
}  // namespace crier::testing
