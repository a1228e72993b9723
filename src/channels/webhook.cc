// Reading and validating `Incoming Webhook URL` documents.
#include "channels/webhook.h"

#include <fmt/format.h>

#include <cctype>

#include "channels/channel.h"
#include "channels/rate_limit_spec.h"

namespace crier {
namespace {

using nlohmann::json;

Result<std::string> StringField(const json& doc, const char* field) {
  auto it = doc.find(field);
  if (it == doc.end() || it->is_null()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  return InvalidArgument(fmt::format("{} must be a string", field), field);
}

// A ParseRateLimit() spec ("5/2s"); a number N is read as "N/1s" and 0 as the service default.
Result<std::string> RateLimitField(const json& doc) {
  auto it = doc.find("rate_limit");
  if (it != doc.end() && it->is_number()) {
    double n = it->get<double>();
    if (n == 0) return std::string();
    if (n < 0 || n != static_cast<double>(static_cast<long long>(n))) {
      return InvalidArgument("rate_limit must be a spec such as 5/2s or a whole number per second",
                             "rate_limit");
    }
    return fmt::format("{}/1s", static_cast<long long>(n));
  }
  return StringField(doc, "rate_limit");
}

// Frappe's Check fields arrive as 0/1, true/false or "0"/"1".
Result<bool> CheckField(const json& doc, const char* field, bool fallback) {
  auto it = doc.find(field);
  if (it == doc.end() || it->is_null()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) return it->get<long long>() != 0;
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    if (s == "0" || s.empty()) return false;
    if (s == "1") return true;
  }
  return InvalidArgument(fmt::format("{} must be 0 or 1", field), field);
}

Result<HttpHeaders> HeadersField(const json& doc);

bool ValidHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

Status AddHeader(HttpHeaders& headers, const std::string& name, const json& value) {
  if (!ValidHeaderName(name)) {
    return InvalidArgument(fmt::format("header name \"{}\" is not a valid HTTP token", name),
                           "headers");
  }
  if (!value.is_string()) {
    return InvalidArgument(fmt::format("header \"{}\" must have a string value", name), "headers");
  }
  const std::string& v = value.get_ref<const std::string&>();
  if (v.find_first_of("\r\n") != std::string::npos) {
    return InvalidArgument(fmt::format("header \"{}\" value must be one line", name), "headers");
  }
  headers.emplace_back(name, v);
  return Status::Ok();
}

// The form's Code field: one "Name: value" per line (blank lines and lines starting with # are
// skipped), or the JSON text of an object or of rows.
Result<HttpHeaders> HeadersFromText(const std::string& text) {
  HttpHeaders headers;
  std::string_view rest = text;
  size_t first = rest.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (rest[first] == '{' || rest[first] == '[')) {
    json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return InvalidArgument("headers is not valid JSON", "headers");
    return HeadersField(json{{"headers", std::move(parsed)}});
  }
  int line_no = 0;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    ++line_no;
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) {
      line.remove_suffix(1);
    }
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) {
      line.remove_prefix(1);
    }
    if (line.empty() || line.front() == '#') continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      return InvalidArgument(fmt::format("headers line {}: expected \"Name: value\"", line_no),
                             "headers");
    }
    std::string_view name = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    CRIER_RETURN_IF_ERROR(AddHeader(headers, std::string(name), json(std::string(value))));
  }
  return headers;
}

Result<HttpHeaders> HeadersField(const json& doc) {
  HttpHeaders headers;
  const char* field = doc.contains("headers") ? "headers" : "webhook_headers";
  auto it = doc.find(field);
  if (it == doc.end() || it->is_null()) return headers;
  if (it->is_string()) return HeadersFromText(it->get<std::string>());
  if (it->is_object()) {
    for (const auto& [name, value] : it->items()) {
      CRIER_RETURN_IF_ERROR(AddHeader(headers, name, value));
    }
    return headers;
  }
  if (it->is_array()) {
    for (const json& row : *it) {
      if (!row.is_object() || !row.contains("key") || !row["key"].is_string()) {
        return InvalidArgument("each header row needs a string \"key\" and \"value\"", "headers");
      }
      CRIER_RETURN_IF_ERROR(
          AddHeader(headers, row["key"].get<std::string>(), row.value("value", json())));
    }
    return headers;
  }
  return InvalidArgument("headers must be an object or a list of {key, value} rows", "headers");
}

}  // namespace

