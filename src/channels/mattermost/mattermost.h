// Mattermost incoming webhooks (POST /hooks/<id>), crier's first target. Payload as Dokos sends it
// ({"text": message + "\n<url|Document link>"}) plus the overrides Mattermost allows: channel,
// username, icon_url/icon_emoji and message priority. Success is 200 with the body "ok".
#pragma once

#include "channels/channel.h"

namespace crier {

class MattermostChannel final : public Channel {
 public:
  // The post size limit of Mattermost 5+ (runes); the server would split longer texts itself, at
  // arbitrary points and non-atomically, so crier splits first.
  static constexpr size_t kMaxRunes = 16383;

  std::string_view service() const override { return "Mattermost"; }
  TextLimit text_limit(const Webhook&) const override { return {kMaxRunes}; }
  size_t TextOverhead(const Webhook& webhook, const ChatMessage& message,
                      const ChannelEnv& env) const override;
  // 10/s: Mattermost's own limiter default when an administrator turns it on.
  RateLimitSpec default_rate_limit(const Webhook&) const override;
  // priority must be "", "standard", "important" or "urgent".
  Status Validate(const Webhook& webhook) const override;
  Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv& env) const override;
  // 200 "ok" is success. 400 "invalid webhook" means gone; 501 (webhooks disabled by the
  // administrator) and 404 for an override channel are permanent but not "gone".
  Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                   TimePoint now) const override;
};

}  // namespace crier
