// Reading delivery targets.
#include "delivery/delivery_target.h"

#include <fmt/format.h>

#include "delivery/rate_limiter.h"

namespace crier {
namespace {

DeliveryTarget Problem(DeliveryTarget t, Reason reason, std::string detail) {
  t.problem = reason;
  t.problem_detail = std::move(detail);
  return t;
}

}  // namespace

bool CheckedOn(const Json& doc, const char* field) {
  auto it = doc.find(field);
  if (it == doc.end() || it->is_null()) return true;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number()) return it->get<double>() != 0;
  if (it->is_string()) return *it != "0";
  return true;
}

std::optional<QueueTarget> ParseQueue(std::string_view queue) {
  for (auto [prefix, email] : {std::pair{std::string_view("webhook:"), false},
                               std::pair{std::string_view("email:"), true}}) {
    if (queue.substr(0, prefix.size()) == prefix && queue.size() > prefix.size()) {
      return QueueTarget{std::string(queue.substr(prefix.size())), email};
    }
  }
  return std::nullopt;
}

Result<DeliveryTarget> LoadTarget(ReadTxn& txn, std::string_view queue, TimePoint now) {
  DeliveryTarget t;
  t.queue = std::string(queue);
  t.loaded = now;
  std::optional<QueueTarget> q = ParseQueue(queue);
  if (!q) {
    return Problem(std::move(t), Reason::kInvalidRequest,
                   fmt::format("unknown outbox queue \"{}\"", queue));
  }
  t.email = q->email;
  if (q->email) {
    t.service = "Email";
    CRIER_ASSIGN_OR_RETURN(std::optional<Json> doc, txn.GetDoc("Email Account", q->name));
    if (!doc) {
      return Problem(std::move(t), Reason::kDisabled,
                     fmt::format("Email Account '{}' no longer exists", q->name));
    }
    if (!CheckedOn(*doc, "enable_outgoing")) {
      return Problem(std::move(t), Reason::kDisabled,
                     fmt::format("Email Account '{}' has outgoing e-mail disabled", q->name));
    }
    Result<EmailAccount> account = EmailAccountFromDoc(*doc);
    if (!account.ok()) {
      return Problem(std::move(t), Reason::kInvalidRequest,
                     fmt::format("Email Account '{}': {}", q->name, account.status().message()));
    }
    t.account = std::move(account).value();
    return t;
  }
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> doc, txn.GetDoc("Incoming Webhook URL", q->name));
  if (!doc) {
    return Problem(std::move(t), Reason::kDisabled,
                   fmt::format("Incoming Webhook URL '{}' no longer exists", q->name));
  }
  t.service = doc->value("service", "");
  if (!CheckedOn(*doc, "enabled")) {
    return Problem(std::move(t), Reason::kDisabled,
                   fmt::format("Incoming Webhook URL '{}' is disabled", q->name));
  }
  Result<Webhook> webhook = WebhookFromDoc(*doc);
  if (!webhook.ok()) {  // WebhookFromDoc never quotes the URL.
    return Problem(
        std::move(t), Reason::kInvalidRequest,
        fmt::format("Incoming Webhook URL '{}': {}", q->name, webhook.status().message()));
  }
  t.webhook = std::move(webhook).value();
  t.webhook.name = q->name;
  t.channel = FindChannel(t.webhook.service);
  t.service = std::string(t.channel->service());
  Result<RateLimitSpec> rate = EffectiveRateLimit(*t.channel, t.webhook);
  if (!rate.ok()) {
    return Problem(std::move(t), Reason::kInvalidRequest,
                   fmt::format("Incoming Webhook URL '{}': {}", q->name, rate.status().message()));
  }
  t.rate = std::move(rate).value();
  return t;
}

}  // namespace crier
