#include "server/server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/http_client.h"

namespace crier {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "crier-server-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ServeOptions Options() {
    ServeOptions o;
    o.db_url = "sqlite:" + dir_ + "/data/crier.db";
    o.listen = "127.0.0.1:0";
    o.argon2 = TestArgon2Params();
    return o;
  }
  std::string dir_;
};

TEST_F(ServerTest, ServesHealthAndCreatesAdministratorOnce) {
  auto server = Server::Create(Options(), SystemClock(), SecureRandom());
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ASSERT_TRUE((*server)->generated_admin_password().has_value());
  std::string password = *(*server)->generated_admin_password();
  ASSERT_TRUE((*server)->Serve().ok());
  EXPECT_NE((*server)->port(), 0);
  testing::HttpClient client((*server)->base_url());
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 200);
  auto login = client.PostJson("/api/method/login", {{"usr", "Administrator"}, {"pwd", password}});
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->status, 200) << login->body;
  (*server)->Stop();
  server->reset();

  // The second start keeps the data and the password, and generates nothing.
  auto again = Server::Create(Options(), SystemClock(), SecureRandom());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE((*again)->generated_admin_password().has_value());
  EXPECT_TRUE((*again)->auth().Login("Administrator", password, "127.0.0.1").ok());
}

TEST_F(ServerTest, DemoInstallsIssue) {
  ServeOptions o = Options();
  o.demo = true;
  o.admin_password = "admin-password";
  auto server = Server::Create(o, SystemClock(), SecureRandom());
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  EXPECT_FALSE((*server)->generated_admin_password().has_value());
  EXPECT_TRUE((*server)->documents().GetMeta("Issue").ok());
}

TEST_F(ServerTest, BadDatabaseUrlIsAClearError) {
  ServeOptions o = Options();
  o.db_url = "mysql://localhost/crier";
  auto server = Server::Create(o, SystemClock(), SecureRandom());
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find("sqlite:PATH"), std::string::npos);
}

TEST(RequestLogTest, OneLineWithoutQueryOrSecrets) {
  http::RequestLogEntry e;
  e.method = "POST";
  e.path = "/api/resource/Incoming%20Webhook%20URL";
  e.status = 200;
  e.duration = std::chrono::microseconds(1234);
  e.user = "Administrator";
  EXPECT_EQ(FormatRequestLog(e),
            "POST /api/resource/Incoming%20Webhook%20URL 200 1.2ms "
            "user=Administrator");
  e.user = "";
  e.status = 401;
  EXPECT_EQ(FormatRequestLog(e), "POST /api/resource/Incoming%20Webhook%20URL 401 1.2ms user=-");
}

}  // namespace
}  // namespace crier
