// An `Incoming Webhook URL` as the channels see it: where to post, for which service, and the
// optional per-webhook overrides the service allows. Read from the stored document by
// WebhookFromDoc, which validates every field and names the one that is wrong.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/redact.h"
#include "base/status.h"
#include "channels/http_message.h"

namespace crier {

struct Webhook {
  std::string name;     // webhook_name; safe to log.
  std::string service;  // As stored ("Mattermost", "Rocket.Chat"...).
  std::string url;      // webhook_url: a credential. Never log it (RedactUrl).
  bool show_document_link = true;

  // Overrides; empty means "the webhook's own default". Which service honours which is in
  // docs/delivery.md; channels ignore the ones their service does not have.
  std::string channel;     // Mattermost, Slack (legacy hooks), Rocket.Chat.
  std::string username;    // Mattermost, Slack, Rocket.Chat, Discord, Matrix.
  std::string icon_url;    // Mattermost, Slack, Rocket.Chat, Discord (avatar_url).
  std::string icon_emoji;  // Mattermost, Slack, Rocket.Chat.
  std::string priority;    // Mattermost message priority: "", "important" or "urgent".
  // Google Chat thread key; "{doctype}" and "{name}" are replaced by the document's, so that
  // "{doctype}:{name}" keeps one thread per document.
  std::string thread_key;
  bool teams_legacy_connector = false;  // Microsoft Teams: MessageCard to an Office 365 connector.

  // Generic: the Jinja template of the request body, its content type, and extra headers (whose
  // values are treated as secrets: they often carry tokens).
  std::string body_template;
  std::string content_type = "application/json";
  HttpHeaders headers;

  // "" for the service's default pacing, else a ParseRateLimit() spec such as "5/2s".
  std::string rate_limit;
};

// Reads an `Incoming Webhook URL` document: webhook_name, service, webhook_url,
// show_document_link (default 1), and the optional fields named like the members above
// (`headers` as an object {"Name": "value"} or as Frappe's rows [{"key","value"}]). Checks that
// the service is known, the URL is valid, and the service accepts the overrides' values.
// kInvalidArgument with the offending field otherwise. The URL never appears in an error.
Result<Webhook> WebhookFromDoc(const nlohmann::json& doc);

// An http or https URL with a host, as Frappe requires ("not a url", "ftp://x", "https://",
// "https:hook" are refused). kInvalidArgument on field "webhook_url".
Status ValidateWebhookUrl(std::string_view url);

// Everything secret about a webhook: its URL's parts and its custom header values.
Redactor WebhookRedactor(const Webhook& webhook);

}  // namespace crier
