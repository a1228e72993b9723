// The emulated services answer as the real ones do (webhook-contracts.md), request by request.
#include "emulation.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace crier::mock {
namespace {

using nlohmann::json;

MockRequest Post(std::string path_and_query, std::string body,
                 std::string content_type = "application/json") {
  MockRequest r;
  r.method = "POST";
  size_t q = path_and_query.find('?');
  r.path = path_and_query.substr(0, q);
  r.query = q == std::string::npos ? "" : path_and_query.substr(q + 1);
  if (!content_type.empty()) r.headers["content-type"] = content_type;
  r.body = std::move(body);
  return r;
}

struct Case {
  const char* name;
  MockRequest request;
  int status;
  const char* body_contains;
  bool problem = false;
};

void RunTable(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    Route route = RouteOf(c.request.path);
    std::vector<std::string> problems;
    MockAnswer a = Emulate(route.service, route.sub_path, c.request, ModeSpec(), problems);
    EXPECT_EQ(a.status, c.status) << c.name << ": " << a.body;
    EXPECT_NE(a.body.find(c.body_contains), std::string::npos) << c.name << ": " << a.body;
    EXPECT_EQ(!problems.empty(), c.problem) << c.name;
  }
}

TEST(EmulationTest, Routes) {
  EXPECT_EQ(RouteOf("/mattermost/hooks/abc").service, "mattermost");
  EXPECT_EQ(RouteOf("/mattermost/hooks/abc").sub_path, "/hooks/abc");
  EXPECT_EQ(RouteOf("/teams-connector/webhookb2/x").service, "teams-connector");
  EXPECT_EQ(RouteOf("/nothing/here").service, "");
  EXPECT_EQ(ServiceNames().size(), 11u);
}

TEST(EmulationTest, Mattermost) {
  std::string long_text(16384, 'x');
  RunTable({
      {"ok", Post("/mattermost/hooks/abc123", R"({"text":"hi"})"), 200, "ok"},
      {"no content type is JSON", Post("/mattermost/hooks/abc123", R"({"text":"hi"})", ""), 200,
       "ok"},
      {"form payload",
       Post("/mattermost/hooks/abc123", "payload=%7B%22text%22%3A%22hi%22%7D",
            "application/x-www-form-urlencoded"),
       200, "ok"},
      {"no text", Post("/mattermost/hooks/abc123", R"({"channel":"x"})"), 400,
       "web.incoming_webhook.text.app_error"},
      {"not json", Post("/mattermost/hooks/abc123", "hello"), 400, "parse.app_error"},
      {"system type", Post("/mattermost/hooks/abc123", R"({"text":"x","type":"system_join"})"), 400,
       "invalid_param"},
      {"priority without value",
       Post("/mattermost/hooks/abc123", R"({"text":"x","priority":{"requested_ack":true}})"), 400,
       "invalid_param"},
      {"too long is split by the server",
       Post("/mattermost/hooks/abc123", json({{"text", long_text}}).dump()), 200, "ok", true},
      {"bad path", Post("/mattermost/hooks/a-b", R"({"text":"x"})"), 404, "not found"},
  });
}

TEST(EmulationTest, SlackAndZulip) {
  RunTable({
      {"slack ok", Post("/slack/services/T1/B1/secret", R"({"text":"hi"})"), 200, "ok"},
      {"slack no text", Post("/slack/services/T1/B1/secret", R"({"attachments":[]})"), 400,
       "no_text"},
      {"slack bad json", Post("/slack/services/T1/B1/secret", "{"), 400, "invalid_payload"},
      {"slack wrong path", Post("/slack/services/T1", R"({"text":"hi"})"), 404, "no_service"},
      {"zulip ok",
       Post("/zulip/api/v1/external/slack_incoming?api_key=k&stream=s&topic=t", R"({"text":"hi"})"),
       200, R"("result":"success")"},
      {"zulip no key", Post("/zulip/api/v1/external/slack_incoming", R"({"text":"hi"})"), 400,
       "api_key"},
      {"zulip empty", Post("/zulip/api/v1/external/slack_incoming?api_key=k", R"({"text":""})"),
       400, "must not be empty"},
      {"zulip truncates",
       Post("/zulip/api/v1/external/slack_incoming?api_key=k",
            json({{"text", std::string(10001, 'x')}}).dump()),
       200, "success", true},
  });
}

TEST(EmulationTest, GoogleChatRocketChatDiscord) {
  const std::string gc = "/googlechat/v1/spaces/AAAA/messages?key=k&token=t";
  RunTable({
      {"gchat ok", Post(gc, R"({"text":"hi"})", "application/json; charset=UTF-8"), 200,
       R"("thread")"},
      {"gchat too long", Post(gc, json({{"text", std::string(4097, 'x')}}).dump()), 400,
       "INVALID_ARGUMENT"},
      {"gchat no token", Post("/googlechat/v1/spaces/AAAA/messages?key=k", R"({"text":"hi"})"), 401,
       "UNAUTHENTICATED"},
      {"gchat form", Post(gc, "text=hi", "application/x-www-form-urlencoded"), 400,
       "INVALID_ARGUMENT"},
      {"rocket ok", Post("/rocketchat/hooks/id/token", R"({"text":"hi"})"), 200,
       R"("success":true)"},
      {"rocket too long",
       Post("/rocketchat/hooks/id/token", json({{"text", std::string(5001, 'x')}}).dump()), 400,
       "size-exceeded"},
      {"discord ok", Post("/discord/api/webhooks/123/tok", R"({"content":"hi"})"), 204, ""},
      {"discord wait", Post("/discord/api/webhooks/123/tok?wait=true", R"({"content":"hi"})"), 200,
       R"("id")"},
      {"discord too long",
       Post("/discord/api/webhooks/123/tok", json({{"content", std::string(2001, 'x')}}).dump()),
       400, "BASE_TYPE_MAX_LENGTH"},
      {"discord empty", Post("/discord/api/webhooks/123/tok", R"({"content":""})"), 400, "50006"},
      {"discord bad username",
       Post("/discord/api/webhooks/123/tok", R"({"content":"x","username":"My Discord Bot"})"), 400,
       "USERNAME_INVALID"},
  });
}

