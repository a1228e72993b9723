// Per-service emulation. Each service is four functions (normal answer with its validation,
// throttle, gone, error) in the table at the bottom. Shapes and limits come from
// webhook-contracts.md; where the reference marks a detail unverified the choice is commented.
#include "emulation.h"

#include <fmt/format.h>

#include <atomic>
#include <cctype>
#include <functional>
#include <nlohmann/json.hpp>

namespace crier::mock {
namespace {

using nlohmann::json;

std::atomic<long long> next_id{1};

MockAnswer Answer(int status, std::string content_type, std::string body) {
  MockAnswer a;
  a.status = status;
  a.content_type = std::move(content_type);
  a.body = std::move(body);
  return a;
}

MockAnswer Json(int status, const json& body) {
  return Answer(status, "application/json", body.dump());
}

MockAnswer Text(int status, std::string body) {
  return Answer(status, "text/plain; charset=utf-8", std::move(body));
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string UrlDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0) {
      out += static_cast<char>(Hex(s[i + 1]) * 16 + Hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::map<std::string, std::string> ParseForm(std::string_view s) {
  std::map<std::string, std::string> out;
  while (!s.empty()) {
    size_t amp = s.find('&');
    std::string_view pair = s.substr(0, amp);
    size_t eq = pair.find('=');
    out[UrlDecode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    s = s.substr(amp + 1);
  }
  return out;
}

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    size_t slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path = path.substr(slash);
  }
  return out;
}

std::string MediaType(const MockRequest& r) {
  auto it = r.headers.find("content-type");
  if (it == r.headers.end()) return "";
  std::string t = it->second.substr(0, it->second.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool AllAlnum(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The Slack-style payload: a JSON body, or a form whose `payload` field is JSON. `json_if_no_type`
// is Mattermost's rule that a body without a Content-Type is JSON. Sets `ok` false when the body is
// not a JSON object.
json SlackStylePayload(const MockRequest& r, bool json_if_no_type, bool& ok) {
  std::string type = MediaType(r);
  std::string text;
  if (type == "application/json" || (type.empty() && json_if_no_type)) {
    text = r.body;
  } else if (type == "application/x-www-form-urlencoded") {
    auto form = ParseForm(r.body);
    auto it = form.find("payload");
    text = it == form.end() ? r.body : it->second;
  } else {
    ok = false;
    return json();
  }
  json payload = json::parse(text, nullptr, false);
  ok = payload.is_object();
  return payload;
}

std::string StringOr(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

MockAnswer RetryAfterHeader(MockAnswer a, const ModeSpec& m) {
  if (!m.retry_after.empty()) a.headers.emplace_back("Retry-After", m.retry_after);
  return a;
}

double RetrySeconds(const ModeSpec& m) {
  try {
    return m.retry_after.empty() ? 1.0 : std::stod(m.retry_after);
  } catch (...) {
    return 1.0;
  }
}

// ---- Mattermost (section 1) ----

json MattermostError(const std::string& id, const std::string& message, int status) {
  return {{"id", id},
          {"message", message},
          {"detailed_error", ""},
          {"request_id", fmt::format("req{}", next_id++)},
          {"status_code", status}};
}

MockAnswer MattermostNormal(const std::string& sub, const MockRequest& r,
                            std::vector<std::string>& problems) {
  auto seg = Segments(sub);
  if (seg.size() != 2 || seg[0] != "hooks" || !AllAlnum(seg[1])) {
    return Text(404, "404 page not found");
  }
  if (r.method != "POST") return Text(405, "");
  // Newest servers read at most 128 KiB of JSON before decoding.
  if (r.body.size() > 128 * 1024) {
    return Json(400, MattermostError("web.incoming_webhook.decode.app_error",
                                     "Unable to decode the incoming webhook payload.", 400));
  }
  bool ok = true;
  json p = SlackStylePayload(r, /*json_if_no_type=*/true, ok);
  if (!ok) {
    return Json(400, MattermostError("web.incoming_webhook.parse.app_error",
                                     "Unable to parse incoming data", 400));
  }
  std::string text = StringOr(p, "text");
  bool has_attachments =
      p.contains("attachments") && p["attachments"].is_array() && !p["attachments"].empty();
  if (text.empty() && !has_attachments) {
    return Json(400,
                MattermostError("web.incoming_webhook.text.app_error", "No text specified", 400));
  }
  if (StringOr(p, "type").rfind("system_", 0) == 0) {
    return Json(400, MattermostError("api.context.invalid_param.app_error", "Invalid type", 400));
  }
  if (p.contains("priority")) {
    const json& pr = p["priority"];
    if (!pr.is_object() || !pr.contains("priority") || !pr["priority"].is_string()) {
      return Json(400, MattermostError("api.context.invalid_param.app_error",
                                       "Invalid priority parameter", 400));
    }
  }
  size_t runes = CodePoints(text);
  if (runes > 16383) {
    problems.push_back(fmt::format("text of {} runes split by the server into {} posts", runes,
                                   (runes + 16382) / 16383));
  }
  return Text(200, "ok");
}

MockAnswer MattermostThrottle(const ModeSpec& m) {
  MockAnswer a = Text(429, "limit exceeded");
  a.headers = {{"X-RateLimit-Limit", "10"},
               {"X-RateLimit-Remaining", "0"},
               {"X-RateLimit-Reset", m.retry_after.empty() ? "1" : m.retry_after}};
  return RetryAfterHeader(std::move(a), m);
}

MockAnswer MattermostGone(const std::string&) {
  return Json(400,
              MattermostError("web.incoming_webhook.invalid.app_error", "Invalid webhook", 400));
}

MockAnswer MattermostError(int status) {
  return Json(status, MattermostError("api.post.create_webhook_post.creating.app_error",
                                      "Failed to create post", status));
}

// ---- Slack (section 2) ----

MockAnswer SlackNormal(const std::string& sub, const MockRequest& r,
                       std::vector<std::string>& problems) {
  auto seg = Segments(sub);
  if (seg.size() != 4 || seg[0] != "services") return Text(404, "no_service");
  if (r.method != "POST") return Text(405, "invalid_method");
  bool ok = true;
  json p = SlackStylePayload(r, /*json_if_no_type=*/false, ok);
  if (!ok) return Text(400, "invalid_payload");
  std::string text = StringOr(p, "text");
  bool has_blocks = p.contains("blocks") && p["blocks"].is_array() && !p["blocks"].empty();
  bool has_attachments =
      p.contains("attachments") && p["attachments"].is_array() && !p["attachments"].empty();
  if (text.empty() && !has_blocks && !has_attachments) return Text(400, "no_text");
  if (p.contains("attachments") && p["attachments"].is_array() && p["attachments"].size() > 100) {
    return Text(400, "too_many_attachments");
  }
  if (has_blocks && p["blocks"].size() > 50) return Text(400, "invalid_blocks");
  if (CodePoints(text) > 40000) {
    problems.push_back(fmt::format("text of {} characters truncated to 40000", CodePoints(text)));
  }
  return Answer(200, "text/html", "ok");
}

MockAnswer SlackThrottle(const ModeSpec& m) {
  json body = {{"retry_after", static_cast<long long>(RetrySeconds(m))},
               {"ok", false},
               {"error", "rate_limited"}};
  return RetryAfterHeader(Json(429, body), m);
}

MockAnswer SlackGone(const std::string&) {
  return Text(404, "no_service");
}
MockAnswer SlackError(int status) {
  return Text(status, "rollup_error");
}

// ---- Google Chat (section 3) ----

json GoogleError(int code, const std::string& message, const std::string& status) {
  return {{"error", {{"code", code}, {"message", message}, {"status", status}}}};
}

MockAnswer GoogleChatNormal(const std::string& sub, const MockRequest& r,
                            std::vector<std::string>&) {
  auto seg = Segments(sub);
  if (seg.size() != 4 || seg[0] != "v1" || seg[1] != "spaces" || seg[3] != "messages") {
    return Json(404, GoogleError(404, "Requested entity was not found.", "NOT_FOUND"));
  }
  if (r.method != "POST") {
    return Json(405, GoogleError(405, "Method not allowed", "METHOD_NOT_ALLOWED"));
  }
  auto q = ParseForm(r.query);
  if (q["key"].empty()) {
    return Json(403,
                GoogleError(403, "The request is missing a valid API key.", "PERMISSION_DENIED"));
  }
  if (q["token"].empty()) {
    return Json(401, GoogleError(401, "Request had invalid authentication credentials.",
                                 "UNAUTHENTICATED"));
  }
  if (MediaType(r) != "application/json") {
    return Json(400, GoogleError(400, "Invalid JSON payload received.", "INVALID_ARGUMENT"));
  }
  json p = json::parse(r.body, nullptr, false);
  if (!p.is_object()) {
    return Json(400, GoogleError(400, "Invalid JSON payload received.", "INVALID_ARGUMENT"));
  }
  if (r.body.size() > 32000) {
    return Json(400, GoogleError(400, "Message size exceeds the limit of 32000 bytes.",
                                 "INVALID_ARGUMENT"));
  }
  std::string text = StringOr(p, "text");
  if (CodePoints(text) > 4096) {
    return Json(400,
                GoogleError(400, "Message is longer than 4096 characters.", "INVALID_ARGUMENT"));
  }
  if (text.empty() && !p.contains("cardsV2")) {
    return Json(400, GoogleError(400, "Message cannot be empty.", "INVALID_ARGUMENT"));
  }
  std::string space = "spaces/" + seg[2];
  long long id = next_id++;
  std::string thread = fmt::format("{}/threads/t{}", space, id);
  if (p.contains("thread") && p["thread"].is_object()) {
    std::string key = StringOr(p["thread"], "threadKey");
    if (!key.empty()) thread = fmt::format("{}/threads/k{}", space, std::hash<std::string>()(key));
    if (!key.empty() && q["messageReplyOption"].empty()) {
      // Without a reply option the key is ignored and a new thread starts, as the API does.
      thread = fmt::format("{}/threads/t{}", space, id);
    }
  }
  json answer = {{"name", fmt::format("{}/messages/m{}", space, id)},
                 {"sender", {{"name", "users/webhook"}, {"type", "BOT"}}},
                 {"text", text},
                 {"thread", {{"name", thread}}},
                 {"space", {{"name", space}}},
                 {"createTime", "2024-01-01T00:00:00.000000Z"}};
  return Answer(200, "application/json; charset=UTF-8", answer.dump());
}

MockAnswer GoogleChatThrottle(const ModeSpec&) {
  // Google promises no Retry-After: clients back off exponentially.
  return Json(429, GoogleError(429, "Resource has been exhausted (e.g. check quota).",
                               "RESOURCE_EXHAUSTED"));
}

MockAnswer GoogleChatGone(const std::string&) {
  return Json(404, GoogleError(404, "Requested entity was not found.", "NOT_FOUND"));
}

MockAnswer GoogleChatError(int status) {
  return Json(status, GoogleError(status, "The service is currently unavailable.", "UNAVAILABLE"));
}

// ---- Rocket.Chat (section 4) ----

MockAnswer RocketChatNormal(const std::string& sub, const MockRequest& r,
                            std::vector<std::string>&) {
  auto seg = Segments(sub);
  if ((seg.size() != 3 && seg.size() != 4) || seg[0] != "hooks") {
    return Json(404, {{"success", false}, {"error", "Not found"}});
  }
  if (r.method != "POST" && r.method != "GET") {
    return Json(405, {{"success", false}, {"error", "Method not allowed"}});
  }
  bool ok = true;
  json p = SlackStylePayload(r, /*json_if_no_type=*/true, ok);
  if (!ok) return Json(400, {{"success", false}, {"error", "Unexpected token in JSON"}});
  std::string text = StringOr(p, "text");
  if (text.empty()) text = StringOr(p, "msg");
  if (p.contains("attachments") && !p["attachments"].is_array()) p.erase("attachments");
  // Message_MaxAllowedSize (default 5000) is enforced on the message path webhooks use [unv].
  if (CodePoints(text) > 5000) {
    return Json(400, {{"success", false}, {"error", "error-message-size-exceeded"}});
  }
  if (text.empty() && !p.contains("attachments")) {
    return Json(400, {{"success", false}, {"error", "error-invalid-message"}});
  }
  return Json(200, {{"success", true}});
}

MockAnswer RocketChatThrottle(const ModeSpec& m) {
  std::string error = fmt::format(
      "Error, too many requests. Please slow down. You must wait {} seconds before trying this "
      "endpoint again. [error-too-many-requests]",
      static_cast<long long>(RetrySeconds(m)));
  MockAnswer a = Json(429, {{"success", false}, {"error", error}});
  a.headers = {{"X-RateLimit-Limit", "10"}, {"X-RateLimit-Remaining", "0"}};
  return a;
}

MockAnswer RocketChatGone(const std::string&) {
  return Json(401, {{"success", false}, {"error", "Invalid integration id or token provided."}});
}

MockAnswer RocketChatError(int status) {
  return Answer(status, "text/plain", "Service Unavailable");
}

// ---- Discord (section 6) ----

json DiscordFormError(const std::string& field, const std::string& code,
                      const std::string& message) {
  return {{"code", 50035},
          {"errors", {{field, {{"_errors", {{{"code", code}, {"message", message}}}}}}}},
          {"message", "Invalid Form Body"}};
}

MockAnswer DiscordNormal(const std::string& sub, const MockRequest& r, std::vector<std::string>&) {
  auto seg = Segments(sub);
  if (seg.size() != 4 || seg[0] != "api" || seg[1] != "webhooks") {
    return Json(404, {{"message", "404: Not Found"}, {"code", 0}});
  }
  for (char c : seg[2]) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return Json(400,
                  DiscordFormError("webhook_id", "NUMBER_TYPE_COERCE", "Value is not snowflake."));
    }
  }
  if (r.method != "POST") return Json(405, {{"message", "405: Method Not Allowed"}, {"code", 0}});
  json p;
  std::string type = MediaType(r);
  if (type == "application/json") p = json::parse(r.body, nullptr, false);
  if (!p.is_object())
    return Json(400, {{"message", "Cannot send an empty message"}, {"code", 50006}});
  std::string content = StringOr(p, "content");
  bool has_embeds = p.contains("embeds") && p["embeds"].is_array() && !p["embeds"].empty();
  if (content.empty() && !has_embeds) {
    return Json(400, {{"message", "Cannot send an empty message"}, {"code", 50006}});
  }
  if (CodePoints(content) > 2000) {
    return Json(400, DiscordFormError("content", "BASE_TYPE_MAX_LENGTH",
                                      "Must be 2000 or fewer in length."));
  }
  if (has_embeds) {
    if (p["embeds"].size() > 10) {
      return Json(400, DiscordFormError("embeds", "BASE_TYPE_MAX_LENGTH",
                                        "Must be 10 or fewer in length."));
    }
    size_t total = 0;
    for (const json& e : p["embeds"]) {
      if (!e.is_object()) continue;
      for (const char* f : {"title", "description"}) total += CodePoints(StringOr(e, f));
      if (CodePoints(StringOr(e, "title")) > 256) {
        return Json(400, DiscordFormError("embeds", "BASE_TYPE_MAX_LENGTH",
                                          "Must be 256 or fewer in length."));
      }
    }
    if (total > 6000) {
      return Json(400, DiscordFormError("embeds", "MAX_EMBED_SIZE_EXCEEDED",
                                        "Embed size exceeds maximum size of 6000"));
    }
  }
  std::string username = StringOr(p, "username");
  std::string lower;
  for (char c : username) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("discord") != std::string::npos || lower.find("clyde") != std::string::npos) {
    return Json(400, DiscordFormError("username", "USERNAME_INVALID_CONTAINS",
                                      "Username cannot contain \"discord\""));
  }
  auto q = ParseForm(r.query);
  if (q["wait"] == "true") {
    json message = {{"id", std::to_string(1000000000000000000LL + next_id++)},
                    {"type", 0},
                    {"content", content},
                    {"channel_id", "1"},
                    {"webhook_id", seg[2]}};
    return Json(200, message);
  }
  return Answer(204, "", "");
}

MockAnswer DiscordThrottle(const ModeSpec& m) {
  double seconds = RetrySeconds(m);
  MockAnswer a = Json(
      429,
      {{"message", "You are being rate limited."}, {"retry_after", seconds}, {"global", false}});
  a.headers = {{"X-RateLimit-Limit", "5"},
               {"X-RateLimit-Remaining", "0"},
               {"X-RateLimit-Reset-After", fmt::format("{:.3f}", seconds)},
               {"X-RateLimit-Bucket", "abcd1234"},
               {"X-RateLimit-Scope", "shared"}};
  return RetryAfterHeader(std::move(a), m);
}

MockAnswer DiscordGone(const std::string&) {
  return Json(404, {{"message", "Unknown Webhook"}, {"code", 10015}});
}

MockAnswer DiscordError(int status) {
  return Json(status, {{"message", fmt::format("{}: Internal Server Error", status)}, {"code", 0}});
}

// ---- Microsoft Teams Workflows (section 5.2) ----

json TeamsError(const std::string& code, const std::string& message) {
  return {{"error", {{"code", code}, {"message", message}}}};
}

MockAnswer TeamsNormal(const std::string& sub, const MockRequest& r,
                       std::vector<std::string>& problems) {
  auto seg = Segments(sub);
  if (seg.size() != 6 || seg[0] != "workflows" || seg[2] != "triggers" || seg[5] != "invoke") {
    return Json(404, TeamsError("TriggerNotFound", "The trigger could not be found."));
  }
  if (r.method != "POST") return Json(405, TeamsError("MethodNotAllowed", "Use POST."));
  auto q = ParseForm(r.query);
  if (q["sig"].empty()) {
    return Json(401, TeamsError("DirectApiAuthorizationRequired",
                                "The request must be authenticated with a SAS signature."));
  }
  json p = json::parse(r.body, nullptr, false);
  if (p.is_discarded()) {
    return Json(400, TeamsError("InvalidRequestContent",
                                "The request content is not valid and could not be deserialized."));
  }
  // Everything below is accepted with 202 and fails later in the flow run, invisibly.
  bool cards = p.is_object() && p.value("type", "") == "message" && p.contains("attachments") &&
               p["attachments"].is_array() && !p["attachments"].empty();
  if (!cards) {
    problems.push_back("flow run fails: body.attachments is not a list of cards");
  } else {
    for (const json& a : p["attachments"]) {
      if (!a.is_object() ||
          a.value("contentType", "") != "application/vnd.microsoft.card.adaptive" ||
          !a.contains("content") || !a["content"].is_object() ||
          a["content"].value("type", "") != "AdaptiveCard") {
        problems.push_back("flow run fails: attachment is not an Adaptive Card");
      }
    }
  }
  if (r.body.size() > 28 * 1024) {
    problems.push_back(fmt::format("card of {} bytes exceeds Teams' 28 KB", r.body.size()));
  }
  return Answer(202, "", "");
}

MockAnswer TeamsThrottle(const ModeSpec& m) {
  return RetryAfterHeader(
      Json(429, TeamsError("WorkflowTriggerIsThrottled",
                           "The workflow trigger is throttled. Retry after the interval.")),
      m);
}

MockAnswer TeamsGone(const std::string& sub) {
  auto seg = Segments(sub);
  std::string id = seg.size() > 1 ? seg[1] : "";
  // The real answer echoes the workflow id, which is part of the credential.
  return Json(404, TeamsError("WorkflowNotFound",
                              fmt::format("The workflow '{}' could not be found.", id)));
}

MockAnswer TeamsError(int status) {
  return Json(status, TeamsError("ServiceUnavailable", "The service is unavailable."));
}

// ---- Microsoft Teams, legacy Office 365 connector (section 5.1) ----

MockAnswer ConnectorNormal(const std::string& sub, const MockRequest& r,
                           std::vector<std::string>&) {
  auto seg = Segments(sub);
  if (seg.size() < 5 || seg[0] != "webhookb2" || seg[2] != "IncomingWebhook") {
    return Text(404, "Not Found");
  }
  if (r.method != "POST") return Text(405, "Method Not Allowed");
  json p = json::parse(r.body, nullptr, false);
  if (!p.is_object()) return Text(400, "Bad payload received by generic incoming webhook.");
  if (r.body.size() > 28 * 1024) {
    // The connector reports Teams' own errors inside a 200.
    return Text(200,
                "Webhook message delivery failed with error: Microsoft Teams endpoint returned "
                "HTTP error 413 with ContextId tcid=0,server=msgapi-production,cv=mock.0.");
  }
  if (p.value("@type", "") == "MessageCard" && StringOr(p, "summary").empty() &&
      StringOr(p, "text").empty()) {
    return Text(400, "Summary or Text is required.");
  }
  return Text(200, "1");
}

MockAnswer ConnectorThrottle(const ModeSpec&) {
  return Text(200,
              "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP "
              "error 429 with ContextId tcid=0,server=msgapi-production,cv=mock.0.");
}

MockAnswer ConnectorGone(const std::string&) {
  return Text(410, "Connector configuration not found");
}
MockAnswer ConnectorError(int status) {
  return Text(status, "Internal Server Error");
}

// ---- Zulip (section 7) ----

json ZulipError(const std::string& msg, const std::string& code) {
  return {{"result", "error"}, {"msg", msg}, {"code", code}};
}

MockAnswer ZulipNormal(const std::string& sub, const MockRequest& r,
                       std::vector<std::string>& problems) {
  if (sub != "/api/v1/external/slack_incoming") {
    return Json(404, ZulipError("Not Found", "BAD_REQUEST"));
  }
  if (r.method != "POST") return Json(405, ZulipError("Method Not Allowed", "BAD_REQUEST"));
  auto q = ParseForm(r.query);
  if (q["api_key"].empty()) {
    return Json(400, ZulipError("Missing 'api_key' argument", "REQUEST_VARIABLE_MISSING"));
  }
  json p;
  if (MediaType(r) == "application/json") {
    p = json::parse(r.body, nullptr, false);
  } else {
    auto form = ParseForm(r.body);
    if (!form.count("payload")) {
      return Json(400, ZulipError("Missing 'payload' argument", "REQUEST_VARIABLE_MISSING"));
    }
    p = json::parse(form["payload"], nullptr, false);
  }
  if (!p.is_object()) return Json(400, ZulipError("Malformed JSON", "BAD_REQUEST"));
  std::string text = StringOr(p, "text");
  if (text.empty() && !p.contains("attachments") && !p.contains("blocks")) {
    return Json(400, ZulipError("Message must not be empty", "BAD_REQUEST"));
  }
  if (CodePoints(text) > 10000) {
    problems.push_back(
        fmt::format("message of {} characters truncated to 10000", CodePoints(text)));
  }
  if (CodePoints(q["topic"]) > 60) problems.push_back("topic truncated to 60 characters");
  return Json(200, {{"result", "success"}, {"msg", ""}});
}

MockAnswer ZulipThrottle(const ModeSpec& m) {
  json body = ZulipError("API usage exceeded rate limit", "RATE_LIMIT_HIT");
  body["retry-after"] = RetrySeconds(m);
  return RetryAfterHeader(Json(429, body), m);
}

MockAnswer ZulipGone(const std::string&) {
  return Json(401, ZulipError("Invalid API key", "INVALID_API_KEY"));
}

MockAnswer ZulipError(int status) {
  return Json(status, ZulipError("Internal server error", "BAD_REQUEST"));
}

// ---- ntfy ----

MockAnswer NtfyNormal(const std::string& sub, const MockRequest& r,
                      std::vector<std::string>& problems) {
  auto seg = Segments(sub);
  bool topic_ok = seg.size() == 1 && seg[0].size() <= 64;
  if (topic_ok) {
    for (char c : seg[0]) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') topic_ok = false;
    }
  }
  if (!topic_ok) {
    return Json(404, {{"code", 40401}, {"http", 404}, {"error", "page not found"}});
  }
  if (r.method != "POST" && r.method != "PUT") {
    return Json(405, {{"code", 40501}, {"http", 405}, {"error", "method not allowed"}});
  }
  // Larger messages are turned into an "attachment.txt" instead of a notification text.
  if (r.body.size() > 4096) problems.push_back("message over 4096 bytes became an attachment");
  json answer = {{"id", fmt::format("m{}", next_id++)},
                 {"time", 1700000000},
                 {"expires", 1700043200},
                 {"event", "message"},
                 {"topic", seg[0]},
                 {"message", r.body}};
  auto click = r.headers.find("click");
  if (click != r.headers.end()) answer["click"] = click->second;
  return Json(200, answer);
}

MockAnswer NtfyThrottle(const ModeSpec& m) {
  return RetryAfterHeader(Json(429, {{"code", 42901},
                                     {"http", 429},
                                     {"error", "limit reached: too many requests, please be nice"},
                                     {"link", "https://ntfy.sh/docs/publish/#limitations"}}),
                          m);
}

MockAnswer NtfyGone(const std::string&) {
  return Json(403, {{"code", 40301}, {"http", 403}, {"error", "forbidden"}});
}

MockAnswer NtfyError(int status) {
  return Json(status, {{"code", status * 100 + 1}, {"http", status}, {"error", "internal error"}});
}

// ---- Matrix hookshot generic webhooks ----

MockAnswer MatrixNormal(const std::string& sub, const MockRequest& r, std::vector<std::string>&) {
  auto seg = Segments(sub);
  if (seg.size() != 2 || seg[0] != "webhook") {
    return Json(404, {{"ok", false}, {"error", "Webhook not found"}});
  }
  if (r.method != "POST" && r.method != "PUT") {
    return Json(405, {{"ok", false}, {"error", "Invalid Method. Expecting PUT or POST"}});
  }
  if (r.body.size() > 100 * 1024) {  // express.json's default limit.
    return Answer(413, "text/html", "PayloadTooLargeError: request entity too large");
  }
  if (MediaType(r) == "application/json" && json::parse(r.body, nullptr, false).is_discarded()) {
    return Answer(400, "text/html", "SyntaxError: Unexpected token in JSON");
  }
  // Hookshot's default (waitForComplete: false) acknowledges before posting.
  return Json(202, {{"ok", true}});
}

MockAnswer MatrixThrottle(const ModeSpec& m) {
  return RetryAfterHeader(Json(429, {{"ok", false}, {"error", "Too many requests"}}), m);
}

MockAnswer MatrixGone(const std::string&) {
  return Json(404, {{"ok", false}, {"error", "Webhook not found"}});
}

MockAnswer MatrixError(int status) {
  return Json(status, {{"ok", false}, {"error", "Failed to handle webhook"}});
}

// ---- Generic: accepts anything ----

MockAnswer GenericNormal(const std::string&, const MockRequest&, std::vector<std::string>&) {
  return Json(200, {{"ok", true}});
}

MockAnswer GenericThrottle(const ModeSpec& m) {
  return RetryAfterHeader(Json(429, {{"ok", false}, {"error", "rate limited"}}), m);
}

MockAnswer GenericGone(const std::string&) {
  return Json(410, {{"error", "gone"}});
}
MockAnswer GenericError(int status) {
  return Json(status, {{"error", "unavailable"}});
}

struct Emulator {
  const char* name;
  MockAnswer (*normal)(const std::string&, const MockRequest&, std::vector<std::string>&);
  MockAnswer (*throttle)(const ModeSpec&);
  MockAnswer (*gone)(const std::string&);
  MockAnswer (*error)(int);
};

const Emulator kEmulators[] = {
    {"mattermost", MattermostNormal, MattermostThrottle, MattermostGone, MattermostError},
    {"slack", SlackNormal, SlackThrottle, SlackGone, SlackError},
    {"googlechat", GoogleChatNormal, GoogleChatThrottle, GoogleChatGone, GoogleChatError},
    {"rocketchat", RocketChatNormal, RocketChatThrottle, RocketChatGone, RocketChatError},
    {"discord", DiscordNormal, DiscordThrottle, DiscordGone, DiscordError},
    {"teams", TeamsNormal, TeamsThrottle, TeamsGone, TeamsError},
    {"teams-connector", ConnectorNormal, ConnectorThrottle, ConnectorGone, ConnectorError},
    {"zulip", ZulipNormal, ZulipThrottle, ZulipGone, ZulipError},
    {"ntfy", NtfyNormal, NtfyThrottle, NtfyGone, NtfyError},
    {"matrix", MatrixNormal, MatrixThrottle, MatrixGone, MatrixError},
    {"generic", GenericNormal, GenericThrottle, GenericGone, GenericError},
};

}  // namespace

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kNormal:
      return "normal";
    case Mode::kError:
      return "error";
    case Mode::kThrottle:
      return "throttle";
    case Mode::kSlow:
      return "slow";
    case Mode::kGone:
      return "gone";
  }
  return "normal";
}

