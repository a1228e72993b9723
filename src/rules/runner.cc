// Evaluating one notification for one document.
#include "rules/runner.h"

#include <fmt/format.h>

#include "base/log.h"
#include "delivery/enqueue.h"
#include "model/logs.h"
#include "rules/eval_context.h"
#include "rules/json_text.h"
#include "rules/property_value.h"
#include "rules/recipients.h"
#include "rules/rendered.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

std::string DocLabel(const Target& target) {
  std::string name = target.ReferenceName();
  return name.empty() ? fmt::format("a new {}", target.ReferenceDoctype())
                      : fmt::format("{} {}", target.ReferenceDoctype(), name);
}

}  // namespace

std::string Target::ReferenceDoctype() const {
  return reference_doctype.empty() ? meta.name : reference_doctype;
}

std::string Target::ReferenceName() const {
  return reference_doctype.empty() ? TextOf(doc, "name") : reference_name;
}

namespace {
constexpr std::string_view kPropertyPrefix = "notification:";
}  // namespace

std::string PropertyOrigin(std::string_view enclosing, std::string_view notification) {
  if (enclosing.starts_with(kPropertyPrefix)) return fmt::format("{}\n{}", enclosing, notification);
  return fmt::format("{}{}", kPropertyPrefix, notification);
}

bool PropertyChainHas(std::string_view origin, std::string_view notification) {
  if (!origin.starts_with(kPropertyPrefix)) return false;
  std::string_view chain = origin.substr(kPropertyPrefix.size());
  while (true) {
    size_t end = chain.find('\n');
    if (chain.substr(0, end) == notification) return true;
    if (end == std::string_view::npos) return false;
    chain.remove_prefix(end + 1);
  }
}

Json RunReport::ToJson() const {
  return {{"notification", notification}, {"condition_met", condition_met},
          {"deliveries", deliveries},     {"notification_logs", notification_logs},
          {"error_logs", error_logs},     {"property_set", property_set}};
}

NotificationRunner::NotificationRunner(DocumentService& documents, const ChannelEnv& env,
                                       const Clock& clock)
    : documents_(documents), env_(env), clock_(clock) {}

void NotificationRunner::LogError(WriteTxn& txn, std::string_view name, const Target& target,
                                  std::string_view what, const std::string& error,
                                  RunReport& report) {
  std::string title = fmt::format("Notification {}: {}", name, what);
  std::string text = fmt::format("Notification '{}' on {}: {}", name, DocLabel(target), error);
  if (target.meta.name == "Error Log") {
    CRIER_LOG_WARNING("{}: {}", title, text);
    return;
  }
  ErrorLogEntry entry{title, text, target.ReferenceDoctype(), target.ReferenceName()};
  Result<std::string> logged = WriteErrorLog(txn, documents_, entry);
  if (logged.ok()) {
    report.error_logs.push_back(*logged);
  } else {
    CRIER_LOG_ERROR("{}: {} (and the Error Log could not be written: {})", title, text,
                    logged.status().message());
  }
}

RunReport NotificationRunner::Run(WriteTxn& txn, const WriteOptions& options,
                                  const CompiledNotification& n, value::Context& context,
                                  const Target& target, const RunOptions& run) {
  RunReport report;
  report.notification = n.name();
  if (!n.ok()) {
    LogError(txn, n.name(), target, "does not compile", n.errors().front().message, report);
    return report;
  }
  SetAlert(context, n);
  if (run.check_condition && n.condition()) {
    auto holds = n.condition()->Test(context);
    if (!holds.ok()) {
      LogError(txn, n.name(), target, "condition failed",
               FromEngine("condition", "Condition", holds.error()).message, report);
      return report;
    }
    if (!*holds) return report;
  }
  report.condition_met = true;
  Result<Rendered> texts = Render(n, context);
  if (!texts.ok()) {
    LogError(txn, n.name(), target, "template failed", texts.status().message(), report);
    return report;
  }
  const NotificationSpec& spec = n.spec();
  if (!run.send_channel) {
    // The caller sends the channel itself.
  } else if (spec.channel == ChannelKind::kChat) {
    SendChat(txn, options, n, target, texts->subject, texts->message, run, report);
  } else if (spec.channel == ChannelKind::kEmail) {
    SendEmail(txn, options, n, context, target, texts->subject, texts->message, report);
  }
  bool system = spec.channel == ChannelKind::kSystemNotification || spec.send_system_notification;
  // A Notification Log about a Notification Log would ring the bell forever.
  if (system && target.meta.name != "Notification Log") {
    SendSystemNotification(txn, n, context, target, texts->subject, texts->message, report);
  }
  if (!spec.set_property_after_alert.empty()) {
    SetProperty(txn, options, n, target, report);
    if (run.chat_targets != nullptr) run.chat_targets->clear();
  }
  return report;
}

