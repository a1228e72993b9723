// Zulip's Slack-compatible incoming webhook (/api/v1/external/slack_incoming?api_key=...&stream=
// ...&topic=...). Payload {"text": message + "\n\n[Document link](url)"}; a webhook's thread key
// ("{doctype}:{name}") becomes the topic, Zulip's unit of threading. Success is 200
// {"result": "success"}.
#pragma once

#include "channels/channel.h"

namespace crier {

class ZulipChannel final : public Channel {
 public:
  static constexpr size_t kMaxCharacters = 10000;  // Zulip truncates beyond.
  static constexpr size_t kMaxTopicCharacters = 60;

  std::string_view service() const override { return "Zulip"; }
  TextLimit text_limit(const Webhook&) const override { return {kMaxCharacters}; }
  size_t TextOverhead(const Webhook& webhook, const ChatMessage& message,
                      const ChannelEnv& env) const override;
  // api_by_user: 200 requests per minute for the bot.
  RateLimitSpec default_rate_limit(const Webhook&) const override;
  Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv& env) const override;
  // 401 INVALID_API_KEY or USER_DEACTIVATED means gone (the bot was removed).
  Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                   TimePoint now) const override;
};

}  // namespace crier
