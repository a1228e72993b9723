// Small pieces several channels' payloads share, so that "the document link" reads the same in
// every service that uses the same convention.
#pragma once

#include <string>
#include <string_view>

#include "channels/message.h"
#include "channels/webhook.h"

namespace crier {

// The link label Dokos uses everywhere.
inline constexpr std::string_view kDocumentLinkLabel = "Document link";

// Whether this message should carry its document link: the webhook shows links and the message
// has one (split messages carry it on their last part only).
inline bool WantsLink(const Webhook& webhook, const ChatMessage& message) {
  return webhook.show_document_link && !message.doc_url.empty();
}

// "\n<url|Document link>": what Dokos appends to Mattermost and Google Chat texts.
std::string SlackLinkSuffix(std::string_view url);

// "\n\n[Document link](url)": the Markdown form (Matrix, Zulip, Teams).
std::string MarkdownLinkSuffix(std::string_view url);

}  // namespace crier
