// Notification save-time checks.
#include "rules/notification_validator.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/lifecycle.h"
#include "rules/compiled_notification.h"
#include "rules/eval_context.h"
#include "rules/property_value.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

constexpr const char* kWebhookDocType = "Incoming Webhook URL";

// DocTypes no notification may target: crier writes them itself while delivering (Frappe refuses
// Email Queue for the same reason).
bool IsForbiddenTarget(std::string_view doctype) {
  return doctype == "Webhook Delivery";
}

bool IsDateField(const Meta& meta, const std::string& field, bool datetime_only) {
  if (field == "creation" || field == "modified") return true;
  const FieldMeta* f = meta.Field(field);
  if (f == nullptr) return false;
  return f->type == FieldType::kDatetime || (!datetime_only && f->type == FieldType::kDate);
}

std::string FieldsOfType(const Meta& meta, bool datetime_only) {
  std::vector<std::string> names;
  for (const FieldMeta& f : meta.fields) {
    if (f.type == FieldType::kDatetime || (!datetime_only && f.type == FieldType::kDate)) {
      names.push_back(f.fieldname);
    }
  }
  names.push_back("creation");
  names.push_back("modified");
  return fmt::format("{}", fmt::join(names, ", "));
}

void CheckEvent(const NotificationSpec& s, const Meta* meta, std::vector<FieldError>& errors) {
  if (s.event_text.empty()) {
    errors.push_back(Invalid("event", "Value missing for Notification: Send Alert On"));
    return;
  }
  if (!s.event) {
    errors.push_back(
        Invalid("event", fmt::format("Send Alert On: unknown event '{}'", s.event_text)));
    return;
  }
  Event e = *s.event;
  if (IsDaysEvent(e)) {
    if (s.date_changed.empty()) {
      errors.push_back(Invalid("date_changed", "Please specify which date field must be checked"));
    } else if (meta && !IsDateField(*meta, s.date_changed, false)) {
      errors.push_back(Invalid(
          "date_changed", fmt::format("Reference Date '{}' is not a Date or Datetime field of {} "
                                      "(choose one of: {})",
                                      s.date_changed, meta->name, FieldsOfType(*meta, false))));
    }
  }
  if (IsMinutesEvent(e)) {
    if (s.datetime_changed.empty()) {
      errors.push_back(
          Invalid("datetime_changed", "Please specify which datetime field must be checked"));
    } else if (meta && !IsDateField(*meta, s.datetime_changed, true)) {
      errors.push_back(Invalid(
          "datetime_changed",
          fmt::format("Reference Datetime '{}' is not a Datetime field of {} (choose one of: {})",
                      s.datetime_changed, meta->name, FieldsOfType(*meta, true))));
    }
    if (s.minutes_offset == 0) {
      errors.push_back(Invalid("minutes_offset", "Please specify the minutes offset"));
    } else if (s.minutes_offset < 10) {
      errors.push_back(Invalid(
          "minutes_offset",
          "Please specify at least 10 minutes due to the trigger cadence of the scheduler"));
    }
  }
  if (e == Event::kValueChange) {
    if (s.value_changed.empty()) {
      errors.push_back(
          Invalid("value_changed", "Please specify which value field must be checked"));
    } else if (meta && meta->Field(s.value_changed) == nullptr &&
               !(IsStandardField(s.value_changed) && s.value_changed != "name" &&
                 s.value_changed != "doctype")) {
      errors.push_back(Invalid("value_changed", fmt::format("Value Changed: {} has no field '{}'",
                                                            meta->name, s.value_changed)));
    }
  }
  if (e == Event::kMethod) {
    const auto& hooks = MethodHookNames();
    if (s.method.empty()) {
      errors.push_back(Invalid("method", "Please specify the Trigger Method"));
    } else if (std::find(hooks.begin(), hooks.end(), s.method) == hooks.end()) {
      errors.push_back(
          Invalid("method", fmt::format("Trigger Method '{}' is not a hook crier runs (one of: {})",
                                        s.method, fmt::join(hooks, ", "))));
    }
  }
}

