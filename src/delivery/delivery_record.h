// What one attempt changes in the store, decided as a pure function so that it is tested as a
// table: the outbox row (status, attempts, next attempt, last status and error; the lease is
// cleared by the store) and the `Webhook Delivery` that users read (status, attempts, next attempt,
// last status, last error, latency, delivered at). Retries survive restarts because all of this is
// on the row.
#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "channels/outcome.h"
#include "delivery/retry_policy.h"
#include "store/query.h"
#include "store/records.h"

namespace crier {

// Outbox row statuses (store/records.h).
inline constexpr const char* kRowQueued = "queued";
inline constexpr const char* kRowSending = "sending";
inline constexpr const char* kRowDelivered = "delivered";
inline constexpr const char* kRowFailed = "failed";

// `Webhook Delivery.status` values.
inline constexpr const char* kDeliveryQueued = "Queued";
inline constexpr const char* kDeliveryRetrying = "Retrying";
inline constexpr const char* kDeliveryDelivered = "Delivered";
inline constexpr const char* kDeliveryFailed = "Failed";

struct RecordUpdate {
  OutboxMessage row;     // What UpdateOutbox stores.
  std::string delivery;  // The Webhook Delivery to update; "" to leave it as it is.
  Json delivery_fields;  // Its new field values (an object).
};

// After attempt number row.attempts (the claim counted it) came to `outcome`, and Decide() said
// `decision`, at `now`. The last error is the outcome's redacted detail; an expired delivery says
// how many attempts it made.
RecordUpdate RecordAttempt(const OutboxMessage& row, const std::string& delivery,
                           const Outcome& outcome, const Decision& decision, TimePoint now);

// A claimed row given back unsent (it waits behind a message that will be retried, its lease would
// end before the rate limit lets it go, or the worker stops): queued again, due at `not_before`
// when given (else when it was), with the attempt the claim counted taken back. Its Webhook
// Delivery does not change.
RecordUpdate ReleaseRow(const OutboxMessage& row, std::optional<TimePoint> not_before);

}  // namespace crier
