// Loopback tests of HttpServer: a real server on 127.0.0.1 and a port the kernel picks, spoken to
// with libcurl (HttpClient) for ordinary requests and with a raw socket for what a well-behaved
// client never sends (oversized or malformed requests, slow senders, pipelining).
#include "http/http_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "http/json_body.h"
#include "http/sse.h"
#include "support/http_client.h"

namespace crier::http {
namespace {

using ::testing::HasSubstr;
using testing::HttpClient;
using ::testing::StartsWith;

// Generous bound for anything a test waits on; never a performance threshold.
constexpr auto kDeadline = std::chrono::seconds(20);

// A blocking TCP connection with a receive timeout, for hand-written requests.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    timeval tv{static_cast<time_t>(kDeadline.count()), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  ~RawConnection() { ::close(fd_); }

  bool connected() const { return connected_; }
  bool Send(std::string_view data) {
    return ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }
  // Reads until `needle` has arrived (true) or the peer closed / the timeout passed (false).
  bool ReadUntil(std::string_view needle) {
    while (received_.find(needle) == std::string::npos) {
      if (!ReadSome()) return false;
    }
    return true;
  }
  // Reads until the server closes the connection; true if it did before the timeout.
  bool ReadUntilClosed() {
    char buf[4096];
    while (true) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
      received_.append(buf, static_cast<size_t>(n));
    }
  }
  const std::string& received() const { return received_; }
  void Clear() { received_.clear(); }

 private:
  bool ReadSome() {
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    received_.append(buf, static_cast<size_t>(n));
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
  std::string received_;
};

// Counts occurrences of `needle` in `text`.
size_t Count(std::string_view text, std::string_view needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// Waits (polling) until `done` holds or the deadline passes; returns done().
template <typename F>
bool Eventually(F done) {
  auto until = std::chrono::steady_clock::now() + kDeadline;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// A one-shot gate handlers can wait on, with a deadline so a broken test fails instead of hanging.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  bool Wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kDeadline, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;  // Guarded by mu_.
};

// Serves GET /events as a server-sent-events stream, greeting with `greeting` (a comment) when
// not empty, and keeps the stream for the test to write to.
class StreamCatcher {
 public:
  explicit StreamCatcher(std::string greeting = {}) : greeting_(std::move(greeting)) {}

  Router MakeRouter() {
    Router router;
    router.Get("/events", [this](Request&) {
      return Response::EventStream([this](std::shared_ptr<ResponseStream> s) {
        if (!greeting_.empty()) s->Write(FormatSseComment(greeting_));
        std::lock_guard lock(mu_);
        stream_ = std::move(s);
      });
    });
    return router;
  }
  // The stream once the server opened it, else null.
  std::shared_ptr<ResponseStream> stream() {
    std::lock_guard lock(mu_);
    return stream_;
  }
  bool WaitForStream() {
    return Eventually([this] { return stream() != nullptr; });
  }

 private:
  const std::string greeting_;
  std::mutex mu_;
  std::shared_ptr<ResponseStream> stream_;  // Guarded by mu_.
};

class HttpServerTest : public ::testing::Test {
 protected:
  // Starts a server with `router` and `options` (port 0 on loopback).
  void StartServer(Router router, HttpServerOptions options = {}) {
    options.port = 0;
    options.on_complete = [this](const RequestLogEntry& e) {
      std::lock_guard lock(log_mu_);
      log_.push_back(fmt::format("{} {} {} user={} bytes={}", e.method, e.path, e.status, e.user,
                                 e.response_bytes));
    };
    auto server = HttpServer::Start(std::move(options), std::move(router));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }
  std::vector<std::string> LogLines() {
    std::lock_guard lock(log_mu_);
    return log_;
  }
  static Router EchoRouter() {
    Router router;
    router.Get("/healthz", [](Request&) { return Response::Text(200, "ok"); });
    router.Post("/echo/{doctype}", [](Request& request) {
      nlohmann::json out = {
          {"method", request.method()},
          {"path", request.path()},
          {"doctype", request.PathParam("doctype")},
          {"tags", request.query().GetAll("tag")},
          {"content_type", request.Header("content-type").value_or("")},
          {"sid", request.Cookie("sid").value_or("")},
          {"body", request.body()},
          {"client", request.client_address()},
      };
      request.set_user("alice@example.com");
      return JsonResponse(200, out);
    });
    return router;
  }

  // Declared before server_ so that the hook's storage outlives the server.
  std::mutex log_mu_;
  std::vector<std::string> log_;  // Guarded by log_mu_.
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, ServesOnThePortTheKernelPicked) {
  StartServer(EchoRouter());
  EXPECT_NE(server_->port(), 0);
  EXPECT_EQ(server_->base_url(), fmt::format("http://127.0.0.1:{}", server_->port()));
  HttpClient client(server_->base_url());
  auto answer = client.Get("/healthz");
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, "ok");
  EXPECT_EQ(answer->Header("content-type"), "text/plain; charset=utf-8");
}

TEST_F(HttpServerTest, HandlersSeeDecodedParamsQueryHeadersCookiesAndBody) {
  StartServer(EchoRouter());
  HttpClient client(server_->base_url());
  auto answer = client.Send("POST", "/echo/Incoming%20Webhook%20URL?tag=a&tag=b%20c", R"({"x":1})",
                            {{"Content-Type", "application/json"}, {"Cookie", "sid=s3cr3t"}});
  ASSERT_TRUE(answer.ok());
  ASSERT_EQ(answer->status, 200) << answer->body;
  auto body = answer->Json();
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["method"], "POST");
  EXPECT_EQ((*body)["path"], "/echo/Incoming%20Webhook%20URL");
  EXPECT_EQ((*body)["doctype"], "Incoming Webhook URL");
  EXPECT_EQ((*body)["tags"], nlohmann::json::array({"a", "b c"}));
  EXPECT_EQ((*body)["content_type"], "application/json");
  EXPECT_EQ((*body)["sid"], "s3cr3t");
  EXPECT_EQ((*body)["body"], R"({"x":1})");
  EXPECT_EQ((*body)["client"], "127.0.0.1");
}

