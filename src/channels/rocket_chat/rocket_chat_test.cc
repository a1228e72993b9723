#include "channels/rocket_chat/rocket_chat.h"

#include <gtest/gtest.h>

#include "channels/channel_test_util.h"

namespace crier {
namespace {

using namespace crier::testing;
using nlohmann::json;

const Webhook kHook =
    HookFor("Rocket.Chat", "https://chat.example.com/hooks/abcdefghij/tokenTOKEN123");

TEST(RocketChatTest, PayloadAsDokosSendsIt) {
  RocketChatChannel ch;
  EXPECT_EQ(BodyOf(ch, kHook, TestMessage()),
            json({{"text", "Test"},
                  {"attachments", {{{"title", "Document link"}, {"title_link", kDocUrl}}}}}));
  Webhook w = kHook;
  w.show_document_link = false;
  w.channel = "#general";
  w.username = "crier";
  w.icon_url = "https://erp.example.com/logo.png";
  EXPECT_EQ(BodyOf(ch, w, TestMessage()), json({{"text", "Test"},
                                                {"channel", "#general"},
                                                {"username", "crier"},
                                                {"icon_url", "https://erp.example.com/logo.png"}}));
}

TEST(RocketChatTest, Answers) {
  RocketChatChannel ch;
  EXPECT_TRUE(ClassifyStatus(ch, kHook, 200, R"({"success":true})").delivered());
  EXPECT_EQ(ClassifyStatus(ch, kHook, 200, R"({"success":false})").reason,
            Reason::kUnexpectedAnswer);
  Outcome limited = ClassifyStatus(
      ch, kHook, 429,
      R"({"success":false,"error":"Error, too many requests. Please slow down. You must wait 42 seconds before trying this endpoint again. [error-too-many-requests]"})");
  EXPECT_EQ(limited.verdict, Verdict::kRetry);
  EXPECT_EQ(limited.retry_after, std::chrono::seconds(42));
  EXPECT_TRUE(
      ClassifyStatus(ch, kHook, 401,
                     R"({"success":false,"error":"Invalid integration id or token provided."})")
          .gone());
  EXPECT_EQ(ClassifyStatus(ch, kHook, 400, R"({"success":false,"error":"invalid-channel"})").reason,
            Reason::kRejected);
  EXPECT_EQ(ClassifyStatus(ch, kHook, 503, "Service Unavailable").verdict, Verdict::kRetry);
}

}  // namespace
}  // namespace crier
