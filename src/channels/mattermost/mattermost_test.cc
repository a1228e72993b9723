#include "channels/mattermost/mattermost.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace crier {
namespace {

using nlohmann::json;

const TimePoint kNow = TimePoint(std::chrono::seconds(1700000000));

Webhook Hook() {
  Webhook w;
  w.name = "ops";
  w.service = "Mattermost";
  w.url = "https://chat.example.com/hooks/xy3qd5m9bfn8ib1gmrcyruk1ce";
  return w;
}

ChatMessage Message() {
  ChatMessage m;
  m.text = "New **Issue** ISS-0001";
  m.doc_url = "https://erp.example.com/app/issue/ISS-0001";
  return m;
}

TEST(MattermostTest, PayloadAsDokosSendsIt) {
  MattermostChannel ch;
  auto req = ch.BuildRequest(Hook(), Message(), ChannelEnv());
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->method, "POST");
  EXPECT_EQ(req->url, Hook().url);
  EXPECT_EQ(req->headers, (HttpHeaders{{"Content-Type", "application/json"}}));
  EXPECT_EQ(json::parse(req->body),
            json({{"text",
                   "New **Issue** ISS-0001\n<https://erp.example.com/app/issue/ISS-0001|Document "
                   "link>"}}));
}

TEST(MattermostTest, NoLinkWhenTheWebhookHidesItOrTheMessageHasNone) {
  MattermostChannel ch;
  Webhook hidden = Hook();
  hidden.show_document_link = false;
  EXPECT_EQ(json::parse(ch.BuildRequest(hidden, Message(), {})->body),
            json({{"text", "New **Issue** ISS-0001"}}));
  ChatMessage no_link = Message();
  no_link.doc_url.clear();
  EXPECT_EQ(json::parse(ch.BuildRequest(Hook(), no_link, {})->body),
            json({{"text", "New **Issue** ISS-0001"}}));
  EXPECT_EQ(ch.TextOverhead(hidden, Message(), {}), 0u);
  EXPECT_EQ(ch.TextOverhead(Hook(), Message(), {}),
            std::string("\n<https://erp.example.com/app/issue/ISS-0001|Document link>").size());
}

TEST(MattermostTest, Overrides) {
  MattermostChannel ch;
  Webhook w = Hook();
  w.channel = "town-square";
  w.username = "crier";
  w.icon_url = "https://erp.example.com/logo.png";
  w.icon_emoji = ":bell:";
  w.priority = "urgent";
  w.show_document_link = false;
  EXPECT_EQ(json::parse(ch.BuildRequest(w, Message(), {})->body),
            json({{"text", "New **Issue** ISS-0001"},
                  {"channel", "town-square"},
                  {"username", "crier"},
                  {"icon_url", "https://erp.example.com/logo.png"},
                  {"icon_emoji", ":bell:"},
                  {"priority", {{"priority", "urgent"}}}}));
  w.priority = "standard";  // The default: no priority object at all.
  EXPECT_FALSE(json::parse(ch.BuildRequest(w, Message(), {})->body).contains("priority"));
  w.priority = "high";
  EXPECT_EQ(ch.Validate(w).field(), "priority");
}

TEST(MattermostTest, AnswerTable) {
  MattermostChannel ch;
  struct Case {
    int status;
    std::string body;
    Verdict verdict;
    Reason reason;
  } cases[] = {
      {200, "ok", Verdict::kDelivered, Reason::kDelivered},
      {200, "<html>proxy login</html>", Verdict::kFailed, Reason::kUnexpectedAnswer},
      {400,
       R"({"id":"web.incoming_webhook.invalid.app_error","message":"Invalid webhook","status_code":400})",
       Verdict::kFailed, Reason::kGone},
      {400,
       R"({"id":"web.incoming_webhook.text.app_error","message":"No text specified","status_code":400})",
       Verdict::kFailed, Reason::kRejected},
      {403, R"({"id":"web.incoming_webhook.channel_locked.app_error","status_code":403})",
       Verdict::kFailed, Reason::kUnauthorized},
      {404, R"({"id":"web.incoming_webhook.channel.app_error","status_code":404})",
       Verdict::kFailed, Reason::kRejected},
      {404, "404 page not found", Verdict::kFailed, Reason::kGone},
      {429, "limit exceeded", Verdict::kRetry, Reason::kRateLimited},
      {500, R"({"id":"api.post.create_webhook_post.creating.app_error"})", Verdict::kRetry,
       Reason::kServerError},
      {501, R"({"id":"web.incoming_webhook.disabled.app_error","status_code":501})",
       Verdict::kFailed, Reason::kRejected},
  };
  for (const Case& c : cases) {
    HttpResponse r;
    r.status = c.status;
    r.body = c.body;
    Outcome o = ch.Classify(Hook(), r, kNow);
    EXPECT_EQ(o.verdict, c.verdict) << c.status << " " << c.body;
    EXPECT_EQ(o.reason, c.reason) << c.status << " " << c.body;
  }
}

}  // namespace
}  // namespace crier
