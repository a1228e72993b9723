#include "load_options.h"

#include <gtest/gtest.h>

namespace crier::load {
namespace {

Result<LoadOptions> Parse(std::vector<std::string_view> args) {
  return ParseLoadOptions(args);
}

TEST(LoadOptionsTest, DefaultsToAClosedLoopGetOnSixteenConnections) {
  auto options = Parse({"--url", "http://127.0.0.1:8000/healthz"});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->host, "127.0.0.1");
  EXPECT_EQ(options->port, "8000");
  EXPECT_EQ(options->target, "/healthz");
  EXPECT_EQ(options->method, "GET");
  EXPECT_EQ(options->connections, 16);
  EXPECT_EQ(options->rate, 0);
  EXPECT_FALSE(options->json);
}

TEST(LoadOptionsTest, ABodyMakesItAPostUnlessTheMethodIsGiven) {
  auto post = Parse({"--url", "http://h:1/api/resource/Issue", "--body", R"({"subject":"s{n}"})"});
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(post->method, "POST");
  EXPECT_EQ(post->body, R"({"subject":"s{n}"})");
  auto put = Parse({"--method", "PUT", "--url", "http://h:1/x", "--body", "{}"});
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->method, "PUT");
}

TEST(LoadOptionsTest, CollectsHeadersAuthAndCookies) {
  auto options = Parse(
      {"--url", "http://h:1/", "--header", "X-A: 1", "--auth", "token k:s", "--cookie", "sid=abc"});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->headers,
            (std::vector<std::string>{"X-A: 1", "Authorization: token k:s", "Cookie: sid=abc"}));
}

TEST(LoadOptionsTest, ReadsOpenLoopAndSizes) {
  auto options =
      Parse({"--url", "http://h:1/", "--rate", "1000", "--connections", "64", "--threads", "2",
             "--duration", "30", "--warmup", "0", "--json", "--expect-status", "201"});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->rate, 1000);
  EXPECT_EQ(options->connections, 64);
  EXPECT_EQ(options->threads, 2);
  EXPECT_EQ(options->duration_s, 30);
  EXPECT_EQ(options->warmup_s, 0);
  EXPECT_EQ(options->expect_status, 201);
  EXPECT_TRUE(options->json);
}

TEST(LoadOptionsTest, UrlWithoutPathOrPortGetsDefaults) {
  auto options = Parse({"--url", "http://localhost"});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->host, "localhost");
  EXPECT_EQ(options->port, "80");
  EXPECT_EQ(options->target, "/");
}

TEST(LoadOptionsTest, BadFlagsAreNamedInTheError) {
  struct Case {
    std::vector<std::string_view> args;
    std::string_view flag;
  };
  const std::vector<Case> cases = {
      {{}, "--url"},
      {{"--url", "https://h:1/"}, "--url"},
      {{"--url", "http://:1/"}, "--url"},
      {{"--url", "http://h:/"}, "--url"},
      {{"--url", "http://h:1/", "--connections", "0"}, "--connections"},
      {{"--url", "http://h:1/", "--connections", "ten"}, "--connections"},
      {{"--url", "http://h:1/", "--rate", "-5"}, "--rate"},
      {{"--url", "http://h:1/", "--rate", "0"}, "--rate"},
      {{"--url", "http://h:1/", "--duration"}, "--duration"},
      {{"--url", "http://h:1/", "--header", "no colon"}, "--header"},
      {{"--url", "http://h:1/", "--bogus", "1"}, "--bogus"},
      {{"--url", "http://h:1/", "--connections", "1", "--threads", "2"}, "--threads"},
  };
  for (const Case& c : cases) {
    auto options = Parse(c.args);
    ASSERT_FALSE(options.ok()) << c.flag;
    EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(options.status().field(), c.flag);
    EXPECT_NE(options.status().message().find(c.flag), std::string::npos);
  }
}

TEST(LoadOptionsTest, DescribesTheModeForTheReport) {
  auto closed = Parse({"--url", "http://h:1/x", "--connections", "8"});
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(DescribeMode(*closed), "closed-loop GET /x, 8 connections, 1 thread, 10 s");
  auto open = Parse({"--url", "http://h:1/x", "--rate", "1000", "--threads", "2", "--body", "{}"});
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(DescribeMode(*open), "open-loop 1000/s POST /x, 16 connections, 2 threads, 10 s");
}

}  // namespace
}  // namespace crier::load
