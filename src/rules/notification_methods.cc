// notification.validate, notification.preview, notification.send_test, notification.send and
// notification.documents_for_today: System Managers only, as Frappe's Notification DocType is.
#include <fmt/format.h>

#include "rules/compiled_notification.h"
#include "rules/eval_context.h"
#include "rules/json_text.h"
#include "rules/notification_validator.h"
#include "rules/preview.h"
#include "rules/rules_api.h"
#include "rules/send_test.h"

namespace crier::rules {
namespace {

Status RequireSystemManager(const MethodCall& call, std::string_view method) {
  if (call.principal->system_manager()) return Status::Ok();
  return PermissionDenied(
      fmt::format("{} is for System Managers; {} is not one", method, call.principal->user));
}

Result<std::string> RequiredArg(const MethodCall& call, const char* name) {
  std::string value = TextOf(call.args, name);
  if (value.empty()) return InvalidArgument(fmt::format("{} is required", name), name);
  return value;
}

Result<Json> LoadNotification(ReadTxn& txn, const std::string& name) {
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> doc, txn.GetDoc("Notification", name));
  if (!doc) return NotFound(fmt::format("Notification {} not found", name));
  return std::move(*doc);
}

// The form's values as a Notification document would hold them: each field cast to its type
// (recipients row by row); keys that are not fields are ignored. Casting errors are reported
// like the other validation errors.
Json CastForm(const DocumentService& documents, const Json& args, std::vector<FieldError>& errors) {
  Json doc = Json::object();
  auto meta = documents.GetMeta("Notification");
  auto rows_meta = documents.GetMeta("Notification Recipient");
  if (!meta.ok() || !rows_meta.ok()) return doc;
  for (const auto& [key, value] : args.items()) {
    if (key == "name" && value.is_string()) doc["name"] = value;
    const FieldMeta* f = (*meta)->Field(key);
    if (f == nullptr) continue;
    if (f->type != FieldType::kTable) {
      Result<Json> cast = CastValue(f->cast_spec(), value);
      if (cast.ok()) {
        doc[key] = *cast;
      } else {
        errors.push_back(Invalid(key, cast.status().message()));
      }
      continue;
    }
    Json rows = Json::array();
    if (value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) {
        Json row = Json::object();
        if (!value[i].is_object()) continue;
        for (const auto& [k, v] : value[i].items()) {
          const FieldMeta* cf = (*rows_meta)->Field(k);
          if (cf == nullptr) continue;
          Result<Json> cast = CastValue(cf->cast_spec(), v);
          if (cast.ok()) {
            row[k] = *cast;
          } else {
            errors.push_back(
                Invalid(fmt::format("{}[{}].{}", key, i + 1, k), cast.status().message()));
          }
        }
        rows.push_back(std::move(row));
      }
    }
    doc[key] = std::move(rows);
  }
  return doc;
}

}  // namespace

