// Saving an `Incoming Webhook URL` checks everything the channels will need when sending: a known
// service, a valid URL, overrides the service accepts, the rate-limit spec, Generic headers. The
// document layer only knows field types; this hook applies the channels' own reading
// (WebhookFromDoc), so a webhook that saves is a webhook that can send.
#pragma once

#include <memory>

#include "model/write_hook.h"

namespace crier {

// A WriteHook refusing (kInvalidArgument naming the field) an Incoming Webhook URL that
// WebhookFromDoc would refuse. The URL never appears in the error.
std::unique_ptr<WriteHook> MakeWebhookValidator();

}  // namespace crier
