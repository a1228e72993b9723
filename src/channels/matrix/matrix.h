// Matrix through matrix-hookshot's generic webhooks (POST /webhook/<hookId>). Payload as Frappe's
// variant sends it: {"text": message + "\n\n[Document link](url)"}, plus `username` when set.
// Hookshot acknowledges with 202 {"ok": true} (200 when it waits for the Matrix send).
#pragma once

#include "channels/channel.h"

namespace crier {

class MatrixChannel final : public Channel {
 public:
  // Hookshot renders the Markdown to HTML too and a Matrix event is at most 64 KiB: the JSON
  // body is kept under 30,000 bytes to leave room for both forms.
  static constexpr size_t kMaxBodyBytes = 30000;

  std::string_view service() const override { return "Matrix (Hookshot)"; }
  std::vector<std::string_view> aliases() const override { return {"Matrix", "Hookshot"}; }
  TextLimit text_limit(const Webhook&) const override {
    return {kMaxBodyBytes, TextMeasure::kJsonBytes};
  }
  size_t TextOverhead(const Webhook& webhook, const ChatMessage& message,
                      const ChannelEnv& env) const override;
  RateLimitSpec default_rate_limit(const Webhook&) const override;
  Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv& env) const override;
  Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                   TimePoint now) const override;
};

}  // namespace crier