void AddNotificationMethods(Api& api, RulesEngine& engine, HttpSender& http, MailSender& mail) {
  api.AddMethod("notification.validate",
                {false, [&engine](MethodCall& call) -> Result<Json> {
                   CRIER_RETURN_IF_ERROR(RequireSystemManager(call, "notification.validate"));
                   // The form may send the document itself or wrap it as {"doc": {...}}.
                   const Json& form = call.args.contains("doc") && call.args["doc"].is_object()
                                          ? call.args["doc"]
                                          : call.args;
                   std::vector<FieldError> errors;
                   Json doc = CastForm(engine.documents(), form, errors);
                   CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, engine.store().BeginRead());
                   for (FieldError& e : ValidateNotification({doc, *txn, engine.documents(),
                                                              ToLocal(engine.clock().Now()),
                                                              engine.env().base_url})) {
                     errors.push_back(std::move(e));
                   }
                   Json list = Json::array();
                   for (const FieldError& e : errors) list.push_back(e.ToJson());
                   return Json{{"errors", std::move(list)}};
                 }});

  api.AddMethod(
      "notification.preview",
      {false, [&engine](MethodCall& call) -> Result<Json> {
         CRIER_RETURN_IF_ERROR(RequireSystemManager(call, "notification.preview"));
         CRIER_ASSIGN_OR_RETURN(std::string name, RequiredArg(call, "notification"));
         CRIER_ASSIGN_OR_RETURN(std::string document, RequiredArg(call, "document"));
         CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, engine.store().BeginRead());
         CRIER_ASSIGN_OR_RETURN(Json stored, LoadNotification(*txn, name));
         auto compiled = CompiledNotification::Compile(SpecFromDoc(stored));
         CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta,
                                engine.documents().GetMeta(compiled->spec().document_type));
         CRIER_ASSIGN_OR_RETURN(Json doc, engine.documents().Get(*txn, meta->name, document));
         return Preview({*txn, engine.documents(), engine.env(), *compiled, *meta, doc,
                         ToLocal(engine.clock().Now())});
       }});

  api.AddMethod(
      "notification.send_test",
      {false, [&engine, &http, &mail](MethodCall& call) -> Result<Json> {
         CRIER_RETURN_IF_ERROR(RequireSystemManager(call, "notification.send_test"));
         CRIER_ASSIGN_OR_RETURN(std::string name, RequiredArg(call, "notification"));
         CRIER_ASSIGN_OR_RETURN(std::string document, RequiredArg(call, "document"));
         Json stored;
         {
           CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, engine.store().BeginRead());
           CRIER_ASSIGN_OR_RETURN(stored, LoadNotification(*txn, name));
         }
         WriteOptions o;
         o.user = call.principal->user;
         return SendTest({engine.store(), engine.runner(), http, mail, stored, document, o});
       }});

  api.AddMethod(
      "notification.send",
      {false, [&engine](MethodCall& call) -> Result<Json> {
         CRIER_RETURN_IF_ERROR(RequireSystemManager(call, "notification.send"));
         CRIER_ASSIGN_OR_RETURN(std::string name, RequiredArg(call, "notification"));
         CRIER_ASSIGN_OR_RETURN(std::string document, RequiredArg(call, "document"));
         CRIER_ASSIGN_OR_RETURN(std::unique_ptr<WriteTxn> txn, engine.store().BeginWrite());
         CRIER_ASSIGN_OR_RETURN(Json stored, LoadNotification(*txn, name));
         auto compiled = CompiledNotification::Compile(SpecFromDoc(stored));
         if (!compiled->spec().enabled) {
           return InvalidArgument(fmt::format("Notification {} is disabled", name), "enabled");
         }
         if (!compiled->ok()) return compiled->errors().front().ToStatus();
         CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta,
                                engine.documents().GetMeta(compiled->spec().document_type));
         CRIER_ASSIGN_OR_RETURN(Json doc, engine.documents().Get(*txn, meta->name, document));
         value::Context context =
             MakeContext({doc, nullptr, *txn, engine.documents(), ToLocal(engine.clock().Now()),
                          engine.env().base_url});
         WriteOptions o;
         o.user = call.principal->user;
         Target target{*meta, doc};
         RunReport report = engine.runner().Run(*txn, o, *compiled, context, target);
         CRIER_RETURN_IF_ERROR(txn->Commit());
         Json out = report.ToJson();
         out["document"] = document;
         return out;
       }});

  api.AddMethod(
      "notification.documents_for_today",
      {false, [&engine](MethodCall& call) -> Result<Json> {
         CRIER_RETURN_IF_ERROR(RequireSystemManager(call, "notification.documents_for_today"));
         CRIER_ASSIGN_OR_RETURN(std::string name, RequiredArg(call, "notification"));
         Json stored;
         {
           CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, engine.store().BeginRead());
           CRIER_ASSIGN_OR_RETURN(stored, LoadNotification(*txn, name));
         }
         TimePoint now = engine.clock().Now();
         Date today = LocalDate(now);
         CRIER_ASSIGN_OR_RETURN(std::vector<Selected> selected,
                                engine.scheduler().SelectForDay(stored, today, now));
         NotificationSpec spec = SpecFromDoc(stored);
         Json documents = Json::array();
         for (const Selected& s : selected) {
           documents.push_back({{"name", s.name},
                                {"reference_doctype", s.reference_doctype},
                                {"reference_name", s.reference_name},
                                {"already_sent", s.already_sent}});
         }
         return Json{{"run_date", FormatDate(today)},
                     {"reference_date",
                      FormatDate(DaysReferenceDate(*spec.event, today, spec.days_in_advance))},
                     {"documents", std::move(documents)}};
       }});
}

}  // namespace crier::rules
