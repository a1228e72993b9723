#include "delivery/enqueue.h"

#include <gtest/gtest.h>

#include "base/time.h"
#include "delivery/target_change_hook.h"
#include "model/test_env.h"

namespace crier {
namespace {

constexpr const char* kUrl = "https://chat.example.com/hooks/xy3qd5m9bfn8ib1gmrcyruk1ce";

class EnqueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        env_.Insert("Incoming Webhook URL",
                    {{"webhook_name", "Tickets"}, {"service", "Mattermost"}, {"webhook_url", kUrl}})
            .ok());
  }

  ChatMessage Message(std::string text) {
    ChatMessage m;
    m.text = std::move(text);
    m.reference_doctype = "Sales Invoice";
    m.reference_name = "SINV-0001";
    m.notification = "New invoice";
    return m;
  }

  // Runs `body` in a write transaction, committed when it succeeds.
  template <typename F>
  auto InTxn(F body) {
    auto txn = env_.store().BeginWrite();
    EXPECT_TRUE(txn.ok());
    auto result = body(**txn);
    if (result.ok()) {
      EXPECT_TRUE((*txn)->Commit().ok());
    }
    return result;
  }

  std::vector<OutboxMessage> Outbox() {
    auto txn = env_.store().BeginRead();
    return (*txn)->ListOutbox("", 100).value();
  }

  ChannelEnv channel_env_ = [] {
    ChannelEnv e;
    e.base_url = "https://erp.example.com";
    return e;
  }();
  ModelTestEnv env_;
};

TEST_F(EnqueueTest, QueuesOneRowAndOneDeliveryWithTheDocumentLink) {
  auto names = InTxn([&](WriteTxn& txn) {
    return EnqueueChat(txn, env_.documents(), channel_env_, "Tickets", Message("Hello"), {});
  });
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  ASSERT_EQ(names->size(), 1u);
  std::vector<OutboxMessage> rows = Outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ((*names)[0], DeliveryName(rows[0].id));
  EXPECT_EQ(rows[0].queue, "webhook:Tickets");
  EXPECT_EQ(rows[0].channel, "chat");
  EXPECT_EQ(rows[0].status, "queued");
  const std::int64_t now_us =
      std::chrono::duration_cast<Micros>(env_.clock().Now().time_since_epoch()).count();
  EXPECT_EQ(rows[0].created_us, now_us) << "retries' age limit counts from here";
  EXPECT_EQ(rows[0].next_attempt_us, now_us) << "due at once";
  EXPECT_EQ(rows[0].reference_name, "SINV-0001");
  Json payload = Json::parse(rows[0].payload);
  EXPECT_EQ(payload["text"], "Hello");
  EXPECT_EQ(payload["doc_url"], "https://erp.example.com/app/sales-invoice/SINV-0001");
  EXPECT_EQ(payload["webhook"], "Tickets");
  EXPECT_FALSE(payload.contains("doc"));
  EXPECT_EQ(rows[0].payload.find("xy3qd5m9"), std::string::npos) << "no URL in the payload";

  Json delivery = env_.Get("Webhook Delivery", (*names)[0]).value();
  EXPECT_EQ(delivery["status"], "Queued");
  EXPECT_EQ(delivery["service"], "Mattermost");
  EXPECT_EQ(delivery["outbox_id"], rows[0].id);
  EXPECT_EQ(delivery["message"], "Hello");
  EXPECT_EQ(delivery["notification"], "New invoice");
  EXPECT_EQ(delivery["webhook"], "Tickets");
  EXPECT_EQ(delivery["reference_doctype"], "Sales Invoice");
  EXPECT_EQ(delivery["reference_name"], "SINV-0001");
  EXPECT_EQ(delivery["attempts"], 0);
  EXPECT_EQ(delivery["part"], 1);
  EXPECT_EQ(delivery["parts"], 1);
  EXPECT_EQ(delivery["next_attempt"], nullptr);
  EXPECT_EQ(delivery["delivered_at"], nullptr);
  EXPECT_EQ(delivery["creation"], DateTimeString(env_.clock().Now()));
  EXPECT_EQ(delivery["modified"], delivery["creation"]);
  EXPECT_EQ(delivery["owner"], "Administrator");
}

