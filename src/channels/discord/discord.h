// Discord webhooks (/api/webhooks/<id>/<token>). Payload as Dokos sends it: {"content",
// "username": app name, "avatar_url": app logo, "embeds": [{"title": "Document link", "url"}]},
// with the webhook's `username` and `icon_url` overriding the app's. Messages are split at 2,000
// characters instead of Dokos' truncation. crier asks for `?wait=true`: without it Discord
// answers 204 even when the message failed to save, and at-least-once needs the truth.
#pragma once

#include "channels/channel.h"

namespace crier {

class DiscordChannel final : public Channel {
 public:
  static constexpr size_t kMaxCharacters = 2000;

  std::string_view service() const override { return "Discord"; }
  TextLimit text_limit(const Webhook&) const override { return {kMaxCharacters}; }
  // Webhook buckets are commonly 5 per 2 s, and about 30 messages a minute per channel.
  RateLimitSpec default_rate_limit(const Webhook&) const override;
  // Discord refuses usernames containing "discord" or "clyde".
  Status Validate(const Webhook& webhook) const override;
  Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv& env) const override;
  // 200 (with ?wait=true) or 204 is success; 404 Unknown Webhook (10015) and 401 Invalid Webhook
  // Token (50027) mean gone. A 404 must not be retried (Cloudflare bans IPs that insist).
  Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                   TimePoint now) const override;
};

}  // namespace crier
