// Discord payloads and answers (reference: webhook-contracts.md section 6, Frappe notes 5.2).
#include "channels/discord/discord.h"

#include <cctype>

#include "channels/classify.h"
#include "channels/payload.h"

namespace crier {

RateLimitSpec DiscordChannel::default_rate_limit(const Webhook&) const {
  return {{{5, std::chrono::seconds(2)}, {30, std::chrono::minutes(1)}}};
}

Status DiscordChannel::Validate(const Webhook& webhook) const {
  std::string lower;
  for (char c : webhook.username) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower.find("discord") != std::string::npos || lower.find("clyde") != std::string::npos) {
    return InvalidArgument("Discord refuses usernames containing \"discord\" or \"clyde\"",
                           "username");
  }
  if (webhook.username.size() > 80) {
    return InvalidArgument("Discord usernames are at most 80 characters", "username");
  }
  return Status::Ok();
}

Result<HttpRequest> DiscordChannel::BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                                 const ChannelEnv& env) const {
  nlohmann::json body = {
      {"content", message.text},
      {"username", webhook.username.empty() ? env.app_name : webhook.username},
      {"avatar_url", webhook.icon_url.empty() ? env.LogoUrl() : webhook.icon_url}};
  if (WantsLink(webhook, message)) {
    body["embeds"] = {{{"title", kDocumentLinkLabel}, {"url", message.doc_url}}};
  }
  HttpRequest req = JsonPost(webhook, body);
  req.url = WithQueryParam(req.url, "wait", "true");
  return req;
}

Outcome DiscordChannel::Classify(const Webhook&, const HttpResponse& r, TimePoint now) const {
  bool ok = r.error == TransportError::kNone && (r.status == 204 || r.status == 200);
  Outcome o = ClassifyHttp(r, now, ok);
  if (r.error == TransportError::kNone && r.status == 401 &&
      JsonFieldEquals(r.body, "code", 50027)) {
    o.reason = Reason::kGone;
  }
  return o;
}

CRIER_REGISTER_CHANNEL(discord, DiscordChannel);

}  // namespace crier
