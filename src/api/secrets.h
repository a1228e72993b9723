// What of a document may leave the server. Secret fields (an Incoming Webhook URL's webhook_url)
// are masked in lists and shown whole only to a System Manager reading that one record; Password
// fields (an Email Account's SMTP password) never leave at all.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "model/meta.h"

namespace crier {

// "https://chat.example.com/********" for a URL (the host helps recognise it), "********" for
// anything else; null and "" stay as they are.
nlohmann::json MaskedValue(const nlohmann::json& value);

// Masks `doc`'s secret fields in place; with `reveal`, shows the non-Password ones whole.
void MaskSecrets(const Meta& meta, bool reveal, nlohmann::json& doc);

}  // namespace crier
