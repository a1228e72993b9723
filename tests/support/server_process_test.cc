// ServerProcess against crier_test_http_server, a small server on crier's HTTP layer that stands in
// for `crier serve` until that exists.
#include "support/server_process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "support/free_port.h"
#include "support/http_client.h"

namespace crier::testing {
namespace {

using ::testing::HasSubstr;

ServerProcessOptions TestServer() {
  return {.command = {CRIER_TEST_HTTP_SERVER, "--listen", "{listen}", "--data-dir", "{data_dir}"},
          .env = {{"CRIER_TEST_GREETING", "bonjour"}}};
}

TEST(ServerProcessTest, StartsOnAFreePortWithItsEnvironmentAndDataFolder) {
  auto server = ServerProcess::Start(TestServer());
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ServerProcess& s = **server;
  EXPECT_TRUE(s.running());
  EXPECT_NE(s.port(), 0);
  EXPECT_EQ(s.base_url(), "http://127.0.0.1:" + std::to_string(s.port()));
  EXPECT_TRUE(std::filesystem::is_directory(s.data_dir()));
  HttpClient client(s.base_url());
  EXPECT_EQ(client.Get("/healthz")->body, "ok");
  EXPECT_EQ(client.Get("/env/CRIER_TEST_GREETING")->body, "bonjour");
  EXPECT_EQ(client.Get("/pid")->body, std::to_string(s.pid()));
  EXPECT_EQ(client.Get("/starts")->body, "1");
  EXPECT_THAT(s.Log(), HasSubstr("listening on " + s.base_url()));
}

TEST(ServerProcessTest, TerminateStopsGracefullyAndRestartKeepsPortAndData) {
  auto server = ServerProcess::Start(TestServer());
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ServerProcess& s = **server;
  const std::uint16_t port = s.port();
  auto code = s.Terminate();
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, 0);
  EXPECT_FALSE(s.running());
  EXPECT_THAT(s.Log(), HasSubstr("stopping on signal 15"));
  EXPECT_FALSE(HttpClient(s.base_url()).Get("/healthz").ok());

  ASSERT_TRUE(s.Restart().ok());
  EXPECT_EQ(s.port(), port);
  HttpClient client(s.base_url());
  EXPECT_EQ(client.Get("/starts")->body, "2");  // Same data folder.
  EXPECT_EQ(s.Terminate().value(), 0);
}

TEST(ServerProcessTest, KillIsImmediateAndTheServerCanComeBack) {
  auto server = ServerProcess::Start(TestServer());
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ServerProcess& s = **server;
  s.Kill();
  EXPECT_FALSE(s.running());
  EXPECT_EQ(s.Terminate().status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.Restart().code(), StatusCode::kOk);
  EXPECT_EQ(HttpClient(s.base_url()).Get("/starts")->body, "2");
  EXPECT_EQ(s.Restart().code(), StatusCode::kFailedPrecondition);  // Still running.
}

TEST(ServerProcessTest, DestructionKillsTheChildAndRemovesTheTemporaryFolder) {
  std::string data_dir;
  pid_t pid = 0;
  {
    auto server = ServerProcess::Start(TestServer());
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    data_dir = (*server)->data_dir();
    pid = (*server)->pid();
  }
  EXPECT_FALSE(std::filesystem::exists(data_dir));
  EXPECT_NE(::kill(pid, 0), 0);  // Reaped: no such process.
}

TEST(ServerProcessTest, AGivenPortAndDataFolderAreUsedAndTheFolderIsKept) {
  auto port = PickFreePort();
  ASSERT_TRUE(port.ok());
  std::string dir = ::testing::TempDir() + "/server-process-given-dir";
  std::filesystem::remove_all(dir);
  {
    ServerProcessOptions options = TestServer();
    options.port = *port;
    options.data_dir = dir;
    auto server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    EXPECT_EQ((*server)->port(), *port);
    EXPECT_EQ((*server)->data_dir(), dir);
  }
  EXPECT_TRUE(std::filesystem::exists(dir + "/starts"));
  std::filesystem::remove_all(dir);
}

TEST(ServerProcessTest, ACommandThatExitsEarlyIsAnErrorWithItsOutput) {
  auto server =
      ServerProcess::Start({.command = {"sh", "-c", "echo cannot open database >&2; exit 3"}});
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(server.status().message(), HasSubstr("exited with status 3"));
  EXPECT_THAT(server.status().message(), HasSubstr("cannot open database"));
}

TEST(ServerProcessTest, AServerThatNeverAnswersTimesOutAndIsKilled) {
  auto server = ServerProcess::Start(
      {.command = {"sleep", "60"}, .start_timeout = std::chrono::milliseconds(300)});
  ASSERT_FALSE(server.ok());
  EXPECT_THAT(server.status().message(), HasSubstr("did not answer GET /healthz"));
}

TEST(ServerProcessTest, AMissingProgramIsAnError) {
  auto server = ServerProcess::Start({.command = {"/nonexistent/crier", "serve"}});
  ASSERT_FALSE(server.ok());
  EXPECT_THAT(server.status().message(), HasSubstr("execve failed"));
}

TEST(ServerProcessTest, CrierServeCommandFillsListenAndDatabase) {
  std::vector<std::string> command = CrierServeCommand({"--demo"});
  ASSERT_EQ(command.size(), 7u);
  EXPECT_THAT(command[0], ::testing::EndsWith("crier"));
  EXPECT_EQ(command[1], "serve");
  EXPECT_EQ(command[3], "{listen}");
  EXPECT_EQ(command[5], "sqlite:{data_dir}/crier.db");
  EXPECT_EQ(command[6], "--demo");
}

TEST(PickFreePortTest, GivesABindablePort) {
  auto port = PickFreePort();
  ASSERT_TRUE(port.ok());
  EXPECT_GT(*port, 0);
}

}  // namespace
}  // namespace crier::testing
