// Docstatus transitions and hook order.
#include "model/lifecycle.h"

#include <fmt/format.h>

namespace crier {
namespace {

Status Refuse(std::string message) {
  return InvalidArgument(std::move(message), "docstatus");
}

}  // namespace

std::string_view ActionName(WriteAction action) {
  switch (action) {
    case WriteAction::kInsert:
      return "insert";
    case WriteAction::kInsertSubmitted:
      return "insert submitted";
    case WriteAction::kSave:
      return "save";
    case WriteAction::kSubmit:
      return "submit";
    case WriteAction::kUpdateAfterSubmit:
      return "update after submit";
    case WriteAction::kCancel:
      return "cancel";
    case WriteAction::kDelete:
      return "delete";
  }
  return "?";
}

Result<WriteAction> DecideInsert(const Meta& meta, int docstatus) {
  if (docstatus == 0) return WriteAction::kInsert;
  if (docstatus == 1) {
    if (!meta.is_submittable) {
      return Refuse(fmt::format("{} is not submittable: docstatus must be 0", meta.name));
    }
    return WriteAction::kInsertSubmitted;
  }
  return Refuse(fmt::format("a new document cannot have docstatus {}", docstatus));
}

Result<WriteAction> DecideUpdate(const Meta& meta, int from, int to) {
  if (from == 0 && to == 0) return WriteAction::kSave;
  if (!meta.is_submittable && to != 0) {
    return Refuse(fmt::format("{} is not submittable: docstatus must be 0", meta.name));
  }
  if (from == 0 && to == 1) return WriteAction::kSubmit;
  if (from == 1 && to == 1) return WriteAction::kUpdateAfterSubmit;
  if (from == 1 && to == 2) return WriteAction::kCancel;
  if (from == 2) return Refuse("a cancelled document cannot be changed");
  return Refuse(fmt::format("cannot change docstatus from {} to {}", from, to));
}

Status DecideDelete(const Meta& meta, int docstatus) {
  if (docstatus == 1) {
    return Refuse(fmt::format("a submitted {} cannot be deleted; cancel it first", meta.name));
  }
  return Status::Ok();
}

const HookPlan& HooksFor(WriteAction action) {
  static const HookPlan kInsert{
      {"before_insert"}, {"validate", "before_save"}, {"after_insert", "on_update", "on_change"}};
  static const HookPlan kInsertSubmitted{{"before_insert"},
                                         {"validate", "before_submit"},
                                         {"after_insert", "on_update", "on_submit", "on_change"}};
  static const HookPlan kSave{{}, {"validate", "before_save"}, {"on_update", "on_change"}};
  static const HookPlan kSubmit{
      {}, {"validate", "before_submit"}, {"on_update", "on_submit", "on_change"}};
  static const HookPlan kUpdateAfterSubmit{
      {}, {"before_update_after_submit"}, {"on_update_after_submit", "on_change"}};
  static const HookPlan kCancel{{}, {"before_cancel"}, {"on_cancel", "on_change"}};
  static const HookPlan kDelete{{}, {"on_trash"}, {"after_delete"}};
  switch (action) {
    case WriteAction::kInsert:
      return kInsert;
    case WriteAction::kInsertSubmitted:
      return kInsertSubmitted;
    case WriteAction::kSave:
      return kSave;
    case WriteAction::kSubmit:
      return kSubmit;
    case WriteAction::kUpdateAfterSubmit:
      return kUpdateAfterSubmit;
    case WriteAction::kCancel:
      return kCancel;
    case WriteAction::kDelete:
      return kDelete;
  }
  return kSave;
}

}  // namespace crier
