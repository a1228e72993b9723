// The API methods of delivery: `webhook.send_test_message` (send now and report what the service
// really answered) and `delivery.retry` (queue failed deliveries again), as the web UI calls them
// (web/assets/js/views/webhooks.js, deliveries.js). Reference: docs/api.md.
#pragma once

#include "api/api.h"
#include "base/clock.h"
#include "channels/message.h"
#include "delivery/http_sender.h"

namespace crier {

// Adds both methods to `api`. `sender`, `env` and `clock` must outlive it.
void AddDeliveryMethods(Api& api, HttpSender& sender, const ChannelEnv& env, const Clock& clock);

}  // namespace crier
