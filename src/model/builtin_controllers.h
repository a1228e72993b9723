// The server-side behaviour of crier's built-in DocTypes that goes beyond field validation, as
// WriteHooks: DocType definitions (checked, indexed, published to the meta cache on commit,
// protected when built in), Incoming Webhook URL (http(s) URL with a host), Notification (named
// after its subject when no name is given).
#pragma once

#include "model/document_service.h"

namespace crier {

// Registers the controllers on `documents`. Call before any other hook is added, so that
// definitions are checked before anything else sees them.
void RegisterBuiltinControllers(DocumentService& documents);

}  // namespace crier
