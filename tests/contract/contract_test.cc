// The contract every channel keeps, proved the same way for each service (STYLE.md habit 9): the
// request it sends is one the service accepts (the mock validates it as the service would and
// reports what the service would silently mishandle), every answer of the service is classified
// right, and no secret of the webhook ever shows in an outcome or a log line.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/log.h"
#include "channels/channel.h"
#include "channels/classify.h"
#include "channels/split.h"
#include "channels/text_measure.h"
#include "delivery/curl_http_sender.h"
#include "delivery/send_now.h"
#include "mock_chat.h"

namespace crier {
namespace {

using mock::Mode;
using mock::ModeSpec;
using nlohmann::json;

// One service as the contract tests see it.
struct ServiceCase {
  std::string service;       // Incoming Webhook URL.service
  std::string mock_service;  // The mock's path prefix.
  std::string path;          // The webhook URL's path (and query) on the mock: holds the secrets.
  // The answer of the real service to a good request (for the offline status table).
  int success_status;
  std::string success_body;
  // What the webhook looks like beyond URL and service.
  std::function<void(Webhook&)> configure = [](Webhook&) {};
  // Checks the body the mock received for the standard message.
  std::function<void(const mock::Record&)> check_request;
  // Reasons the mock's modes come to (the service's own answers).
  Reason gone_reason = Reason::kGone;
  Reason throttle_reason = Reason::kRateLimited;
  bool throttle_retries = true;
};

json BodyJson(const mock::Record& r) {
  return json::parse(r.body);
}

const char* kDocUrl = "http://erp.example.com/app/issue/ISS-0001";

std::string DocLinkText(const std::string& text) {
  return text + "\n<" + kDocUrl + "|Document link>";
}

std::vector<ServiceCase> Cases() {
  std::vector<ServiceCase> cases;
  cases.push_back(ServiceCase{
      "Mattermost", "mattermost", "/hooks/xy3qd5m9bfn8ib1gmrcyruk1ce", 200, "ok", [](Webhook&) {},
      [](const mock::Record& r) {
        EXPECT_EQ(r.headers.at("content-type"), "application/json");
        EXPECT_EQ(BodyJson(r), json({{"text", DocLinkText("Issue ISS-0001 opened")}}));
      }});
  cases.push_back(ServiceCase{"Slack", "slack",
                              "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", 200, "ok",
                              [](Webhook&) {},
                              [](const mock::Record& r) {
                                json body = BodyJson(r);
                                EXPECT_EQ(body["text"], "Issue ISS-0001 opened");
                                EXPECT_EQ(body["attachments"][0]["actions"][0]["url"], kDocUrl);
                              }});
  cases.push_back(ServiceCase{
      "Google Chat", "googlechat",
      "/v1/spaces/AAAAbbbbCCC/messages?key=AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI&token="
      "abc%3Ddef0123456789xyz",
      200, R"({"name":"spaces/AAAAbbbbCCC/messages/m1"})",
      [](Webhook& w) { w.thread_key = "{doctype}:{name}"; },
      [](const mock::Record& r) {
        EXPECT_EQ(r.headers.at("content-type"), "application/json; charset=UTF-8");
        EXPECT_EQ(BodyJson(r), json({{"text", DocLinkText("Issue ISS-0001 opened")},
                                     {"thread", {{"threadKey", "Issue:ISS-0001"}}}}));
        EXPECT_NE(r.target.find("messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"),
                  std::string::npos);
      }});
  cases.push_back(ServiceCase{
      "Rocket.Chat", "rocketchat", "/hooks/aBcDeFgHiJkLmNoPq/tokenAbCdEf0123456789xyz", 200,
      R"({"success":true})", [](Webhook&) {},
      [](const mock::Record& r) {
        EXPECT_EQ(BodyJson(r),
                  json({{"text", "Issue ISS-0001 opened"},
                        {"attachments", {{{"title", "Document link"}, {"title_link", kDocUrl}}}}}));
      }});
  cases.push_back(ServiceCase{"Discord", "discord",
                              "/api/webhooks/123456789012345678/tok-ABCdef_0123456789", 204, "",
                              [](Webhook&) {},
                              [](const mock::Record& r) {
                                EXPECT_NE(r.target.find("?wait=true"), std::string::npos);
                                json body = BodyJson(r);
                                EXPECT_EQ(body["content"], "Issue ISS-0001 opened");
                                EXPECT_EQ(body["username"], "crier");
                                EXPECT_EQ(body["embeds"][0]["url"], kDocUrl);
                              }});
  cases.push_back(ServiceCase{
      "Microsoft Teams", "teams",
      "/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version="
      "2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SIGabcdefghijklmnopqrstuvwxyz012345",
      202, "", [](Webhook&) {},
      [](const mock::Record& r) {
        json card = BodyJson(r)["attachments"][0]["content"];
        EXPECT_EQ(card["body"][0]["text"], "Issue ISS-0001 opened");
        EXPECT_EQ(card["actions"][0]["url"], kDocUrl);
      }});
  ServiceCase connector{
      "Microsoft Teams",
      "teams-connector",
      "/webhookb2/0000aaaa-0000-0000-0000-000000000000@1111bbbb-1111-1111-1111-111111111111/"
      "IncomingWebhook/abcdef0123456789/2222cccc-2222-2222-2222-222222222222",
      200,
      "1",
      [](Webhook& w) { w.teams_legacy_connector = true; },
      [](const mock::Record& r) {
        json body = BodyJson(r);
        EXPECT_EQ(body["@type"], "MessageCard");
        EXPECT_EQ(body["text"], "Issue ISS-0001 opened");
        EXPECT_EQ(body["summary"], "New issue");
      }};
  cases.push_back(connector);
  cases.push_back(ServiceCase{
      "Zulip", "zulip",
      "/api/v1/external/slack_incoming?api_key=abcdEFGH1234ijklMNOP5678qrstUVWX&stream=ops", 200,
      R"({"result":"success","msg":""})", [](Webhook& w) { w.thread_key = "{doctype} {name}"; },
      [](const mock::Record& r) {
        EXPECT_EQ(BodyJson(r), json({{"text", std::string("Issue ISS-0001 opened\n\n[Document "
                                                          "link](") +
                                                  kDocUrl + ")"}}));
        EXPECT_NE(r.target.find("&topic=Issue%20ISS-0001"), std::string::npos) << r.target;
      }});
  ServiceCase ntfy{"Ntfy",
                   "ntfy",
                   "/crier-alerts-4f3a9b",
                   200,
                   R"({"id":"m1"})",
                   [](Webhook&) {},
                   [](const mock::Record& r) {
                     EXPECT_EQ(r.body, "Issue ISS-0001 opened");
                     EXPECT_EQ(r.headers.at("click"), kDocUrl);
                   }};
  ntfy.gone_reason = Reason::kUnauthorized;  // ntfy has no "gone": a removed topic is forbidden.
  cases.push_back(ntfy);
  cases.push_back(ServiceCase{
      "Matrix (Hookshot)", "matrix", "/webhook/aBcD1234efGH5678", 202, R"({"ok":true})",
      [](Webhook&) {},
      [](const mock::Record& r) {
        EXPECT_EQ(BodyJson(r), json({{"text", std::string("Issue ISS-0001 opened\n\n[Document "
                                                          "link](") +
                                                  kDocUrl + ")"}}));
      }});
  cases.push_back(ServiceCase{"Generic", "generic", "/in/abcDEF123456", 200, "",
                              [](Webhook& w) {
                                w.headers = {{"Authorization", "Bearer s3cr3t-token-value"}};
                              },
                              [](const mock::Record& r) {
                                EXPECT_EQ(r.headers.at("authorization"),
                                          "Bearer s3cr3t-token-value");
                                EXPECT_EQ(BodyJson(r)["text"], "Issue ISS-0001 opened");
                                EXPECT_EQ(BodyJson(r)["doc_url"], kDocUrl);
                              }});
  return cases;
}

ChatMessage StandardMessage() {
  ChatMessage m;
  m.text = "Issue ISS-0001 opened";
  m.subject = "New issue";
  m.doc_url = kDocUrl;
  m.reference_doctype = "Issue";
  m.reference_name = "ISS-0001";
  return m;
}

class ContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(chat_.Start());
    auto sender = CurlHttpSender::Create();
    ASSERT_TRUE(sender.ok());
    sender_ = std::move(sender).value();
  }

