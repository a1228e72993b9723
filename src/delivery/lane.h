// One outbox queue (one webhook, or one e-mail account) as a worker holds it: the rows it claimed,
// oldest first, of which only the first may be on the wire. This is where "a message is never
// overtaken by a later one of the same webhook" lives: the next row goes only after the previous
// one's outcome, and when a row is to be retried later the rows behind it are given back.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "delivery/outbox_payload.h"
#include "store/records.h"

namespace crier {

// A claimed row and its payload, read once when claimed.
struct HeldRow {
  OutboxMessage row;
  Result<QueuedMessage> message = Status(StatusCode::kInternal, "not read");
};

struct Lane {
  std::string queue;
  std::deque<HeldRow> rows;  // In id order. rows.front() is on the wire when in_flight.
  bool in_flight = false;
  // Set while the rate limit holds the first row back: the worker comes back then.
  std::optional<TimePoint> wake_at;

  bool idle() const { return rows.empty() && !in_flight && !wake_at; }
};

// Inserts `held` keeping id order (rows normally arrive in order: this is a push_back). Returns
// false, inserting nothing, when the lane already holds that row (a worker that re-claimed its own
// row after its lease ended).
bool InsertInOrder(Lane& lane, HeldRow held);

}  // namespace crier
