// A notification ready to evaluate: its spec plus the condition, subject, message and recipient
// texts compiled once (when it is saved or first loaded), then shared read-only by every write and
// scheduler tick that evaluates it, on any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "expr/expression.h"
#include "rules/field_error.h"
#include "rules/notification_spec.h"
#include "tmpl/template.h"
#include "value/arena.h"

namespace crier::rules {

// The names a condition or template may use besides the engines' own (frappe, the frappe.utils
// helpers, the builtins): the document, its previous version, the notification, its comments.
inline constexpr const char* kContextNames[] = {"doc", "doc_before_save", "alert", "comments"};

struct CompiledRecipient {
  RecipientRow row;
  std::optional<expr::CompiledExpression> condition;  // Set when the row has one.
  std::shared_ptr<const tmpl::Template> cc;           // Set when cc holds '{'.
  std::shared_ptr<const tmpl::Template> bcc;
};

class CompiledNotification {
 public:
  // Compiles every text of `spec`. Never fails: what does not compile is listed in errors(), with
  // its field, line and column, and a notification with errors is never sent.
  static std::shared_ptr<const CompiledNotification> Compile(NotificationSpec spec);

  const NotificationSpec& spec() const { return spec_; }
  const std::string& name() const { return spec_.name; }
  const std::vector<FieldError>& errors() const { return errors_; }
  bool ok() const { return errors_.empty(); }

  const std::optional<expr::CompiledExpression>& condition() const { return condition_; }
  // The subject template when the subject holds '{' (Frappe renders it only then), else null.
  const std::shared_ptr<const tmpl::Template>& subject() const { return subject_; }
  const std::shared_ptr<const tmpl::Template>& message() const { return message_; }
  const std::vector<CompiledRecipient>& recipients() const { return recipients_; }
  // The notification document as a frozen value (the context's `alert`), valid while this lives.
  value::Value alert() const { return alert_; }

 private:
  CompiledNotification() = default;

  NotificationSpec spec_;
  std::vector<FieldError> errors_;
  std::optional<expr::CompiledExpression> condition_;
  std::shared_ptr<const tmpl::Template> subject_;
  std::shared_ptr<const tmpl::Template> message_;
  std::vector<CompiledRecipient> recipients_;
  std::unique_ptr<value::Arena> arena_;
  value::Value alert_;
};

// The Jinja environment of notification templates: Frappe's globals (frappe.utils, nowdate...),
// with Jinja2's undefined behaviour or Frappe's debug one. Lives for the whole process.
const tmpl::Environment& TemplateEnvironment(value::UndefinedKind undefined);

// The options every condition is compiled with (kContextNames declared).
const expr::Options& ConditionOptions();

}  // namespace crier::rules