  Webhook HookFor(const ServiceCase& c) const {
    Webhook w;
    w.name = "ops " + c.service;
    w.service = c.service;
    w.url = chat_.ServiceUrl(c.mock_service) + c.path;
    c.configure(w);
    return w;
  }

  // Sends the standard message through the channel and the real sender; returns the outcome.
  Outcome Deliver(const ServiceCase& c) {
    const Channel* channel = FindChannel(c.service);
    EXPECT_NE(channel, nullptr) << c.service;
    Webhook w = HookFor(c);
    auto request = channel->BuildRequest(w, StandardMessage(), env_);
    EXPECT_TRUE(request.ok()) << request.status().ToString();
    HttpResponse response = SendAndWait(*sender_, std::move(request).value());
    return ClassifyAnswer(*channel, w, response, SystemClock().Now());
  }

  mock::MockChat chat_;
  std::unique_ptr<CurlHttpSender> sender_;
  ChannelEnv env_;
};

TEST_F(ContractTest, EveryServiceAcceptsWhatItsChannelSends) {
  for (const ServiceCase& c : Cases()) {
    SCOPED_TRACE(c.service);
    chat_.Reset();
    Outcome o = Deliver(c);
    EXPECT_EQ(o.verdict, Verdict::kDelivered) << o.detail;
    EXPECT_EQ(o.reason, Reason::kDelivered);
    auto seen = chat_.Requests(c.mock_service);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].method, "POST");
    EXPECT_TRUE(seen[0].problems.empty()) << seen[0].problems.front();
    c.check_request(seen[0]);
  }
}

