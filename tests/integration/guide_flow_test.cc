// The seed guide (Mattermost + Dokos, French) end to end through the REST API: its webhook
// (section 2), its notification on Issue with its condition and its message (sections 3 and 4.3,
// exact text), an Issue inserted, the exact rendered text queued for Mattermost with the
// document's link, the bell; then "Tester cette notification" (section 5) against a Mattermost
// that really answers (the mock chat service).
#include <gtest/gtest.h>

#include "mock_chat.h"
#include "notification_fixture.h"
#include "support/seed_guide.h"

namespace crier::testing {
namespace {

class GuideFlowTest : public NotificationServerTest {
 protected:
  void SetUp() override {
    NotificationServerTest::SetUp();
    ASSERT_TRUE(mock_.Start());
    webhook_url_ = mock_.ServiceUrl("mattermost") + "/hooks/ticketsabc123xyz";
    // Section 2: the Incoming Webhook URL, service Mattermost, with the empty optional fields the
    // web form sends.
    Insert("Incoming Webhook URL", GuideWebhook(webhook_url_));
    // Sections 3 and 4: the notification, with the bell of every System Manager.
    json notification = GuideNotification();
    notification["send_system_notification"] = 1;
    notification["recipients"] = {{{"receiver_by_role", "System Manager"}}};
    Insert("Notification", notification);
  }

  mock::MockChat mock_;
  std::string webhook_url_;
};

TEST_F(GuideFlowTest, AnOpenIssueQueuesTheGuidesMessageWithItsLink) {
  json issue = Insert("Issue", {{"subject", "Écran noir au démarrage"},
                                {"customer", "Garage Dupont"},
                                {"description", "Le poste de l’atelier affiche un écran noir."},
                                {"status", "Open"}});
  std::string name = issue["name"];
  std::vector<json> queued = Queued("chat");
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0]["text"], GuideText(issue));
  EXPECT_EQ(queued[0]["subject"], "Nouveau ticket " + name);
  EXPECT_EQ(queued[0]["webhook"], "Tickets Mattermost");
  EXPECT_EQ(queued[0]["doc_url"], server_->base_url() + "/app/issue/" + name);
  EXPECT_EQ(queued[0]["notification"], "Nouveau ticket");
  // Its Webhook Delivery, as the deliveries list shows it: the same text, never the URL.
  std::vector<json> deliveries = List("Webhook Delivery");
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0]["status"], "Queued");
  EXPECT_EQ(deliveries[0]["message"], GuideText(issue));
  EXPECT_EQ(deliveries[0]["reference_name"], name);
  EXPECT_EQ(deliveries[0].dump().find("ticketsabc123xyz"), std::string::npos);
  // The bell of every System Manager, Administrator included.
  EXPECT_EQ(Call("notification_log.unread_count"), 1);
  std::vector<json> bell = List("Notification Log");
  ASSERT_EQ(bell.size(), 1u);
  EXPECT_EQ(bell[0]["subject"], "Nouveau ticket " + name);
  EXPECT_EQ(bell[0]["email_content"], GuideText(issue));
  EXPECT_EQ(bell[0]["document_name"], name);
  // The condition: a closed Issue sends nothing. Nothing went to the network inside the write.
  Insert("Issue", {{"subject", "Imprimante"},
                   {"customer", "Boulangerie Martin"},
                   {"description", "En panne."},
                   {"status", "Closed"}});
  EXPECT_EQ(Queued("chat").size(), 1u);
  EXPECT_EQ(mock_.Count(), 0u);
  // Mark it read.
  EXPECT_EQ(Call("notification_log.mark_read", {{"name", bell[0]["name"]}})["marked"], 1);
  EXPECT_EQ(Call("notification_log.unread_count"), 0);
}

// Section 5, "Tester cette notification": the preview sends nothing; the test sends for real.
TEST_F(GuideFlowTest, PreviewThenTestThisNotification) {
  json closed = Insert("Issue", {{"subject", "Imprimante en panne"},
                                 {"customer", "Boulangerie Martin"},
                                 {"description", "L’imprimante du comptoir ne répond plus."},
                                 {"status", "Closed"}});
  std::string name = closed["name"];
  json preview =
      Call("notification.preview", {{"notification", "Nouveau ticket"}, {"document", name}});
  EXPECT_EQ(preview["meets_condition"], false);
  EXPECT_EQ(preview["subject"], "Nouveau ticket " + name);
  EXPECT_EQ(preview["message"], GuideText(closed));
  ASSERT_EQ(preview["payloads"].size(), 2u);
  json chat = preview["payloads"][0];
  EXPECT_EQ(chat["target"], "Tickets Mattermost");
  EXPECT_EQ(chat["service"], "Mattermost");
  ASSERT_EQ(chat["requests"].size(), 1u);
  // Mattermost's payload: the text with the document link appended, as Dokos sends it.
  EXPECT_EQ(chat["requests"][0]["body"]["text"], GuideText(closed) + "\n<" + server_->base_url() +
                                                     "/app/issue/" + name + "|Document link>");
  EXPECT_EQ(preview.dump().find("ticketsabc123xyz"), std::string::npos) << "no URL";
  EXPECT_EQ(preview["payloads"][1]["users"], json::array({"Administrator"}));
  EXPECT_EQ(mock_.Count(), 0u);
  EXPECT_TRUE(Queued("chat").empty());

  // The test skips the condition and reports what Mattermost answered.
  json test =
      Call("notification.send_test", {{"notification", "Nouveau ticket"}, {"document", name}});
  ASSERT_EQ(test["deliveries"].size(), 2u) << test.dump();
  json sent = test["deliveries"][0];
  EXPECT_EQ(sent["target"], "Tickets Mattermost");
  EXPECT_EQ(sent["delivered"], true) << sent.dump();
  EXPECT_EQ(sent["parts"][0]["status"], 200);
  EXPECT_EQ(sent.dump().find("ticketsabc123xyz"), std::string::npos);
  std::vector<mock::Record> received = mock_.Requests("mattermost");
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(json::parse(received[0].body)["text"], chat["requests"][0]["body"]["text"]);
  json bell = test["deliveries"][1];
  EXPECT_EQ(bell["target"], "System Notification");
  EXPECT_EQ(bell["delivered"], true);
  EXPECT_EQ(bell["notification_logs"].size(), 1u);
  EXPECT_TRUE(Queued("chat").empty()) << "a test is sent, not queued";

  // Mattermost refuses: the outcome says so, never a success that did not happen.
  mock::ModeSpec error;
  error.mode = mock::Mode::kError;
  error.status = 500;
  mock_.SetMode("mattermost", error);
  json failed =
      Call("notification.send_test", {{"notification", "Nouveau ticket"}, {"document", name}});
  EXPECT_EQ(failed["deliveries"][0]["delivered"], false) << failed.dump();
  EXPECT_EQ(failed["deliveries"][0]["parts"][0]["status"], 500);
}

}  // namespace
}  // namespace crier::testing
