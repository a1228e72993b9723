// Writing what the workers learnt, many rows per transaction so that recording keeps up with
// sending: each row's outcome (or its release) on the outbox row (which is its Webhook Delivery),
// the webhooks to disable, and, at start, the rows this node held when it last stopped or crashed.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "delivery/delivery_record.h"
#include "delivery/webhook_disabler.h"
#include "model/document_service.h"
#include "store/store.h"

namespace crier {

struct RecordBatch {
  std::vector<OutboxMessage>
      updates;  // Rows after outcomes and releases, in the order they happened.
  std::vector<GoneWebhook> disable;  // Webhooks GoneTracker gave up on.
  bool empty() const { return updates.empty() && disable.empty(); }
};

struct RecordCounts {
  int written = 0;  // Rows updated.
  int lost = 0;     // Rows skipped: `owner` no longer held their lease (another worker does).
  std::vector<GoneWebhook> disabled_webhooks;  // Those of batch.disable that were disabled now.
};

// Writes `batch` in `txn`. A row is written only while `owner` still holds its lease: a worker
// whose lease ran out (it stalled) leaves the row to whoever claimed it since. Errors are the
// store's (the caller rolls back and retries).
Result<RecordCounts> WriteRecords(WriteTxn& txn, DocumentService& documents,
                                  const std::string& owner, const RecordBatch& batch);

// Puts back in the queue the rows still leased to an earlier run of this node (lease owner
// "<node_id>/<other boot>"): that run crashed or stopped mid-send, so they are due now rather than
// when their lease ends. Their attempt counts stay (they may have been sent). Returns how many.
Result<int> ReleaseEarlierLeases(WriteTxn& txn, const std::string& node_id,
                                 const std::string& owner);

// "<node_id>/<boot>": a lease owner unique to one run of one node.
std::string LeaseOwner(const std::string& node_id, const std::string& boot);

}  // namespace crier