TEST_F(ContractTest, EveryAnswerOfTheServiceIsClassified) {
  for (const ServiceCase& c : Cases()) {
    SCOPED_TRACE(c.service);
    struct ModeCase {
      ModeSpec mode;
      Verdict verdict;
      Reason reason;
    } modes[] = {
        {{Mode::kThrottle, 0, "7", 0, 1},
         c.throttle_retries ? Verdict::kRetry : Verdict::kFailed,
         c.throttle_reason},
        {{Mode::kGone, 0, "", 0, 1}, Verdict::kFailed, c.gone_reason},
        {{Mode::kError, 500, "", 0, 1}, Verdict::kRetry, Reason::kServerError},
        {{Mode::kError, 502, "", 0, 1}, Verdict::kRetry, Reason::kServerError},
        {{Mode::kError, 503, "", 0, 1}, Verdict::kRetry, Reason::kServerError},
        {{Mode::kSlow, 0, "", 20, 1}, Verdict::kDelivered, Reason::kDelivered},
    };
    for (const ModeCase& m : modes) {
      chat_.SetMode(c.mock_service, m.mode);
      Outcome o = Deliver(c);
      EXPECT_EQ(o.verdict, m.verdict) << mock::ModeName(m.mode.mode) << " " << o.detail;
      EXPECT_EQ(o.reason, m.reason) << mock::ModeName(m.mode.mode) << " " << o.detail;
      if (m.mode.mode == Mode::kThrottle && o.retry_after) {
        EXPECT_GE(*o.retry_after, std::chrono::seconds(7)) << "Retry-After is honoured";
      }
    }
    chat_.SetDown(true);
    Outcome down = Deliver(c);
    chat_.SetDown(false);
    EXPECT_EQ(down.verdict, Verdict::kRetry);
    EXPECT_EQ(down.reason, Reason::kConnection);
  }
}

// A message two and a half times the service's limit arrives as several messages, in order, each
// accepted as is: nothing split by the server, truncated, or turned into an attachment.
TEST_F(ContractTest, LongMessagesArriveSplitInOrderWithinTheLimit) {
  for (const ServiceCase& c : Cases()) {
    const Channel* channel = FindChannel(c.service);
    Webhook w = HookFor(c);
    TextLimit limit = channel->text_limit(w);
    if (limit.max == 0) continue;
    SCOPED_TRACE(c.service + " (" + c.mock_service + ")");
    std::string paragraph =
        "Issue **ISS-0001**: the printer on the 3rd floor is on fire again, see "
        "[the runbook](https://wiki.example.com/runbooks/printer-fire) or <https://erp.example.com/"
        "app/issue/ISS-0001|the issue>. Déjà vu — ça brûle encore 🔥.\n"
        "```text\n$ lpstat -p\nprinter lp0 disabled since Tue\n```\n\n";
    ChatMessage message = StandardMessage();
    message.text.clear();
    while (MeasureText(message.text, limit.measure) < limit.max * 5 / 2) message.text += paragraph;
    chat_.Reset();
    SendResult result = SendNow(*channel, w, message, env_, *sender_, SystemClock());
    ASSERT_TRUE(result.delivered()) << result.ToJson().dump();
    std::vector<ChatMessage> parts = SplitForChannel(*channel, w, message, env_);
    ASSERT_GE(parts.size(), 3u);
    auto seen = chat_.Requests(c.mock_service);
    ASSERT_EQ(seen.size(), parts.size());
    for (size_t i = 0; i < seen.size(); ++i) {
      EXPECT_TRUE(seen[i].problems.empty()) << "part " << i << ": " << seen[i].problems.front();
      std::string quoted = c.mock_service == "ntfy" ? parts[i].text : json(parts[i].text).dump();
      if (c.mock_service != "ntfy") quoted = quoted.substr(1, quoted.size() - 2);
      EXPECT_NE(seen[i].body.find(quoted), std::string::npos) << "part " << i << " out of order";
    }
  }
}