void NotificationRunner::SendChat(WriteTxn& txn, const WriteOptions& options,
                                  const CompiledNotification& n, const Target& target,
                                  const std::string& subject, const std::string& message,
                                  const RunOptions& run, RunReport& report) {
  ChatTargets own;  // When the caller keeps none: this message's alone.
  const Result<ChatTarget>& chat =
      (run.chat_targets != nullptr ? *run.chat_targets : own).Get(txn, n.spec().webhook);
  if (!chat.ok()) {
    LogError(txn, n.name(), target, "Failed to send Notification", chat.status().message(), report);
    return;
  }
  ChatMessage m;
  m.text = message;
  m.subject = subject;
  m.reference_doctype = target.ReferenceDoctype();
  m.reference_name = target.ReferenceName();
  m.notification = n.name();
  if (KeepsDocument(*chat)) m.doc = target.doc;
  auto names =
      EnqueueChat(txn, documents_, env_, *chat, std::move(m), options,
                  run.delivery_names ? DeliveryNames::kReturned : DeliveryNames::kNotNeeded);
  if (!names.ok()) {
    LogError(txn, n.name(), target, "Failed to send Notification", names.status().message(),
             report);
    return;
  }
  for (std::string& name : *names) report.deliveries.push_back(std::move(name));
}

void NotificationRunner::SendEmail(WriteTxn& txn, const WriteOptions& options,
                                   const CompiledNotification& n, const value::Context& context,
                                   const Target& target, const std::string& subject,
                                   const std::string& message, RunReport& report) {
  StoreUserDirectory users(txn);
  auto recipients = EmailRecipientsOf(n, context, target.doc, users);
  if (!recipients.ok()) {
    LogError(txn, n.name(), target, "recipients failed", recipients.status().message(), report);
    return;
  }
  if (recipients->empty()) return;  // Frappe: no recipient, no e-mail, silently.
  EmailDelivery email;
  email.account = n.spec().sender;
  email.recipients = std::move(recipients->to);
  email.cc = std::move(recipients->cc);
  email.bcc = std::move(recipients->bcc);
  email.subject = subject;
  email.message = message;
  email.reference_doctype = target.ReferenceDoctype();
  email.reference_name = target.ReferenceName();
  email.notification = n.name();
  auto name = EnqueueEmail(txn, documents_, email, options);
  if (!name.ok()) {
    LogError(txn, n.name(), target, "Failed to send Notification", name.status().message(), report);
    return;
  }
  report.deliveries.push_back(std::move(name).value());
}

void NotificationRunner::SendSystemNotification(WriteTxn& txn, const CompiledNotification& n,
                                                const value::Context& context, const Target& target,
                                                const std::string& subject,
                                                const std::string& message, RunReport& report) {
  StoreUserDirectory users(txn);
  auto to = SystemNotificationUsers(n, context, target.doc, users);
  if (!to.ok()) {
    LogError(txn, n.name(), target, "recipients failed", to.status().message(), report);
    return;
  }
  std::string from = TextOf(target.doc, "modified_by");
  if (from.empty()) from = TextOf(target.doc, "owner");
  for (const std::string& user : *to) {
    NotificationLogEntry entry;
    entry.for_user = user;
    entry.subject = subject;
    entry.email_content = message;
    entry.document_type = target.ReferenceDoctype();
    entry.document_name = target.ReferenceName();
    entry.from_user = from;
    auto name = WriteNotificationLog(txn, documents_, entry);
    if (!name.ok()) {
      LogError(txn, n.name(), target, "system notification failed", name.status().message(),
               report);
      return;
    }
    report.notification_logs.push_back(std::move(name).value());
  }
}

void NotificationRunner::SetProperty(WriteTxn& txn, const WriteOptions& options,
                                     const CompiledNotification& n, const Target& target,
                                     RunReport& report) {
  if (target.deleting) return;
  const NotificationSpec& spec = n.spec();
  if (!target.reference_doctype.empty()) {
    LogError(txn, n.name(), target, "Document update failed",
             "a property cannot be set on a child table's row", report);
    return;
  }
  const FieldMeta* field = target.meta.Field(spec.set_property_after_alert);
  if (field == nullptr) {
    LogError(
        txn, n.name(), target, "Document update failed",
        fmt::format("{} has no field '{}' to set", target.meta.name, spec.set_property_after_alert),
        report);
    return;
  }
  if (!MayReceiveProperty(*field, target.doc.value("docstatus", 0))) return;
  auto value = CastPropertyValue(*field, spec.property_value, ToLocal(clock_.Now()));
  if (!value.ok()) {
    LogError(txn, n.name(), target, "Document update failed", value.status().message(), report);
    return;
  }
  if (target.editable != nullptr) {
    (*target.editable)[field->fieldname] = *value;
    report.property_set = true;
    return;
  }
  std::string name = TextOf(target.doc, "name");
  auto stored = txn.GetDoc(target.meta.name, name);
  if (!stored.ok() || !*stored) {
    LogError(txn, n.name(), target, "Document update failed",
             stored.ok() ? "the document is not stored" : stored.status().message(), report);
    return;
  }
  if ((**stored).value(field->fieldname, Json()) == *value) return;  // Already so: no new version.
  WriteOptions nested = options;
  nested.origin = PropertyOrigin(options.origin, n.name());
  auto updated =
      documents_.Update(txn, nested, target.meta.name, name, Json{{field->fieldname, *value}});
  if (!updated.ok()) {
    LogError(txn, n.name(), target, "Document update failed", updated.status().message(), report);
    return;
  }
  report.property_set = true;
}

}  // namespace crier::rules
