#include "delivery/delivery_metrics.h"

#include <gtest/gtest.h>

#include "delivery/delivery_test_env.h"
#include "prometheus_text.h"

namespace crier {
namespace {

TEST(DeliveryMetricsTest, TheMetricsPageReadsBackWithItsFiguresAndGauges) {
  DeliveryTestEnv t;
  t.fake_http().set_responder([](const HttpRequest& r) {
    if (r.body.find("fail") != std::string::npos) return FakeHttpSender::Answer(404, "no hook");
    if (r.body.find("later") != std::string::npos) return FakeHttpSender::Answer(503, "");
    return FakeHttpSender::Answer(200, "ok");
  });
  t.AddWebhook("a", "Mattermost", {{"rate_limit", "unlimited"}});
  t.AddWebhook("b", "Mattermost", {{"rate_limit", "unlimited"}});
  t.AddWebhook("c", "Mattermost", {{"rate_limit", "unlimited"}});
  t.Enqueue("a", "ok 1");
  t.Enqueue("a", "ok 2");
  t.Enqueue("b", "fail");
  t.Enqueue("c", "later");
  t.clock().Advance(std::chrono::seconds(90));  // The oldest queued message is 90 s old.
  t.StartDispatcher();
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) {
    return s.delivered == 2 && s.failed == 1 && s.retried == 1 && s.unrecorded == 0;
  }));
  auto txn = t.env().store().BeginRead();
  auto text = t.metrics().Render(**txn, t.clock().Now(), t.dispatcher().gauges());
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  auto page = testing::ParsePrometheusText(*text);
  ASSERT_TRUE(page.ok()) << page.status().ToString() << "\n" << *text;
  auto sum = [&](const char* name, std::map<std::string, std::string> labels = {}) {
    return page->Sum(name, labels).value_or(-1);
  };
  EXPECT_EQ(sum("crier_deliveries_total", {{"service", "Mattermost"}, {"outcome", "delivered"}}),
            2);
  EXPECT_EQ(sum("crier_deliveries_total", {{"outcome", "gone"}}), 1);
  EXPECT_EQ(sum("crier_delivery_attempts_total"), 4);
  EXPECT_EQ(sum("crier_delivery_retries_total", {{"reason", "server_error"}}), 1);
  EXPECT_EQ(sum("crier_delivery_send_seconds_count", {{"service", "Mattermost"}}), 4);
  EXPECT_EQ(sum("crier_outbox_messages", {{"status", "queued"}}), 1) << "the one to retry";
  EXPECT_EQ(sum("crier_outbox_messages", {{"status", "sending"}}), 0);
  EXPECT_EQ(sum("crier_outbox_oldest_message_age_seconds"), 90);
  EXPECT_EQ(sum("crier_delivery_worker_up"), 1);
  EXPECT_EQ(page->families.at("crier_delivery_send_seconds").type, "histogram");
  EXPECT_EQ(page->families.at("crier_outbox_messages").type, "gauge");
  EXPECT_EQ(text->find("chat.example.com"), std::string::npos) << "no URL on the page";
}

}  // namespace
}  // namespace crier
