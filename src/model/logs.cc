// Error Log and Notification Log entries written with the system's authority.
#include "model/logs.h"

namespace crier {
namespace {

WriteOptions SystemWrite(std::string origin) {
  WriteOptions o;
  o.user = "Administrator";
  o.origin = std::move(origin);
  return o;
}

// Sets `key` only when `value` is not empty, so that Link fields stay unset rather than "".
void SetIfAny(Json& doc, const char* key, const std::string& value) {
  if (!value.empty()) doc[key] = value;
}

}  // namespace

Result<std::string> WriteErrorLog(WriteTxn& txn, DocumentService& documents,
                                  const ErrorLogEntry& entry) {
  Json doc = {{"method", entry.title}, {"error", entry.error}, {"seen", 0}};
  SetIfAny(doc, "reference_doctype", entry.reference_doctype);
  SetIfAny(doc, "reference_name", entry.reference_name);
  CRIER_ASSIGN_OR_RETURN(Json stored,
                         documents.Insert(txn, SystemWrite("error_log"), "Error Log", doc));
  return stored.value("name", "");
}

Result<std::string> WriteNotificationLog(WriteTxn& txn, DocumentService& documents,
                                         const NotificationLogEntry& entry) {
  Json doc = {{"for_user", entry.for_user},
              {"subject", entry.subject},
              {"email_content", entry.email_content},
              {"type", entry.type},
              {"read", 0}};
  SetIfAny(doc, "document_type", entry.document_type);
  SetIfAny(doc, "document_name", entry.document_name);
  SetIfAny(doc, "from_user", entry.from_user);
  SetIfAny(doc, "link", entry.link);
  CRIER_ASSIGN_OR_RETURN(
      Json stored, documents.Insert(txn, SystemWrite("notification_log"), "Notification Log", doc));
  return stored.value("name", "");
}

}  // namespace crier