// The engine queues a save's messages without their names (the store may then insert them
// together): the rows must be the ones a caller that wants the names gets.
TEST_F(EnqueueTest, QueuingWithoutNamesWritesTheSameRows) {
  auto named = InTxn([&](WriteTxn& txn) {
    return EnqueueChat(txn, env_.documents(), channel_env_, "Tickets", Message("Hello"), {});
  });
  auto unnamed = InTxn([&](WriteTxn& txn) {
    return EnqueueChat(txn, env_.documents(), channel_env_, "Tickets", Message("Hello"), {},
                       DeliveryNames::kNotNeeded);
  });
  ASSERT_TRUE(named.ok() && unnamed.ok()) << unnamed.status().ToString();
  EXPECT_EQ(named->size(), 1u);
  EXPECT_TRUE(unnamed->empty());
  std::vector<OutboxMessage> rows = Outbox();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_LT(rows[0].id, rows[1].id);
  OutboxMessage second = rows[1];
  second.id = rows[0].id;
  EXPECT_TRUE(second == rows[0]) << "the rows differ in more than their id";
  Json delivery = env_.Get("Webhook Delivery", DeliveryName(rows[1].id)).value();
  EXPECT_EQ(delivery["status"], "Queued");
  EXPECT_EQ(delivery["message"], "Hello");
}

TEST_F(EnqueueTest, SplitsALongMessageIntoOrderedParts) {
  ASSERT_TRUE(env_.Insert("Incoming Webhook URL",
                          {{"webhook_name", "Discord"},
                           {"service", "Discord"},
                           {"webhook_url", "https://discord.example.com/api/webhooks/1/tok3nAbc"}})
                  .ok());
  std::string text =
      std::string(1500, 'a') + "\n\n" + std::string(1500, 'b') + "\n\n" + std::string(1500, 'c');
  auto names = InTxn([&](WriteTxn& txn) {
    return EnqueueChat(txn, env_.documents(), channel_env_, "Discord", Message(text), {});
  });
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  ASSERT_EQ(names->size(), 3u);
  std::vector<OutboxMessage> rows = Outbox();
  ASSERT_EQ(rows.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    Json payload = Json::parse(rows[i].payload);
    EXPECT_EQ(payload["part"], i + 1);
    EXPECT_EQ(payload["parts"], 3);
    EXPECT_EQ(payload["text"], std::string(1500, "abc"[i]));
    EXPECT_EQ(payload["doc_url"].get<std::string>().empty(), i < 2) << "link on the last part";
    EXPECT_EQ(rows[i].queue, "webhook:Discord");
  }
  EXPECT_LT(rows[0].id, rows[1].id);
  EXPECT_LT(rows[1].id, rows[2].id);
}

TEST_F(EnqueueTest, RefusesAMissingOrDisabledWebhookAndWritesNothing) {
  auto missing = InTxn([&](WriteTxn& txn) {
    return EnqueueChat(txn, env_.documents(), channel_env_, "Nope", Message("x"), {});
  });
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().field(), "incoming_webhook_url");

  ASSERT_TRUE(env_.Update("Incoming Webhook URL", "Tickets", {{"enabled", 0}}).ok());
  auto disabled = InTxn([&](WriteTxn& txn) {
    return EnqueueChat(txn, env_.documents(), channel_env_, "Tickets", Message("x"), {});
  });
  EXPECT_EQ(disabled.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(disabled.status().message().find("xy3qd5m9"), std::string::npos);
  EXPECT_TRUE(Outbox().empty());
}

// One write reads a webhook once for all its messages (ChatTargets), errors included, until
// clear(): then a change made in the same write is seen.
TEST_F(EnqueueTest, ChatTargetsReadEachWebhookOnceUntilCleared) {
  auto txn = env_.store().BeginWrite();
  ASSERT_TRUE(txn.ok());
  ChatTargets targets;
  const Result<ChatTarget>& first = targets.Get(**txn, "Tickets");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->webhook.service, "Mattermost");
  EXPECT_EQ(targets.Get(**txn, "Nope").status().code(), StatusCode::kNotFound);

  ASSERT_TRUE(
      env_.documents().Update(**txn, {}, "Incoming Webhook URL", "Tickets", {{"enabled", 0}}).ok());
  EXPECT_TRUE(targets.Get(**txn, "Tickets").ok()) << "read once per write";
  targets.clear();
  EXPECT_EQ(targets.Get(**txn, "Tickets").status().code(), StatusCode::kFailedPrecondition);
}

