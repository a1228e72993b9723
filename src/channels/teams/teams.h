// Microsoft Teams. By default a Workflows (Power Automate) webhook, which expects an Adaptive Card
// in a "message" envelope and answers 202 Accepted; as an option (`teams_legacy_connector`, or a
// webhook.office.com URL) the retiring Office 365 connector, which takes a MessageCard and answers
// 200 with the body "1" — and reports Teams' own errors (429, 413) inside a 200.
#pragma once

#include "channels/channel.h"

namespace crier {

class TeamsChannel final : public Channel {
 public:
  // Teams refuses cards above about 28 KB; the whole JSON body is kept under this.
  static constexpr size_t kMaxBodyBytes = 27 * 1024;

  std::string_view service() const override { return "Microsoft Teams"; }
  std::vector<std::string_view> aliases() const override { return {"Teams", "MS Teams"}; }
  TextLimit text_limit(const Webhook&) const override {
    return {kMaxBodyBytes, TextMeasure::kJsonBytes};
  }
  // The envelope around the text: the body's size with an empty text.
  size_t TextOverhead(const Webhook& webhook, const ChatMessage& message,
                      const ChannelEnv& env) const override;
  // Connector: 4/s, 60/30 s, 100/h, 150/2 h, 1,800/day. Workflows: 4/s.
  RateLimitSpec default_rate_limit(const Webhook& webhook) const override;
  Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv& env) const override;
  Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                   TimePoint now) const override;

  // Whether the webhook is a legacy Office 365 connector.
  static bool IsLegacyConnector(const Webhook& webhook);
};

}  // namespace crier
