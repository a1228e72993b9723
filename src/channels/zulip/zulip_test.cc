#include "channels/zulip/zulip.h"

#include <gtest/gtest.h>

#include "channels/channel_test_util.h"

namespace crier {
namespace {

using namespace crier::testing;
using nlohmann::json;

const Webhook kHook = HookFor(
    "Zulip",
    "https://zulip.example.com/api/v1/external/slack_incoming?api_key=abcdEFGH1234&stream=ops");

TEST(ZulipTest, Payload) {
  ZulipChannel ch;
  EXPECT_EQ(BodyOf(ch, kHook, TestMessage()),
            json({{"text", std::string("Test\n\n[Document link](") + kDocUrl + ")"}}));
  EXPECT_EQ(ch.BuildRequest(kHook, TestMessage(), {})->url, kHook.url);
}

TEST(ZulipTest, ThreadKeyBecomesTheTopicCutAt60) {
  ZulipChannel ch;
  Webhook w = kHook;
  w.thread_key = "{doctype}: {name}";
  EXPECT_EQ(ch.BuildRequest(w, TestMessage(), {})->url,
            kHook.url + "&topic=User%3A%20test%40example.com");
  w.thread_key = std::string(58, 'a') + "ééé";
  EXPECT_EQ(ch.BuildRequest(w, TestMessage(), {})->url,
            kHook.url + "&topic=" + std::string(58, 'a') + "%C3%A9%C3%A9");
}

TEST(ZulipTest, Answers) {
  ZulipChannel ch;
  EXPECT_TRUE(ClassifyStatus(ch, kHook, 200, R"({"result":"success","msg":""})").delivered());
  EXPECT_EQ(ClassifyStatus(ch, kHook, 200, R"({"result":"error"})").reason,
            Reason::kUnexpectedAnswer);
  Outcome limited = ClassifyStatus(
      ch, kHook, 429,
      R"({"result":"error","msg":"API usage exceeded rate limit","retry-after":2.5,"code":"RATE_LIMIT_HIT"})");
  EXPECT_EQ(limited.retry_after, std::chrono::milliseconds(2500));
  EXPECT_TRUE(
      ClassifyStatus(ch, kHook, 401,
                     R"({"result":"error","msg":"Invalid API key","code":"INVALID_API_KEY"})")
          .gone());
  EXPECT_EQ(
      ClassifyStatus(ch, kHook, 400, R"({"result":"error","msg":"Message must not be empty"})")
          .reason,
      Reason::kRejected);
}

}  // namespace
}  // namespace crier
