#include "channels/slack/slack.h"

#include <gtest/gtest.h>

#include "channels/channel_test_util.h"

namespace crier {
namespace {

using namespace crier::testing;
using nlohmann::json;

const Webhook kHook = HookFor("Slack", "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXX");

TEST(SlackTest, PayloadAsFrappeSendsIt) {
  SlackChannel ch;
  EXPECT_EQ(BodyOf(ch, kHook, TestMessage()), json::parse(R"({"text": "Test", "attachments": [{
                "fallback": "See the document at https://erp.example.com/app/user/test%40example.com",
                "actions": [{"type": "button", "text": "Go to the document",
                             "url": "https://erp.example.com/app/user/test%40example.com",
                             "style": "primary"}]}]})"));
  Webhook hidden = kHook;
  hidden.show_document_link = false;
  EXPECT_EQ(BodyOf(ch, hidden, TestMessage()), json({{"text", "Test"}}));
  auto req = ch.BuildRequest(kHook, TestMessage(), {});
  EXPECT_EQ(req->headers, (HttpHeaders{{"Content-Type", "application/json"}}));
}

TEST(SlackTest, LegacyOverrides) {
  SlackChannel ch;
  Webhook w = kHook;
  w.show_document_link = false;
  w.channel = "#ops";
  w.username = "crier";
  w.icon_emoji = ":bell:";
  EXPECT_EQ(BodyOf(ch, w, TestMessage()), json({{"text", "Test"},
                                                {"channel", "#ops"},
                                                {"username", "crier"},
                                                {"icon_emoji", ":bell:"}}));
}

TEST(SlackTest, AnswersWithFrappesMessages) {
  SlackChannel ch;
  struct Case {
    int status;
    const char* body;
    Verdict verdict;
    Reason reason;
    const char* detail;
  } cases[] = {
      {200, "ok", Verdict::kDelivered, Reason::kDelivered, "200: ok"},
      {400, "invalid_payload", Verdict::kFailed, Reason::kRejected,
       "400: Invalid Payload or User not found"},
      {403, "action_prohibited", Verdict::kFailed, Reason::kUnauthorized, "403: Action Prohibited"},
      {403, "invalid_token", Verdict::kFailed, Reason::kGone, "403: Action Prohibited"},
      {404, "channel_not_found", Verdict::kFailed, Reason::kGone, "404: Channel not found"},
      {404, "no_service", Verdict::kFailed, Reason::kGone, "404: Channel not found"},
      {410, "channel_is_archived", Verdict::kFailed, Reason::kGone, "410: The Channel is Archived"},
      {500, "rollup_error", Verdict::kRetry, Reason::kServerError,
       "500: Rollup Error, Slack seems to be down"},
      {502, "Bad Gateway", Verdict::kRetry, Reason::kServerError, "502: Bad Gateway"},
      {429, R"({"retry_after":1,"ok":false,"error":"rate_limited"})", Verdict::kRetry,
       Reason::kRateLimited, nullptr},
  };
  for (const Case& c : cases) {
    Outcome o = ClassifyStatus(ch, kHook, c.status, c.body);
    EXPECT_EQ(o.verdict, c.verdict) << c.status << " " << c.body;
    EXPECT_EQ(o.reason, c.reason) << c.status << " " << c.body;
    if (c.detail != nullptr && o.verdict != Verdict::kDelivered) {
      EXPECT_EQ(o.detail, c.detail);
    }
  }
  EXPECT_EQ(ClassifyStatus(ch, kHook, 429, R"({"retry_after":1,"ok":false})").retry_after,
            std::chrono::seconds(1));
}

}  // namespace
}  // namespace crier
