// Row and Webhook Delivery updates after an attempt.
#include "delivery/delivery_record.h"

#include <fmt/format.h>

#include "base/time.h"

namespace crier {

RecordUpdate RecordAttempt(const OutboxMessage& row, const std::string& delivery,
                           const Outcome& outcome, const Decision& decision, TimePoint now) {
  RecordUpdate u;
  u.row = row;
  u.row.last_status = outcome.http_status;
  u.row.lease_owner.clear();
  u.row.lease_until_us = 0;
  u.delivery = delivery;
  Json& f = u.delivery_fields;
  f = Json::object();
  f["attempts"] = row.attempts;
  f["last_status"] = outcome.http_status;
  f["latency_ms"] = static_cast<double>(outcome.latency.count()) / 1000.0;
  switch (decision.step) {
    case NextStep::kDone:
      u.row.status = kRowDelivered;
      u.row.last_error.clear();
      f["status"] = kDeliveryDelivered;
      f["next_attempt"] = nullptr;
      f["delivered_at"] = DateTimeString(now);
      break;
    case NextStep::kRetry:
      u.row.status = kRowQueued;
      u.row.next_attempt_us = ToMicros(decision.next_attempt);
      u.row.last_error = outcome.detail;
      f["status"] = kDeliveryRetrying;
      f["next_attempt"] = DateTimeString(decision.next_attempt);
      break;
    case NextStep::kFail:
      u.row.status = kRowFailed;
      u.row.last_error =
          decision.reason == Reason::kExpired
              ? fmt::format("expired: not delivered after {} attempts since {}; last: {}",
                            row.attempts, DateTimeString(FromMicros(row.created_us)),
                            outcome.detail)
              : outcome.detail;
      f["status"] = kDeliveryFailed;
      f["next_attempt"] = nullptr;
      break;
  }
  f["last_error"] = u.row.last_error;
  return u;
}

RecordUpdate ReleaseRow(const OutboxMessage& row, std::optional<TimePoint> not_before) {
  RecordUpdate u;
  u.row = row;
  u.row.status = kRowQueued;
  u.row.attempts = std::max(0, row.attempts - 1);
  if (not_before) u.row.next_attempt_us = std::max(row.next_attempt_us, ToMicros(*not_before));
  u.row.lease_owner.clear();
  u.row.lease_until_us = 0;
  return u;
}

}  // namespace crier
