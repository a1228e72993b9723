#include "delivery/delivery_target.h"

#include <gtest/gtest.h>

#include "model/test_env.h"

namespace crier {
namespace {

constexpr const char* kUrl = "https://chat.example.com/hooks/xy3qd5m9bfn8ib1gmrcyruk1ce";

TEST(DeliveryTargetTest, QueuesNameTheirWebhookOrAccount) {
  EXPECT_EQ(ParseQueue("webhook:Tickets")->name, "Tickets");
  EXPECT_FALSE(ParseQueue("webhook:Tickets")->email);
  EXPECT_EQ(ParseQueue("email:Ops")->name, "Ops");
  EXPECT_TRUE(ParseQueue("email:Ops")->email);
  EXPECT_FALSE(ParseQueue("webhook:").has_value());
  EXPECT_FALSE(ParseQueue("sms:x").has_value());
}

TEST(DeliveryTargetTest, ReadsTheWebhookAndExplainsWhyNothingCanBeSent) {
  ModelTestEnv env;
  ASSERT_TRUE(env.Insert("Incoming Webhook URL", {{"webhook_name", "ok"},
                                                  {"service", "Slack"},
                                                  {"webhook_url", kUrl},
                                                  {"rate_limit", "3/1s"}})
                  .ok());
  ASSERT_TRUE(env.Insert("Incoming Webhook URL",
                         {{"webhook_name", "off"}, {"webhook_url", kUrl}, {"enabled", 0}})
                  .ok());
  ASSERT_TRUE(env.Insert("Incoming Webhook URL",
                         {{"webhook_name", "bad"}, {"webhook_url", kUrl}, {"rate_limit", "fast"}})
                  .ok());
  ASSERT_TRUE(env.Insert("Email Account", {{"email_account_name", "Ops"},
                                           {"email_id", "ops@example.com"},
                                           {"smtp_server", "smtp.example.com"},
                                           {"password", "pw-12345678"}})
                  .ok());
  auto txn = env.store().BeginRead();
  const TimePoint now = env.clock().Now();

  auto t = LoadTarget(**txn, "webhook:ok", now);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->usable());
  EXPECT_EQ(t->service, "Slack");
  EXPECT_EQ(t->webhook.url, kUrl);
  EXPECT_EQ(t->rate, ParseRateLimit("3/1s").value());
  EXPECT_EQ(t->loaded, now);

  struct Case {
    const char* queue;
    Reason reason;
    const char* detail;
  } cases[] = {
      {"webhook:off", Reason::kDisabled, "Incoming Webhook URL 'off' is disabled"},
      {"webhook:gone", Reason::kDisabled, "Incoming Webhook URL 'gone' no longer exists"},
      {"webhook:bad", Reason::kInvalidRequest, "Incoming Webhook URL 'bad': rate limit band"},
      {"email:Nope", Reason::kDisabled, "Email Account 'Nope' no longer exists"},
      {"pigeon:x", Reason::kInvalidRequest, "unknown outbox queue"},
  };
  for (const Case& c : cases) {
    auto p = LoadTarget(**txn, c.queue, now);
    ASSERT_TRUE(p.ok()) << c.queue;
    EXPECT_FALSE(p->usable()) << c.queue;
    EXPECT_EQ(p->problem, c.reason) << c.queue;
    EXPECT_EQ(p->problem_detail.rfind(c.detail, 0), 0u) << p->problem_detail;
    EXPECT_EQ(p->problem_detail.find("xy3qd5m9"), std::string::npos) << "never the URL";
  }
  auto mail = LoadTarget(**txn, "email:Ops", now);
  ASSERT_TRUE(mail.ok());
  EXPECT_TRUE(mail->usable());
  EXPECT_TRUE(mail->email);
  EXPECT_EQ(mail->service, "Email");
  EXPECT_EQ(mail->account.email_id, "ops@example.com");
}

}  // namespace
}  // namespace crier
