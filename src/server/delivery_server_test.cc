// crier serve's delivery end to end in one process: a real server (SQLite, the curl sender, the
// outbox workers) posting to the mock chat services on loopback, driven through the REST API.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "delivery/enqueue.h"
#include "mock_chat.h"
#include "prometheus_text.h"
#include "server/server.h"
#include "support/http_client.h"

namespace crier {
namespace {

using testing::HttpClient;

constexpr const char* kPassword = "admin-Passw0rd";
constexpr const char* kHookId = "x1y2z3w4v5u6t7s8r9q0p1o2n3";

class DeliveryServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(mock_.Start());
    std::string tmpl = (std::filesystem::temp_directory_path() / "crier-dsrv-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    ServeOptions o;
    o.db_url = "sqlite:" + dir_ + "/crier.db";
    o.listen = "127.0.0.1:0";
    o.argon2 = TestArgon2Params();
    o.admin_password = kPassword;
    o.node_id = "test-node";
    auto server = Server::Create(o, SystemClock(), SecureRandom());
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    ASSERT_TRUE(server_->Serve().ok());
    admin_ = std::make_unique<HttpClient>(server_->base_url());
    auto login =
        admin_->PostJson("/api/method/login", {{"usr", "Administrator"}, {"pwd", kPassword}});
    ASSERT_TRUE(login.ok() && login->status == 200);
    auto hook = admin_->PostJson(
        "/api/resource/Incoming%20Webhook%20URL",
        {{"webhook_name", "Tickets"}, {"service", "Mattermost"}, {"webhook_url", HookUrl()}});
    ASSERT_TRUE(hook.ok());
    ASSERT_EQ(hook->status, 200) << hook->body;
  }
  void TearDown() override {
    admin_.reset();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string HookUrl() const { return mock_.ServiceUrl("mattermost") + "/hooks/" + kHookId; }

  std::string EnqueueInProcess(const std::string& text) {
    std::vector<std::string> names;
    Status s = RunInWriteTxn(server_->store(), [&](WriteTxn& txn) -> Status {
      ChatMessage m;
      m.text = text;
      CRIER_ASSIGN_OR_RETURN(
          names, EnqueueChat(txn, server_->documents(), server_->channel_env(), "Tickets", m, {}));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return names.empty() ? "" : names[0];
  }

  Json Call(HttpClient& client, const std::string& method, const Json& args, long* status) {
    auto r = client.PostJson("/api/method/" + method, args);
    EXPECT_TRUE(r.ok());
    *status = r->status;
    EXPECT_EQ(r->body.find(kHookId), std::string::npos) << "never the URL: " << r->body;
    return r->Json().value();
  }

  Json DeliveryDoc(const std::string& name) {
    auto r = admin_->Get("/api/resource/Webhook%20Delivery/" + name);
    EXPECT_TRUE(r.ok());
    return r->Json().value()["data"];
  }

  bool WaitDelivered(std::uint64_t n) {
    return server_->dispatcher()->WaitFor(
        [n](const DispatcherStats& s) { return s.delivered >= n && s.unrecorded == 0; },
        std::chrono::seconds(20));
  }

  mock::MockChat mock_;
  std::string dir_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<HttpClient> admin_;
};

TEST_F(DeliveryServerTest, SendTestMessageReportsWhatTheServiceAnswered) {
  long status = 0;
  Json out = Call(*admin_, "webhook.send_test_message",
                  {{"webhook", "Tickets"}, {"message", "Hello from crier"}}, &status);
  ASSERT_EQ(status, 200) << out.dump();
  const Json& m = out["message"];
  EXPECT_EQ(m["delivered"], true);
  EXPECT_EQ(m["status"], 200);
  EXPECT_EQ(m["answer"], "ok");
  EXPECT_EQ(m["service"], "Mattermost");
  EXPECT_TRUE(m["latency_ms"].is_number());
  auto requests = mock_.Requests("mattermost");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_NE(requests[0].body.find("Hello from crier"), std::string::npos);

  mock::ModeSpec gone;
  gone.mode = mock::Mode::kGone;
  mock_.SetMode("mattermost", gone);
  out = Call(*admin_, "webhook.send_test_message", {{"webhook", "Tickets"}, {"message", "x"}},
             &status);
  ASSERT_EQ(status, 200) << "the method worked; the delivery did not";
  EXPECT_EQ(out["message"]["delivered"], false);
  EXPECT_EQ(out["message"]["status"], 400);
  EXPECT_EQ(out["message"]["reason"], "gone");

  Call(*admin_, "webhook.send_test_message", {{"webhook", "Tickets"}}, &status);
  EXPECT_EQ(status, 400) << "the message is required";
  Call(*admin_, "webhook.send_test_message", {{"webhook", "Nope"}, {"message", "x"}}, &status);
  EXPECT_EQ(status, 404);
}

TEST_F(DeliveryServerTest, OnlySystemManagersSendTestMessagesOrRetry) {
  auto user = admin_->PostJson("/api/resource/User", {{"email", "clerk@example.com"},
                                                      {"first_name", "Clerk"},
                                                      {"new_password", "clerk-Passw0rd-1"}});
  ASSERT_TRUE(user.ok() && user->status == 200) << user->body;
  HttpClient clerk(server_->base_url());
  auto login = clerk.PostJson("/api/method/login",
                              {{"usr", "clerk@example.com"}, {"pwd", "clerk-Passw0rd-1"}});
  ASSERT_TRUE(login.ok() && login->status == 200);
  long status = 0;
  Call(clerk, "webhook.send_test_message", {{"webhook", "Tickets"}, {"message", "x"}}, &status);
  EXPECT_EQ(status, 403);
  Call(clerk, "delivery.retry", {{"webhook", "Tickets"}}, &status);
  EXPECT_EQ(status, 403);
  EXPECT_EQ(mock_.Count(), 0u);
}

TEST_F(DeliveryServerTest, QueuedMessagesAreDeliveredAndFailedOnesRetriedThroughTheApi) {
  mock::ModeSpec refuse;
  refuse.mode = mock::Mode::kError;
  refuse.status = 403;
  refuse.count = 1;
  mock_.SetMode("mattermost", refuse);
  std::string failed = EnqueueInProcess("first");
  std::string ok = EnqueueInProcess("second");
  ASSERT_TRUE(WaitDelivered(1));
  EXPECT_EQ(DeliveryDoc(failed)["status"], "Failed");
  EXPECT_EQ(DeliveryDoc(failed)["last_status"], 403);
  EXPECT_EQ(DeliveryDoc(ok)["status"], "Delivered");

  long status = 0;
  Json out = Call(*admin_, "delivery.retry", {{"name", failed}}, &status);
  ASSERT_EQ(status, 200) << out.dump();
  EXPECT_EQ(out["message"]["count"], 1);
  ASSERT_TRUE(WaitDelivered(2));
  Json d = DeliveryDoc(failed);
  EXPECT_EQ(d["status"], "Delivered");
  EXPECT_EQ(d["attempts"], 1) << "counted again from the retry";
  auto requests = mock_.Requests("mattermost");
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_NE(requests[2].body.find("first"), std::string::npos);

  Call(*admin_, "delivery.retry", {{"name", ok}}, &status);
  EXPECT_EQ(status, 409) << "a delivered one is not retried";
  Call(*admin_, "delivery.retry", Json::object(), &status);
  EXPECT_EQ(status, 400);
}

TEST_F(DeliveryServerTest, MetricsAndHealth) {
  EnqueueInProcess("one");
  ASSERT_TRUE(WaitDelivered(1));
  HttpClient anonymous(server_->base_url());
  auto metrics = anonymous.Get("/metrics");
  ASSERT_TRUE(metrics.ok());
  ASSERT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->Header("Content-Type").value_or(""), std::string(metrics::kContentType));
  auto page = testing::ParsePrometheusText(metrics->body);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(
      page->Sum("crier_deliveries_total", {{"service", "Mattermost"}, {"outcome", "delivered"}}),
      1);
  EXPECT_EQ(page->Sum("crier_delivery_worker_up"), 1);
  EXPECT_EQ(metrics->body.find(kHookId), std::string::npos);
  // The enqueue and the worker's claim and record were committed write transactions.
  const double transactions = page->Sum("crier_store_write_transactions_total").value_or(0);
  const double commits = page->Sum("crier_store_commits_total").value_or(0);
  EXPECT_GE(transactions, 3);
  EXPECT_GE(commits, 1);
  EXPECT_LE(commits, transactions);

  auto health = anonymous.Get("/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 200);
  Json h = health->Json().value();
  EXPECT_EQ(h["checks"]["store"], "ok");
  EXPECT_EQ(h["checks"]["delivery"], "ok");
  server_->dispatcher()->Stop();
  health = anonymous.Get("/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 503) << "workers that stopped make the node unhealthy";
  EXPECT_EQ(health->Json().value()["checks"]["delivery"], "the delivery workers are not running");
}

}  // namespace
}  // namespace crier
