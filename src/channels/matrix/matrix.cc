// Hookshot requests and answers.
#include "channels/matrix/matrix.h"

#include "channels/classify.h"
#include "channels/payload.h"

namespace crier {
namespace {

nlohmann::json Body(const Webhook& webhook, const ChatMessage& message) {
  nlohmann::json body = {{"text", TextWithLink(webhook, message, LinkStyle::kMarkdown)}};
  if (!webhook.username.empty()) body["username"] = webhook.username;
  return body;
}

}  // namespace

size_t MatrixChannel::TextOverhead(const Webhook& webhook, const ChatMessage& message,
                                   const ChannelEnv&) const {
  ChatMessage empty = message;
  empty.text.clear();
  return Body(webhook, empty).dump().size();
}

RateLimitSpec MatrixChannel::default_rate_limit(const Webhook&) const {
  return {{{10, std::chrono::seconds(1)}}};
}

Result<HttpRequest> MatrixChannel::BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                                const ChannelEnv&) const {
  return JsonPost(webhook, Body(webhook, message));
}

Outcome MatrixChannel::Classify(const Webhook&, const HttpResponse& r, TimePoint now) const {
  bool ok = r.error == TransportError::kNone && (r.status == 200 || r.status == 202) &&
            (OneLine(r.body).empty() || JsonFieldEquals(r.body, "ok", true));
  return ClassifyHttp(r, now, ok);
}

CRIER_REGISTER_CHANNEL(matrix, MatrixChannel);

}  // namespace crier
