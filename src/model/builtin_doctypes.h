// crier's own DocTypes (DocType, User, Role, Incoming Webhook URL, Notification, Notification Log,
// Error Log, Webhook Delivery, Email Account and their child tables) with Frappe/Dokos field
// names, and the demo DocType `Issue`. Built-in definitions live in code and are written to the
// store at every start when they differ, so a newer crier adds fields without a migration.
#pragma once

#include <vector>

#include "base/status.h"
#include "model/document_service.h"
#include "store/store.h"

namespace crier {

// The built-in DocType documents, in an order where every Table target comes first.
const std::vector<Json>& BuiltinDocTypes();
// The roles crier knows: Administrator, System Manager, All (every user), Guest.
const std::vector<std::string>& BuiltinRoles();
// The demo DocType `Issue` (a support ticket), created by `crier serve --demo`.
const Json& DemoIssueDocType();

// Writes the built-in roles and DocTypes that are missing or differ from this build's, then
// reloads the meta cache from the store. Idempotent; safe at every start.
Status InstallBuiltins(Store& store, DocumentService& documents);
// Creates the demo DocType if it does not exist (an existing one, possibly edited, is kept).
Status InstallDemo(Store& store, DocumentService& documents);

}  // namespace crier