// The shared cache holds the webhooks as committed: a change is seen once it commits, never while
// it is pending or after it rolled back; a write that changed one reads it after clear().
TEST_F(EnqueueTest, ChatTargetCacheFollowsCommittedWebhookChanges) {
  env_.documents().AddHook(std::make_unique<TargetChangeHook>());
  ChatTargetCache cache(env_.store());
  cache.Subscribe();
  Result<ChatTarget> tickets = cache.Get("Tickets");
  ASSERT_TRUE(tickets.ok()) << tickets.status().ToString();
  EXPECT_EQ(tickets->webhook.service, "Mattermost");
  EXPECT_EQ(cache.Get("Later").status().code(), StatusCode::kNotFound);

  ASSERT_TRUE(env_.Insert("Incoming Webhook URL",
                          {{"webhook_name", "Later"}, {"service", "Slack"}, {"webhook_url", kUrl}})
                  .ok());
  Result<ChatTarget> later = cache.Get("Later");
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_EQ(later->webhook.service, "Slack");

  {
    auto txn = env_.store().BeginWrite();
    ASSERT_TRUE(txn.ok());
    ChatTargets targets(&cache);
    ASSERT_TRUE(targets.Get(**txn, "Tickets").ok());
    ASSERT_TRUE(env_.documents()
                    .Update(**txn, {}, "Incoming Webhook URL", "Tickets", {{"enabled", 0}})
                    .ok());
    EXPECT_TRUE(cache.Get("Tickets").ok()) << "not committed yet";
    targets.clear();
    EXPECT_EQ(targets.Get(**txn, "Tickets").status().code(), StatusCode::kFailedPrecondition)
        << "after clear(), the write's own transaction";
  }  // Rolled back.
  EXPECT_TRUE(cache.Get("Tickets").ok());

  ASSERT_TRUE(env_.Update("Incoming Webhook URL", "Tickets", {{"enabled", 0}}).ok());
  Result<ChatTarget> disabled = cache.Get("Tickets");
  EXPECT_EQ(disabled.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(disabled.status().message().find("xy3qd5m9"), std::string::npos);
}

// Only the Generic service's body template reads the document: other payloads do not carry it.
TEST_F(EnqueueTest, OnlyGenericPayloadsCarryTheDocument) {
  ASSERT_TRUE(env_.Insert("Incoming Webhook URL", {{"webhook_name", "Any"},
                                                   {"service", "Generic"},
                                                   {"webhook_url", kUrl},
                                                   {"body_template", "{{ doc.name }}"}})
                  .ok());
  ChatMessage m = Message("Hello");
  m.doc = {{"name", "SINV-0001"}};
  for (const char* webhook : {"Tickets", "Any"}) {
    ASSERT_TRUE(InTxn([&](WriteTxn& txn) {
                  return EnqueueChat(txn, env_.documents(), channel_env_, webhook, m, {});
                }).ok());
  }
  std::vector<OutboxMessage> rows = Outbox();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(Json::parse(rows[0].payload).value("doc", Json()).is_null());
  EXPECT_EQ(Json::parse(rows[1].payload)["doc"]["name"], "SINV-0001");
}

TEST_F(EnqueueTest, RollbackLeavesNoRowAndNoDelivery) {
  {
    auto txn = env_.store().BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(
        EnqueueChat(**txn, env_.documents(), channel_env_, "Tickets", Message("x"), {}).ok());
  }  // Destroyed without Commit.
  EXPECT_TRUE(Outbox().empty());
  auto read = env_.store().BeginRead();
  EXPECT_EQ((*read)->CountDocs({.doctype = "Webhook Delivery"}).value(), 0);
}

TEST_F(EnqueueTest, EmailNeedsARecipientAndAnOutgoingAccount) {
  EmailDelivery email;
  email.subject = "Overdue";
  email.message = "**Pay** now";
  auto none = InTxn([&](WriteTxn& txn) { return EnqueueEmail(txn, env_.documents(), email, {}); });
  EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);

  email.recipients = {"a@example.com"};
  auto no_account =
      InTxn([&](WriteTxn& txn) { return EnqueueEmail(txn, env_.documents(), email, {}); });
  EXPECT_EQ(no_account.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(no_account.status().field(), "sender");

  ASSERT_TRUE(env_.Insert("Email Account", {{"email_account_name", "Support"},
                                            {"email_id", "support@example.com"},
                                            {"smtp_server", "127.0.0.1"},
                                            {"default_outgoing", 1}})
                  .ok());
  auto queued =
      InTxn([&](WriteTxn& txn) { return EnqueueEmail(txn, env_.documents(), email, {}); });
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  std::vector<OutboxMessage> rows = Outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].channel, "email");
  EXPECT_EQ(rows[0].queue, "email:Support");
  Json payload = Json::parse(rows[0].payload);
  EXPECT_EQ(payload["recipients"], Json::array({"a@example.com"}));
  EXPECT_EQ(payload["account"], "Support");
  EXPECT_EQ(env_.Get("Webhook Delivery", *queued).value()["service"], "Email");

  email.account = "Unknown";
  auto unknown =
      InTxn([&](WriteTxn& txn) { return EnqueueEmail(txn, env_.documents(), email, {}); });
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace crier
