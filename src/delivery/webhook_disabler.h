// What crier does when a chat service keeps answering that a webhook no longer exists (a deleted
// Mattermost hook, an archived Slack channel): it stops sending to it and tells the people who can
// fix it, instead of retrying into the void. GoneTracker (gone_tracker.h) decides when; this
// writes the consequences, in the transaction that records the answer.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "model/document_service.h"
#include "store/store.h"

namespace crier {

struct GoneWebhook {
  std::string webhook;      // The Incoming Webhook URL's name.
  std::string service;      // "Mattermost"...
  int answers = 0;          // How many "gone" answers in a row.
  std::string last_detail;  // The last answer's detail, already redacted.
};

// Sets `enabled` to 0 on the webhook (a normal update: a version is kept and hooks run), writes an
// Error Log about it, and a Notification Log (the bell) for every user in SystemManagers(). Returns
// false, writing nothing, when the webhook is already disabled or no longer exists.
Result<bool> DisableGoneWebhook(WriteTxn& txn, DocumentService& documents, const GoneWebhook& gone);

// Who hears about what only an administrator can fix: every enabled user with the System Manager
// role, and Administrator (who has every role), sorted.
Result<std::vector<std::string>> SystemManagers(ReadTxn& txn);

}  // namespace crier
