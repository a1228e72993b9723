// Teams payloads and answers (reference: webhook-contracts.md section 5, Frappe notes 5.3).
#include "channels/teams/teams.h"

#include <charconv>

#include "channels/classify.h"
#include "channels/payload.h"

namespace crier {
namespace {

using nlohmann::json;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

json AdaptiveCardEnvelope(const Webhook& webhook, const ChatMessage& message) {
  json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
               {"type", "AdaptiveCard"},
               {"version", "1.2"},
               {"body", {{{"type", "TextBlock"}, {"text", message.text}, {"wrap", true}}}}};
  if (WantsLink(webhook, message)) {
    card["actions"] = {
        {{"type", "Action.OpenUrl"}, {"title", kDocumentLinkLabel}, {"url", message.doc_url}}};
  }
  return {{"type", "message"},
          {"attachments",
           {{{"contentType", "application/vnd.microsoft.card.adaptive"},
             {"contentUrl", nullptr},
             {"content", std::move(card)}}}}};
}

// The first line of the text, at most 100 bytes: MessageCard needs a summary (Teams shows it in
// notifications) and refuses a card without summary and text.
std::string Summary(const ChatMessage& message) {
  std::string_view source = message.subject.empty() ? message.text : message.subject;
  source = source.substr(0, source.find('\n'));
  std::string summary = OneLine(source, 100);
  return summary.empty() ? "Notification" : summary;
}

json MessageCard(const Webhook& webhook, const ChatMessage& message) {
  json card = {{"@type", "MessageCard"},
               {"@context", "https://schema.org/extensions"},
               {"summary", Summary(message)},
               {"text", message.text}};
  if (WantsLink(webhook, message)) {
    card["potentialAction"] = {{{"@type", "OpenUri"},
                                {"name", kDocumentLinkLabel},
                                {"targets", {{{"os", "default"}, {"uri", message.doc_url}}}}}};
  }
  return card;
}

json Body(const Webhook& webhook, const ChatMessage& message) {
  return TeamsChannel::IsLegacyConnector(webhook) ? MessageCard(webhook, message)
                                                  : AdaptiveCardEnvelope(webhook, message);
}

// The Teams status reported inside a connector's 200 ("... returned HTTP error 429 with ...").
int EmbeddedStatus(std::string_view body) {
  static constexpr std::string_view kMarker = "HTTP error ";
  size_t at = body.find(kMarker);
  if (at == std::string_view::npos) return 0;
  std::string_view rest = body.substr(at + kMarker.size());
  int status = 0;
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), status);
  return ec == std::errc() ? status : 0;
}

}  // namespace

bool TeamsChannel::IsLegacyConnector(const Webhook& webhook) {
  if (webhook.teams_legacy_connector) return true;
  std::string host = UrlHost(webhook.url);
  return EndsWith(host, "webhook.office.com") || host == "outlook.office.com";
}

size_t TeamsChannel::TextOverhead(const Webhook& webhook, const ChatMessage& message,
                                  const ChannelEnv&) const {
  ChatMessage empty = message;
  empty.text.clear();
  return Body(webhook, empty).dump().size();
}

RateLimitSpec TeamsChannel::default_rate_limit(const Webhook& webhook) const {
  using std::chrono::hours;
  using std::chrono::seconds;
  if (IsLegacyConnector(webhook)) {
    return {
        {{4, seconds(1)}, {60, seconds(30)}, {100, hours(1)}, {150, hours(2)}, {1800, hours(24)}}};
  }
  return {{{4, seconds(1)}}};
}

Result<HttpRequest> TeamsChannel::BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                               const ChannelEnv&) const {
  return JsonPost(webhook, Body(webhook, message));
}

Outcome TeamsChannel::Classify(const Webhook& webhook, const HttpResponse& r, TimePoint now) const {
  bool transport_ok = r.error == TransportError::kNone;
  if (!IsLegacyConnector(webhook)) {
    // 202: the flow accepted the card (its run may still fail, invisibly). 200: a flow that
    // answers through a Response action.
    return ClassifyHttp(r, now, transport_ok && (r.status == 202 || r.status == 200));
  }
  bool ok = transport_ok && r.status == 200 && OneLine(r.body) == "1";
  Outcome o = ClassifyHttp(r, now, ok);
  if (!transport_ok || ok || r.status != 200) return o;
  // A 200 whose body reports Teams' own failure.
  int embedded = EmbeddedStatus(r.body);
  if (embedded == 429) {
    o.verdict = Verdict::kRetry;
    o.reason = Reason::kRateLimited;
  } else if (embedded >= 500) {
    o.verdict = Verdict::kRetry;
    o.reason = Reason::kServerError;
  } else if (embedded == 413) {
    o.reason = Reason::kTooLarge;
  }
  return o;
}

CRIER_REGISTER_CHANNEL(teams, TeamsChannel);

}  // namespace crier
