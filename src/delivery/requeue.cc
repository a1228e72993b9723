// Re-queuing deliveries.
#include "delivery/requeue.h"

#include <fmt/format.h>

#include "base/time.h"
#include "delivery/delivery_record.h"
#include "delivery/delivery_target.h"
#include "delivery/enqueue.h"

namespace crier {
namespace {

// The delivery's webhook or account can take messages.
Status CheckTarget(ReadTxn& txn, const Json& delivery) {
  const std::string target = delivery.value("webhook", "");
  const bool email = delivery.value("service", "") == "Email";
  const char* doctype = email ? "Email Account" : "Incoming Webhook URL";
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> doc, txn.GetDoc(doctype, target));
  if (!doc) {
    return Status(
        StatusCode::kNotFound,
        fmt::format("{} '{}' no longer exists: its deliveries cannot be retried", doctype, target),
        "webhook");
  }
  if (!CheckedOn(*doc, email ? "enable_outgoing" : "enabled")) {
    return Status(StatusCode::kConflict,
                  fmt::format("{} '{}' is disabled: enable it before retrying its deliveries",
                              doctype, target),
                  "webhook");
  }
  return Status::Ok();
}

// Re-queues one delivery already known to be Failed or Retrying. False when its row is being
// sent right now.
Result<bool> Requeue(WriteTxn& txn, const Json& delivery, TimePoint now) {
  const std::int64_t outbox_id = delivery.value("outbox_id", std::int64_t{0});
  CRIER_ASSIGN_OR_RETURN(std::optional<OutboxMessage> row, txn.GetOutbox(outbox_id));
  if (!row) {  // Deleted by a concurrent transaction since the list was read.
    return Status(
        StatusCode::kNotFound,
        fmt::format("{} {} no longer exists", kDeliveryDoctype, delivery.value("name", "")),
        "name");
  }
  const std::int64_t now_us = ToMicros(now);
  if (row->status == kRowQueued) {  // Retrying: due now.
    row->next_attempt = FieldDateTime(now);
  } else if (row->status == kRowFailed) {  // Queued again, as if produced now.
    row->status = kRowQueued;
    row->attempts = 0;
    row->created_us = now_us;
    row->next_attempt.clear();
  } else {
    return false;  // Being sent, or already delivered by a worker since the list was read.
  }
  row->next_attempt_us = now_us;
  row->modified = DateTimeString(now);
  CRIER_RETURN_IF_ERROR(txn.UpdateOutbox(*row));
  return true;
}

bool Retryable(const Json& delivery) {
  const std::string status = delivery.value("status", "");
  return status == kDeliveryFailed || status == kDeliveryRetrying;
}

}  // namespace

Result<std::vector<std::string>> RetryDelivery(WriteTxn& txn, const std::string& name,
                                               TimePoint now) {
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> delivery, txn.GetDoc(kDeliveryDoctype, name));
  if (!delivery) {
    return Status(StatusCode::kNotFound, fmt::format("{} {} not found", kDeliveryDoctype, name),
                  "name");
  }
  if (!Retryable(*delivery)) {
    return Status(StatusCode::kConflict,
                  fmt::format("{} {} is {}: only Failed or Retrying deliveries can be retried",
                              kDeliveryDoctype, name, delivery->value("status", "")),
                  "name");
  }
  CRIER_RETURN_IF_ERROR(CheckTarget(txn, *delivery));
  std::vector<std::string> names;
  CRIER_ASSIGN_OR_RETURN(bool requeued, Requeue(txn, *delivery, now));
  if (requeued) names.push_back(name);
  txn.Publish(kOutboxTopic, "");
  return names;
}

Result<std::vector<std::string>> RetryWebhookDeliveries(WriteTxn& txn, const std::string& webhook,
                                                        TimePoint now) {
  DocQuery q{
      .doctype = std::string(kDeliveryDoctype),
      .filters = {{"webhook", FilterOp::kEq, webhook},
                  {"status", FilterOp::kIn, Json::array({kDeliveryFailed, kDeliveryRetrying})}},
      .order_by = {{"name", false}}};
  CRIER_ASSIGN_OR_RETURN(std::vector<Json> deliveries, txn.ListDocs(q));
  std::vector<std::string> names;
  if (deliveries.empty()) return names;
  CRIER_RETURN_IF_ERROR(CheckTarget(txn, deliveries.front()));
  for (const Json& delivery : deliveries) {
    CRIER_ASSIGN_OR_RETURN(bool requeued, Requeue(txn, delivery, now));
    if (requeued) names.push_back(delivery.value("name", ""));
  }
  txn.Publish(kOutboxTopic, "");
  return names;
}

}  // namespace crier
