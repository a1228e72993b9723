// Sending deliveries again on an administrator's request (`delivery.retry`): a Failed delivery's
// outbox row is queued again (due now, with a fresh age limit and attempt count, in its place in
// its webhook's order, which is the order the messages were produced in), a Retrying one is made
// due now. The delivery keeps its name and shows the new state; its last error stays until the
// next attempt.
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/store.h"

namespace crier {

// Re-queues the Webhook Delivery `name`. Errors: kNotFound (field "name") for no such delivery;
// kConflict (field "name") when it is neither Failed nor Retrying; kConflict
// (field "webhook") when its webhook or e-mail account is disabled, kNotFound when it was deleted:
// a retry would fail at once. Returns the names re-queued (this one, or none when it is being sent
// right now). Publishes the outbox wake-up on commit.
Result<std::vector<std::string>> RetryDelivery(WriteTxn& txn, const std::string& name,
                                               TimePoint now);

// Re-queues every Failed or Retrying delivery of the webhook (or e-mail account) `webhook`, oldest
// first. Errors as above, on field "webhook".
Result<std::vector<std::string>> RetryWebhookDeliveries(WriteTxn& txn, const std::string& webhook,
                                                        TimePoint now);

}  // namespace crier
