// The channels' validation of Incoming Webhook URL documents, run when one is saved.
#include "delivery/webhook_validator.h"

#include "channels/webhook.h"

namespace crier {
namespace {

class WebhookValidator final : public WriteHook {
 public:
  Status Run(HookContext& ctx) override {
    if (ctx.meta.name != "Incoming Webhook URL" || ctx.hook != "validate") return Status::Ok();
    return WebhookFromDoc(ctx.doc).status();
  }
};

}  // namespace

std::unique_ptr<WriteHook> MakeWebhookValidator() {
  return std::make_unique<WebhookValidator>();
}

}  // namespace crier
