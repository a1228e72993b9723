// Evaluation contexts of notifications.
#include "rules/eval_context.h"

#include "rules/frappe_db.h"
#include "value/json.h"

namespace crier::rules {

value::Context MakeContext(const ContextInputs& in) {
  value::Context context;
  value::FromJsonOptions frozen;
  frozen.object_mode = value::DictMode::kDocument;
  frozen.freeze = true;
  value::Arena& arena = context.arena();
  context.Set("doc", value::FromJson(arena, in.doc, frozen));
  context.Set("doc_before_save",
              in.before ? value::FromJson(arena, *in.before, frozen) : value::Value::None());
  context.Set("alert", value::Value::None());
  context.Set("comments", value::Value::None());
  context.Set("frappe", MakeFrappeObject(arena, in.txn, in.documents));
  context.SetNow(in.now);
  if (!in.base_url.empty()) {
    value::SiteSettings site;
    site.base_url = in.base_url;
    context.SetSite(std::move(site));
  }
  return context;
}

void SetAlert(value::Context& context, const CompiledNotification& notification) {
  context.Set("alert", notification.alert());
}

}  // namespace crier::rules
