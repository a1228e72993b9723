#include "delivery/send_now.h"

#include <gtest/gtest.h>

#include "delivery/fake_http_sender.h"

namespace crier {
namespace {

const std::string kUrl = "https://chat.example.com/hooks/xy3qd5m9bfn8ib1gmrcyruk1ce";

Webhook Mattermost() {
  Webhook w;
  w.name = "ops";
  w.service = "Mattermost";
  w.url = kUrl;
  return w;
}

ChatMessage Message(std::string text) {
  ChatMessage m;
  m.text = std::move(text);
  m.doc_url = "https://erp.example.com/app/issue/ISS-1";
  return m;
}

TEST(SendNowTest, ReportsTheRealOutcome) {
  FakeHttpSender sender;
  FakeClock clock(TimePoint(std::chrono::seconds(1700000000)));
  SendResult r =
      SendNow(*FindChannel("Mattermost"), Mattermost(), Message("Test message"), {}, sender, clock);
  EXPECT_TRUE(r.delivered());
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].answer, "ok");
  nlohmann::json j = r.ToJson();
  EXPECT_EQ(j["delivered"], true);
  EXPECT_EQ(j["parts"][0]["status"], 200);
  EXPECT_EQ(j["parts"][0]["reason"], "delivered");
  ASSERT_EQ(sender.requests().size(), 1u);
  EXPECT_EQ(sender.requests()[0].url, kUrl);
}

TEST(SendNowTest, SendsPartsInOrderAndStopsAtTheFirstFailure) {
  int n = 0;
  FakeHttpSender sender([&n](const HttpRequest&) {
    return ++n == 2 ? FakeHttpSender::Answer(429, "limit exceeded", {{"retry-after", "4"}})
                    : FakeHttpSender::Answer(200, "ok");
  });
  FakeClock clock(TimePoint(std::chrono::seconds(1700000000)));
  std::string text =
      std::string(16000, 'a') + "\n\n" + std::string(16000, 'b') + "\n\n" + std::string(16000, 'c');
  SendResult r =
      SendNow(*FindChannel("Mattermost"), Mattermost(), Message(text), {}, sender, clock);
  EXPECT_EQ(r.parts_total, 3);
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_TRUE(r.parts[0].outcome.delivered());
  EXPECT_EQ(r.parts[1].outcome.reason, Reason::kRateLimited);
  EXPECT_EQ(r.ToJson()["parts"][1]["retry_after_ms"], 4000);
  EXPECT_FALSE(r.delivered());
  auto sent = sender.requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(sent[0].body)["text"], std::string(16000, 'a'));
  EXPECT_EQ(nlohmann::json::parse(sent[1].body)["text"], std::string(16000, 'b'));
}

TEST(SendNowTest, AnswersAndErrorsAreRedacted) {
  FakeHttpSender sender([](const HttpRequest&) {
    return FakeHttpSender::Answer(
        400,
        R"({"message":"Invalid webhook xy3qd5m9bfn8ib1gmrcyruk1ce","id":"web.incoming_webhook.invalid.app_error"})");
  });
  FakeClock clock(TimePoint(std::chrono::seconds(1700000000)));
  SendResult r = SendNow(*FindChannel("Mattermost"), Mattermost(), Message("x"), {}, sender, clock);
  std::string json = r.ToJson().dump();
  EXPECT_EQ(json.find("xy3qd5m9bfn8ib1gmrcyruk1ce"), std::string::npos) << json;
  EXPECT_TRUE(r.parts[0].outcome.gone());
}

TEST(SendNowTest, ABodyThatCannotBeBuiltSendsNothing) {
  FakeHttpSender sender;
  FakeClock clock(TimePoint(std::chrono::seconds(1700000000)));
  Webhook generic;
  generic.name = "g";
  generic.service = "Generic";
  generic.url = "https://api.example.com/in";
  generic.body_template = "{{ message }}";  // No template engine in this environment.
  SendResult r = SendNow(*FindChannel("Generic"), generic, Message("x"), {}, sender, clock);
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].outcome.reason, Reason::kInvalidRequest);
  EXPECT_TRUE(sender.requests().empty());
}

}  // namespace
}  // namespace crier
