// The mock server records in order, obeys its control API, and goes down and comes back.
#include "mock_chat.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include "subprocess.h"

namespace crier::mock {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using nlohmann::json;

struct Reply {
  int status = 0;
  std::string body;
  std::string retry_after;
  bool refused = false;
};

// A one-shot HTTP/1.1 client for the test.
Reply Call(uint16_t port, http::verb verb, const std::string& target, const std::string& body,
           const std::string& content_type = "application/json") {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  Reply reply;
  if (ec) {
    reply.refused = true;
    return reply;
  }
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req, ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  if (ec) {
    reply.refused = true;
    return reply;
  }
  reply.status = static_cast<int>(res.result_int());
  reply.body = res.body();
  reply.retry_after = std::string(res[http::field::retry_after]);
  return reply;
}

TEST(MockChatTest, RecordsRequestsInArrivalOrder) {
  MockChat mock;
  ASSERT_TRUE(mock.Start());
  for (int i = 0; i < 5; ++i) {
    Reply r = Call(mock.port(), http::verb::post, "/mattermost/hooks/abc",
                   json({{"text", "m" + std::to_string(i)}}).dump());
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "ok");
  }
  Call(mock.port(), http::verb::post, "/slack/services/T/B/s", R"({"text":"x"})");
  auto all = mock.Requests();
  ASSERT_EQ(all.size(), 6u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].seq, i + 1);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(json::parse(all[i].body)["text"], "m" + std::to_string(i));
    EXPECT_EQ(all[i].headers.at("content-type"), "application/json");
    EXPECT_LE(all[i].received_us, all[i + 1].received_us);
  }
  EXPECT_EQ(mock.Count("mattermost"), 5u);
  EXPECT_EQ(mock.Count("slack"), 1u);
  EXPECT_EQ(mock.Requests("slack").size(), 1u);
  EXPECT_EQ(mock.Requests("", 4).size(), 2u);
  EXPECT_EQ(mock.Stats()["services"]["mattermost"]["statuses"]["200"], 5);
}

TEST(MockChatTest, ModesApplyForACountThenRevert) {
  MockChat mock;
  ASSERT_TRUE(mock.Start());
  mock.SetMode("mattermost", ModeSpec{Mode::kThrottle, 0, "3", 0, 2});
  Reply a = Call(mock.port(), http::verb::post, "/mattermost/hooks/abc", R"({"text":"x"})");
  Reply b = Call(mock.port(), http::verb::post, "/mattermost/hooks/abc", R"({"text":"x"})");
  Reply c = Call(mock.port(), http::verb::post, "/mattermost/hooks/abc", R"({"text":"x"})");
  EXPECT_EQ(a.status, 429);
  EXPECT_EQ(a.retry_after, "3");
  EXPECT_EQ(b.status, 429);
  EXPECT_EQ(c.status, 200);
  // Other services are unaffected.
  mock.SetMode("slack", ModeSpec{Mode::kError, 500, "", 0, -1});
  EXPECT_EQ(Call(mock.port(), http::verb::post, "/mattermost/hooks/abc", R"({"text":"x"})").status,
            200);
  EXPECT_EQ(Call(mock.port(), http::verb::post, "/slack/services/T/B/s", R"({"text":"x"})").status,
            500);
}

TEST(MockChatTest, ControlApiOverHttp) {
  MockChat mock;
  ASSERT_TRUE(mock.Start());
  Reply set = Call(mock.control_port(), http::verb::post, "/control/mode",
                   R"({"service":"discord","mode":"gone","count":1})");
  EXPECT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(
      Call(mock.port(), http::verb::post, "/discord/api/webhooks/1/t", R"({"content":"x"})").status,
      404);
  EXPECT_EQ(
      Call(mock.port(), http::verb::post, "/discord/api/webhooks/1/t", R"({"content":"x"})").status,
      204);
  Reply list = Call(mock.control_port(), http::verb::get, "/control/requests?service=discord", "");
  json requests = json::parse(list.body)["requests"];
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["status"], 404);
  EXPECT_EQ(requests[1]["status"], 204);
  EXPECT_EQ(
      Call(mock.control_port(), http::verb::post, "/control/mode", R"({"mode":"boom"})").status,
      400);
  EXPECT_EQ(Call(mock.control_port(), http::verb::post, "/control/reset", "").status, 200);
  EXPECT_EQ(mock.Count(), 0u);
}

