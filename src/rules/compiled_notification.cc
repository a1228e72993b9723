// Compiling a notification's texts.
#include "rules/compiled_notification.h"

#include <fmt/format.h>

#include "value/json.h"

namespace crier::rules {
namespace {

tmpl::Options TemplateOptions(value::UndefinedKind undefined) {
  tmpl::Options o;
  o.frappe_globals = true;
  o.undefined = undefined;
  return o;
}

}  // namespace

const tmpl::Environment& TemplateEnvironment(value::UndefinedKind undefined) {
  static const tmpl::Environment* kDefault =
      new tmpl::Environment(TemplateOptions(value::UndefinedKind::kDefault));
  static const tmpl::Environment* kDebug =
      new tmpl::Environment(TemplateOptions(value::UndefinedKind::kDebug));
  return undefined == value::UndefinedKind::kDebug ? *kDebug : *kDefault;
}

const expr::Options& ConditionOptions() {
  static const expr::Options* options = [] {
    auto* o = new expr::Options();
    for (const char* name : kContextNames) o->names.emplace_back(name);
    return o;
  }();
  return *options;
}

std::shared_ptr<const CompiledNotification> CompiledNotification::Compile(NotificationSpec spec) {
  std::shared_ptr<CompiledNotification> n(new CompiledNotification());
  const tmpl::Environment& env = TemplateEnvironment(spec.undefined);
  auto compile_template = [&](const std::string& text, const std::string& field,
                              std::string_view label) -> std::shared_ptr<const tmpl::Template> {
    auto t = env.Compile(text, field);
    if (!t.ok()) {
      n->errors_.push_back(FromEngine(field, label, t.error()));
      return nullptr;
    }
    return *t;
  };
  auto compile_condition = [&](const std::string& text, const std::string& field,
                               std::string_view label) -> std::optional<expr::CompiledExpression> {
    auto c = expr::Compile(text, ConditionOptions());
    if (!c.ok()) {
      n->errors_.push_back(FromEngine(field, label, c.error()));
      return std::nullopt;
    }
    return *c;
  };

  if (!spec.condition.empty() && spec.condition.find_first_not_of(" \t\r\n") != std::string::npos) {
    n->condition_ = compile_condition(spec.condition, "condition", "Condition");
  }
  if (NeedsRendering(spec.subject)) {
    n->subject_ = compile_template(spec.subject, "subject", "Subject");
  }
  n->message_ = compile_template(spec.message, "message", "Message");
  for (size_t i = 0; i < spec.recipients.size(); ++i) {
    const RecipientRow& row = spec.recipients[i];
    std::string prefix = fmt::format("recipients[{}].", i + 1);
    std::string label = fmt::format("Recipients row {}", i + 1);
    CompiledRecipient r;
    r.row = row;
    if (row.condition.find_first_not_of(" \t\r\n") != std::string::npos) {
      r.condition = compile_condition(row.condition, prefix + "condition", label + " condition");
    }
    if (NeedsRendering(row.cc)) r.cc = compile_template(row.cc, prefix + "cc", label + " CC");
    if (NeedsRendering(row.bcc)) {
      r.bcc = compile_template(row.bcc, prefix + "bcc", label + " BCC");
    }
    n->recipients_.push_back(std::move(r));
  }
  n->arena_ = std::make_unique<value::Arena>();
  value::FromJsonOptions frozen;
  frozen.object_mode = value::DictMode::kDocument;
  frozen.freeze = true;
  n->alert_ = value::FromJson(*n->arena_, spec.doc, frozen);
  n->spec_ = std::move(spec);
  return n;
}

}  // namespace crier::rules
