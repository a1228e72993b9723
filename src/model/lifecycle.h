// The document life cycle as Frappe runs it: which docstatus transitions are allowed, what kind
// of write each one is, and which controller hooks run before and after the write, in order.
// Pure data and decisions, tested as tables; DocumentService follows them.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/meta.h"

namespace crier {

enum class WriteAction {
  kInsert,             // New draft (docstatus 0).
  kInsertSubmitted,    // New document inserted directly as submitted (docstatus 1).
  kSave,               // 0 -> 0.
  kSubmit,             // 0 -> 1.
  kUpdateAfterSubmit,  // 1 -> 1: only allow_on_submit fields may change.
  kCancel,             // 1 -> 2.
  kDelete,
};

std::string_view ActionName(WriteAction action);  // "insert", "submit", ...

// Inserting with this docstatus: 0, or 1 when the DocType is submittable. kInvalidArgument
// (field docstatus) otherwise.
Result<WriteAction> DecideInsert(const Meta& meta, int docstatus);
// Updating from one docstatus to another: 0->0, 0->1, 1->1, 1->2 (1 only for submittable
// DocTypes). Anything else, e.g. 2->0 or 1->0, is kInvalidArgument naming docstatus.
Result<WriteAction> DecideUpdate(const Meta& meta, int from, int to);
// Deleting a document with this docstatus: drafts and cancelled documents only.
Status DecideDelete(const Meta& meta, int docstatus);

// Frappe's controller hook names for one write, in the order they run:
// `before_naming` runs before the name is given (inserts only), `before` after naming and before
// the built-in validation and the write, `after` once the write is done, in the same transaction.
struct HookPlan {
  std::vector<std::string_view> before_naming;
  std::vector<std::string_view> before;
  std::vector<std::string_view> after;
};
const HookPlan& HooksFor(WriteAction action);

}  // namespace crier
