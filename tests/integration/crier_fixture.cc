// The integration-test fixture.
#include "crier_fixture.h"

#include <cctype>

namespace crier::testing {

void CrierTest::StartServer(std::vector<std::string> extra_args) {
  std::vector<std::string> args{"--demo"};
  for (std::string& a : extra_args) args.push_back(std::move(a));
  ServerProcessOptions options;
  options.command = CrierServeCommand(std::move(args));
  options.env = {{"CRIER_ADMIN_PASSWORD", kAdminPassword}};
  auto started = ServerProcess::Start(std::move(options));
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  server_ = std::move(started).value();
}

std::unique_ptr<HttpClient> CrierTest::Admin() {
  auto client = std::make_unique<HttpClient>(url());
  auto r =
      client->PostJson("/api/method/login", {{"usr", "Administrator"}, {"pwd", kAdminPassword}});
  EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  return client;
}

std::unique_ptr<HttpClient> CrierTest::NewUser(const std::string& email,
                                               std::vector<std::string> roles) {
  nlohmann::json role_rows = nlohmann::json::array();
  for (const auto& role : roles) role_rows.push_back({{"role", role}});
  auto admin = Admin();
  auto created = admin->PostJson("/api/resource/User", {{"email", email},
                                                        {"first_name", "Test"},
                                                        {"new_password", email + "-pw"},
                                                        {"roles", role_rows}});
  EXPECT_TRUE(created.ok() && created->status == 200)
      << (created.ok() ? created->body : created.status().ToString());
  auto client = std::make_unique<HttpClient>(url());
  auto r = client->PostJson("/api/method/login", {{"usr", email}, {"pwd", email + "-pw"}});
  EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  return client;
}

nlohmann::json BodyOf(const HttpResponse& response) {
  auto j = response.Json();
  EXPECT_TRUE(j.ok()) << "not JSON: " << response.body;
  return j.ok() ? *j : nlohmann::json();
}

std::string Encode(const std::string& value) {
  // Unreserved characters stay, everything else becomes %XX (RFC 3986).
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

}  // namespace crier::testing
