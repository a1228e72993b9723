// What a notification would do for one document, without doing it (notification.preview, the
// form's preview panel): whether the condition holds, the rendered subject and message, and for
// each target the payload it would receive: the HTTP body of each part for a chat webhook (built
// by the service's channel, as the delivery workers will, but never the URL, and with the
// webhook's secrets scrubbed), the resolved addresses for e-mail, the users for the bell.
#pragma once

#include <nlohmann/json.hpp>

#include "channels/message.h"
#include "model/document_service.h"
#include "rules/compiled_notification.h"
#include "store/store.h"

namespace crier::rules {

struct PreviewInputs {
  ReadTxn& txn;
  const DocumentService& documents;
  const ChannelEnv& env;
  const CompiledNotification& notification;
  const Meta& meta;
  const nlohmann::json& doc;
  DateTime now;
};

// {"meets_condition", "condition_error"?, "subject", "subject_error"?, "message",
//  "message_error"?, "payloads": [{"target", "channel", ...}]}. Never fails: what cannot be
// computed is reported in the answer.
nlohmann::json Preview(const PreviewInputs& in);

// The chat message a notification sends for a document: the rendered texts, the document's link
// and references. Shared by the preview and notification.send_test.
ChatMessage ChatMessageFor(const CompiledNotification& notification, const Meta& meta,
                           const nlohmann::json& doc, const std::string& subject,
                           const std::string& message, const ChannelEnv& env);

}  // namespace crier::rules