// A recipient field: owner, a field of the DocType, or "field,table" (a field of a child table).
std::string CheckRecipientField(const Meta& meta, const DocumentService& documents,
                                const std::string& spec) {
  if (spec == "owner" || spec == "modified_by") return {};
  size_t comma = spec.find(',');
  if (comma == std::string::npos) {
    const FieldMeta* f = meta.Field(spec);
    if (f == nullptr) return fmt::format("{} has no field '{}'", meta.name, spec);
    if (f->type == FieldType::kTable) {
      return fmt::format("'{}' is a table: write 'field,{}' to use a field of its rows", spec,
                         spec);
    }
    return {};
  }
  std::string field = spec.substr(0, comma);
  std::string table = spec.substr(comma + 1);
  const FieldMeta* t = meta.Field(table);
  if (t == nullptr || t->type != FieldType::kTable) {
    return fmt::format("'{}' is not a table field of {}", table, meta.name);
  }
  auto child = documents.GetMeta(t->options);
  if (!child.ok() || (*child)->Field(field) == nullptr) {
    return fmt::format("the rows of {} have no field '{}'", table, field);
  }
  return {};
}

Result<Json> SampleDocument(ReadTxn& txn, const Meta& meta) {
  DocQuery q{meta.name, {}, {{"modified", true}}, 0, 1};
  CRIER_ASSIGN_OR_RETURN(std::vector<Json> latest, txn.ListDocs(q));
  if (!latest.empty()) return std::move(latest.front());
  return BlankDocument(meta);
}

}  // namespace

const std::vector<std::string_view>& MethodHookNames() {
  static const std::vector<std::string_view>* names = [] {
    auto* v = new std::vector<std::string_view>();
    for (WriteAction a : {WriteAction::kInsert, WriteAction::kInsertSubmitted, WriteAction::kSave,
                          WriteAction::kSubmit, WriteAction::kUpdateAfterSubmit,
                          WriteAction::kCancel, WriteAction::kDelete}) {
      const HookPlan& plan = HooksFor(a);
      for (const auto* list : {&plan.before_naming, &plan.before, &plan.after}) {
        for (std::string_view h : *list) {
          if (std::find(v->begin(), v->end(), h) == v->end()) v->push_back(h);
        }
      }
    }
    return v;
  }();
  return *names;
}

Json BlankDocument(const Meta& meta) {
  Json doc = {{"doctype", meta.name}, {"name", nullptr}, {"docstatus", 0}};
  for (const FieldMeta& f : meta.fields) {
    if (f.type == FieldType::kTable) {
      doc[f.fieldname] = Json::array();
      continue;
    }
    Json value = IsNumeric(f.type) ? Json(0) : Json();
    if (!f.default_value.is_null()) {
      Result<Json> cast = CastValue(f.cast_spec(), f.default_value);
      if (cast.ok() && !cast->is_null()) value = *cast;
    }
    doc[f.fieldname] = value;
  }
  return doc;
}