TEST_F(HttpServerTest, UnknownPathsMethodsAndBadQueriesGetCriersErrors) {
  StartServer(EchoRouter());
  HttpClient client(server_->base_url());
  auto missing = client.Get("/nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ((*missing->Json())["exc_type"], "DoesNotExistError");
  auto wrong_method = client.Get("/echo/Issue");
  ASSERT_TRUE(wrong_method.ok());
  EXPECT_EQ(wrong_method->status, 405);
  EXPECT_EQ(wrong_method->Header("Allow"), "POST");
  auto bad_query = client.Send("POST", "/echo/Issue?tag=%ZZ");
  ASSERT_TRUE(bad_query.ok());
  EXPECT_EQ(bad_query->status, 400);
  EXPECT_THAT((*bad_query->Json())["message"].get<std::string>(), HasSubstr("'tag'"));
}

TEST_F(HttpServerTest, SetCookieReachesTheClientsJar) {
  Router router;
  router.Post("/login", [](Request&) {
    Response r = Response::Json(200, R"({"message":"Logged In"})");
    Status s = r.AddCookie({.name = "sid", .value = "abc123", .max_age = std::chrono::hours(1)});
    return s.ok() ? r : ErrorResponse(s);
  });
  router.Get("/whoami", [](Request& request) {
    return Response::Text(200, request.Cookie("sid").value_or("nobody"));
  });
  StartServer(std::move(router));
  HttpClient client(server_->base_url());
  auto login = client.Send("POST", "/login");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->Header("Set-Cookie"),
            "sid=abc123; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");
  EXPECT_EQ(client.Cookie("sid"), "abc123");
  EXPECT_EQ(client.Get("/whoami")->body, "abc123");
}

