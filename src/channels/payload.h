// Small pieces several channels' payloads share, so that "the document link" reads the same in
// every service that uses the same convention.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "channels/http_message.h"
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

// How a channel appends the document link to the text.
enum class LinkStyle {
  kSlack,     // "\n<url|Document link>": what Dokos appends for Mattermost and Google Chat.
  kMarkdown,  // "\n\n[Document link](url)": Matrix, Zulip.
};

std::string LinkSuffix(LinkStyle style, std::string_view url);

// The message's text, followed by its link when WantsLink().
std::string TextWithLink(const Webhook& webhook, const ChatMessage& message, LinkStyle style);

// Code points the link adds to the text (0 when WantsLink() is false): the TextOverhead of
// channels whose limit counts the text field.
size_t LinkCodePoints(const Webhook& webhook, const ChatMessage& message, LinkStyle style);

// Sets the Slack-style overrides Mattermost, Slack and Rocket.Chat share: channel, username,
// icon_url, icon_emoji (only those the webhook sets).
void AddSlackStyleOverrides(const Webhook& webhook, nlohmann::json& body);

// A POST of `body` as JSON to the webhook's URL.
HttpRequest JsonPost(const Webhook& webhook, const nlohmann::json& body,
                     std::string_view content_type = "application/json");

// Whether `body` is a JSON object whose member `key` equals `value`.
bool JsonFieldEquals(std::string_view body, const char* key, const nlohmann::json& value);

// The URL with `name=value` set in its query (replacing an existing `name`), value
// percent-encoded.
std::string WithQueryParam(std::string_view url, std::string_view name, std::string_view value);

// A thread key with "{doctype}" and "{name}" replaced by the message's document.
std::string ExpandThreadKey(std::string_view key, const ChatMessage& message);

// The host part of an http(s) URL, lower-cased ("" when there is none).
std::string UrlHost(std::string_view url);

}  // namespace crier
