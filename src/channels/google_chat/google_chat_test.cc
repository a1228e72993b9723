#include "channels/google_chat/google_chat.h"

#include <gtest/gtest.h>

#include "channels/channel_test_util.h"

namespace crier {
namespace {

using namespace crier::testing;
using nlohmann::json;

const Webhook kHook =
    HookFor("Google Chat",
            "https://chat.googleapis.com/v1/spaces/AAAAbbbb/messages?key=KEY123456&token=TOK");

TEST(GoogleChatTest, PayloadAsDokosSendsIt) {
  GoogleChatChannel ch;
  EXPECT_EQ(BodyOf(ch, kHook, TestMessage()),
            json({{"text", std::string("Test\n<") + kDocUrl + "|Document link>"}}));
  auto req = ch.BuildRequest(kHook, TestMessage(), {});
  EXPECT_EQ(req->url, kHook.url);
  EXPECT_EQ(req->headers, (HttpHeaders{{"Content-Type", "application/json; charset=UTF-8"}}));
  Webhook hidden = kHook;
  hidden.show_document_link = false;
  EXPECT_EQ(BodyOf(ch, hidden, TestMessage()), json({{"text", "Test"}}));
}

TEST(GoogleChatTest, ThreadKeyPerDocument) {
  GoogleChatChannel ch;
  Webhook w = kHook;
  w.show_document_link = false;
  w.thread_key = "{doctype}:{name}";
  auto req = ch.BuildRequest(w, TestMessage(), {});
  EXPECT_EQ(json::parse(req->body),
            json({{"text", "Test"}, {"thread", {{"threadKey", "User:test@example.com"}}}}));
  EXPECT_EQ(req->url, kHook.url + "&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
  w.thread_key = std::string(4001, 'k');
  EXPECT_EQ(ch.Validate(w).field(), "thread_key");
}

TEST(GoogleChatTest, SuccessIsTheCreatedMessage) {
  GoogleChatChannel ch;
  EXPECT_TRUE(ClassifyStatus(ch, kHook, 200, R"({"name":"spaces/A/messages/B"})").delivered());
  EXPECT_EQ(ClassifyStatus(ch, kHook, 200, "ok").reason, Reason::kUnexpectedAnswer);
  Outcome missing = ClassifyStatus(ch, kHook, 404, "Not Found");
  EXPECT_EQ(missing.detail, "404: Not Found");
  EXPECT_TRUE(missing.gone());
  EXPECT_EQ(ClassifyStatus(ch, kHook, 400, R"({"error":{"code":400,"status":"INVALID_ARGUMENT"}})")
                .reason,
            Reason::kRejected);
  EXPECT_EQ(ClassifyStatus(ch, kHook, 429, R"({"error":{"status":"RESOURCE_EXHAUSTED"}})").verdict,
            Verdict::kRetry);
}

TEST(GoogleChatTest, LinkOverheadLeavesRoomInTheLimit) {
  GoogleChatChannel ch;
  EXPECT_EQ(ch.TextOverhead(kHook, TestMessage(), {}), std::string("\n<").size() +
                                                           std::string(kDocUrl).size() +
                                                           std::string("|Document link>").size());
}

}  // namespace
}  // namespace crier