TEST(MockChatTest, GoesDownAndComesBackOnTheSamePort) {
  MockChat mock;
  ASSERT_TRUE(mock.Start());
  uint16_t port = mock.port();
  EXPECT_EQ(Call(port, http::verb::post, "/generic/x", "{}").status, 200);
  EXPECT_EQ(Call(mock.control_port(), http::verb::post, "/control/down", "").status, 200);
  EXPECT_TRUE(Call(port, http::verb::post, "/generic/x", "{}").refused);
  mock.SetDown(false);
  EXPECT_EQ(mock.port(), port);
  EXPECT_EQ(Call(port, http::verb::post, "/generic/x", "{}").status, 200);
  EXPECT_EQ(mock.Count(), 2u);
}

TEST(MockChatTest, SlowModeDelaysTheAnswerWithoutBlockingOthers) {
  MockChat mock;
  ASSERT_TRUE(mock.Start());
  mock.SetMode("slack", ModeSpec{Mode::kSlow, 0, "", 2000, -1});
  std::thread slow(
      [&] { Call(mock.port(), http::verb::post, "/slack/services/T/B/s", R"({"text":"x"})"); });
  // The slow request is recorded on arrival; a request to another service is answered while the
  // slow one still waits.
  ASSERT_TRUE(mock.WaitForCount(1, std::chrono::seconds(10), "slack"));
  Reply fast = Call(mock.port(), http::verb::post, "/mattermost/hooks/abc", R"({"text":"x"})");
  EXPECT_EQ(fast.status, 200);
  auto records = mock.Requests();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].service, "slack");
  slow.join();
}

// The program other processes (benchmarks, crier itself under test) talk to.
TEST(MockChatProgramTest, PrintsItsPortsAndServesTheControlApi) {
  std::string log = "/tmp/crier-mock-chat-test-" + std::to_string(getpid()) + ".log";
  auto process = crier::testing::Subprocess::Start({CRIER_MOCK_CHAT_BIN, "--port", "0"}, log);
  ASSERT_NE(process, nullptr);
  uint16_t chat = 0, control = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (control == 0 && std::chrono::steady_clock::now() < deadline) {
    std::string out = crier::testing::ReadFile(log);
    size_t c = out.find("chat_port "), k = out.find("control_port ");
    if (c != std::string::npos && k != std::string::npos &&
        out.find('\n', k) != std::string::npos) {
      chat = static_cast<uint16_t>(std::stoi(out.substr(c + 10)));
      control = static_cast<uint16_t>(std::stoi(out.substr(k + 13)));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // Polling the child's start.
    }
  }
  ASSERT_NE(control, 0) << crier::testing::ReadFile(log);
  EXPECT_EQ(Call(control, http::verb::post, "/control/mode",
                 R"({"service":"zulip","mode":"throttle","retry_after":"3","count":1})")
                .status,
            200);
  const std::string zulip = "/zulip/api/v1/external/slack_incoming?api_key=k&stream=s";
  Reply throttled = Call(chat, http::verb::post, zulip, R"({"text":"hi"})");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.retry_after, "3");
  EXPECT_EQ(Call(chat, http::verb::post, zulip, R"({"text":"hi"})").status, 200);
  json stats = json::parse(Call(control, http::verb::get, "/control/stats", "").body);
  EXPECT_EQ(stats["services"]["zulip"]["statuses"]["429"], 1);
  EXPECT_EQ(stats["services"]["zulip"]["statuses"]["200"], 1);
  process.reset();
  std::remove(log.c_str());
}

}  // namespace
}  // namespace crier::mock