TEST(EmulationTest, TeamsNtfyMatrix) {
  const std::string wf =
      "/teams/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=s";
  json card = {{"type", "message"},
               {"attachments",
                {{{"contentType", "application/vnd.microsoft.card.adaptive"},
                  {"content", {{"type", "AdaptiveCard"}, {"version", "1.2"}}}}}}};
  RunTable({
      {"workflows ok", Post(wf, card.dump()), 202, ""},
      {"workflows plain text fails later", Post(wf, R"({"text":"hi"})"), 202, "", true},
      {"workflows bad json", Post(wf, "{"), 400, "InvalidRequestContent"},
      {"workflows no sig",
       Post("/teams/workflows/abc/triggers/manual/paths/invoke?api-version=1", card.dump()), 401,
       "DirectApiAuthorizationRequired"},
      {"connector ok",
       Post("/teams-connector/webhookb2/g@t/IncomingWebhook/id/owner",
            R"({"@type":"MessageCard","text":"hi"})"),
       200, "1"},
      {"connector needs text",
       Post("/teams-connector/webhookb2/g@t/IncomingWebhook/id/owner",
            R"({"@type":"MessageCard"})"),
       400, "Summary or Text is required."},
      {"connector too large answers 200",
       Post("/teams-connector/webhookb2/g@t/IncomingWebhook/id/owner",
            json({{"@type", "MessageCard"}, {"text", std::string(30000, 'x')}}).dump()),
       200, "HTTP error 413"},
      {"ntfy ok", Post("/ntfy/alerts", "Notification reçue", ""), 200, R"("event":"message")"},
      {"ntfy big becomes attachment", Post("/ntfy/alerts", std::string(4097, 'x'), ""), 200,
       "message", true},
      {"ntfy bad topic", Post("/ntfy/a/b", "x", ""), 404, "page not found"},
      {"matrix ok", Post("/matrix/webhook/hook1", R"({"text":"hi"})"), 202, R"("ok":true)"},
      {"matrix too large", Post("/matrix/webhook/hook1", std::string(102401, 'x')), 413,
       "too large"},
      {"generic ok", Post("/generic/anything", "whatever", "text/plain"), 200, "ok"},
  });
}

TEST(EmulationTest, ModesAnswerInEachServicesOwnShape) {
  MockRequest r = Post("/x", "{}");
  std::vector<std::string> problems;
  ModeSpec throttle{Mode::kThrottle, 0, "2", 0, -1};
  MockAnswer mm = Emulate("mattermost", "/hooks/a", r, throttle, problems);
  EXPECT_EQ(mm.status, 429);
  EXPECT_EQ(mm.body, "limit exceeded");
  EXPECT_NE(std::find(mm.headers.begin(), mm.headers.end(),
                      std::pair<std::string, std::string>("Retry-After", "2")),
            mm.headers.end());
  MockAnswer slack = Emulate("slack", "/services/a/b/c", r, throttle, problems);
  EXPECT_EQ(json::parse(slack.body)["retry_after"], 2);
  MockAnswer zulip = Emulate("zulip", "/api", r, throttle, problems);
  EXPECT_EQ(json::parse(zulip.body)["code"], "RATE_LIMIT_HIT");
  EXPECT_EQ(json::parse(zulip.body)["retry-after"], 2.0);
  MockAnswer rocket = Emulate("rocketchat", "/hooks/a/b", r, throttle, problems);
  EXPECT_NE(rocket.body.find("You must wait 2 seconds"), std::string::npos);
  MockAnswer connector = Emulate("teams-connector", "/x", r, throttle, problems);
  EXPECT_EQ(connector.status, 200);
  EXPECT_NE(connector.body.find("HTTP error 429"), std::string::npos);

  ModeSpec gone{Mode::kGone, 0, "", 0, -1};
  EXPECT_EQ(Emulate("mattermost", "/hooks/a", r, gone, problems).status, 400);
  EXPECT_EQ(Emulate("discord", "/api/webhooks/1/t", r, gone, problems).body,
            R"({"code":10015,"message":"Unknown Webhook"})");
  EXPECT_EQ(Emulate("slack", "/services/a/b/c", r, gone, problems).body, "no_service");
  EXPECT_NE(Emulate("teams", "/workflows/wf123/triggers", r, gone, problems).body.find("wf123"),
            std::string::npos)
      << "Teams echoes the workflow id";

  ModeSpec error{Mode::kError, 502, "", 0, -1};
  EXPECT_EQ(Emulate("googlechat", "/v1", r, error, problems).status, 502);
  EXPECT_EQ(Emulate("generic", "/x", r, ModeSpec{Mode::kError, 0, "", 0, -1}, problems).status,
            503);
}

}  // namespace
}  // namespace crier::mock
