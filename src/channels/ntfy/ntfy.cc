// ntfy requests and answers (Frappe notes 5.3).
#include "channels/ntfy/ntfy.h"

#include "channels/classify.h"
#include "channels/payload.h"

namespace crier {

RateLimitSpec NtfyChannel::default_rate_limit(const Webhook&) const {
  return {{{60, std::chrono::minutes(5)}}};
}

Result<HttpRequest> NtfyChannel::BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                              const ChannelEnv&) const {
  HttpRequest req;
  req.url = webhook.url;
  req.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
  if (WantsLink(webhook, message)) req.headers.emplace_back("Click", message.doc_url);
  req.body = message.text;
  return req;
}

Outcome NtfyChannel::Classify(const Webhook&, const HttpResponse& r, TimePoint now) const {
  return ClassifyHttp(r, now, r.error == TransportError::kNone && r.status == 200);
}

CRIER_REGISTER_CHANNEL(ntfy, NtfyChannel);

}  // namespace crier
