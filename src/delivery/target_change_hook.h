// Tells the delivery workers of every node that a webhook or an e-mail account changed, so that
// the next message of its queue is sent with the new settings (a corrected URL, a webhook enabled
// again, a new rate limit): after each committed save or delete of an `Incoming Webhook URL` or
// `Email Account`, its queue is published on kTargetsTopic.
#pragma once

#include "model/write_hook.h"

namespace crier {

class TargetChangeHook final : public WriteHook {
 public:
  Status Run(HookContext& ctx) override;
};

}  // namespace crier
