// Any other HTTP endpoint: the request body is a Jinja template of the webhook (`body_template`),
// rendered with the message and its document, sent with the webhook's content type and custom
// headers (whose values are treated as secrets). Without a template the body is a plain JSON
// object (see DefaultBody). Any 2xx is success; the usual HTTP conventions classify the rest.
#pragma once

#include <nlohmann/json.hpp>

#include "channels/channel.h"

namespace crier {

class GenericChannel final : public Channel {
 public:
  std::string_view service() const override { return "Generic"; }
  std::vector<std::string_view> aliases() const override { return {"Generic Webhook", "Webhook"}; }
  // The body is the template's: never split.
  TextLimit text_limit(const Webhook&) const override { return {0}; }
  RateLimitSpec default_rate_limit(const Webhook&) const override;
  // The content type and headers must be sendable.
  Status Validate(const Webhook& webhook) const override;
  // Renders the template with RenderContext(). kUnprocessable when the template fails or, for a
  // JSON content type, renders something that is not JSON.
  Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv& env) const override;
  Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                   TimePoint now) const override;

  // The template's variables: message (also as text), subject, doc_url ("" when the link is
  // off), doc (the document, {} when unknown), doctype, name, notification, webhook_name, part,
  // parts.
  static nlohmann::json RenderContext(const Webhook& webhook, const ChatMessage& message);
  // {"text", "subject", "doc_url" (when shown), "doctype", "name", "notification"}.
  static nlohmann::json DefaultBody(const Webhook& webhook, const ChatMessage& message);
};

}  // namespace crier
