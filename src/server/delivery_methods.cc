// webhook.send_test_message and delivery.retry.
#include "server/delivery_methods.h"

#include <fmt/format.h>

#include "channels/channel.h"
#include "delivery/requeue.h"
#include "delivery/send_now.h"

namespace crier {
namespace {

Result<std::string> RequiredText(const Json& args, const char* name) {
  const Json v = args.contains(name) ? args.at(name) : Json();
  if (v.is_null() || (v.is_string() && v.get<std::string>().empty())) {
    return InvalidArgument(fmt::format("{} is required", name), name);
  }
  if (!v.is_string()) return InvalidArgument(fmt::format("{} must be text", name), name);
  return v.get<std::string>();
}

Status RequireSystemManager(const Principal& who, std::string_view what) {
  if (who.system_manager()) return Status::Ok();
  return PermissionDenied(
      fmt::format("User {} may not {}: it needs the System Manager role", who.user, what));
}

Result<Json> SendTestMessage(Api& api, HttpSender& sender, const ChannelEnv& env,
                             const Clock& clock, MethodCall& call) {
  const Principal& who = *call.principal;
  CRIER_RETURN_IF_ERROR(RequireSystemManager(who, "send test messages"));
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta,
                         api.documents().GetMeta("Incoming Webhook URL"));
  if (!Decide(who, *meta, Access::kWrite).allowed) {
    return PermissionDenied(
        fmt::format("User {} does not have permission to write Incoming Webhook URL", who.user));
  }
  CRIER_ASSIGN_OR_RETURN(std::string name, RequiredText(call.args, "webhook"));
  CRIER_ASSIGN_OR_RETURN(std::string text, RequiredText(call.args, "message"));
  std::optional<Json> doc;
  {
    CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, api.store().BeginRead());
    CRIER_ASSIGN_OR_RETURN(doc, txn->GetDoc("Incoming Webhook URL", name));
  }
  if (!doc) {
    return Status(StatusCode::kNotFound, fmt::format("Incoming Webhook URL '{}' not found", name),
                  "webhook");
  }
  CRIER_ASSIGN_OR_RETURN(Webhook webhook, WebhookFromDoc(*doc));  // Errors name the bad field.
  const Channel* channel = FindChannel(webhook.service);
  ChatMessage message;
  message.text = std::move(text);
  // Sent now, not queued: the answer is what the service said (SendNow blocks this request).
  SendResult result = SendNow(*channel, webhook, message, env, sender, clock);
  Json out = result.ToJson();
  out["webhook"] = webhook.name;
  out["service"] = std::string(channel->service());
  if (!result.parts.empty()) {
    const PartResult& last = result.parts.back();
    double latency_ms = 0;
    for (const PartResult& p : result.parts) {
      latency_ms += static_cast<double>(p.outcome.latency.count()) / 1000.0;
    }
    out["status"] = last.outcome.http_status;
    out["reason"] = std::string(ReasonLabel(last.outcome.reason));
    out["detail"] = last.outcome.detail;
    out["answer"] = last.answer;
    out["latency_ms"] = latency_ms;
  }
  return out;
}

Result<Json> RetryDeliveries(Api& api, const Clock& clock, MethodCall& call) {
  CRIER_RETURN_IF_ERROR(RequireSystemManager(*call.principal, "retry deliveries"));
  const bool by_name = call.args.contains("name") && !call.args["name"].is_null();
  const bool by_webhook = call.args.contains("webhook") && !call.args["webhook"].is_null();
  if (by_name == by_webhook) {
    return InvalidArgument(
        "delivery.retry needs either name (one Webhook Delivery) or webhook (all of a webhook's "
        "failed deliveries)",
        "name");
  }
  CRIER_ASSIGN_OR_RETURN(std::string key, RequiredText(call.args, by_name ? "name" : "webhook"));
  std::vector<std::string> names;
  CRIER_RETURN_IF_ERROR(RunInWriteTxn(api.store(), [&](WriteTxn& txn) -> Status {
    CRIER_ASSIGN_OR_RETURN(names, by_name ? RetryDelivery(txn, key, clock.Now())
                                          : RetryWebhookDeliveries(txn, key, clock.Now()));
    return Status::Ok();
  }));
  return Json{{"count", names.size()}, {"deliveries", names}};
}

}  // namespace

void AddDeliveryMethods(Api& api, HttpSender& sender, const ChannelEnv& env, const Clock& clock) {
  api.AddMethod("webhook.send_test_message",
                {false, [&api, &sender, &env, &clock](MethodCall& call) {
                   return SendTestMessage(api, sender, env, clock, call);
                 }});
  api.AddMethod("delivery.retry", {false, [&api, &clock](MethodCall& call) {
                                     return RetryDeliveries(api, clock, call);
                                   }});
}

}  // namespace crier
