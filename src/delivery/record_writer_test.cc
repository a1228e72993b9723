#include "delivery/record_writer.h"

#include <gtest/gtest.h>

#include "delivery/enqueue.h"
#include "model/test_env.h"

namespace crier {
namespace {

constexpr const char* kUrl = "https://chat.example.com/hooks/xy3qd5m9bfn8ib1gmrcyruk1ce";

class RecordWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        env_.Insert("Incoming Webhook URL", {{"webhook_name", "Tickets"}, {"webhook_url", kUrl}})
            .ok());
    for (int i = 0; i < 3; ++i) {
      Status s = RunInWriteTxn(env_.store(), [&](WriteTxn& txn) {
        ChatMessage m;
        m.text = "m" + std::to_string(i);
        return EnqueueChat(txn, env_.documents(), ChannelEnv{}, "Tickets", m, {}).status();
      });
      ASSERT_TRUE(s.ok()) << s.ToString();
    }
  }

  std::vector<OutboxMessage> Claim(const std::string& owner) {
    std::vector<OutboxMessage> rows;
    const std::int64_t now = ToMicros(env_.clock().Now());
    EXPECT_TRUE(RunInWriteTxn(env_.store(), [&](WriteTxn& txn) -> Status {
                  CRIER_ASSIGN_OR_RETURN(rows, txn.ClaimOutbox(owner, now, now + 60'000'000, 10));
                  return Status::Ok();
                }).ok());
    return rows;
  }

  OutboxMessage Row(std::int64_t id) {
    auto txn = env_.store().BeginRead();
    return (*txn)->GetOutbox(id).value().value();
  }

  ModelTestEnv env_;
};

Outcome Delivered() {
  Outcome o;
  o.verdict = Verdict::kDelivered;
  o.reason = Reason::kDelivered;
  o.http_status = 200;
  return o;
}

TEST_F(RecordWriterTest, WritesOnlyRowsWhoseLeaseItStillHolds) {
  std::vector<OutboxMessage> rows = Claim("a/1");
  ASSERT_EQ(rows.size(), 3u);
  RecordBatch batch;
  const TimePoint now = env_.clock().Now();
  for (const OutboxMessage& row : rows) {
    batch.updates.push_back(
        RecordAttempt(row, Delivered(), {NextStep::kDone, {}, Reason::kDelivered}, now));
  }
  // Row 3's lease ended, another worker claimed it since and recorded it first.
  ASSERT_TRUE(RunInWriteTxn(env_.store(), [&](WriteTxn& txn) {
                OutboxMessage r = rows[2];
                r.status = "delivered";
                r.last_status = 201;
                return txn.UpdateOutbox(r);
              }).ok());
  Result<RecordCounts> counts = Status(StatusCode::kInternal, "not run");
  ASSERT_TRUE(RunInWriteTxn(env_.store(), [&](WriteTxn& txn) {
                counts = WriteRecords(txn, env_.documents(), "a/1", batch);
                return counts.status();
              }).ok());
  EXPECT_EQ(counts->written, 2);
  EXPECT_EQ(counts->lost, 1);
  EXPECT_EQ(Row(rows[0].id).status, "delivered");
  EXPECT_EQ(env_.Get("Webhook Delivery", DeliveryName(rows[0].id)).value()["status"], "Delivered");
  EXPECT_EQ(Row(rows[2].id).status, "delivered") << "what the other worker wrote stays";
  EXPECT_EQ(Row(rows[2].id).last_status, 201);
  Json other = env_.Get("Webhook Delivery", DeliveryName(rows[2].id)).value();
  EXPECT_EQ(other["status"], "Delivered");
  EXPECT_EQ(other["last_status"], 201);
}

TEST_F(RecordWriterTest, AtStartANodeTakesBackOnlyItsEarlierRunsLeases) {
  ASSERT_TRUE(
      env_.Insert("Incoming Webhook URL", {{"webhook_name", "Other"}, {"webhook_url", kUrl}}).ok());
  ASSERT_TRUE(RunInWriteTxn(env_.store(), [&](WriteTxn& txn) {
                ChatMessage m;
                m.text = "other";
                return EnqueueChat(txn, env_.documents(), ChannelEnv{}, "Other", m, {}).status();
              }).ok());
  std::vector<OutboxMessage> mine = Claim("node-a/old");  // All four.
  ASSERT_EQ(mine.size(), 4u);
  // "Other" goes back and is claimed by node-ab, whose name starts like node-a's.
  ASSERT_TRUE(RunInWriteTxn(env_.store(), [&](WriteTxn& txn) {
                OutboxMessage other = mine[3];
                other.status = "queued";
                return txn.UpdateOutbox(other);
              }).ok());
  ASSERT_EQ(Claim("node-ab/x").size(), 1u);
  Result<int> released = 0;
  ASSERT_TRUE(RunInWriteTxn(env_.store(), [&](WriteTxn& txn) {
                released = ReleaseEarlierLeases(txn, "node-a", "node-a/new");
                return released.status();
              }).ok());
  EXPECT_EQ(*released, 3);
  OutboxMessage first = Row(mine[0].id);
  EXPECT_EQ(first.status, "queued");
  EXPECT_EQ(first.attempts, 1) << "it may have been sent: the attempt counts";
  EXPECT_EQ(first.lease_owner, "");
  EXPECT_EQ(Row(mine[3].id).lease_owner, "node-ab/x") << "another node's lease is not ours";
  // This run's own leases stay.
  std::vector<OutboxMessage> now_mine = Claim("node-a/new");
  ASSERT_EQ(now_mine.size(), 3u);
  ASSERT_TRUE(RunInWriteTxn(env_.store(), [&](WriteTxn& txn) {
                released = ReleaseEarlierLeases(txn, "node-a", "node-a/new");
                return released.status();
              }).ok());
  EXPECT_EQ(*released, 0);
}

}  // namespace
}  // namespace crier
