// Slack incoming webhooks. Payload as Frappe and Dokos send it: {"text"} plus, when the document
// link is shown, an attachment with a "Go to the document" button; `channel`, `username`,
// `icon_url`, `icon_emoji` for legacy custom-integration hooks. Success is 200 "ok"; errors are
// reported with Frappe's messages ("404: Channel not found").
#pragma once

#include "channels/channel.h"

namespace crier {

class SlackChannel final : public Channel {
 public:
  static constexpr size_t kMaxCharacters = 40000;  // Slack truncates beyond.

  std::string_view service() const override { return "Slack"; }
  TextLimit text_limit(const Webhook&) const override { return {kMaxCharacters}; }
  // About one message per second per webhook, short bursts tolerated.
  RateLimitSpec default_rate_limit(const Webhook&) const override;
  Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv& env) const override;
  // Gone: 404 (channel_not_found, no_service), 410 (channel_is_archived), and bodies naming a
  // removed hook or team (no_service, invalid_token, team_disabled, no_active_hooks).
  Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                   TimePoint now) const override;
};

}  // namespace crier
