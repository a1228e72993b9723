// Publishing target changes.
#include "delivery/target_change_hook.h"

#include "delivery/delivery_target.h"
#include "delivery/enqueue.h"

namespace crier {

Status TargetChangeHook::Run(HookContext& ctx) {
  if (ctx.hook != "on_change" && ctx.hook != "after_delete") return Status::Ok();
  const bool webhook = ctx.meta.name == "Incoming Webhook URL";
  if (!webhook && ctx.meta.name != "Email Account") return Status::Ok();
  const std::string name = ctx.doc.value("name", "");
  ctx.txn.Publish(kTargetsTopic, webhook ? WebhookQueue(name) : EmailQueue(name));
  return Status::Ok();
}

}  // namespace crier
