// What one attempt changes in the store, decided as a pure function so that it is tested as a
// table: the outbox row, which is also the `Webhook Delivery` users read (status, attempts, next
// attempt, last status and error, latency, delivered at; the lease is cleared by the store).
// Retries survive restarts because all of this is on the row.
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

// `Webhook Delivery.status` values (the delivery view maps row statuses to them).
inline constexpr const char* kDeliveryQueued = "Queued";
inline constexpr const char* kDeliveryRetrying = "Retrying";
inline constexpr const char* kDeliveryDelivered = "Delivered";
inline constexpr const char* kDeliveryFailed = "Failed";

// A time as the delivery's Datetime fields (next attempt, delivered at) show it, like any
// document's Datetime field: local time, microseconds only when not zero.
std::string FieldDateTime(TimePoint t);

// The row to store (UpdateOutbox) after attempt number row.attempts (the claim counted it) came
// to `outcome`, and Decide() said `decision`, at `now`. The last error is the outcome's redacted
// detail; an expired delivery says how many attempts it made.
OutboxMessage RecordAttempt(const OutboxMessage& row, const Outcome& outcome,
                            const Decision& decision, TimePoint now);

// A claimed row given back unsent (it waits behind a message that will be retried, its lease would
// end before the rate limit lets it go, or the worker stops): queued again, due at `not_before`
// when given (else when it was), with the attempt the claim counted taken back.
OutboxMessage ReleaseRow(const OutboxMessage& row, std::optional<TimePoint> not_before);

}  // namespace crier