bool ParseMode(std::string_view name, Mode& out) {
  for (Mode m : {Mode::kNormal, Mode::kError, Mode::kThrottle, Mode::kSlow, Mode::kGone}) {
    if (ModeName(m) == name) {
      out = m;
      return true;
    }
  }
  return false;
}

const std::vector<std::string>& ServiceNames() {
  static const auto* names = [] {
    auto* v = new std::vector<std::string>();
    for (const Emulator& e : kEmulators) v->emplace_back(e.name);
    return v;
  }();
  return *names;
}

Route RouteOf(std::string_view path) {
  if (path.empty() || path.front() != '/') return {};
  size_t slash = path.find('/', 1);
  std::string_view first = path.substr(1, slash == std::string_view::npos ? path.npos : slash - 1);
  for (const Emulator& e : kEmulators) {
    if (first == e.name) {
      return {e.name, slash == std::string_view::npos ? "/" : std::string(path.substr(slash))};
    }
  }
  return {};
}

MockAnswer Emulate(std::string_view service, std::string_view sub_path, const MockRequest& request,
                   const ModeSpec& mode, std::vector<std::string>& problems) {
  for (const Emulator& e : kEmulators) {
    if (service != e.name) continue;
    std::string sub(sub_path);
    switch (mode.mode) {
      case Mode::kThrottle:
        return e.throttle(mode);
      case Mode::kGone:
        return e.gone(sub);
      case Mode::kError:
        return e.error(mode.status > 0 ? mode.status : 503);
      case Mode::kNormal:
      case Mode::kSlow:
        return e.normal(sub, request, problems);
    }
  }
  return Text(404, "no such service");
}

}  // namespace crier::mock
