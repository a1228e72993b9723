// Zulip payloads and answers (reference: webhook-contracts.md section 7).
#include "channels/zulip/zulip.h"

#include "channels/classify.h"
#include "channels/payload.h"
#include "channels/text_measure.h"

namespace crier {

size_t ZulipChannel::TextOverhead(const Webhook& webhook, const ChatMessage& message,
                                  const ChannelEnv&) const {
  return LinkCodePoints(webhook, message, LinkStyle::kMarkdown);
}

RateLimitSpec ZulipChannel::default_rate_limit(const Webhook&) const {
  return {{{200, std::chrono::minutes(1)}}};
}

Result<HttpRequest> ZulipChannel::BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                               const ChannelEnv&) const {
  HttpRequest req =
      JsonPost(webhook, {{"text", TextWithLink(webhook, message, LinkStyle::kMarkdown)}});
  if (!webhook.thread_key.empty()) {
    std::string topic = ExpandThreadKey(webhook.thread_key, message);
    // At most 60 code points, cut at a code point boundary.
    size_t cps = 0, cut = 0;
    while (cut < topic.size() && cps < kMaxTopicCharacters) {
      cut += Utf8SequenceLength(static_cast<unsigned char>(topic[cut]));
      ++cps;
    }
    topic.resize(std::min(cut, topic.size()));
    req.url = WithQueryParam(req.url, "topic", topic);
  }
  return req;
}

Outcome ZulipChannel::Classify(const Webhook&, const HttpResponse& r, TimePoint now) const {
  bool ok = r.error == TransportError::kNone && r.status == 200 &&
            JsonFieldEquals(r.body, "result", "success");
  Outcome o = ClassifyHttp(r, now, ok);
  if (r.error == TransportError::kNone && r.status == 401 &&
      (JsonFieldEquals(r.body, "code", "INVALID_API_KEY") ||
       JsonFieldEquals(r.body, "code", "USER_DEACTIVATED"))) {
    o.reason = Reason::kGone;
  }
  return o;
}

CRIER_REGISTER_CHANNEL(zulip, ZulipChannel);

}  // namespace crier
