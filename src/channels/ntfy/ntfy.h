// ntfy (POST to https://host/<topic>). As Frappe sends it: the message as the raw UTF-8 body, not
// JSON, and the document link in a `Click` header. ntfy turns bodies over 4,096 bytes into an
// attachment, so crier splits there. Success is 200 with the published message.
#pragma once

#include "channels/channel.h"

namespace crier {

class NtfyChannel final : public Channel {
 public:
  static constexpr size_t kMaxBytes = 4096;

  std::string_view service() const override { return "Ntfy"; }
  TextLimit text_limit(const Webhook&) const override {
    return {kMaxBytes, TextMeasure::kUtf8Bytes};
  }
  // ntfy.sh's visitor limit: a burst of 60, then one every 5 seconds.
  RateLimitSpec default_rate_limit(const Webhook&) const override;
  Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv& env) const override;
  Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                   TimePoint now) const override;
};

}  // namespace crier
