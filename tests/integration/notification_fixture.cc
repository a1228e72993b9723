// The in-process server of the notification acceptance tests.
#include "notification_fixture.h"

#include <unistd.h>

#include <filesystem>

#include "auth/password_hasher.h"
#include "crier_fixture.h"

namespace crier::testing {
namespace {

json Parsed(const HttpResponse& r) {
  auto j = r.Json();
  EXPECT_TRUE(j.ok()) << "not JSON: " << r.body;
  return j.ok() ? *j : json();
}

}  // namespace

void NotificationServerTest::SetUp() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "crier-rules-XXXXXX").string();
  dir_ = ::mkdtemp(tmpl.data());
  ServeOptions o;
  o.db_url = "sqlite:" + dir_ + "/crier.db";
  o.listen = "127.0.0.1:0";
  o.demo = true;
  o.admin_password = kAdminPassword;
  o.argon2 = TestArgon2Params();
  o.run_scheduler = false;  // Tick() drives it.
  // The tests read what a write queued; sending it is the delivery tests' business (and the
  // multi-node test's, through `crier serve` processes).
  o.delivery_enabled = false;
  auto server = Server::Create(o, clock_, random_);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  server_ = std::move(server).value();
  ASSERT_TRUE(server_->Serve().ok());
  admin_ = std::make_unique<HttpClient>(server_->base_url());
  auto login =
      admin_->PostJson("/api/method/login", {{"usr", "Administrator"}, {"pwd", kAdminPassword}});
  ASSERT_TRUE(login.ok() && login->status == 200);
  auto keys = admin_->PostJson("/api/method/user.generate_keys", json::object());
  ASSERT_TRUE(keys.ok() && keys->status == 200) << (keys.ok() ? keys->body : "");
  json k = Parsed(*keys)["message"];
  admin_->ClearCookies();
  admin_->SetDefaultHeader("Authorization", "token " + k["api_key"].get<std::string>() + ":" +
                                                k["api_secret"].get<std::string>());
}

void NotificationServerTest::TearDown() {
  admin_.reset();
  if (server_) server_->Stop();
  server_.reset();
  std::filesystem::remove_all(dir_);
}

HttpResponse NotificationServerTest::Send(const std::string& method, const std::string& path,
                                          const json& body) {
  auto r = method == "GET"
               ? admin_->Get(path)
               : admin_->Send(method, path, body.dump(), {{"Content-Type", "application/json"}});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : HttpResponse{};
}

json NotificationServerTest::Insert(const std::string& doctype, const json& doc) {
  HttpResponse r = Send("POST", "/api/resource/" + Encode(doctype), doc);
  EXPECT_EQ(r.status, 200) << doctype << " " << doc.dump() << ": " << r.body;
  return Parsed(r)["data"];
}

json NotificationServerTest::Update(const std::string& doctype, const std::string& name,
                                    const json& patch) {
  HttpResponse r = Send("PUT", "/api/resource/" + Encode(doctype) + "/" + Encode(name), patch);
  EXPECT_EQ(r.status, 200) << doctype << " " << name << " " << patch.dump() << ": " << r.body;
  return Parsed(r)["data"];
}

json NotificationServerTest::Get(const std::string& doctype, const std::string& name) {
  HttpResponse r = Send("GET", "/api/resource/" + Encode(doctype) + "/" + Encode(name), {});
  EXPECT_EQ(r.status, 200) << r.body;
  return Parsed(r)["data"];
}

std::vector<json> NotificationServerTest::List(const std::string& doctype, const json& filters) {
  std::string path = "/api/resource/" + Encode(doctype) + "?fields=" + Encode("[\"*\"]") +
                     "&filters=" + Encode(filters.dump()) + "&order_by=" + Encode("creation asc") +
                     "&limit_page_length=0";
  HttpResponse r = Send("GET", path, {});
  EXPECT_EQ(r.status, 200) << r.body;
  json data = Parsed(r)["data"];
  return data.is_array() ? data.get<std::vector<json>>() : std::vector<json>();
}

json NotificationServerTest::Call(const std::string& method, const json& args) {
  HttpResponse r = Send("POST", "/api/method/" + method, args);
  EXPECT_EQ(r.status, 200) << method << " " << args.dump() << ": " << r.body;
  return Parsed(r)["message"];
}

json NotificationServerTest::Refused(const std::string& method, const std::string& path,
                                     const json& body) {
  HttpResponse r = Send(method, path, body);
  EXPECT_GE(r.status, 400) << path << ": " << r.body;
  json out = Parsed(r);
  out["status"] = r.status;
  return out;
}

std::vector<json> NotificationServerTest::Queued(const std::string& channel) {
  auto txn = server_->store().BeginRead();
  EXPECT_TRUE(txn.ok());
  std::vector<OutboxMessage> rows = (*txn)->ListOutbox("", 100000).value();
  std::vector<json> out;
  for (const OutboxMessage& m : rows) {
    if (m.channel == channel) out.push_back(json::parse(m.payload));
  }
  return out;
}

void NotificationServerTest::Tick(const DateTime& local) {
  clock_.Set(FromLocal(local));
  auto r = server_->rules().scheduler().Tick(clock_.Now());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ran);
}

std::unique_ptr<HttpClient> NotificationServerTest::User(const std::string& email,
                                                         std::vector<std::string> roles) {
  json rows = json::array();
  for (const auto& role : roles) rows.push_back({{"role", role}});
  Insert("User", {{"email", email},
                  {"first_name", "Test"},
                  {"new_password", email + "-Pw1"},
                  {"roles", rows}});
  auto client = std::make_unique<HttpClient>(server_->base_url());
  auto r = client->PostJson("/api/method/login", {{"usr", email}, {"pwd", email + "-Pw1"}});
  EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  return client;
}

void NotificationServerTest::AddEmailAccount() {
  Insert("Email Account", {{"email_account_name", "Notifications"},
                           {"email_id", "crier@example.com"},
                           {"default_outgoing", 1},
                           {"smtp_server", "127.0.0.1"},
                           {"smtp_port", 2525},
                           {"use_tls", 0},
                           {"no_smtp_authentication", 1}});
}

}  // namespace crier::testing
