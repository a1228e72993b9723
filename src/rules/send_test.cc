// Sending a notification for real, synchronously, for a chosen document.
#include "rules/send_test.h"

#include <fmt/format.h>

#include "channels/channel.h"
#include "channels/email/email_account.h"
#include "channels/webhook.h"
#include "delivery/send_now.h"
#include "rules/eval_context.h"
#include "rules/preview.h"
#include "rules/recipients.h"
#include "rules/rendered.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

Json Failure(Json entry, std::string detail) {
  entry["delivered"] = false;
  entry["detail"] = std::move(detail);
  return entry;
}

Json OutcomeJson(const Outcome& o) {
  return {{"delivered", o.delivered()},
          {"status", o.http_status},
          {"verdict", VerdictName(o.verdict)},
          {"reason", ReasonLabel(o.reason)},
          {"detail", o.detail},
          {"latency_ms", static_cast<double>(o.latency.count()) / 1000.0}};
}

// The Email Account a notification sends through: its `sender`, else the default outgoing one.
Result<EmailAccount> AccountFor(ReadTxn& txn, const std::string& sender) {
  std::optional<Json> doc;
  if (sender.empty()) {
    DocQuery q{"Email Account",
               {{"default_outgoing", FilterOp::kEq, 1}, {"enable_outgoing", FilterOp::kEq, 1}},
               {{"name", false}},
               0,
               1};
    CRIER_ASSIGN_OR_RETURN(std::vector<Json> found, txn.ListDocs(q));
    if (!found.empty()) doc = std::move(found.front());
  } else {
    CRIER_ASSIGN_OR_RETURN(doc, txn.GetDoc("Email Account", sender));
  }
  if (!doc) {
    return Status(StatusCode::kFailedPrecondition,
                  sender.empty() ? "no Email Account is set as default outgoing"
                                 : fmt::format("Email Account '{}' not found", sender),
                  "sender");
  }
  return EmailAccountFromDoc(*doc);
}

// What to send, prepared in a read transaction.
struct Prepared {
  std::shared_ptr<const CompiledNotification> notification;
  std::shared_ptr<const Meta> meta;
  Rendered texts;
  ChatMessage chat;
  std::optional<Webhook> webhook;
  const crier::Channel* channel = nullptr;
  std::optional<EmailAccount> account;
  EmailRecipients email;
  Json entries = Json::array();  // Failures found while preparing, in target order.
};

Result<Prepared> Prepare(const SendTestInputs& in, ReadTxn& txn) {
  NotificationRunner& runner = in.runner;
  Prepared p;
  p.notification = CompiledNotification::Compile(SpecFromDoc(in.notification));
  const CompiledNotification& n = *p.notification;
  const NotificationSpec& spec = n.spec();
  if (!n.ok()) return n.errors().front().ToStatus();
  CRIER_ASSIGN_OR_RETURN(p.meta, runner.documents().GetMeta(spec.document_type));
  CRIER_ASSIGN_OR_RETURN(Json doc, runner.documents().Get(txn, p.meta->name, in.document));
  value::Context context = MakeContext({doc, nullptr, txn, runner.documents(),
                                        ToLocal(runner.clock().Now()), runner.env().base_url});
  SetAlert(context, n);
  CRIER_ASSIGN_OR_RETURN(p.texts, Render(n, context));
  if (spec.channel == ChannelKind::kChat) {
    Json entry = {{"target", spec.webhook}, {"channel", std::string(ChannelName(spec.channel))}};
    auto stored = txn.GetDoc("Incoming Webhook URL", spec.webhook);
    Result<Webhook> webhook =
        !stored.ok() ? Result<Webhook>(stored.status())
        : !*stored
            ? Result<Webhook>(NotFound("Incoming Webhook URL '" + spec.webhook + "' not found"))
            : WebhookFromDoc(**stored);
    if (webhook.ok()) p.channel = FindChannel(webhook->service);
    if (!webhook.ok() || p.channel == nullptr) {
      p.entries.push_back(
          Failure(entry, webhook.ok() ? "unknown service" : webhook.status().message()));
    } else {
      p.webhook = std::move(webhook).value();
      p.chat = ChatMessageFor(n, *p.meta, doc, p.texts.subject, p.texts.message, runner.env());
    }
  } else if (spec.channel == ChannelKind::kEmail) {
    Json entry = {{"target", "Email"}, {"channel", "Email"}};
    StoreUserDirectory users(txn);
    CRIER_ASSIGN_OR_RETURN(p.email, EmailRecipientsOf(n, context, doc, users));
    Result<EmailAccount> account = AccountFor(txn, spec.sender);
    if (p.email.empty()) {
      p.entries.push_back(Failure(entry, "no recipient: nothing was sent"));
    } else if (!account.ok()) {
      p.entries.push_back(Failure(entry, account.status().message()));
    } else {
      p.account = std::move(account).value();
    }
  }
  return p;
}

}  // namespace

