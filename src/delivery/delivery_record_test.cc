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

// Each outcome, what the row and the Webhook Delivery become.
TEST(DeliveryRecordTest, EachDecisionUpdatesTheRowAndTheDelivery) {
  struct Case {
    Outcome outcome;
    Decision decision;
    const char* row_status;
    const char* delivery_status;
    std::string last_error;
    Json next_attempt;
  } cases[] = {
      {Answer(Verdict::kDelivered, Reason::kDelivered, 200, ""),
       {NextStep::kDone, {}, Reason::kDelivered},
       "delivered",
       "Delivered",
       "",
       nullptr},
      {Answer(Verdict::kRetry, Reason::kServerError, 503, "503: Service Unavailable"),
       {NextStep::kRetry, kNow + seconds(8), Reason::kServerError},
       "queued",
       "Retrying",
       "503: Service Unavailable",
       "2026-03-01 09:00:08.000000"},
      {Answer(Verdict::kFailed, Reason::kGone, 404, "404: Not Found"),
       {NextStep::kFail, {}, Reason::kGone},
       "failed",
       "Failed",
       "404: Not Found",
       nullptr},
      {Answer(Verdict::kRetry, Reason::kTimeout, 0, "timeout"),
       {NextStep::kFail, {}, Reason::kExpired},
       "failed",
       "Failed",
       "expired: not delivered after 3 attempts since 2026-03-01 07:00:00.000000; last: timeout",
       nullptr},
  };
  for (const Case& c : cases) {
    RecordUpdate u = RecordAttempt(Claimed(), "DLV-0000000042", c.outcome, c.decision, kNow);
    SCOPED_TRACE(c.delivery_status);
    EXPECT_EQ(u.row.id, 42);
    EXPECT_EQ(u.row.status, c.row_status);
    EXPECT_EQ(u.row.attempts, 3);
    EXPECT_EQ(u.row.last_status, c.outcome.http_status);
    EXPECT_EQ(u.row.last_error, c.last_error);
    if (c.decision.step == NextStep::kRetry) {
      EXPECT_EQ(u.row.next_attempt_us, ToMicros(kNow + seconds(8)));
    }
    EXPECT_EQ(u.delivery, "DLV-0000000042");
    const Json& f = u.delivery_fields;
    EXPECT_EQ(f["status"], c.delivery_status);
    EXPECT_EQ(f["attempts"], 3);
    EXPECT_EQ(f["last_status"], c.outcome.http_status);
    EXPECT_EQ(f["last_error"], c.last_error);
    EXPECT_EQ(f["latency_ms"], 12.5);
    EXPECT_EQ(f["next_attempt"], c.next_attempt);
    if (c.decision.step == NextStep::kDone) {
      EXPECT_EQ(f["delivered_at"], "2026-03-01 09:00:00.000000");
    } else {
      EXPECT_FALSE(f.contains("delivered_at"));
    }
  }
}

TEST(DeliveryRecordTest, ARowGivenBackIsQueuedWithItsAttemptTakenBack) {
  RecordUpdate u = ReleaseRow(Claimed(), std::nullopt);
  EXPECT_EQ(u.row.status, "queued");
  EXPECT_EQ(u.row.attempts, 2);
  EXPECT_EQ(u.row.next_attempt_us, ToMicros(kNow - seconds(1))) << "due as before";
  EXPECT_EQ(u.row.last_error, "503: earlier") << "the last outcome stays";
  EXPECT_EQ(u.delivery, "") << "its Webhook Delivery does not change";
  u = ReleaseRow(Claimed(), kNow + seconds(30));
  EXPECT_EQ(u.row.next_attempt_us, ToMicros(kNow + seconds(30)));
  OutboxMessage fresh = Claimed();
  fresh.attempts = 0;
  EXPECT_EQ(ReleaseRow(fresh, std::nullopt).row.attempts, 0);
}

}  // namespace
}  // namespace crier
