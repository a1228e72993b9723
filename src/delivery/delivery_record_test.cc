#include "delivery/delivery_record.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace crier {
namespace {

using std::chrono::seconds;

const TimePoint kNow = FromLocal({{2026, 3, 1}, 9, 0, 0, 0});

OutboxMessage Claimed() {
  OutboxMessage row;
  row.id = 42;
  row.status = "sending";
  row.attempts = 3;
  row.created_us = ToMicros(kNow - std::chrono::hours(2));
  row.next_attempt_us = ToMicros(kNow - seconds(1));
  row.lease_owner = "node/boot";
  row.lease_until_us = ToMicros(kNow + std::chrono::minutes(2));
  row.last_error = "503: earlier";
  return row;
}

Outcome Answer(Verdict verdict, Reason reason, int status, std::string detail) {
  Outcome o;
  o.verdict = verdict;
  o.reason = reason;
  o.http_status = status;
  o.detail = std::move(detail);
  o.latency = std::chrono::microseconds(12'500);
  return o;
}

// Each outcome, what the row (which is the Webhook Delivery) becomes.
TEST(DeliveryRecordTest, EachDecisionUpdatesTheRow) {
  struct Case {
    Outcome outcome;
    Decision decision;
    const char* row_status;
    std::string last_error;
    std::string next_attempt;
    std::string delivered_at;
  } cases[] = {
      {Answer(Verdict::kDelivered, Reason::kDelivered, 200, ""),
       {NextStep::kDone, {}, Reason::kDelivered},
       "delivered",
       "",
       "",
       "2026-03-01 09:00:00"},
      {Answer(Verdict::kRetry, Reason::kServerError, 503, "503: Service Unavailable"),
       {NextStep::kRetry, kNow + seconds(8), Reason::kServerError},
       "queued",
       "503: Service Unavailable",
       "2026-03-01 09:00:08",
       ""},
      {Answer(Verdict::kFailed, Reason::kGone, 404, "404: Not Found"),
       {NextStep::kFail, {}, Reason::kGone},
       "failed",
       "404: Not Found",
       "",
       ""},
      {Answer(Verdict::kRetry, Reason::kTimeout, 0, "timeout"),
       {NextStep::kFail, {}, Reason::kExpired},
       "failed",
       "expired: not delivered after 3 attempts since 2026-03-01 07:00:00.000000; last: timeout",
       "",
       ""},
  };
  for (const Case& c : cases) {
    OutboxMessage claimed = Claimed();
    claimed.next_attempt = "2026-03-01 08:59:59.000000";  // From an earlier retry.
    OutboxMessage u = RecordAttempt(claimed, c.outcome, c.decision, kNow);
    SCOPED_TRACE(c.row_status);
    EXPECT_EQ(u.id, 42);
    EXPECT_EQ(u.status, c.row_status);
    EXPECT_EQ(u.attempts, 3);
    EXPECT_EQ(u.last_status, c.outcome.http_status);
    EXPECT_EQ(u.last_error, c.last_error);
    EXPECT_EQ(u.latency_ms, 12.5);
    EXPECT_EQ(u.modified, "2026-03-01 09:00:00.000000");
    EXPECT_EQ(u.next_attempt, c.next_attempt);
    EXPECT_EQ(u.delivered_at, c.delivered_at);
    EXPECT_EQ(u.lease_owner, "");
    if (c.decision.step == NextStep::kRetry) {
      EXPECT_EQ(u.next_attempt_us, ToMicros(kNow + seconds(8)));
    }
  }
}

TEST(DeliveryRecordTest, ARowGivenBackIsQueuedWithItsAttemptTakenBack) {
  OutboxMessage u = ReleaseRow(Claimed(), std::nullopt);
  EXPECT_EQ(u.status, "queued");
  EXPECT_EQ(u.attempts, 2);
  EXPECT_EQ(u.next_attempt_us, ToMicros(kNow - seconds(1))) << "due as before";
  EXPECT_EQ(u.last_error, "503: earlier") << "the last outcome stays";
  EXPECT_EQ(u.modified, Claimed().modified) << "nothing users see changes";
  u = ReleaseRow(Claimed(), kNow + seconds(30));
  EXPECT_EQ(u.next_attempt_us, ToMicros(kNow + seconds(30)));
  OutboxMessage fresh = Claimed();
  fresh.attempts = 0;
  EXPECT_EQ(ReleaseRow(fresh, std::nullopt).attempts, 0);
}

}  // namespace
}  // namespace crier
