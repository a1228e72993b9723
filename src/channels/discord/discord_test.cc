#include "channels/discord/discord.h"

#include <gtest/gtest.h>

#include "channels/channel_test_util.h"

namespace crier {
namespace {

using namespace crier::testing;
using nlohmann::json;

const Webhook kHook =
    HookFor("Discord", "https://discord.com/api/webhooks/123456/tokTOKEN-abc_def");

TEST(DiscordTest, PayloadAsDokosSendsIt) {
  DiscordChannel ch;
  ChannelEnv env;
  env.base_url = "https://erp.example.com";
  env.app_name = "ERP";
  EXPECT_EQ(BodyOf(ch, kHook, TestMessage(), env),
            json({{"content", "Test"},
                  {"username", "ERP"},
                  {"avatar_url", "https://erp.example.com/assets/crier-logo.png"},
                  {"embeds", {{{"title", "Document link"}, {"url", kDocUrl}}}}}));
  Webhook hidden = kHook;
  hidden.show_document_link = false;
  EXPECT_EQ(BodyOf(ch, hidden, TestMessage(), env),
            json({{"content", "Test"},
                  {"username", "ERP"},
                  {"avatar_url", "https://erp.example.com/assets/crier-logo.png"}}));
  env.app_logo_url = "https://cdn.example.com/logo.png";
  hidden.username = "Alerts";
  EXPECT_EQ(BodyOf(ch, hidden, TestMessage(), env)["avatar_url"], env.app_logo_url);
  EXPECT_EQ(BodyOf(ch, hidden, TestMessage(), env)["username"], "Alerts");
}

TEST(DiscordTest, WaitsForTheSavedMessage) {
  DiscordChannel ch;
  EXPECT_EQ(ch.BuildRequest(kHook, TestMessage(), {})->url, kHook.url + "?wait=true");
  Webhook threaded = kHook;
  threaded.url += "?thread_id=99&wait=false";
  EXPECT_EQ(ch.BuildRequest(threaded, TestMessage(), {})->url,
            kHook.url + "?thread_id=99&wait=true");
}

TEST(DiscordTest, RefusedUsernames) {
  DiscordChannel ch;
  Webhook w = kHook;
  w.username = "My Discord Bot";
  EXPECT_EQ(ch.Validate(w).field(), "username");
  w.username = "clyde";
  EXPECT_EQ(ch.Validate(w).field(), "username");
  w.username = "ERP";
  EXPECT_TRUE(ch.Validate(w).ok());
}

TEST(DiscordTest, Answers) {
  DiscordChannel ch;
  EXPECT_TRUE(ClassifyStatus(ch, kHook, 204, "").delivered());
  EXPECT_TRUE(ClassifyStatus(ch, kHook, 200, R"({"id":"1"})").delivered());
  EXPECT_TRUE(
      ClassifyStatus(ch, kHook, 404, R"({"message":"Unknown Webhook","code":10015})").gone());
  EXPECT_TRUE(
      ClassifyStatus(ch, kHook, 401, R"({"message":"Invalid Webhook Token","code":50027})").gone());
  EXPECT_EQ(ClassifyStatus(ch, kHook, 401, R"({"message":"401: Unauthorized","code":0})").reason,
            Reason::kUnauthorized);
  Outcome limited = ClassifyStatus(
      ch, kHook, 429,
      R"({"message":"You are being rate limited.","retry_after":64.57,"global":false})",
      {{"retry-after", "65"}});
  EXPECT_EQ(limited.verdict, Verdict::kRetry);
  EXPECT_EQ(limited.retry_after, std::chrono::seconds(65));
  EXPECT_EQ(
      ClassifyStatus(ch, kHook, 400, R"({"code":50035,"message":"Invalid Form Body"})").reason,
      Reason::kRejected);
}

}  // namespace
}  // namespace crier
