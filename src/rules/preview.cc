// Previewing a notification for one document.
#include "rules/preview.h"

#include "channels/channel.h"
#include "channels/document_url.h"
#include "channels/split.h"
#include "channels/webhook.h"
#include "rules/eval_context.h"
#include "rules/json_text.h"
#include "rules/recipients.h"
#include "rules/rendered.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

std::string ContentType(const HttpRequest& request) {
  for (const auto& [name, value] : request.headers) {
    if (name.size() == 12 && (name == "Content-Type" || name == "content-type")) return value;
  }
  return {};
}

Json ChatPayload(const PreviewInputs& in, const std::string& subject, const std::string& message) {
  const NotificationSpec& spec = in.notification.spec();
  Json p = {{"target", spec.webhook}, {"channel", std::string(ChannelName(ChannelKind::kChat))}};
  auto stored = in.txn.GetDoc("Incoming Webhook URL", spec.webhook);
  if (!stored.ok() || !*stored) {
    p["error"] = "Incoming Webhook URL '" + spec.webhook + "' not found";
    return p;
  }
  Result<Webhook> webhook = WebhookFromDoc(**stored);
  if (!webhook.ok()) {
    p["error"] = webhook.status().message();
    return p;
  }
  const Channel* channel = FindChannel(webhook->service);
  if (channel == nullptr) {
    p["error"] = "unknown service '" + webhook->service + "'";
    return p;
  }
  p["service"] = std::string(channel->service());
  Redactor redactor = WebhookRedactor(*webhook);
  ChatMessage m = ChatMessageFor(in.notification, in.meta, in.doc, subject, message, in.env);
  Json requests = Json::array();
  for (const ChatMessage& part : SplitForChannel(*channel, *webhook, m, in.env)) {
    Json r = {{"part", part.part}, {"parts", part.parts}};
    auto request = channel->BuildRequest(*webhook, part, in.env);
    if (!request.ok()) {
      r["error"] = redactor.Scrub(request.status().message());
    } else {
      std::string type = ContentType(*request);
      std::string body = redactor.Scrub(request->body);
      r["content_type"] = type;
      Json parsed = type.find("json") != std::string::npos ? Json::parse(body, nullptr, false)
                                                           : Json(Json::value_t::discarded);
      r["body"] = parsed.is_discarded() ? Json(body) : parsed;
    }
    requests.push_back(std::move(r));
  }
  p["requests"] = std::move(requests);
  return p;
}

}  // namespace

ChatMessage ChatMessageFor(const CompiledNotification& notification, const Meta& meta,
                           const Json& doc, const std::string& subject, const std::string& message,
                           const ChannelEnv& env) {
  ChatMessage m;
  m.text = message;
  m.subject = subject;
  m.reference_doctype = meta.name;
  m.reference_name = TextOf(doc, "name");
  m.notification = notification.name();
  m.doc = doc;
  if (!m.reference_name.empty()) m.doc_url = DocumentUrl(env.base_url, meta.name, m.reference_name);
  return m;
}

Json Preview(const PreviewInputs& in) {
  const CompiledNotification& n = in.notification;
  const NotificationSpec& spec = n.spec();
  value::Context context =
      MakeContext({in.doc, nullptr, in.txn, in.documents, in.now, in.env.base_url});
  SetAlert(context, n);
  Json out = Json::object();
  out["meets_condition"] = true;
  for (const FieldError& e : n.errors()) {
    if (e.field == "condition") {
      out["meets_condition"] = false;
      out["condition_error"] = e.message;
    }
  }
  if (n.condition()) {
    auto holds = n.condition()->Test(context);
    if (holds.ok()) {
      out["meets_condition"] = *holds;
    } else {
      out["meets_condition"] = false;
      out["condition_error"] = FromEngine("condition", "Condition", holds.error()).message;
    }
  }
  Result<std::string> subject = RenderSubject(n, context);
  out["subject"] = subject.ok() ? *subject : std::string();
  if (!subject.ok()) out["subject_error"] = subject.status().message();
  Result<std::string> message = RenderMessage(n, context);
  out["message"] = message.ok() ? *message : std::string();
  if (!message.ok()) {
    std::string error = message.status().message();
    for (const FieldError& e : n.errors()) {
      if (e.field == "message") error = e.message;
    }
    out["message_error"] = error;
  }
  Json payloads = Json::array();
  std::string subject_text = subject.ok() ? *subject : std::string();
  std::string message_text = message.ok() ? *message : std::string();
  StoreUserDirectory users(in.txn);
  if (spec.channel == ChannelKind::kChat) {
    payloads.push_back(ChatPayload(in, subject_text, message_text));
  } else if (spec.channel == ChannelKind::kEmail) {
    Json p = {{"target", "Email"}, {"channel", "Email"}};
    auto to = EmailRecipientsOf(n, context, in.doc, users);
    if (to.ok()) {
      p["recipients"] = to->to;
      p["cc"] = to->cc;
      p["bcc"] = to->bcc;
      if (to->empty()) p["note"] = "no recipient: nothing would be sent";
    } else {
      p["error"] = to.status().message();
    }
    p["sender"] = spec.sender;
    p["subject"] = subject_text;
    p["message"] = message_text;
    payloads.push_back(std::move(p));
  }
  if (spec.channel == ChannelKind::kSystemNotification || spec.send_system_notification) {
    Json p = {{"target", "System Notification"}, {"channel", "System Notification"}};
    auto to = SystemNotificationUsers(n, context, in.doc, users);
    if (to.ok()) {
      p["users"] = *to;
    } else {
      p["error"] = to.status().message();
    }
    p["subject"] = subject_text;
    p["email_content"] = message_text;
    payloads.push_back(std::move(p));
  }
  out["payloads"] = std::move(payloads);
  return out;
}

}  // namespace crier::rules