// The shared table: every status, for every service, without a network. Bodies echo the URL and
// its secret parts, as some services do; the outcome must not.
TEST(StatusTableTest, EveryChannelClassifiesEveryStatusAndLeaksNoSecret) {
  struct StatusCase {
    int status;
    Verdict verdict;
  } statuses[] = {
      {400, Verdict::kFailed}, {401, Verdict::kFailed}, {403, Verdict::kFailed},
      {404, Verdict::kFailed}, {405, Verdict::kFailed}, {410, Verdict::kFailed},
      {413, Verdict::kFailed}, {422, Verdict::kFailed}, {408, Verdict::kRetry},
      {429, Verdict::kRetry},  {500, Verdict::kRetry},  {502, Verdict::kRetry},
      {503, Verdict::kRetry},  {504, Verdict::kRetry},  {301, Verdict::kFailed},
  };
  const TimePoint now = SystemClock().Now();
  for (const ServiceCase& c : Cases()) {
    SCOPED_TRACE(c.service);
    const Channel* channel = FindChannel(c.service);
    ASSERT_NE(channel, nullptr);
    Webhook w;
    w.service = c.service;
    w.url = "https://chat.example.com" + c.path;
    c.configure(w);
    Redactor secrets = WebhookRedactor(w);
    ASSERT_FALSE(secrets.secrets().empty());
    std::string echo = "webhook " + w.url + " parts:";
    for (const std::string& s : secrets.secrets()) echo += " " + s;

    HttpResponse ok;
    ok.status = c.success_status;
    ok.body = c.success_body;
    EXPECT_EQ(ClassifyAnswer(*channel, w, ok, now).verdict, Verdict::kDelivered);

    for (const StatusCase& s : statuses) {
      HttpResponse r;
      r.status = s.status;
      r.body = echo;
      Outcome o = ClassifyAnswer(*channel, w, r, now);
      EXPECT_EQ(o.verdict, s.verdict) << s.status;
      EXPECT_EQ(o.http_status, s.status);
      EXPECT_FALSE(secrets.Leaks(o.detail)) << s.status << ": " << o.detail;
      EXPECT_FALSE(ReasonLabel(o.reason).empty());
    }
    HttpResponse broken;
    broken.error = TransportError::kConnect;
    broken.error_message = "Failed to connect to " + w.url + ": Connection refused";
    Outcome o = ClassifyAnswer(*channel, w, broken, now);
    EXPECT_EQ(o.verdict, Verdict::kRetry);
    EXPECT_FALSE(secrets.Leaks(o.detail)) << o.detail;
  }
}

// Everything a real send writes to the log (at debug level) is free of the webhook's secrets.
TEST_F(ContractTest, NoSecretInAnyLogLine) {
  char path[] = "/tmp/crier-contract-log-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  int saved = dup(STDERR_FILENO);
  LogLevel level = GetLogLevel();
  SetLogLevel(LogLevel::kDebug);
  dup2(fd, STDERR_FILENO);
  std::vector<Redactor> redactors;
  for (const ServiceCase& c : Cases()) {
    redactors.push_back(WebhookRedactor(HookFor(c)));
    for (Mode m : {Mode::kNormal, Mode::kGone, Mode::kError, Mode::kThrottle}) {
      chat_.SetMode(c.mock_service, ModeSpec{m, 0, "1", 0, 1});
      Outcome o = Deliver(c);
      CRIER_LOG_DEBUG("delivery to {} ({}): {} {} {}", HookFor(c).name, c.service,
                      VerdictName(o.verdict), ReasonLabel(o.reason), o.detail);
    }
  }
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  SetLogLevel(level);
  std::ifstream in(path);
  std::stringstream log;
  log << in.rdbuf();
  close(fd);
  unlink(path);
  EXPECT_FALSE(log.str().empty());
  for (const Redactor& r : redactors) {
    for (const std::string& secret : r.secrets()) {
      EXPECT_EQ(log.str().find(secret), std::string::npos) << "leaked: " << secret;
    }
  }
}

}  // namespace
}  // namespace crier
