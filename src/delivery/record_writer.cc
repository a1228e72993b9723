// Batched recording of delivery outcomes.
#include "delivery/record_writer.h"

#include "base/log.h"

namespace crier {

std::string LeaseOwner(const std::string& node_id, const std::string& boot) {
  return node_id + "/" + boot;
}

Result<RecordCounts> WriteRecords(WriteTxn& txn, DocumentService& documents,
                                  const std::string& owner, const RecordBatch& batch) {
  RecordCounts counts;
  for (const OutboxMessage& row : batch.updates) {
    CRIER_ASSIGN_OR_RETURN(std::optional<OutboxMessage> stored, txn.GetOutbox(row.id));
    if (!stored || stored->status != kRowSending || stored->lease_owner != owner) {
      ++counts.lost;
      continue;
    }
    CRIER_RETURN_IF_ERROR(txn.UpdateOutbox(row));
    ++counts.written;
  }
  for (const GoneWebhook& gone : batch.disable) {
    CRIER_ASSIGN_OR_RETURN(bool disabled, DisableGoneWebhook(txn, documents, gone));
    if (disabled) counts.disabled_webhooks.push_back(gone);
  }
  return counts;
}

Result<int> ReleaseEarlierLeases(WriteTxn& txn, const std::string& node_id,
                                 const std::string& owner) {
  const std::string prefix = node_id + "/";
  int released = 0;
  CRIER_ASSIGN_OR_RETURN(std::vector<OutboxMessage> sending, txn.ListOutbox(kRowSending, 1 << 30));
  for (const OutboxMessage& row : sending) {
    if (row.lease_owner == owner || row.lease_owner.compare(0, prefix.size(), prefix) != 0) {
      continue;
    }
    OutboxMessage back = ReleaseRow(row, std::nullopt);
    back.attempts = row.attempts;
    CRIER_RETURN_IF_ERROR(txn.UpdateOutbox(back));
    ++released;
  }
  return released;
}

}  // namespace crier
