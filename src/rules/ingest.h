// events.ingest: another application (Frappe, ERPNext, Dokos through a "Webhook" document, or
// anything that can POST JSON) tells crier that hook `event` ran on a document. crier upserts its
// copy (keeping the name) and fires exactly the notifications that hook fires in Frappe:
// after_insert -> New, on_update -> Save, on_submit -> Submit, on_cancel -> Cancel,
// on_change -> Value Change (against crier's previous copy), on_trash -> Method on_trash (the
// copy is deleted), plus Method notifications named after the hook. The pure parts, tested as
// tables: which hooks are accepted, which fields are kept, which docstatus the copy gets.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/document_service.h"
#include "model/meta.h"

namespace crier::rules {

// after_insert, on_update, on_submit, on_cancel, on_trash, on_change, on_update_after_submit.
bool IsIngestibleHook(std::string_view event);
const std::vector<std::string_view>& IngestibleHooks();

struct IngestedDoc {
  nlohmann::json fields = nlohmann::json::object();  // Fields of the DocType (rows filtered too).
  std::vector<std::string> ignored;  // Fields the DocType does not have ("items.foo" for rows).
};

// Keeps the fields `meta` has (and, in Table fields, the fields the child DocType has); standard
// fields (owner, modified...), `_` keys (Frappe's _comments, _assign...) and `doctype` are
// dropped silently, other unknown keys are listed. `child_meta` finds child DocTypes.
IngestedDoc FilterIngested(const Meta& meta, const nlohmann::json& doc,
                           const std::function<const Meta*(std::string_view)>& child_meta);

// The docstatus crier's copy gets: the one the document carries, else 1 for on_submit, 2 for
// on_cancel, else the stored one (0 for a new document).
int TargetDocstatus(std::string_view event, const nlohmann::json& doc, std::optional<int> stored);

}  // namespace crier::rules
