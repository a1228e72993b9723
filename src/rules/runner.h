// Evaluating one notification for one document inside the document's transaction (reference 2.3
// and 2.8, with crier's fixes): the condition, then subject and message, then the outputs, each in
// its own error boundary so that one failing never stops the others:
//   1. the channel: External Collaboration Tool -> EnqueueChat (an outbox row per part), Email ->
//      recipients resolved -> EnqueueEmail (no recipient: nothing, as Frappe);
//   2. the system notification (channel System Notification or send_system_notification): one
//      Notification Log per recipient user, created even when the channel failed;
//   3. Set Property After Alert: the value cast to the field's type and written by a nested save
//      whose origin names this notification, so that save never fires it again.
// A condition or template error writes an Error Log (notification, document, message with line
// and column) and skips the notification; nothing here ever fails the document's write. Nothing
// touches the network: delivery happens after commit, from the outbox.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/clock.h"
#include "channels/message.h"
#include "delivery/enqueue.h"
#include "model/document_service.h"
#include "rules/compiled_notification.h"
#include "value/context.h"

namespace crier::rules {

// The `origin` of the nested save made by Set Property After Alert of `notification`, inside a
// write whose origin is `enclosing`: "notification:<name>", or, when the enclosing write is itself
// such a save, its chain plus this name ("notification:<first>\n<second>"). Every notification of
// the chain is skipped in the nested save (PropertyChainHas), so one user action sends each
// message at most once however the saves cascade.
std::string PropertyOrigin(std::string_view enclosing, std::string_view notification);
// Whether `origin` is a Set Property save caused (directly or not) by `notification`.
bool PropertyChainHas(std::string_view origin, std::string_view notification);

// The document a notification is evaluated for.
struct Target {
  const Meta& meta;
  const nlohmann::json& doc;  // As the notification sees it.
  // In hooks before the write (validate, before_save...): the document being written, where the
  // property is set directly. nullptr after the write (a nested save is used).
  nlohmann::json* editable = nullptr;
  bool deleting = false;  // The document is being deleted: no property is set.
  // The document deliveries and logs refer to, when not `doc` itself: a child row's parent
  // (Days notifications on a child table). Empty: `meta` and doc's name.
  std::string reference_doctype = {};
  std::string reference_name = {};

  std::string ReferenceDoctype() const;
  std::string ReferenceName() const;
};

struct RunOptions {
  bool check_condition = true;  // false for "send anyway" paths that skip the condition.
  // false when the caller sends the channel itself (notification.send_test sends synchronously).
  bool send_channel = true;
  // The webhooks already resolved in this write (nullptr: each message reads its webhook). The
  // runner clears it after setting a property, since that nested save may change a webhook.
  ChatTargets* chat_targets = nullptr;
  // false when nobody reads the report's `deliveries`: chat messages are then queued without
  // their names (DeliveryNames::kNotNeeded), which lets the store insert a save's rows together.
  bool delivery_names = true;
};

// What one evaluation did (for the API methods and the tests).
struct RunReport {
  std::string notification;
  bool condition_met = false;
  std::vector<std::string> deliveries;         // Webhook Delivery names (chat parts, e-mail).
  std::vector<std::string> notification_logs;  // Notification Log names.
  std::vector<std::string> error_logs;         // Error Log names written for failures.
  bool property_set = false;
  nlohmann::json ToJson() const;
};

class NotificationRunner {
 public:
  // References must outlive the runner. `env` gives document links their base URL.
  NotificationRunner(DocumentService& documents, const ChannelEnv& env, const Clock& clock);

  // Evaluates `n` for `target` in `txn`. `context` holds the document (MakeContext); its `alert`
  // is set to `n` here. `options` are the enclosing write's (nested writes copy them).
  RunReport Run(WriteTxn& txn, const WriteOptions& options, const CompiledNotification& n,
                value::Context& context, const Target& target, const RunOptions& run = {});

  // Writes an Error Log about notification `name` and document `target` (never fails: a log that
  // cannot be written goes to the process log). Failures about an Error Log document only go to
  // the process log, so that a notification on Error Log cannot feed itself.
  void LogError(WriteTxn& txn, std::string_view name, const Target& target, std::string_view what,
                const std::string& error, RunReport& report);

  DocumentService& documents() { return documents_; }
  const ChannelEnv& env() const { return env_; }
  const Clock& clock() const { return clock_; }

 private:
  void SendChat(WriteTxn& txn, const WriteOptions& options, const CompiledNotification& n,
                const Target& target, const std::string& subject, const std::string& message,
                const RunOptions& run, RunReport& report);
  void SendEmail(WriteTxn& txn, const WriteOptions& options, const CompiledNotification& n,
                 const value::Context& context, const Target& target, const std::string& subject,
                 const std::string& message, RunReport& report);
  void SendSystemNotification(WriteTxn& txn, const CompiledNotification& n,
                              const value::Context& context, const Target& target,
                              const std::string& subject, const std::string& message,
                              RunReport& report);
  void SetProperty(WriteTxn& txn, const WriteOptions& options, const CompiledNotification& n,
                   const Target& target, RunReport& report);

  DocumentService& documents_;
  const ChannelEnv& env_;
  const Clock& clock_;
};

}  // namespace crier::rules
