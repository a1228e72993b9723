// Synchronous sending.
#include "delivery/send_now.h"

#include "channels/classify.h"
#include "channels/split.h"

namespace crier {

bool SendResult::delivered() const {
  if (parts.empty() || static_cast<int>(parts.size()) != parts_total) return false;
  for (const PartResult& p : parts) {
    if (!p.outcome.delivered()) return false;
  }
  return true;
}

nlohmann::json SendResult::ToJson() const {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < parts.size(); ++i) {
    const Outcome& o = parts[i].outcome;
    nlohmann::json part = {{"part", i + 1},
                           {"status", o.http_status},
                           {"verdict", VerdictName(o.verdict)},
                           {"reason", ReasonLabel(o.reason)},
                           {"detail", o.detail},
                           {"answer", parts[i].answer},
                           {"latency_ms", static_cast<double>(o.latency.count()) / 1000.0}};
    if (o.retry_after) part["retry_after_ms"] = o.retry_after->count() / 1000;
    list.push_back(std::move(part));
  }
  return {{"delivered", delivered()}, {"parts_total", parts_total}, {"parts", list}};
}

SendResult SendNow(const Channel& channel, const Webhook& webhook, const ChatMessage& message,
                   const ChannelEnv& env, HttpSender& sender, const Clock& clock) {
  SendResult result;
  Redactor redactor = WebhookRedactor(webhook);
  std::vector<ChatMessage> parts = SplitForChannel(channel, webhook, message, env);
  result.parts_total = static_cast<int>(parts.size());
  for (const ChatMessage& part : parts) {
    PartResult r;
    auto request = channel.BuildRequest(webhook, part, env);
    if (!request.ok()) {
      r.outcome = InvalidRequest(redactor.Scrub(request.status().message()));
      result.parts.push_back(std::move(r));
      break;
    }
    HttpResponse response = SendAndWait(sender, std::move(request).value());
    r.outcome = ClassifyAnswer(channel, webhook, response, clock.Now());
    r.answer = redactor.Scrub(OneLine(response.body, 1024));
    bool delivered = r.outcome.delivered();
    result.parts.push_back(std::move(r));
    if (!delivered) break;
  }
  return result;
}

}  // namespace crier
