// Sending one message right away and waiting for the service's answer, for the API methods that
// report the real outcome (webhook.send_test_message, notification.send_test) rather than queue:
// the message is split as for a queued delivery, parts are sent in order, and sending stops at
// the first part that was not delivered.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/clock.h"
#include "channels/channel.h"
#include "delivery/http_sender.h"

namespace crier {

struct PartResult {
  Outcome outcome;
  std::string answer;  // The service's answer body, secrets removed, at most 1 KiB.
};

struct SendResult {
  int parts_total = 0;            // How many parts the message was split into.
  std::vector<PartResult> parts;  // The parts attempted, in order.

  // Every part was delivered.
  bool delivered() const;
  // {"delivered": bool, "parts_total": n, "parts": [{"part", "status", "verdict", "reason",
  // "detail", "answer", "latency_ms", "retry_after_ms"?}]}: what the API methods answer.
  nlohmann::json ToJson() const;
};

// Splits, builds, sends through `sender` and classifies each part in turn. A request that cannot
// be built (a Generic template error) is an invalid_request outcome, nothing is sent. Blocks.
// REQUIRES: not called from inside a `done` callback of `sender`.
SendResult SendNow(const Channel& channel, const Webhook& webhook, const ChatMessage& message,
                   const ChannelEnv& env, HttpSender& sender, const Clock& clock);

}  // namespace crier
