// Where the messages of one outbox queue go, read from the `Incoming Webhook URL` or `Email
// Account` document when they are about to be sent (not when they were queued), so that a
// corrected URL applies to messages already waiting, and a disabled or deleted webhook stops its
// queue with a clear reason instead of posting into the void.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "channels/channel.h"
#include "channels/email/email_account.h"
#include "channels/outcome.h"
#include "store/store.h"

namespace crier {

// Published (payload: the queue) after a committed change to a webhook or an e-mail account, so
// that workers on every node re-read it (target_change_hook.h).
inline constexpr std::string_view kTargetsTopic = "delivery-targets";

struct DeliveryTarget {
  std::string queue;
  // Non-OK when nothing can be sent: the queue's messages fail with this reason (kDisabled for a
  // disabled or deleted webhook or account, kInvalidRequest for settings that cannot be used) and
  // this detail, which never holds a secret.
  Reason problem = Reason::kDelivered;
  std::string problem_detail;
  bool usable() const { return problem == Reason::kDelivered; }

  bool email = false;
  std::string service;  // The channel's service() or "Email": the metrics' label.
  // Chat: the webhook, its channel and pacing.
  Webhook webhook;
  const Channel* channel = nullptr;
  RateLimitSpec rate;
  // E-mail: the account.
  EmailAccount account;

  TimePoint loaded;  // When it was read.
};

// The name a queue delivers to: ("Tickets", false) for "webhook:Tickets", ("Ops", true) for
// "email:Ops"; nullopt for a queue of neither kind.
struct QueueTarget {
  std::string name;
  bool email = false;
};
std::optional<QueueTarget> ParseQueue(std::string_view queue);

// A Check field such as `enabled` or `enable_outgoing`: true unless it says 0 (missing means on).
bool CheckedOn(const Json& doc, const char* field);

// Reads the target of `queue` in `txn`. A missing, disabled or invalid target is a DeliveryTarget
// with a problem, not an error; errors are the store's.
Result<DeliveryTarget> LoadTarget(ReadTxn& txn, std::string_view queue, TimePoint now);

}  // namespace crier
