// The REST API of a real `crier serve` over loopback HTTP: every endpoint, every error of issue 3,
// and permissions for Administrator, a regular user and no user.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "crier_fixture.h"

namespace crier::testing {
namespace {

using nlohmann::json;

class ApiIntegrationTest : public CrierTest {};

std::string IssuePath(const std::string& name) {
  return "/api/resource/Issue/" + name;
}

TEST_F(ApiIntegrationTest, HealthNeedsNoCredentialsButNothingElseAnswersWithoutThem) {
  auto nobody = Anonymous();
  auto health = nobody->Get("/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 200);
  auto admin = Admin();
  auto issue = admin->PostJson("/api/resource/Issue", {{"subject", "secret plans"}});
  ASSERT_EQ(issue->status, 200);
  std::string name = BodyOf(*issue)["data"]["name"];
  struct Call {
    std::string method, path;
  };
  const std::vector<Call> calls = {
      {"GET", "/api/resource/Issue"},
      {"GET", IssuePath(name)},
      {"GET", IssuePath(name) + "/versions"},
      {"POST", "/api/resource/Issue"},
      {"PUT", IssuePath(name)},
      {"DELETE", IssuePath(name)},
      {"GET", "/api/resource/User"},
      {"GET", "/api/resource/No%20Such%20Type"},
      {"POST", "/api/method/user.generate_keys"},
      {"GET", "/api/method/frappe.client.get_count?doctype=Issue"},
      {"POST", "/api/method/no.such.method"},
  };
  for (const Call& c : calls) {
    auto r = nobody->Send(c.method, c.path, R"({"subject":"x"})",
                          {{"Content-Type", "application/json"}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 401) << c.method << " " << c.path;
    EXPECT_EQ(BodyOf(*r)["exc_type"], "AuthenticationError") << c.path;
    EXPECT_EQ(r->body.find("secret plans"), std::string::npos);
  }
  auto bad_token = nobody->Get("/api/resource/Issue", {{"Authorization", "token abc:def"}});
  EXPECT_EQ(bad_token->status, 401);
  auto bad_cookie = nobody->Get("/api/resource/Issue", {{"Cookie", "sid=" + std::string(64, 'a')}});
  EXPECT_EQ(bad_cookie->status, 401);
  // The issue is still there: nothing above wrote anything.
  EXPECT_EQ(admin->Get(IssuePath(name))->status, 200);
}

TEST_F(ApiIntegrationTest, LoginLogoutAndSessionCookie) {
  auto client = Anonymous();
  auto wrong = client->PostJson("/api/method/login", {{"usr", "Administrator"}, {"pwd", "nope"}});
  EXPECT_EQ(wrong->status, 401);
  EXPECT_FALSE(client->Cookie("sid").has_value());
  auto missing = client->PostJson("/api/method/login", {{"usr", "Administrator"}});
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(BodyOf(*missing)["field"], "pwd");
  auto ok =
      client->PostJson("/api/method/login", {{"usr", "Administrator"}, {"pwd", kAdminPassword}});
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(BodyOf(*ok)["message"]["message"], "Logged In");
  std::string cookie = ok->Header("Set-Cookie").value_or("");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  auto me = client->Get("/api/method/frappe.auth.get_logged_user");
  EXPECT_EQ(BodyOf(*me)["message"], "Administrator");
  std::string sid = client->Cookie("sid").value_or("");
  auto out = client->Send("POST", "/api/method/logout");
  EXPECT_EQ(out->status, 200);
  // The old cookie no longer works, even when sent again by hand.
  auto again =
      Anonymous()->Get("/api/method/frappe.auth.get_logged_user", {{"Cookie", "sid=" + sid}});
  EXPECT_EQ(again->status, 401);
  // Form-encoded logins work too, as with Frappe.
  auto form = Anonymous()->Send("POST", "/api/method/login",
                                std::string("usr=Administrator&pwd=") + kAdminPassword,
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form->status, 200) << form->body;
}

TEST_F(ApiIntegrationTest, RepeatedFailedLoginsAreSlowedDown) {
  auto client = Anonymous();
  for (int i = 0; i < 6; ++i) {
    auto r = client->PostJson("/api/method/login", {{"usr", "Administrator"}, {"pwd", "guess"}});
    EXPECT_EQ(r->status, 401);
  }
  auto blocked =
      client->PostJson("/api/method/login", {{"usr", "Administrator"}, {"pwd", kAdminPassword}});
  EXPECT_EQ(blocked->status, 429);
  EXPECT_EQ(BodyOf(*blocked)["exc_type"], "TooManyRequestsError");
  EXPECT_EQ(blocked->Header("Retry-After"), "1");
}

TEST_F(ApiIntegrationTest, IssueLifeCycleThroughTheApi) {
  auto user = NewUser("agent@example.com");
  auto created = user->PostJson("/api/resource/Issue", {{"subject", "Printer on fire"},
                                                        {"customer", "ACME"},
                                                        {"total", "42000.50"},
                                                        {"due_date", "2026-12-01"},
                                                        {"assigned_to", "agent@example.com"}});
  ASSERT_EQ(created->status, 200) << created->body;
  json doc = BodyOf(*created)["data"];
  std::string name = doc["name"];
  EXPECT_EQ(name.substr(0, 4), "ISS-");
  EXPECT_EQ(name.size(), 14u);  // ISS-YYYY-#####
  EXPECT_EQ(doc["status"], "Open");
  EXPECT_EQ(doc["priority"], "Medium");
  EXPECT_EQ(doc["total"], 42000.5);
  EXPECT_EQ(doc["owner"], "agent@example.com");
  EXPECT_EQ(doc["docstatus"], 0);

  auto got = user->Get(IssuePath(name));
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(BodyOf(*got)["data"], doc);

  auto updated =
      user->PutJson(IssuePath(name), {{"status", "Replied"}, {"modified", doc["modified"]}});
  ASSERT_EQ(updated->status, 200) << updated->body;
  json after = BodyOf(*updated)["data"];
  EXPECT_EQ(after["status"], "Replied");
  EXPECT_EQ(after["customer"], "ACME");  // A partial update leaves the rest.
  EXPECT_NE(after["modified"], doc["modified"]);

  auto stale =
      user->PutJson(IssuePath(name), {{"status", "Closed"}, {"modified", doc["modified"]}});
  EXPECT_EQ(stale->status, 409);
  EXPECT_EQ(BodyOf(*stale)["exc_type"], "ConflictError");
  EXPECT_EQ(BodyOf(*stale)["field"], "modified");

  auto versions = user->Get(IssuePath(name) + "/versions");
  ASSERT_EQ(versions->status, 200);
  json v = BodyOf(*versions)["data"];
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0]["doc"]["status"], "Open");

  auto deleted = user->Delete(IssuePath(name));
  EXPECT_EQ(deleted->status, 202);
  EXPECT_EQ(BodyOf(*deleted)["message"], "ok");
  EXPECT_EQ(user->Get(IssuePath(name))->status, 404);
  EXPECT_EQ(user->Delete(IssuePath(name))->status, 404);
  auto history = user->Get(IssuePath(name) + "/versions");
  ASSERT_EQ(history->status, 200);
  EXPECT_EQ(BodyOf(*history)["data"].size(), 2u);  // Kept after the delete.
}

TEST_F(ApiIntegrationTest, ListFiltersOrderAndPaging) {
  auto admin = Admin();
  struct Row {
    const char* subject;
    const char* status;
    double total;
    const char* due;
    const char* customer;
  };
  const Row rows[] = {{"a", "Open", 100, "2026-03-01", "ACME"},
                      {"b", "Closed", 2500, "2026-03-15", ""},
                      {"c", "Open", 40000, "2026-04-10", nullptr},
                      {"d", "Replied", 0, nullptr, "Globex"}};
  for (const Row& r : rows) {
    json body = {{"subject", r.subject}, {"status", r.status}, {"total", r.total}};
    if (r.due) body["due_date"] = r.due;
    if (r.customer) body["customer"] = r.customer;
    ASSERT_EQ(admin->PostJson("/api/resource/Issue", body)->status, 200);
  }
  auto subjects = [&](const std::string& query) {
    auto r = admin->Get("/api/resource/Issue?fields=" + Encode(R"(["subject"])") +
                        "&order_by=" + Encode("subject asc") + "&" + query);
    EXPECT_EQ(r->status, 200) << query << ": " << r->body;
    std::string out;
    json body = BodyOf(*r);
    for (const json& d : body["data"]) out += d["subject"].get<std::string>();
    return out;
  };
  auto filters = [&](const json& f) { return subjects("filters=" + Encode(f.dump())); };
  EXPECT_EQ(filters(json::array({{"status", "=", "Open"}})), "ac");
  EXPECT_EQ(filters(json::array({{"Issue", "status", "!=", "Open"}})), "bd");
  EXPECT_EQ(filters(json::array({{"total", ">", "2500"}})), "c");
  EXPECT_EQ(filters(json::array({{"total", "<", 2500}})), "ad");
  EXPECT_EQ(filters(json::array({{"total", ">=", 2500}})), "bc");
  EXPECT_EQ(filters(json::array({{"total", "<=", 100}})), "ad");
  EXPECT_EQ(filters(json::array({{"customer", "like", "%cm%"}})), "a");
  EXPECT_EQ(filters(json::array({{"customer", "not like", "A%"}})), "bcd");
  EXPECT_EQ(filters(json::array({{"status", "in", {"Closed", "Replied"}}})), "bd");
  EXPECT_EQ(filters(json::array({{"status", "not in", "Open,Replied"}})), "b");
  EXPECT_EQ(filters(json::array({{"customer", "is", "set"}})), "ad");
  EXPECT_EQ(filters(json::array({{"customer", "is", "not set"}})), "bc");
  EXPECT_EQ(filters(json::array({{"due_date", "between", {"2026-03-01", "2026-03-31"}}})), "ab");
  EXPECT_EQ(filters(json{{"status", "Open"}, {"total", {">", 1000}}}), "c");  // Dict form.
  auto ordered =
      admin->Get("/api/resource/Issue?fields=" + Encode(R"(["subject","total"])") +
                 "&order_by=" + Encode("total desc") + "&limit_start=1&limit_page_length=2");
  ASSERT_EQ(ordered->status, 200);
  EXPECT_EQ(BodyOf(*ordered)["data"],
            (json{{{"subject", "b"}, {"total", 2500.0}}, {{"subject", "a"}, {"total", 100.0}}}));
  auto names_only = admin->Get("/api/resource/Issue");
  EXPECT_EQ(BodyOf(*names_only)["data"][0].size(), 1u);  // Just "name" by default.
  auto count = admin->Get("/api/method/frappe.client.get_count?doctype=Issue&filters=" +
                          Encode(R"([["status","=","Open"]])"));
  EXPECT_EQ(BodyOf(*count)["message"], 2);
}

TEST_F(ApiIntegrationTest, BadInputGetsTheRightErrorAndWritesNothing) {
  auto admin = Admin();
  struct Case {
    const char* what;
    std::string body;
    long status;
    std::string field;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"invalid JSON", R"({"subject": "x",)", 400, "", "line 1, column"},
      {"not an object", R"(["x"])", 400, "", "JSON object"},
      {"unknown field", R"({"subject":"x","colour":"red"})", 400, "colour", "unknown field"},
      {"wrong type", R"({"subject":"x","total":"lots"})", 400, "total", "number"},
      {"missing mandatory", R"({"customer":"ACME"})", 400, "subject", "Value missing"},
      {"bad select", R"({"subject":"x","status":"Pending"})", 400, "status", "one of"},
      {"unknown link", R"({"subject":"x","assigned_to":"ghost@example.com"})", 400, "assigned_to",
       "Could not find User: ghost@example.com"},
      {"bad date", R"({"subject":"x","due_date":"2026-02-30"})", 400, "due_date", "date"},
      {"bad docstatus", R"({"subject":"x","docstatus":1})", 400, "docstatus", "not submittable"},
  };
  for (const Case& c : cases) {
    auto r =
        admin->Send("POST", "/api/resource/Issue", c.body, {{"Content-Type", "application/json"}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, c.status) << c.what << ": " << r->body;
    json body = BodyOf(*r);
    EXPECT_EQ(body["exc_type"], "ValidationError") << c.what;
    EXPECT_EQ(body.value("field", ""), c.field) << c.what << ": " << r->body;
    EXPECT_NE(body["message"].get<std::string>().find(c.message_part), std::string::npos)
        << c.what << ": " << r->body;
  }
  EXPECT_EQ(BodyOf(*admin->Get("/api/method/frappe.client.get_count?doctype=Issue"))["message"], 0);

  // Nested deeper than the limit: 400, not a crash.
  std::string deep =
      R"({"subject":"x","description":)" + std::string(100, '[') + std::string(100, ']') + "}";
  auto too_deep =
      admin->Send("POST", "/api/resource/Issue", deep, {{"Content-Type", "application/json"}});
  EXPECT_EQ(too_deep->status, 400);
  EXPECT_NE(BodyOf(*too_deep)["message"].get<std::string>().find("deeper"), std::string::npos);

  EXPECT_EQ(admin->Get("/api/resource/No%20Such%20Type")->status, 404);
  EXPECT_EQ(BodyOf(*admin->Get("/api/resource/No%20Such%20Type"))["exc_type"], "DoesNotExistError");
  EXPECT_EQ(admin->Get(IssuePath("ISS-1999-00001"))->status, 404);
  EXPECT_EQ(admin->PutJson(IssuePath("ISS-1999-00001"), {{"status", "Open"}})->status, 404);

  // Duplicate names: a prompt-named Notification, a field-named Role.
  ASSERT_EQ(admin->PostJson("/api/resource/Role", {{"role_name", "Agent"}})->status, 200);
  auto dup = admin->PostJson("/api/resource/Role", {{"role_name", "Agent"}});
  EXPECT_EQ(dup->status, 409);
  EXPECT_EQ(BodyOf(*dup)["exc_type"], "ConflictError");

  // order_by and filters are checked, never passed to SQL.
  auto injected =
      admin->Get("/api/resource/Issue?order_by=" + Encode("modified; DROP TABLE documents"));
  EXPECT_EQ(injected->status, 400);
  EXPECT_EQ(BodyOf(*injected)["field"], "order_by");
  auto bad_filter = admin->Get("/api/resource/Issue?filters=" + Encode(R"([["nope","=",1]])"));
  EXPECT_EQ(bad_filter->status, 400);
  EXPECT_EQ(BodyOf(*bad_filter)["field"], "nope");
  auto bad_json = admin->Get("/api/resource/Issue?filters=" + Encode("[[oops"));
  EXPECT_EQ(bad_json->status, 400);
  EXPECT_EQ(BodyOf(*bad_json)["field"], "filters");
}

TEST_F(ApiIntegrationTest, BodiesOverTheLimitGet413) {
  server_.reset();
  StartServer({"--max-body-bytes", "4096"});
  auto admin = Admin();
  json big = {{"subject", "big"}, {"description", std::string(5000, 'x')}};
  auto r = admin->PostJson("/api/resource/Issue", big);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 413);
  auto after = Admin();
  EXPECT_EQ(BodyOf(*after->Get("/api/method/frappe.client.get_count?doctype=Issue"))["message"], 0);
  json small = {{"subject", "small"}, {"description", std::string(3000, 'x')}};
  EXPECT_EQ(after->PostJson("/api/resource/Issue", small)->status, 200);
}

TEST_F(ApiIntegrationTest, SubmittableDocTypeWithSpacesInItsName) {
  auto admin = Admin();
  auto dt = admin->PostJson(
      "/api/resource/DocType",
      {{"name", "Support Contract"},
       {"is_submittable", 1},
       {"autoname", "SC-.#####"},
       {"fields",
        {{{"fieldname", "customer"}, {"fieldtype", "Data"}, {"reqd", 1}},
         {{"fieldname", "amount"}, {"fieldtype", "Currency"}},
         {{"fieldname", "notes"}, {"fieldtype", "Small Text"}, {"allow_on_submit", 1}},
         {{"fieldname", "lines"},
          {"fieldtype", "Table"},
          {"options", "Notification Recipient"}}}}});
  ASSERT_EQ(dt->status, 200) << dt->body;
  const std::string base = "/api/resource/Support%20Contract";
  auto c = admin->PostJson(base, {{"customer", "ACME"}, {"amount", 10}});
  ASSERT_EQ(c->status, 200) << c->body;
  EXPECT_EQ(BodyOf(*c)["data"]["name"], "SC-00001");
  const std::string path = base + "/SC-00001";
  auto submitted = admin->PutJson(path, {{"docstatus", 1}});
  ASSERT_EQ(submitted->status, 200) << submitted->body;
  EXPECT_EQ(BodyOf(*submitted)["data"]["docstatus"], 1);
  EXPECT_EQ(admin->PutJson(path, {{"notes", "paid"}})->status, 200);
  auto frozen = admin->PutJson(path, {{"amount", 20}});
  EXPECT_EQ(frozen->status, 400);
  EXPECT_EQ(BodyOf(*frozen)["field"], "amount");
  EXPECT_EQ(admin->Delete(path)->status, 400);  // Cancel first.
  EXPECT_EQ(BodyOf(*admin->PutJson(path, {{"docstatus", 0}}))["field"], "docstatus");
  auto cancelled = admin->PutJson(path, {{"docstatus", 2}});
  ASSERT_EQ(cancelled->status, 200);
  EXPECT_EQ(BodyOf(*cancelled)["data"]["docstatus"], 2);
  EXPECT_EQ(admin->PutJson(path, {{"notes", "x"}})->status, 400);
  EXPECT_EQ(admin->Delete(path)->status, 202);
  // Inserting as submitted works; a regular user without rules on this DocType may too.
  auto user = NewUser("clerk@example.com");
  auto direct = user->PostJson(base, {{"customer", "B"}, {"docstatus", 1}});
  EXPECT_EQ(direct->status, 200) << direct->body;
}

TEST_F(ApiIntegrationTest, PermissionsForAdministratorRegularUserAndNoUser) {
  auto admin = Admin();
  auto user = NewUser("user@example.com");
  struct Case {
    std::string method, path;
    json body;
    long admin_status, user_status;
  };
  const std::vector<Case> cases = {
      {"GET", "/api/resource/User", nullptr, 200, 403},
      {"GET", "/api/resource/User/Administrator", nullptr, 200, 403},
      {"GET", "/api/resource/Notification", nullptr, 200, 403},
      {"GET", "/api/resource/Incoming%20Webhook%20URL", nullptr, 200, 403},
      {"GET", "/api/resource/Email%20Account", nullptr, 200, 403},
      {"GET", "/api/resource/Error%20Log", nullptr, 200, 403},
      {"GET", "/api/resource/Webhook%20Delivery", nullptr, 200, 403},
      {"GET", "/api/resource/Notification%20Log", nullptr, 200, 200},
      {"GET", "/api/resource/Issue", nullptr, 200, 200},
      {"GET", "/api/resource/DocType/Issue", nullptr, 200, 200},
      {"POST", "/api/resource/DocType", {{"name", "Mine"}}, 200, 403},
      {"POST", "/api/resource/Role", {{"role_name", "Pilot"}}, 200, 403},
      {"POST", "/api/resource/Error%20Log", {{"method", "x"}}, 403, 403},
      {"POST", "/api/resource/Webhook%20Delivery", {{"webhook", "x"}}, 403, 403},
      {"POST",
       "/api/resource/Notification",
       {{"name", "N1"},
        {"document_type", "Issue"},
        {"event", "New"},
        {"channel", "System Notification"}},
       200,
       403},
      {"PUT", "/api/resource/DocType/Notification", {{"module", "x"}}, 403, 403},
      {"DELETE", "/api/resource/User/Administrator", nullptr, 403, 403},
  };
  for (const Case& c : cases) {
    for (auto [client, expected, who] : {std::tuple{user.get(), c.user_status, "user"},
                                         std::tuple{admin.get(), c.admin_status, "admin"}}) {
      auto r = client->Send(c.method, c.path, c.body.is_null() ? "" : c.body.dump(),
                            {{"Content-Type", "application/json"}});
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(r->status, expected) << who << " " << c.method << " " << c.path << ": " << r->body;
      if (expected == 403) {
        EXPECT_EQ(BodyOf(*r)["exc_type"], "PermissionError");
      }
    }
  }
  // A System Manager who is not Administrator manages the configuration too.
  auto manager = NewUser("manager@example.com", {"System Manager"});
  EXPECT_EQ(manager->Get("/api/resource/User")->status, 200);
  EXPECT_EQ(manager
                ->PostJson("/api/resource/Incoming%20Webhook%20URL",
                           {{"webhook_name", "ops"}, {"webhook_url", "https://h/hooks/1"}})
                ->status,
            200);
}

TEST_F(ApiIntegrationTest, WebhookUrlsAreSecrets) {
  auto admin = Admin();
  const std::string secret = "https://mm.example.com/hooks/xq7s8dk2b3";
  for (const char* bad : {"not a url", "ftp://x", "https://", "https:hook"}) {
    auto r = admin->PostJson(
        "/api/resource/Incoming%20Webhook%20URL",
        {{"webhook_name", "team"}, {"service", "Mattermost"}, {"webhook_url", bad}});
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_EQ(BodyOf(*r)["field"], "webhook_url");
    EXPECT_EQ(r->body.find(bad), std::string::npos) << r->body;
  }
  auto created = admin->PostJson(
      "/api/resource/Incoming%20Webhook%20URL",
      {{"webhook_name", "team"}, {"service", "Mattermost"}, {"webhook_url", secret}});
  ASSERT_EQ(created->status, 200) << created->body;
  EXPECT_EQ(BodyOf(*created)["data"]["show_document_link"], 1);
  auto one = admin->Get("/api/resource/Incoming%20Webhook%20URL/team");
  EXPECT_EQ(BodyOf(*one)["data"]["webhook_url"], secret);  // A System Manager, one record.
  auto list = admin->Get("/api/resource/Incoming%20Webhook%20URL?fields=" + Encode(R"(["*"])"));
  EXPECT_EQ(BodyOf(*list)["data"][0]["webhook_url"], "https://mm.example.com/********");
  EXPECT_EQ(list->body.find("xq7s8dk2b3"), std::string::npos);
  ASSERT_EQ(
      admin->PutJson("/api/resource/Incoming%20Webhook%20URL/team", {{"service", "Slack"}})->status,
      200);
  auto versions = admin->Get("/api/resource/Incoming%20Webhook%20URL/team/versions");
  EXPECT_EQ(versions->body.find("xq7s8dk2b3"), std::string::npos) << versions->body;
  auto user = NewUser("viewer@example.com");
  auto denied = user->Get("/api/resource/Incoming%20Webhook%20URL/team");
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(denied->body.find("xq7s8dk2b3"), std::string::npos);
  // An e-mail password never comes back at all.
  ASSERT_EQ(admin
                ->PostJson("/api/resource/Email%20Account", {{"email_account_name", "Support"},
                                                             {"email_id", "s@example.com"},
                                                             {"password", "smtp-pa55"}})
                ->status,
            200);
  auto account = admin->Get("/api/resource/Email%20Account/Support");
  EXPECT_EQ(BodyOf(*account)["data"]["password"], "********");
  // And none of it reached the server's log.
  std::string log = server_->Log();
  EXPECT_EQ(log.find("xq7s8dk2b3"), std::string::npos);
  EXPECT_EQ(log.find("smtp-pa55"), std::string::npos);
  EXPECT_EQ(log.find(kAdminPassword), std::string::npos);
}

TEST_F(ApiIntegrationTest, ApiKeysAuthenticateRequests) {
  auto user = NewUser("robot@example.com");
  auto keys = user->Send("POST", "/api/method/user.generate_keys");
  ASSERT_EQ(keys->status, 200) << keys->body;
  json k = BodyOf(*keys)["message"];
  std::string token =
      "token " + k["api_key"].get<std::string>() + ":" + k["api_secret"].get<std::string>();
  auto client = Anonymous();
  client->SetDefaultHeader("Authorization", token);
  auto created = client->PostJson("/api/resource/Issue", {{"subject", "from a script"}});
  ASSERT_EQ(created->status, 200) << created->body;
  EXPECT_EQ(BodyOf(*created)["data"]["owner"], "robot@example.com");
  EXPECT_EQ(BodyOf(*client->Get("/api/method/frappe.auth.get_logged_user"))["message"],
            "robot@example.com");
  auto other = user->PostJson("/api/method/user.generate_keys", {{"user", "Administrator"}});
  EXPECT_EQ(other->status, 403);
  client->SetDefaultHeader("Authorization", token + "x");
  EXPECT_EQ(client->Get("/api/resource/Issue")->status, 401);
  // A disabled user's keys stop working.
  auto admin = Admin();
  ASSERT_EQ(admin->PutJson("/api/resource/User/robot@example.com", {{"enabled", 0}})->status, 200);
  client->SetDefaultHeader("Authorization", token);
  EXPECT_EQ(client->Get("/api/resource/Issue")->status, 401);
}

TEST_F(ApiIntegrationTest, EachRequestIsLoggedOnOneLine) {
  auto admin = Admin();
  ASSERT_EQ(
      admin->Get("/api/resource/Issue?filters=" + Encode(R"({"customer":"tokenish"})"))->status,
      200);
  EXPECT_EQ(Anonymous()->Get("/api/resource/Issue")->status, 401);
  // Poll: the completion hook writes after the answer is sent.
  std::string log;
  for (int i = 0; i < 200; ++i) {
    log = server_->Log();
    if (log.find("GET /api/resource/Issue 401") != std::string::npos) break;
    std::this_thread::yield();
    usleep(10000);
  }
  EXPECT_NE(log.find("POST /api/method/login 200"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/resource/Issue 200"), std::string::npos) << log;
  EXPECT_NE(log.find("user=Administrator"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/resource/Issue 401"), std::string::npos) << log;
  EXPECT_EQ(log.find("tokenish"), std::string::npos);  // No query strings.
}

}  // namespace
}  // namespace crier::testing
