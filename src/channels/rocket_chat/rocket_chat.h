// Rocket.Chat incoming webhooks (/hooks/<id>/<token>). Payload as Dokos sends it: {"text"} and,
// with the link, an attachment {"title": "Document link", "title_link": url}; `channel`,
// `username`, `icon_url`, `icon_emoji` overrides (the integration must allow overriding the
// channel). Success is 200 {"success": true}.
#pragma once

#include "channels/channel.h"

namespace crier {

class RocketChatChannel final : public Channel {
 public:
  static constexpr size_t kMaxCharacters = 5000;  // Message_MaxAllowedSize default.

  std::string_view service() const override { return "Rocket.Chat"; }
  TextLimit text_limit(const Webhook&) const override { return {kMaxCharacters}; }
  // The default API rate limiter: 10 calls per minute per route and client.
  RateLimitSpec default_rate_limit(const Webhook&) const override;
  Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv& env) const override;
  // The limiter's "You must wait N seconds" becomes the retry wait; "Invalid integration id or
  // token" means gone, whatever the status.
  Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                   TimePoint now) const override;
};

}  // namespace crier