Status ValidateWebhookUrl(std::string_view url) {
  auto bad = [](std::string_view why) {
    return InvalidArgument(fmt::format("webhook_url {}", why), "webhook_url");
  };
  if (url.empty()) return bad("is required");
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return bad("must not contain spaces or control characters");
    }
  }
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) return bad("must be an http or https URL");
  std::string scheme;
  for (char c : url.substr(0, sep)) scheme += static_cast<char>(std::tolower(c));
  if (scheme != "http" && scheme != "https") return bad("must use http or https");
  std::string_view authority = url.substr(sep + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (authority.empty() || authority.front() == ':') return bad("must have a host");
  return Status::Ok();
}

Redactor WebhookRedactor(const Webhook& webhook) {
  Redactor r;
  r.AddUrl(webhook.url);
  for (const auto& [name, value] : webhook.headers) r.AddSecret(value);
  return r;
}

Result<Webhook> WebhookFromDoc(const json& doc) {
  if (!doc.is_object()) return InvalidArgument("an Incoming Webhook URL must be a JSON object");
  Webhook w;
  CRIER_ASSIGN_OR_RETURN(w.name, StringField(doc, "webhook_name"));
  if (w.name.empty()) {
    CRIER_ASSIGN_OR_RETURN(w.name, StringField(doc, "name"));
  }
  CRIER_ASSIGN_OR_RETURN(w.service, StringField(doc, "service"));
  const Channel* channel = FindChannel(w.service);
  if (channel == nullptr) {
    std::string known;
    for (const Channel* c : AllChannels()) {
      if (!known.empty()) known += ", ";
      known += c->service();
    }
    return InvalidArgument(
        w.service.empty() ? fmt::format("service is required; one of: {}", known)
                          : fmt::format("unknown service \"{}\"; one of: {}", w.service, known),
        "service");
  }
  CRIER_ASSIGN_OR_RETURN(w.url, StringField(doc, "webhook_url"));
  CRIER_RETURN_IF_ERROR(ValidateWebhookUrl(w.url));
  CRIER_ASSIGN_OR_RETURN(w.show_document_link, CheckField(doc, "show_document_link", true));
  CRIER_ASSIGN_OR_RETURN(w.channel, StringField(doc, "channel"));
  CRIER_ASSIGN_OR_RETURN(w.username, StringField(doc, "username"));
  CRIER_ASSIGN_OR_RETURN(w.icon_url, StringField(doc, "icon_url"));
  CRIER_ASSIGN_OR_RETURN(w.icon_emoji, StringField(doc, "icon_emoji"));
  CRIER_ASSIGN_OR_RETURN(w.priority, StringField(doc, "priority"));
  CRIER_ASSIGN_OR_RETURN(w.thread_key, StringField(doc, "thread_key"));
  CRIER_ASSIGN_OR_RETURN(w.teams_legacy_connector,
                         CheckField(doc, "teams_legacy_connector", false));
  // The form's choice between the Workflows card and the legacy connector's MessageCard.
  CRIER_ASSIGN_OR_RETURN(std::string teams_format, StringField(doc, "teams_format"));
  if (teams_format == "MessageCard") {
    w.teams_legacy_connector = true;
  } else if (!teams_format.empty() && teams_format != "Workflows") {
    return InvalidArgument("teams_format must be Workflows or MessageCard", "teams_format");
  }
  CRIER_ASSIGN_OR_RETURN(w.body_template, StringField(doc, "body_template"));
  CRIER_ASSIGN_OR_RETURN(std::string content_type, StringField(doc, "content_type"));
  if (!content_type.empty()) w.content_type = content_type;
  if (w.content_type.find_first_of("\r\n") != std::string::npos) {
    return InvalidArgument("content_type must be one line", "content_type");
  }
  CRIER_ASSIGN_OR_RETURN(w.headers, HeadersField(doc));
  CRIER_ASSIGN_OR_RETURN(w.rate_limit, RateLimitField(doc));
  if (auto spec = ParseRateLimit(w.rate_limit); !spec.ok()) return spec.status();
  CRIER_RETURN_IF_ERROR(channel->Validate(w));
  return w;
}

}  // namespace crier
