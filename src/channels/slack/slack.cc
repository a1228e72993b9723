// Slack payloads and answers (reference: webhook-contracts.md section 2, Frappe notes 5.1).
#include "channels/slack/slack.h"

#include <fmt/format.h>

#include "channels/classify.h"
#include "channels/payload.h"

namespace crier {
namespace {

// Frappe's messages for Slack's documented error statuses.
std::string_view FrappeMessage(int status) {
  switch (status) {
    case 400:
      return "Invalid Payload or User not found";
    case 403:
      return "Action Prohibited";
    case 404:
      return "Channel not found";
    case 410:
      return "The Channel is Archived";
    case 500:
      return "Rollup Error, Slack seems to be down";
    default:
      return "";
  }
}

}  // namespace

RateLimitSpec SlackChannel::default_rate_limit(const Webhook&) const {
  return {{{1, std::chrono::seconds(1)}}};
}

Result<HttpRequest> SlackChannel::BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                               const ChannelEnv&) const {
  nlohmann::json body = {{"text", message.text}};
  if (WantsLink(webhook, message)) {
    body["attachments"] = {{{"fallback", "See the document at " + message.doc_url},
                            {"actions",
                             {{{"type", "button"},
                               {"text", "Go to the document"},
                               {"url", message.doc_url},
                               {"style", "primary"}}}}}};
  }
  AddSlackStyleOverrides(webhook, body);
  return JsonPost(webhook, body);
}

Outcome SlackChannel::Classify(const Webhook&, const HttpResponse& r, TimePoint now) const {
  bool ok = r.error == TransportError::kNone && r.status == 200 && OneLine(r.body) == "ok";
  Outcome o = ClassifyHttp(r, now, ok);
  if (r.error != TransportError::kNone || ok) return o;
  std::string code = OneLine(r.body, 64);
  if (o.verdict == Verdict::kFailed &&
      (code == "no_service" || code == "invalid_token" || code == "team_disabled" ||
       code == "no_active_hooks" || code == "channel_is_archived")) {
    o.reason = Reason::kGone;
  }
  if (std::string_view known = FrappeMessage(r.status); !known.empty()) {
    o.detail = fmt::format("{}: {}", r.status, known);
  }
  return o;
}

CRIER_REGISTER_CHANNEL(slack, SlackChannel);

}  // namespace crier
