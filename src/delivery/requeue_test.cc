#include "delivery/requeue.h"

#include <gtest/gtest.h>

#include "base/time.h"
#include "delivery/delivery_record.h"
#include "delivery/enqueue.h"
#include "delivery/outbox_payload.h"
#include "model/test_env.h"

namespace crier {
namespace {

constexpr const char* kUrl = "https://chat.example.com/hooks/xy3qd5m9bfn8ib1gmrcyruk1ce";

class RequeueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        env_.Insert("Incoming Webhook URL", {{"webhook_name", "Tickets"}, {"webhook_url", kUrl}})
            .ok());
    for (int i = 0; i < 4; ++i) names_.push_back(Enqueue("m" + std::to_string(i)));
    // Claim all, then: 0 failed, 1 retrying in an hour, 2 delivered, 3 left sending.
    const TimePoint now = env_.clock().Now();
    ASSERT_TRUE(
        RunInWriteTxn(env_.store(), [&](WriteTxn& txn) -> Status {
          CRIER_ASSIGN_OR_RETURN(
              auto rows, txn.ClaimOutbox("w/1", ToMicros(now), ToMicros(now) + 60'000'000, 10));
          Outcome failed;
          failed.reason = Reason::kRejected;
          failed.http_status = 400;
          failed.detail = "400: bad";
          Outcome retry = failed;
          retry.verdict = Verdict::kRetry;
          retry.http_status = 503;
          Outcome ok;
          ok.verdict = Verdict::kDelivered;
          ok.reason = Reason::kDelivered;
          std::vector<OutboxMessage> updates = {
              RecordAttempt(rows[0], failed, {NextStep::kFail, {}, Reason::kRejected}, now),
              RecordAttempt(rows[1], retry,
                            {NextStep::kRetry, now + std::chrono::hours(1), Reason::kServerError},
                            now),
              RecordAttempt(rows[2], ok, {NextStep::kDone, {}, Reason::kDelivered}, now)};
          for (const OutboxMessage& u : updates) CRIER_RETURN_IF_ERROR(txn.UpdateOutbox(u));
          return Status::Ok();
        }).ok());
    env_.clock().Advance(std::chrono::minutes(5));
  }

  std::string Enqueue(const std::string& text) {
    std::string name;
    EXPECT_TRUE(RunInWriteTxn(env_.store(), [&](WriteTxn& txn) -> Status {
                  ChatMessage m;
                  m.text = text;
                  CRIER_ASSIGN_OR_RETURN(auto names, EnqueueChat(txn, env_.documents(),
                                                                 ChannelEnv{}, "Tickets", m, {}));
                  name = names[0];
                  return Status::Ok();
                }).ok());
    return name;
  }

  Result<std::vector<std::string>> Retry(const std::string& name, bool webhook = false) {
    Result<std::vector<std::string>> out = Status(StatusCode::kInternal, "not run");
    Status s = RunInWriteTxn(env_.store(), [&](WriteTxn& txn) {
      out = webhook ? RetryWebhookDeliveries(txn, name, env_.clock().Now())
                    : RetryDelivery(txn, name, env_.clock().Now());
      return out.status();
    });
    if (!s.ok()) return s;
    return out;
  }

  OutboxMessage RowOf(const std::string& delivery) {
    auto txn = env_.store().BeginRead();
    std::int64_t id = env_.Get("Webhook Delivery", delivery).value()["outbox_id"];
    return (*txn)->GetOutbox(id).value().value();
  }

  ModelTestEnv env_;
  std::vector<std::string> names_;
};

TEST_F(RequeueTest, AFailedDeliveryIsQueuedAgainOnItsOwnRow) {
  const std::int64_t old_id = env_.Get("Webhook Delivery", names_[0]).value()["outbox_id"];
  auto r = Retry(names_[0]);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, std::vector<std::string>{names_[0]});
  Json d = env_.Get("Webhook Delivery", names_[0]).value();
  EXPECT_EQ(d["status"], "Queued");
  EXPECT_EQ(d["attempts"], 0);
  EXPECT_EQ(d["outbox_id"], old_id) << "the delivery keeps its row, so its name";
  EXPECT_EQ(d["next_attempt"], nullptr);
  EXPECT_EQ(d["modified"], DateTimeString(env_.clock().Now()));
  EXPECT_EQ(d["last_error"], "400: bad") << "the last error stays until the next attempt";
  OutboxMessage row = RowOf(names_[0]);
  EXPECT_EQ(row.status, "queued");
  EXPECT_EQ(row.queue, "webhook:Tickets");
  EXPECT_EQ(row.created_us, ToMicros(env_.clock().Now())) << "a fresh age limit";
  EXPECT_EQ(row.next_attempt_us, ToMicros(env_.clock().Now())) << "due now";
  auto payload = ReadPayload(row);
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(payload->chat.text, "m0");
}

TEST_F(RequeueTest, ARetryingDeliveryIsMadeDueNow) {
  auto r = Retry(names_[1]);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  OutboxMessage row = RowOf(names_[1]);
  EXPECT_EQ(row.next_attempt_us, ToMicros(env_.clock().Now()));
  EXPECT_EQ(row.attempts, 1) << "same row, same count";
  Json d = env_.Get("Webhook Delivery", names_[1]).value();
  EXPECT_EQ(d["status"], "Retrying");
  EXPECT_EQ(d["next_attempt"], FieldDateTime(env_.clock().Now()));
}

TEST_F(RequeueTest, OnlyFailedOrRetryingAndOnlyToAnEnabledWebhook) {
  EXPECT_EQ(Retry(names_[2]).status().code(), StatusCode::kConflict);  // Delivered.
  EXPECT_EQ(Retry(names_[2]).status().field(), "name");
  EXPECT_EQ(env_.Get("Webhook Delivery", names_[3]).value()["status"], "Sending");
  EXPECT_EQ(Retry(names_[3]).status().code(), StatusCode::kConflict);
  EXPECT_EQ(Retry("DLV-9999999999").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(env_.Update("Incoming Webhook URL", "Tickets", {{"enabled", 0}}).ok());
  auto r = Retry(names_[0]);
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(r.status().field(), "webhook");
  EXPECT_NE(r.status().message().find("enable it"), std::string::npos);
  EXPECT_EQ(Retry("Tickets", true).status().field(), "webhook");
  EXPECT_EQ(env_.Get("Webhook Delivery", names_[0]).value()["status"], "Failed")
      << "nothing changed";
}

TEST_F(RequeueTest, AllOfAWebhookInOrder) {
  auto r = Retry("Tickets", true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<std::string>{names_[0], names_[1]}));
  EXPECT_EQ(Retry("Tickets", true)->size(), 1u)
      << "the retrying one again; the failed one is queued";
  EXPECT_TRUE(Retry("Nobody", true)->empty());
}

}  // namespace
}  // namespace crier
