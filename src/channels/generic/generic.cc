// Generic webhook requests.
#include "channels/generic/generic.h"

#include <fmt/format.h>

#include <cctype>

#include "channels/classify.h"
#include "channels/payload.h"
#include "channels/template_renderer.h"

namespace crier {
namespace {

bool IsJsonType(std::string_view content_type) {
  std::string lower;
  for (char c : content_type.substr(0, content_type.find(';'))) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower == "application/json" ||
         (lower.size() > 5 && lower.compare(lower.size() - 5, 5, "+json") == 0);
}

bool SameHeader(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

RateLimitSpec GenericChannel::default_rate_limit(const Webhook&) const {
  return {{{10, std::chrono::seconds(1)}}};
}

Status GenericChannel::Validate(const Webhook& webhook) const {
  if (webhook.content_type.empty()) {
    return InvalidArgument("content_type must not be empty", "content_type");
  }
  return Status::Ok();
}

nlohmann::json GenericChannel::RenderContext(const Webhook& webhook, const ChatMessage& message) {
  return {{"message", message.text},
          {"text", message.text},
          {"subject", message.subject},
          {"doc_url", WantsLink(webhook, message) ? message.doc_url : ""},
          {"doc", message.doc.is_null() ? nlohmann::json::object() : message.doc},
          {"doctype", message.reference_doctype},
          {"name", message.reference_name},
          {"notification", message.notification},
          {"webhook_name", webhook.name},
          {"part", message.part},
          {"parts", message.parts}};
}

nlohmann::json GenericChannel::DefaultBody(const Webhook& webhook, const ChatMessage& message) {
  nlohmann::json body = {{"text", message.text}, {"subject", message.subject}};
  if (WantsLink(webhook, message)) body["doc_url"] = message.doc_url;
  body["doctype"] = message.reference_doctype;
  body["name"] = message.reference_name;
  body["notification"] = message.notification;
  return body;
}

Result<HttpRequest> GenericChannel::BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                                 const ChannelEnv& env) const {
  HttpRequest req;
  req.url = webhook.url;
  if (webhook.body_template.empty()) {
    req.body = DefaultBody(webhook, message).dump();
  } else {
    if (env.renderer == nullptr) {
      return Status(StatusCode::kFailedPrecondition,
                    "Generic webhooks with a body_template need the template engine");
    }
    auto rendered = env.renderer->Render(webhook.body_template, RenderContext(webhook, message));
    if (!rendered.ok()) {
      return Status(StatusCode::kUnprocessable, "body_template: " + rendered.status().message(),
                    "body_template");
    }
    req.body = std::move(rendered).value();
    if (IsJsonType(webhook.content_type)) {
      auto parsed = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
      if (parsed.is_discarded()) {
        return Status(StatusCode::kUnprocessable,
                      fmt::format("body_template rendered {} bytes that are not valid JSON "
                                  "(content type {})",
                                  req.body.size(), webhook.content_type),
                      "body_template");
      }
    }
  }
  bool custom_type = false;
  for (const auto& [name, value] : webhook.headers) {
    if (SameHeader(name, "Content-Type")) custom_type = true;
  }
  if (!custom_type) req.headers.emplace_back("Content-Type", webhook.content_type);
  for (const auto& header : webhook.headers) req.headers.push_back(header);
  return req;
}

Outcome GenericChannel::Classify(const Webhook&, const HttpResponse& r, TimePoint now) const {
  return ClassifyHttp(r, now,
                      r.error == TransportError::kNone && r.status >= 200 && r.status < 300);
}

CRIER_REGISTER_CHANNEL(generic, GenericChannel);

}  // namespace crier
