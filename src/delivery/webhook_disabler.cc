// Disabling webhooks that are gone.
#include "delivery/webhook_disabler.h"

#include <fmt/format.h>

#include <algorithm>

#include "delivery/delivery_target.h"
#include "model/logs.h"

namespace crier {

Result<std::vector<std::string>> SystemManagers(ReadTxn& txn) {
  std::vector<std::string> users;
  CRIER_ASSIGN_OR_RETURN(std::vector<Json> all, txn.ListDocs(DocQuery{.doctype = "User"}));
  for (const Json& user : all) {
    if (!CheckedOn(user, "enabled")) continue;
    if (user.value("name", "") == "Administrator") {  // Has every role.
      users.push_back("Administrator");
      continue;
    }
    auto roles = user.find("roles");
    if (roles == user.end() || !roles->is_array()) continue;
    for (const Json& row : *roles) {
      if (row.is_object() && row.value("role", "") == "System Manager") {
        users.push_back(user.value("name", ""));
        break;
      }
    }
  }
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  std::erase(users, "");
  return users;
}

Result<bool> DisableGoneWebhook(WriteTxn& txn, DocumentService& documents,
                                const GoneWebhook& gone) {
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> doc, txn.GetDoc("Incoming Webhook URL", gone.webhook));
  if (!doc || !CheckedOn(*doc, "enabled")) return false;
  WriteOptions o;
  o.user = "Administrator";
  o.origin = "delivery";
  CRIER_RETURN_IF_ERROR(
      documents.Update(txn, o, "Incoming Webhook URL", gone.webhook, {{"enabled", 0}}).status());
  const std::string title = fmt::format("Webhook {} disabled", gone.webhook);
  const std::string text = fmt::format(
      "{} answered {} times in a row that the Incoming Webhook URL '{}' no longer exists (last "
      "answer: {}). crier disabled it: messages queued for it fail instead of being sent. Correct "
      "its URL, enable it again, then retry its failed deliveries.",
      gone.service, gone.answers, gone.webhook, gone.last_detail);
  CRIER_RETURN_IF_ERROR(WriteErrorLog(txn, documents,
                                      {.title = title,
                                       .error = text,
                                       .reference_doctype = "Incoming Webhook URL",
                                       .reference_name = gone.webhook})
                            .status());
  CRIER_ASSIGN_OR_RETURN(std::vector<std::string> managers, SystemManagers(txn));
  for (const std::string& user : managers) {
    CRIER_RETURN_IF_ERROR(WriteNotificationLog(txn, documents,
                                               {.for_user = user,
                                                .subject = title,
                                                .email_content = text,
                                                .document_type = "Incoming Webhook URL",
                                                .document_name = gone.webhook})
                              .status());
  }
  return true;
}

}  // namespace crier