std::vector<FieldError> ValidateNotification(const ValidationInputs& in) {
  std::vector<FieldError> errors;
  NotificationSpec spec = SpecFromDoc(in.doc);

  std::shared_ptr<const Meta> meta;
  if (spec.document_type.empty()) {
    errors.push_back(Invalid("document_type", "Value missing for Notification: Document Type"));
  } else {
    auto found = in.documents.GetMeta(spec.document_type);
    if (!found.ok()) {
      errors.push_back(
          Invalid("document_type", fmt::format("Could not find DocType: {}", spec.document_type)));
    } else {
      meta = *found;
      bool days = spec.event && IsDaysEvent(*spec.event);
      if (IsForbiddenTarget(meta->name) || (meta->istable && !days)) {
        errors.push_back(
            Invalid("document_type",
                    fmt::format("Cannot set Notification with event {} on Document Type {}",
                                spec.event_text.empty() ? "''" : spec.event_text, meta->name)));
      }
    }
  }

  if (spec.channel == ChannelKind::kUnknown) {
    errors.push_back(Invalid(
        "channel", fmt::format("Channel '{}' is not supported: choose Email, External "
                               "Collaboration Tool (alias Slack, Webhook) or System Notification",
                               spec.channel_text)));
  }
  if (spec.channel == ChannelKind::kChat) {
    if (spec.webhook.empty()) {
      errors.push_back(Invalid("incoming_webhook_url",
                               "Value missing for Notification: Collaboration Tool Incoming "
                               "Webhook URL (the External Collaboration Tool channel needs one)"));
    } else {
      Result<bool> exists = in.txn.DocExists(kWebhookDocType, spec.webhook);
      if (exists.ok() && !*exists) {
        errors.push_back(Invalid(spec.webhook_field, fmt::format("Could not find {}: {}",
                                                                 kWebhookDocType, spec.webhook)));
      }
    }
  }

  CheckEvent(spec, meta.get(), errors);

  if (!spec.set_property_after_alert.empty() && meta) {
    const FieldMeta* f = meta->Field(spec.set_property_after_alert);
    if (f == nullptr) {
      errors.push_back(
          Invalid("set_property_after_alert",
                  fmt::format("Set Property After Alert: {} has no field '{}'{}", meta->name,
                              spec.set_property_after_alert,
                              spec.set_property_after_alert.find(',') != std::string::npos
                                  ? " (fields of child tables cannot be set)"
                                  : "")));
    } else {
      auto cast = CastPropertyValue(*f, spec.property_value, in.now);
      if (!cast.ok()) errors.push_back(Invalid("property_value", cast.status().message()));
    }
  }

  for (size_t i = 0; i < spec.recipients.size(); ++i) {
    const RecipientRow& row = spec.recipients[i];
    std::string prefix = fmt::format("recipients[{}].", i + 1);
    if (!row.receiver_by_document_field.empty() && meta) {
      std::string problem =
          CheckRecipientField(*meta, in.documents, row.receiver_by_document_field);
      if (!problem.empty()) {
        errors.push_back(Invalid(prefix + "receiver_by_document_field",
                                 fmt::format("Recipients row {}: {}", i + 1, problem)));
      }
    }
    if (!row.receiver_by_role.empty()) {
      Result<bool> exists = in.txn.DocExists("Role", row.receiver_by_role);
      if (exists.ok() && !*exists) {
        errors.push_back(Invalid(prefix + "receiver_by_role",
                                 fmt::format("Recipients row {}: Could not find Role: {}", i + 1,
                                             row.receiver_by_role)));
      }
    }
  }

  auto compiled = CompiledNotification::Compile(spec);
  for (const FieldError& e : compiled->errors()) errors.push_back(e);

  // The condition compiles: it must also run against a real (or blank) document, so that a typo
  // in a field's use or a wrong type is caught now rather than at the first event.
  if (meta && compiled->condition()) {
    Result<Json> sample = SampleDocument(in.txn, *meta);
    if (sample.ok()) {
      value::Context context =
          MakeContext({*sample, nullptr, in.txn, in.documents, in.now, in.base_url});
      SetAlert(context, *compiled);
      auto holds = compiled->condition()->Test(context);
      if (!holds.ok()) {
        std::string name = sample->value("name", Json()).is_string()
                               ? (*sample)["name"].get<std::string>()
                               : std::string();
        std::string against = name.empty() ? fmt::format("a blank {}", meta->name)
                                           : fmt::format("{} {}", meta->name, name);
        errors.push_back(FromEngine(
            "condition", fmt::format("Condition (evaluated against {})", against), holds.error()));
      }
    }
  }

  return errors;
}

}  // namespace crier::rules
