// Outbox row (Webhook Delivery) updates after an attempt.
#include "delivery/delivery_record.h"

#include <fmt/format.h>

#include "base/time.h"

namespace crier {

std::string FieldDateTime(TimePoint t) {
  return FormatDateTime(ToLocal(t));
}

OutboxMessage RecordAttempt(const OutboxMessage& row, const Outcome& outcome,
                            const Decision& decision, TimePoint now) {
  OutboxMessage r = row;
  r.last_status = outcome.http_status;
  r.lease_owner.clear();
  r.lease_until_us = 0;
  r.latency_ms = static_cast<double>(outcome.latency.count()) / 1000.0;
  r.modified = DateTimeString(now);
  r.next_attempt.clear();
  switch (decision.step) {
    case NextStep::kDone:
      r.status = kRowDelivered;
      r.last_error.clear();
      r.delivered_at = FieldDateTime(now);
      break;
    case NextStep::kRetry:
      r.status = kRowQueued;
      r.next_attempt_us = ToMicros(decision.next_attempt);
      r.next_attempt = FieldDateTime(decision.next_attempt);
      r.last_error = outcome.detail;
      break;
    case NextStep::kFail:
      r.status = kRowFailed;
      r.last_error =
          decision.reason == Reason::kExpired
              ? fmt::format("expired: not delivered after {} attempts since {}; last: {}",
                            row.attempts, DateTimeString(FromMicros(row.created_us)),
                            outcome.detail)
              : outcome.detail;
      break;
  }
  return r;
}

OutboxMessage ReleaseRow(const OutboxMessage& row, std::optional<TimePoint> not_before) {
  OutboxMessage r = row;
  r.status = kRowQueued;
  r.attempts = std::max(0, row.attempts - 1);
  if (not_before) r.next_attempt_us = std::max(row.next_attempt_us, ToMicros(*not_before));
  r.lease_owner.clear();
  r.lease_until_us = 0;
  return r;
}

}  // namespace crier
