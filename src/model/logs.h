// The two logs other layers write inside a document's transaction: `Error Log` (what went wrong,
// for System Managers: a notification that failed to render, a webhook disabled) and `Notification
// Log` (the bell: one entry per user). Both are ordinary documents, so they commit or roll back
// with the write that produced them.
#pragma once

#include <string>

#include "base/status.h"
#include "model/document_service.h"

namespace crier {

struct ErrorLogEntry {
  std::string title = {};  // Error Log `method`: a short title ("Failed to send Notification").
  std::string error = {};  // The full text. Callers redact secrets first.
  std::string reference_doctype = {};
  std::string reference_name = {};
};

// Inserts an `Error Log`; returns its name.
Result<std::string> WriteErrorLog(WriteTxn& txn, DocumentService& documents,
                                  const ErrorLogEntry& entry);

struct NotificationLogEntry {
  std::string for_user = {};  // A User name.
  std::string subject = {};
  std::string email_content = {};  // The rendered message.
  std::string document_type = {};  // The document it is about ("" for none).
  std::string document_name = {};
  std::string from_user = {};  // Who caused it ("" for the system).
  std::string type = "Alert";
  std::string link = {};  // Where the bell's entry leads ("" for the document's form).
};

// Inserts a `Notification Log` (unread); returns its name.
Result<std::string> WriteNotificationLog(WriteTxn& txn, DocumentService& documents,
                                         const NotificationLogEntry& entry);

}  // namespace crier
