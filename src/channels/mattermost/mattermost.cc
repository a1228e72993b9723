// Mattermost payloads and answers (reference: webhook-contracts.md section 1).
#include "channels/mattermost/mattermost.h"

#include <nlohmann/json.hpp>

#include "channels/classify.h"
#include "channels/payload.h"

namespace crier {

size_t MattermostChannel::TextOverhead(const Webhook& webhook, const ChatMessage& message,
                                       const ChannelEnv&) const {
  return LinkCodePoints(webhook, message, LinkStyle::kSlack);
}

RateLimitSpec MattermostChannel::default_rate_limit(const Webhook&) const {
  return {{{10, std::chrono::seconds(1)}}};
}

Status MattermostChannel::Validate(const Webhook& webhook) const {
  const std::string& p = webhook.priority;
  if (p.empty() || p == "standard" || p == "important" || p == "urgent") return Status::Ok();
  return InvalidArgument("priority must be standard, important or urgent for Mattermost",
                         "priority");
}

Result<HttpRequest> MattermostChannel::BuildRequest(const Webhook& webhook,
                                                    const ChatMessage& message,
                                                    const ChannelEnv&) const {
  nlohmann::json body = {{"text", TextWithLink(webhook, message, LinkStyle::kSlack)}};
  AddSlackStyleOverrides(webhook, body);
  if (webhook.priority == "important" || webhook.priority == "urgent") {
    body["priority"] = {{"priority", webhook.priority}};
  }
  return JsonPost(webhook, body);
}

Outcome MattermostChannel::Classify(const Webhook&, const HttpResponse& r, TimePoint now) const {
  bool ok = r.error == TransportError::kNone && r.status == 200 && OneLine(r.body) == "ok";
  Outcome o = ClassifyHttp(r, now, ok);
  if (r.error != TransportError::kNone) return o;
  // Mattermost answers a deleted or unknown hook with 400, not 404.
  if (r.status == 400 && (r.body.find("incoming_webhook.invalid") != std::string::npos ||
                          r.body.find("Invalid webhook") != std::string::npos)) {
    o.reason = Reason::kGone;
  }
  // 404 is "the override channel does not exist": a configuration error, the hook is alive.
  if (r.status == 404 && r.body.find("incoming_webhook.channel") != std::string::npos) {
    o.reason = Reason::kRejected;
  }
  if (r.status == 501) {  // Incoming webhooks disabled by the administrator.
    o.verdict = Verdict::kFailed;
    o.reason = Reason::kRejected;
    o.retry_after.reset();
  }
  return o;
}

CRIER_REGISTER_CHANNEL(mattermost, MattermostChannel);

}  // namespace crier
