// The seed guide's flow end to end through a real `crier serve` and a Mattermost that answers (the
// mock chat service): the webhook and notification created through the REST API as the web form
// does, an Issue inserted, and the exact text of section 4.3 with the document's link arriving at
// Mattermost, once; its Webhook Delivery then says Delivered, and /metrics counts it.
#include <gtest/gtest.h>

#include <thread>

#include "cluster.h"
#include "mock_chat.h"
#include "support/seed_guide.h"

namespace crier::testing {
namespace {

using nlohmann::json;

TEST(EndToEndTest, TheGuidesMessageArrivesAtMattermostWithItsLink) {
  mock::MockChat mattermost;
  ASSERT_TRUE(mattermost.Start());
  auto cluster = Cluster::Start({});
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  Cluster& crier = **cluster;

  auto webhook =
      crier.Insert(0, "Incoming Webhook URL",
                   GuideWebhook(mattermost.ServiceUrl("mattermost") + "/hooks/ticketsabc123xyz"));
  ASSERT_TRUE(webhook.ok()) << webhook.status().ToString();
  auto notification = crier.Insert(0, "Notification", GuideNotification());
  ASSERT_TRUE(notification.ok()) << notification.status().ToString();

  auto closed = crier.Insert(0, "Issue",
                             {{"subject", "Imprimante"},
                              {"customer", "Boulangerie Martin"},
                              {"description", "En panne."},
                              {"status", "Closed"}});
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  auto issue = crier.Insert(0, "Issue",
                            {{"subject", "Écran noir au démarrage"},
                             {"customer", "Garage Dupont"},
                             {"description", "Le poste de l’atelier affiche un écran noir."},
                             {"status", "Open"}});
  ASSERT_TRUE(issue.ok()) << issue.status().ToString();
  std::string name = (*issue)["name"];

  ASSERT_TRUE(mattermost.WaitForCount(1, std::chrono::seconds(30), "mattermost"));
  std::vector<mock::Record> received = mattermost.Requests("mattermost");
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].target, "/mattermost/hooks/ticketsabc123xyz");
  EXPECT_TRUE(received[0].problems.empty()) << received[0].ToJson().dump();
  std::string link = crier.node(0).base_url() + "/app/issue/" + name;
  EXPECT_EQ(json::parse(received[0].body)["text"],
            GuideText(*issue) + "\n<" + link + "|Document link>");

  // The delivery's record catches up with what Mattermost saw.
  auto client = crier.Client(0);
  std::string status;
  for (int i = 0; i < 100 && status != "Delivered"; ++i) {
    auto list = DataOf(
        client->Get("/api/resource/Webhook%20Delivery?fields=%5B%22status%22%2C%22attempts%22%5D"));
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    ASSERT_EQ(list->size(), 1u);
    status = (*list)[0]["status"];
    if (status != "Delivered") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, "Delivered");
  auto metrics = client->Get("/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_NE(
      metrics->body.find("crier_deliveries_total{service=\"Mattermost\",outcome=\"delivered\"} 1"),
      std::string::npos)
      << metrics->body;
  EXPECT_EQ(metrics->body.find("ticketsabc123xyz"), std::string::npos);
  // Once: nothing more arrives.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(mattermost.Count("mattermost"), 1u);
}

}  // namespace
}  // namespace crier::testing