TEST_F(HttpServerTest, KeepsConnectionsAliveAndAnswersPipelinedRequestsInOrder) {
  StartServer(EchoRouter());
  RawConnection raw(server_->port());
  ASSERT_TRUE(raw.connected());
  ASSERT_TRUE(
      raw.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
               "POST /echo/First HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
               "POST /echo/Second HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  ASSERT_TRUE(raw.ReadUntil("Second"));
  const std::string& got = raw.received();
  EXPECT_EQ(Count(got, "HTTP/1.1 200 OK"), 3u);
  EXPECT_LT(got.find("ok"), got.find("First"));
  EXPECT_LT(got.find("First"), got.find("Second"));
  EXPECT_EQ(server_->connection_count(), 1);
  // And the connection is still usable.
  raw.Clear();
  ASSERT_TRUE(raw.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(raw.ReadUntil("\r\n\r\nok"));
  EXPECT_THAT(raw.received(), StartsWith("HTTP/1.1 200 OK"));
}

TEST_F(HttpServerTest, AnHttp10RequestIsAnsweredAndClosed) {
  StartServer(EchoRouter());
  RawConnection raw(server_->port());
  ASSERT_TRUE(raw.Send("GET /healthz HTTP/1.0\r\n\r\n"));
  ASSERT_TRUE(raw.ReadUntilClosed());
  EXPECT_THAT(raw.received(), StartsWith("HTTP/1.0 200 OK"));
}

TEST_F(HttpServerTest, BodiesOverTheLimitAre413WithoutReadingThem) {
  HttpServerOptions options;
  options.limits.max_body_bytes = 100;
  StartServer(EchoRouter(), options);

  // Announced by Content-Length: refused before any body byte is sent.
  RawConnection announced(server_->port());
  ASSERT_TRUE(
      announced.Send("POST /echo/Issue HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n"));
  ASSERT_TRUE(announced.ReadUntilClosed());
  EXPECT_THAT(announced.received(), StartsWith("HTTP/1.1 413 "));
  EXPECT_THAT(announced.received(), HasSubstr("request body larger than 100 bytes"));

  // Chunked: refused once the chunks pass the limit.
  RawConnection chunked(server_->port());
  ASSERT_TRUE(chunked.Send(
      "POST /echo/Issue HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "50\r\n" +
      std::string(80, 'a') + "\r\n" + "50\r\n" + std::string(80, 'b') + "\r\n0\r\n\r\n"));
  ASSERT_TRUE(chunked.ReadUntilClosed());
  EXPECT_THAT(chunked.received(), StartsWith("HTTP/1.1 413 "));

  // A client that sends the whole large body anyway still reads the 413, not a reset.
  HttpClient client(server_->base_url());
  auto big = client.Send("POST", "/echo/Issue", std::string(1 << 20, 'x'));
  ASSERT_TRUE(big.ok()) << big.status().ToString();
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ((*big->Json())["exc_type"], "RequestTooLargeError");

  // At the limit is fine.
  auto fits = client.Send("POST", "/echo/Issue", std::string(100, 'x'));
  ASSERT_TRUE(fits.ok());
  EXPECT_EQ(fits->status, 200);
}

TEST_F(HttpServerTest, OversizedHeadersAndUrlsAreRefusedWithTheirStatus) {
  HttpServerOptions options;
  options.limits.max_header_bytes = 1024;
  options.limits.max_url_bytes = 100;
  StartServer(EchoRouter(), options);
  HttpClient client(server_->base_url());
  auto headers = client.Get("/healthz", {{"X-Big", std::string(2000, 'h')}});
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(headers->status, 431);
  auto url = client.Get("/healthz?q=" + std::string(100, 'u'));
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->status, 414);
  EXPECT_EQ(client.Get("/healthz?q=short")->status, 200);
}

TEST_F(HttpServerTest, MalformedRequestsAre400) {
  StartServer(EchoRouter());
  const std::string_view requests[] = {
      "NOT HTTP AT ALL\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nBad Header Line\r\n\r\n",
      "GET http://other.example/healthz HTTP/1.1\r\nHost: x\r\n\r\n",
  };
  for (std::string_view request : requests) {
    RawConnection raw(server_->port());
    ASSERT_TRUE(raw.Send(request));
    ASSERT_TRUE(raw.ReadUntilClosed()) << request;
    EXPECT_THAT(raw.received(), StartsWith("HTTP/1.1 400 ")) << request;
  }
}

TEST_F(HttpServerTest, ExpectContinueGetsAContinueBeforeTheBody) {
  StartServer(EchoRouter());
  RawConnection raw(server_->port());
  ASSERT_TRUE(
      raw.Send("POST /echo/Issue HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
               "Expect: 100-continue\r\n\r\n"));
  ASSERT_TRUE(raw.ReadUntil("HTTP/1.1 100 Continue\r\n\r\n"));
  ASSERT_TRUE(raw.Send("hello"));
  ASSERT_TRUE(raw.ReadUntil("hello"));
  EXPECT_THAT(raw.received(), HasSubstr("HTTP/1.1 200 OK"));
}

TEST_F(HttpServerTest, IdleAndSlowConnectionsAreClosed) {
  HttpServerOptions options;
  options.limits.idle_timeout = std::chrono::milliseconds(100);
  options.limits.read_timeout = std::chrono::milliseconds(100);
  StartServer(EchoRouter(), options);
  RawConnection idle(server_->port());
  EXPECT_TRUE(idle.ReadUntilClosed());
  EXPECT_EQ(idle.received(), "");
  RawConnection slow(server_->port());
  ASSERT_TRUE(slow.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // Never finishes its headers.
  EXPECT_TRUE(slow.ReadUntilClosed());
  EXPECT_EQ(slow.received(), "");
  EXPECT_TRUE(Eventually([&] { return server_->connection_count() == 0; }));
}

TEST_F(HttpServerTest, ConnectionsBeyondTheLimitGet503) {
  HttpServerOptions options;
  options.limits.max_connections = 2;
  StartServer(EchoRouter(), options);
  HttpClient first(server_->base_url()), second(server_->base_url());
  ASSERT_EQ(first.Get("/healthz")->status, 200);
  ASSERT_EQ(second.Get("/healthz")->status, 200);
  ASSERT_TRUE(Eventually([&] { return server_->connection_count() == 2; }));
  RawConnection third(server_->port());
  ASSERT_TRUE(third.ReadUntilClosed());
  EXPECT_THAT(third.received(), StartsWith("HTTP/1.1 503 Service Unavailable"));
  EXPECT_THAT(third.received(), HasSubstr("too many connections"));
}

TEST_F(HttpServerTest, TheCompletionHookGetsOneLinePerRequestWithoutQueryOrBody) {
  StartServer(EchoRouter());
  HttpClient client(server_->base_url());
  ASSERT_EQ(client.Send("POST", "/echo/Issue?token=SECRET", "password=SECRET")->status, 200);
  ASSERT_EQ(client.Get("/nope?api_key=SECRET")->status, 404);
  ASSERT_TRUE(Eventually([&] { return LogLines().size() == 2; }));
  std::vector<std::string> lines = LogLines();
  EXPECT_THAT(lines[0], StartsWith("POST /echo/Issue 200 user=alice@example.com bytes="));
  EXPECT_THAT(lines[1], StartsWith("GET /nope 404 user= bytes="));
  for (const std::string& line : lines) EXPECT_THAT(line, ::testing::Not(HasSubstr("SECRET")));
}

TEST_F(HttpServerTest, AThrowingHandlerIs500AndTheServerCarriesOn) {
  Router router;
  router.Get("/throw", [](Request&) -> Response { throw std::runtime_error("boom"); });
  router.Get("/bad-header", [](Request&) {
    Response r = Response::Text(200, "x");
    r.SetHeader("X-Injected", "a\r\nSet-Cookie: evil=1");
    return r;
  });
  router.Get("/healthz", [](Request&) { return Response::Text(200, "ok"); });
  StartServer(std::move(router));
  HttpClient client(server_->base_url());
  EXPECT_EQ(client.Get("/throw")->status, 500);
  auto injected = client.Get("/bad-header");
  ASSERT_TRUE(injected.ok());
  EXPECT_EQ(injected->status, 500);
  EXPECT_EQ(injected->Header("Set-Cookie"), std::nullopt);
  EXPECT_EQ(client.Get("/healthz")->status, 200);
}

TEST_F(HttpServerTest, HandlersRunConcurrentlyOnTheWorkerPool) {
  constexpr int kWorkers = 4;
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;  // Guarded by mu.
  Router router;
  router.Get("/meet", [&](Request&) {
    std::unique_lock lock(mu);
    ++arrived;
    cv.notify_all();
    // Every handler waits until all kWorkers are inside at once: only a pool running them in
    // parallel lets this finish.
    bool all = cv.wait_for(lock, kDeadline, [&] { return arrived == kWorkers; });
    return Response::Text(all ? 200 : 500, "");
  });
  HttpServerOptions options;
  options.worker_threads = kWorkers;
  StartServer(std::move(router), options);
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < kWorkers; ++i) {
    clients.emplace_back([&] {
      HttpClient client(server_->base_url());
      auto answer = client.Get("/meet");
      if (answer.ok() && answer->status == 200) ++ok;
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), kWorkers);
}

TEST_F(HttpServerTest, StreamsServerSentEventsUntilClosed) {
  StreamCatcher catcher;
  StartServer(catcher.MakeRouter());
  std::string received;
  std::thread writer([&] {
    ASSERT_TRUE(catcher.WaitForStream());
    auto stream = catcher.stream();
    EXPECT_TRUE(stream->Write(FormatSseEvent({.event = "unread", .data = "1"})));
    EXPECT_TRUE(stream->Write(FormatSseEvent({.event = "unread", .data = "2"})));
    stream->Close();
    EXPECT_FALSE(stream->Write("late"));
  });
  HttpClient client(server_->base_url());
  auto answer = client.Stream("/events", [&](std::string_view chunk) {
    received += chunk;
    return true;
  });
  writer.join();
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->Header("Content-Type"), "text/event-stream");
  EXPECT_EQ(answer->Header("Transfer-Encoding"), "chunked");
  EXPECT_EQ(received, "event: unread\ndata: 1\n\nevent: unread\ndata: 2\n\n");
  ASSERT_TRUE(Eventually([&] { return LogLines().size() == 1; }));
  EXPECT_THAT(LogLines()[0], StartsWith("GET /events 200"));
}

TEST_F(HttpServerTest, AStreamNoticesTheClientLeaving) {
  StreamCatcher catcher("hello");
  StartServer(catcher.MakeRouter());
  {
    RawConnection raw(server_->port());
    ASSERT_TRUE(raw.Send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(raw.ReadUntil(": hello"));
  }  // The client closes its socket.
  ASSERT_TRUE(catcher.WaitForStream());
  ASSERT_TRUE(Eventually([&] { return catcher.stream()->closed(); }));
  EXPECT_FALSE(catcher.stream()->Write("anyone?"));
  EXPECT_TRUE(Eventually([&] { return server_->connection_count() == 0; }));
}

TEST_F(HttpServerTest, AStreamWhoseClientDoesNotReadIsDroppedAtTheBufferLimit) {
  StreamCatcher catcher;
  HttpServerOptions options;
  options.limits.max_stream_buffer_bytes = 64 << 10;
  StartServer(catcher.MakeRouter(), options);
  RawConnection raw(server_->port());  // Connects and never reads the body.
  ASSERT_TRUE(raw.Send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(catcher.WaitForStream());
  // Socket buffers take a few MB on loopback; past them, the queue fills and Write says no.
  std::string piece(16 << 10, 'x');
  bool refused = false;
  for (int i = 0; i < 10'000 && !refused; ++i) refused = !catcher.stream()->Write(piece);
  EXPECT_TRUE(refused);
}

TEST_F(HttpServerTest, StopLetsARequestInProgressFinishAndClosesTheRest) {
  Gate entered, release;
  Router router;
  router.Get("/slow", [&](Request&) {
    entered.Open();
    release.Wait();
    return Response::Text(200, "finished");
  });
  router.Get("/healthz", [](Request&) { return Response::Text(200, "ok"); });
  StartServer(std::move(router));
  const std::uint16_t port = server_->port();

  RawConnection idle(port);  // An idle keep-alive connection.
  ASSERT_TRUE(idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(idle.ReadUntil("ok"));

  RawConnection busy(port);
  ASSERT_TRUE(busy.Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(entered.Wait());
  std::thread stopper([&] { server_->Stop(std::chrono::seconds(20)); });
  EXPECT_TRUE(idle.ReadUntilClosed());  // Closed at once, though the slow request still runs.
  release.Open();
  ASSERT_TRUE(busy.ReadUntilClosed());
  stopper.join();
  EXPECT_THAT(busy.received(), StartsWith("HTTP/1.1 200 OK"));
  EXPECT_THAT(busy.received(), HasSubstr("Connection: close"));
  EXPECT_THAT(busy.received(), HasSubstr("finished"));
  RawConnection after(port);
  EXPECT_FALSE(after.connected());
  server_->Stop();  // Idempotent.
}

TEST_F(HttpServerTest, StopEndsOpenStreams) {
  StreamCatcher catcher("open");
  StartServer(catcher.MakeRouter());
  RawConnection raw(server_->port());
  ASSERT_TRUE(raw.Send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(raw.ReadUntil(": open"));
  ASSERT_TRUE(catcher.WaitForStream());
  server_->Stop(std::chrono::seconds(20));
  EXPECT_TRUE(raw.ReadUntilClosed());
  EXPECT_THAT(raw.received(), HasSubstr("0\r\n\r\n"));  // The last chunk: a clean end.
  EXPECT_FALSE(catcher.stream()->Write("after stop"));
}

TEST(HttpServerStartTest, ABusyPortOrBadHostIsAnErrorNamingTheAddress) {
  auto first = HttpServer::Start({.port = 0}, Router());
  ASSERT_TRUE(first.ok());
  auto second = HttpServer::Start({.port = (*first)->port()}, Router());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(),
              HasSubstr(fmt::format("cannot listen on 127.0.0.1:{}", (*first)->port())));
  auto bad_host = HttpServer::Start({.host = "not a host", .port = 0}, Router());
  ASSERT_FALSE(bad_host.ok());
  EXPECT_EQ(bad_host.status().code(), StatusCode::kInvalidArgument);
}

TEST(ParseListenAddressTest, ReadsHostAndPort) {
  struct Case {
    std::string_view text;
    std::string_view host;
    std::uint16_t port;
  };
  const Case good[] = {{"127.0.0.1:8000", "127.0.0.1", 8000},
                       {"0.0.0.0:0", "0.0.0.0", 0},
                       {"localhost:65535", "localhost", 65535},
                       {"[::1]:8080", "::1", 8080}};
  for (const Case& c : good) {
    auto got = ParseListenAddress(c.text);
    ASSERT_TRUE(got.ok()) << c.text;
    EXPECT_EQ(got->host, c.host);
    EXPECT_EQ(got->port, c.port);
  }
  for (std::string_view bad :
       {"", "8000", ":8000", "host:", "host:x", "host:65536", "[::1]8000", "[::1", "h:80:"}) {
    EXPECT_FALSE(ParseListenAddress(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace crier::http
