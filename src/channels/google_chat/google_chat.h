// Google Chat incoming webhooks (spaces.messages.create with key and token in the query). Payload
// as Dokos sends it, {"text": message + "\n<url|Document link>"}; a webhook's thread key (with
// "{doctype}" and "{name}" placeholders) keeps one thread per document. Success is 200 with the
// created Message.
#pragma once

#include "channels/channel.h"

namespace crier {

class GoogleChatChannel final : public Channel {
 public:
  static constexpr size_t kMaxCharacters = 4096;  // Longer texts get 400 INVALID_ARGUMENT.

  std::string_view service() const override { return "Google Chat"; }
  TextLimit text_limit(const Webhook&) const override { return {kMaxCharacters}; }
  size_t TextOverhead(const Webhook& webhook, const ChatMessage& message,
                      const ChannelEnv& env) const override;
  // 60 writes per minute per space, shared by every app and webhook in it.
  RateLimitSpec default_rate_limit(const Webhook&) const override;
  Status Validate(const Webhook& webhook) const override;
  Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv& env) const override;
  Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                   TimePoint now) const override;
};

}  // namespace crier
