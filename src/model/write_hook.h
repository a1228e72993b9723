// The seam through which the rest of crier joins a document write: a WriteHook is called for each
// Frappe controller hook name of the write (before_insert, validate, before_save, after_insert,
// on_update, on_submit, on_cancel, on_update_after_submit, on_change, on_trash, after_delete...),
// inside the write's transaction, with the document before and after. Notification rules (issue
// 4) plug in here: anything they write through `ctx.txn` or `ctx.documents` (outbox rows,
// Notification Logs, Error Logs, a nested save for "set property after alert") commits or rolls
// back with the document. See docs/architecture.md, "Document writes and hooks".
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"
#include "model/lifecycle.h"
#include "model/meta.h"
#include "store/store.h"

namespace crier {

class DocumentService;

// Who writes and how. Nested writes made by hooks pass their own options (usually copying the
// outer ones and setting `origin`).
struct WriteOptions {
  std::string user = "Administrator";  // Becomes owner / modified_by.
  // Honour the `name` the input gives whatever the autoname rule (imports, events.ingest).
  bool keep_given_name = false;
  // Allows writing crier's built-in DocTypes (only the installer sets it).
  bool allow_builtin_change = false;
  // Free-form label of what caused this write, visible to hooks, e.g.
  // "notification:Due soon" for a set-property save, so a rule can avoid re-firing itself.
  std::string origin;
  // How many writes enclose this one; DocumentService sets it for nested writes and refuses
  // nesting deeper than kMaxWriteDepth.
  int depth = 0;
};

inline constexpr int kMaxWriteDepth = 8;

struct HookContext {
  WriteTxn& txn;               // The write's transaction: write more rows here.
  DocumentService& documents;  // For nested writes in the same transaction.
  const Meta& meta;            // The document's DocType.
  const WriteOptions& options;
  WriteAction action;
  std::string_view hook;  // The Frappe hook name being run.
  // The document. In `before_*`/`validate`/`on_trash` hooks changes are kept (and validated);
  // in the hooks after the write it is what was stored, and changes are ignored: use a nested
  // documents.Update() to change the stored document.
  nlohmann::json& doc;
  // The stored document before this write; nullptr for inserts.
  const nlohmann::json* before;
};

// A participant in document writes. Implementations must be thread-safe: writes run one at a time
// per process, but reads of shared state (caches) may happen concurrently elsewhere.
class WriteHook {
 public:
  virtual ~WriteHook() = default;
  // Called once per hook name of each write, in HooksFor(action) order, hooks in registration
  // order. A non-OK status aborts the write and the transaction is rolled back by the caller:
  // return errors only for what must refuse the write (validation), never for a notification
  // that failed to render or send (record those as Error Logs instead).
  virtual Status Run(HookContext& ctx) = 0;
};

}  // namespace crier
