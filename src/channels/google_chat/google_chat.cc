// Google Chat payloads and answers (reference: webhook-contracts.md section 3).
#include "channels/google_chat/google_chat.h"

#include "channels/classify.h"
#include "channels/payload.h"

namespace crier {

size_t GoogleChatChannel::TextOverhead(const Webhook& webhook, const ChatMessage& message,
                                       const ChannelEnv&) const {
  return LinkCodePoints(webhook, message, LinkStyle::kSlack);
}

RateLimitSpec GoogleChatChannel::default_rate_limit(const Webhook&) const {
  return {{{1, std::chrono::seconds(1)}}};
}

Status GoogleChatChannel::Validate(const Webhook& webhook) const {
  if (webhook.thread_key.size() > 4000) {
    return InvalidArgument("thread_key must be at most 4000 characters", "thread_key");
  }
  return Status::Ok();
}

Result<HttpRequest> GoogleChatChannel::BuildRequest(const Webhook& webhook,
                                                    const ChatMessage& message,
                                                    const ChannelEnv&) const {
  nlohmann::json body = {{"text", TextWithLink(webhook, message, LinkStyle::kSlack)}};
  HttpRequest req = JsonPost(webhook, body, "application/json; charset=UTF-8");
  if (!webhook.thread_key.empty()) {
    body["thread"] = {{"threadKey", ExpandThreadKey(webhook.thread_key, message)}};
    req.body = body.dump();
    req.url = WithQueryParam(req.url, "messageReplyOption", "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
  }
  return req;
}

Outcome GoogleChatChannel::Classify(const Webhook&, const HttpResponse& r, TimePoint now) const {
  bool ok = false;
  if (r.error == TransportError::kNone && r.status == 200) {
    auto json = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    ok = json.is_object() && json.contains("name");
  }
  return ClassifyHttp(r, now, ok);
}

CRIER_REGISTER_CHANNEL(google_chat, GoogleChatChannel);

}  // namespace crier
