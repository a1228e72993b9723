// http_load's engine against an in-process crier HTTP server on loopback: what it sends (templated
// bodies with unique counters, headers) and what it counts (successes, bad statuses, the exact
// number of requests an open-loop schedule starts).
#include "load_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <set>

#include "http/http_server.h"

namespace crier::load {
namespace {

class LoadClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http::Router router;
    router.Post("/api/resource/Issue", [this](http::Request& r) {
      std::lock_guard lock(mu_);
      bodies_.insert(r.body());
      auth_ = std::string(r.Header("Authorization").value_or(""));
      ++requests_;
      return http::Response::Json(200, "{}");
    });
    router.Get("/conflict/{n}", [](http::Request& r) {
      // Every even counter conflicts.
      int n = std::stoi(std::string(r.PathParam("n")));
      return http::Response::Json(n % 2 == 0 ? 409 : 201, "{}");
    });
    auto server = http::HttpServer::Start({.port = 0}, std::move(router));
    ASSERT_TRUE(server.ok());
    server_ = std::move(server).value();
  }

  LoadOptions Options(std::string target) {
    LoadOptions o;
    o.host = "127.0.0.1";
    o.port = std::to_string(server_->port());
    o.target = std::move(target);
    o.warmup_s = 0;
    o.duration_s = 0.5;
    return o;
  }

  std::mutex mu_;
  std::set<std::string> bodies_;  // Guarded by mu_.
  std::string auth_;              // Guarded by mu_.
  int requests_ = 0;              // Guarded by mu_.
  std::unique_ptr<http::HttpServer> server_;
};

TEST_F(LoadClientTest, ClosedLoopSendsUniqueBodiesWithHeadersOverKeepAliveConnections) {
  LoadOptions o = Options("/api/resource/Issue");
  o.method = "POST";
  o.body = R"({"subject":"load {n}"})";
  o.headers = {"Authorization: token k:s"};
  o.connections = 4;
  o.threads = 2;
  RunOutcome outcome = RunLoad(o);
  EXPECT_EQ(outcome.errors, 0u);
  EXPECT_GT(outcome.latencies_ns.size(), 0u);
  std::lock_guard lock(mu_);
  EXPECT_EQ(bodies_.size(), static_cast<size_t>(requests_));  // Every body differed.
  EXPECT_GE(static_cast<size_t>(requests_), outcome.latencies_ns.size());
  EXPECT_EQ(auth_, "token k:s");
}

TEST_F(LoadClientTest, OpenLoopStartsExactlyRateTimesDurationRequests) {
  LoadOptions o = Options("/api/resource/Issue");
  o.method = "POST";
  o.body = "{}";
  o.rate = 200;
  o.connections = 8;
  RunOutcome outcome = RunLoad(o);
  EXPECT_EQ(outcome.latencies_ns.size() + outcome.errors + outcome.unsent, 100u);
  EXPECT_EQ(outcome.errors, 0u);
  std::lock_guard lock(mu_);
  EXPECT_EQ(requests_, 100);
}

TEST_F(LoadClientTest, CountsUnexpectedStatusesAsErrors) {
  LoadOptions o = Options("/conflict/{n}");
  o.rate = 100;
  o.connections = 2;
  RunOutcome outcome = RunLoad(o);
  // Counters 1..50: the 25 even ones answer 409.
  EXPECT_EQ(outcome.errors, 25u);
  EXPECT_EQ(outcome.non_2xx, 25u);
  EXPECT_EQ(outcome.latencies_ns.size(), 25u);

  o.expect_status = 409;
  RunOutcome only_409 = RunLoad(o);
  EXPECT_EQ(only_409.latencies_ns.size(), 25u);
  EXPECT_EQ(only_409.errors, 25u);
}

TEST(LoadClientDownTest, AServerThatIsNotThereGivesNoSuccessAndNoHang) {
  // A bound socket that never listens: connections are refused, and no other test's server can
  // take the port meanwhile (a stopped server's port could be reused by one).
  int held = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(held, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(held, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(held, reinterpret_cast<sockaddr*>(&address), &length), 0);
  LoadOptions o;
  o.host = "127.0.0.1";
  o.port = std::to_string(ntohs(address.sin_port));
  o.duration_s = 0.2;
  o.warmup_s = 0;
  o.rate = 50;
  o.timeout_s = 0.5;
  o.connections = 2;
  RunOutcome outcome = RunLoad(o);
  EXPECT_EQ(outcome.latencies_ns.size(), 0u);
  EXPECT_EQ(outcome.unsent, 10u);
  ::close(held);
}

}  // namespace
}  // namespace crier::load
