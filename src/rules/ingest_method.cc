// events.ingest {"doctype", "event", "doc"} (ingest.h).
#include <fmt/format.h>

#include <algorithm>

#include "rules/dispatcher.h"
#include "rules/ingest.h"
#include "rules/json_text.h"
#include "rules/rules_api.h"

namespace crier::rules {
namespace {

Status Require(const Principal& who, const Meta& meta, Access access) {
  if (Decide(who, meta, access).allowed) return Status::Ok();
  return PermissionDenied(fmt::format("User {} does not have permission to {} {}", who.user,
                                      AccessName(access), meta.name));
}

// The rights an ingested event needs: upserting is creating or writing; submitting, cancelling
// and deleting are rights of their own.
Status CheckRights(const Principal& who, const Meta& meta, std::string_view event) {
  if (event == "on_trash") return Require(who, meta, Access::kDelete);
  CRIER_RETURN_IF_ERROR(Require(who, meta, Access::kCreate));
  CRIER_RETURN_IF_ERROR(Require(who, meta, Access::kWrite));
  if (event == "on_submit") return Require(who, meta, Access::kSubmit);
  if (event == "on_cancel") return Require(who, meta, Access::kCancel);
  return Status::Ok();
}

int DocstatusOf(const Json& doc) {
  auto it = doc.find("docstatus");
  return it != doc.end() && it->is_number_integer() ? it->get<int>() : 0;
}

}  // namespace

void AddIngestMethod(Api& api, RulesEngine& engine) {
  api.AddMethod(
      "events.ingest",
      {false, [&engine](MethodCall& call) -> Result<Json> {
         const Principal& who = *call.principal;
         std::string doctype = TextOf(call.args, "doctype");
         std::string event = TextOf(call.args, "event");
         if (doctype.empty()) return InvalidArgument("doctype is required", "doctype");
         if (!IsIngestibleHook(event)) {
           return InvalidArgument(fmt::format("event must be one of {} (a Frappe hook name)",
                                              fmt::join(IngestibleHooks(), ", ")),
                                  "event");
         }
         auto doc_it = call.args.find("doc");
         if (doc_it == call.args.end() || !doc_it->is_object()) {
           return InvalidArgument("doc must be the document, as a JSON object", "doc");
         }
         const Json& doc = *doc_it;
         std::string name = TextOf(doc, "name");
         if (name.empty()) return InvalidArgument("the document has no name", "doc.name");
         DocumentService& documents = engine.documents();
         CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, documents.GetMeta(doctype));
         if (meta->istable) {
           return InvalidArgument(
               fmt::format("{} rows come with their parent document", meta->name), "doctype");
         }
         CRIER_RETURN_IF_ERROR(CheckRights(who, *meta, event));
         std::vector<std::shared_ptr<const Meta>> children;
         IngestedDoc ingested =
             FilterIngested(*meta, doc, [&](std::string_view child) -> const Meta* {
               auto m = documents.GetMeta(child);
               if (!m.ok()) return nullptr;
               children.push_back(*m);
               return m->get();
             });

         WriteOptions write;
         write.user = who.user;
         write.keep_given_name = true;
         write.origin = std::string(kIngestOrigin);
         WriteOptions fire;
         fire.user = who.user;

         CRIER_ASSIGN_OR_RETURN(std::unique_ptr<WriteTxn> txn, engine.store().BeginWrite());
         CRIER_ASSIGN_OR_RETURN(std::optional<Json> stored, txn->GetDoc(meta->name, name));
         const Json* before = stored ? &*stored : nullptr;
         std::vector<RunReport> reports;
         std::string what;
         if (event == "on_trash") {
           Json gone = stored ? *stored : ingested.fields;
           gone["doctype"] = meta->name;
           gone["name"] = name;
           if (stored) {
             CRIER_RETURN_IF_ERROR(documents.Delete(*txn, write, meta->name, name));
             what = "delete";
           } else {
             what = "none";
           }
           CRIER_RETURN_IF_ERROR(engine.dispatcher().Fire(
               *txn, fire, *meta, event, WriteAction::kDelete, gone, before, &reports));
         } else {
           std::optional<int> stored_status;
           if (stored) stored_status = DocstatusOf(*stored);
           int target = TargetDocstatus(event, doc, stored_status);
           Json written;
           WriteAction action = WriteAction::kSave;
           if (!stored) {
             Json input = ingested.fields;
             input["name"] = name;
             input["docstatus"] = std::min(target, 1);
             CRIER_ASSIGN_OR_RETURN(written, documents.Insert(*txn, write, meta->name, input));
             action = target >= 1 ? WriteAction::kInsertSubmitted : WriteAction::kInsert;
             if (target == 2) {
               CRIER_ASSIGN_OR_RETURN(written, documents.Update(*txn, write, meta->name, name,
                                                                Json{{"docstatus", 2}}));
             }
             what = "insert";
           } else if (*stored_status == 2 && target == 2) {
             written = *stored;  // A cancelled copy cannot change; the event still fires.
             action = WriteAction::kCancel;
             what = "none";
           } else {
             Json patch = ingested.fields;
             patch["docstatus"] = target;
             CRIER_ASSIGN_OR_RETURN(action, DecideUpdate(*meta, *stored_status, target));
             CRIER_ASSIGN_OR_RETURN(written,
                                    documents.Update(*txn, write, meta->name, name, patch));
             what = "update";
           }
           CRIER_RETURN_IF_ERROR(engine.dispatcher().Fire(*txn, fire, *meta, event, action, written,
                                                          before, &reports));
         }
         CRIER_RETURN_IF_ERROR(txn->Commit());
         Json notifications = Json::array();
         for (const RunReport& r : reports) notifications.push_back(r.ToJson());
         return Json{{"doctype", meta->name},
                     {"name", name},
                     {"event", event},
                     {"write", what},
                     {"ignored_fields", ingested.ignored},
                     {"notifications", std::move(notifications)}};
       }});
}

}  // namespace crier::rules