Result<Json> SendTest(const SendTestInputs& in) {
  Prepared p;
  {
    CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, in.store.BeginRead());
    CRIER_ASSIGN_OR_RETURN(p, Prepare(in, *txn));
  }
  NotificationRunner& runner = in.runner;
  const CompiledNotification& n = *p.notification;
  const NotificationSpec& spec = n.spec();
  Json deliveries = std::move(p.entries);
  // The network, outside any transaction.
  if (p.webhook) {
    SendResult result =
        SendNow(*p.channel, *p.webhook, p.chat, runner.env(), in.http, runner.clock());
    Json entry = result.ToJson();
    entry["target"] = p.webhook->name;
    entry["channel"] = std::string(ChannelName(spec.channel));
    entry["service"] = std::string(p.channel->service());
    deliveries.push_back(std::move(entry));
  }
  if (p.account) {
    EmailMessage m;
    m.from_name = p.account->sender_name;
    m.from_address = p.account->email_id;
    m.to = p.email.to;
    m.cc = p.email.cc;
    m.bcc = p.email.bcc;
    m.subject = p.texts.subject;
    m.markdown = p.texts.message;
    Json entry = OutcomeJson(in.mail.Send(*p.account, m));
    entry["target"] = "Email";
    entry["channel"] = "Email";
    entry["account"] = p.account->name;
    entry["recipients"] = p.email.to;
    entry["cc"] = p.email.cc;
    entry["bcc"] = p.email.bcc;
    deliveries.push_back(std::move(entry));
  }
  // The bell and the property, in one transaction.
  RunReport report;
  CRIER_RETURN_IF_ERROR(RunInWriteTxn(in.store, [&](WriteTxn& txn) -> Status {
    CRIER_ASSIGN_OR_RETURN(Json doc, runner.documents().Get(txn, p.meta->name, in.document));
    value::Context context = MakeContext({doc, nullptr, txn, runner.documents(),
                                          ToLocal(runner.clock().Now()), runner.env().base_url});
    Target target{*p.meta, doc};
    report = runner.Run(txn, in.options, n, context, target,
                        RunOptions{.check_condition = false, .send_channel = false});
    return Status::Ok();
  }));
  if (spec.channel == ChannelKind::kSystemNotification || spec.send_system_notification) {
    Json entry = {{"target", "System Notification"},
                  {"channel", "System Notification"},
                  {"delivered", !report.notification_logs.empty()},
                  {"notification_logs", report.notification_logs}};
    if (report.notification_logs.empty()) {
      entry["detail"] =
          report.error_logs.empty() ? "no enabled user to notify" : "failed: see the Error Log";
    }
    deliveries.push_back(std::move(entry));
  }
  return Json{{"deliveries", std::move(deliveries)},
              {"property_set", report.property_set},
              {"error_logs", report.error_logs}};
}

}  // namespace crier::rules
