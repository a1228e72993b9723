// Rocket.Chat payloads and answers (reference: webhook-contracts.md section 4).
#include "channels/rocket_chat/rocket_chat.h"

#include <charconv>

#include "channels/classify.h"
#include "channels/payload.h"

namespace crier {
namespace {

// N from the limiter's "... You must wait N seconds before trying this endpoint again."
std::optional<Micros> MustWait(std::string_view body) {
  static constexpr std::string_view kPrefix = "must wait ";
  size_t at = body.find(kPrefix);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = body.substr(at + kPrefix.size());
  long long seconds = 0;
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), seconds);
  if (ec != std::errc() || seconds < 0) return std::nullopt;
  return std::chrono::duration_cast<Micros>(std::chrono::seconds(std::min(seconds, 7LL * 86400)));
}

}  // namespace

RateLimitSpec RocketChatChannel::default_rate_limit(const Webhook&) const {
  return {{{10, std::chrono::minutes(1)}}};
}

Result<HttpRequest> RocketChatChannel::BuildRequest(const Webhook& webhook,
                                                    const ChatMessage& message,
                                                    const ChannelEnv&) const {
  nlohmann::json body = {{"text", message.text}};
  if (WantsLink(webhook, message)) {
    body["attachments"] = {{{"title", kDocumentLinkLabel}, {"title_link", message.doc_url}}};
  }
  AddSlackStyleOverrides(webhook, body);
  return JsonPost(webhook, body);
}

Outcome RocketChatChannel::Classify(const Webhook&, const HttpResponse& r, TimePoint now) const {
  bool ok = r.error == TransportError::kNone && r.status == 200 &&
            JsonFieldEquals(r.body, "success", true);
  Outcome o = ClassifyHttp(r, now, ok);
  if (r.error != TransportError::kNone || ok) return o;
  if (r.body.find("error-too-many-requests") != std::string::npos) {
    o.verdict = Verdict::kRetry;
    o.reason = Reason::kRateLimited;
  }
  if (o.reason == Reason::kRateLimited && !o.retry_after) o.retry_after = MustWait(r.body);
  if (o.verdict == Verdict::kFailed &&
      r.body.find("Invalid integration id or token") != std::string::npos) {
    o.reason = Reason::kGone;
  }
  return o;
}

CRIER_REGISTER_CHANNEL(rocket_chat, RocketChatChannel);

}  // namespace crier
