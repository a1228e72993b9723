// The real sender against the mock chat services on loopback.
#include "delivery/curl_http_sender.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>

#include "delivery/fake_http_sender.h"
#include "mock_chat.h"
#include "subprocess.h"
#include "tls_files.h"

namespace crier {
namespace {

using mock::Mode;
using mock::ModeSpec;

std::unique_ptr<CurlHttpSender> NewSender(CurlSenderOptions options = {}) {
  auto sender = CurlHttpSender::Create(std::move(options));
  EXPECT_TRUE(sender.ok());
  return std::move(sender).value();
}

HttpRequest Post(std::string url, std::string body) {
  HttpRequest r;
  r.url = std::move(url);
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

TEST(CurlHttpSenderTest, PostsAndReadsTheAnswer) {
  mock::MockChat chat;
  ASSERT_TRUE(chat.Start());
  auto sender = NewSender();
  HttpResponse r = SendAndWait(
      *sender, Post(chat.ServiceUrl("mattermost") + "/hooks/abc123", R"({"text":"hello"})"));
  EXPECT_EQ(r.error, TransportError::kNone) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(r.Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.http_version, 1);  // Cleartext: HTTP/1.1 (HTTP/2 only over TLS).
  EXPECT_GT(r.latency.count(), 0);
  auto seen = chat.Requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].body, R"({"text":"hello"})");
  EXPECT_EQ(seen[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(seen[0].headers.count("expect"), 0u);
}

TEST(CurlHttpSenderTest, ReusesOneConnectionForSequentialRequests) {
  mock::MockChat chat;
  ASSERT_TRUE(chat.Start());
  auto sender = NewSender();
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(SendAndWait(*sender, Post(chat.ServiceUrl("generic") + "/x", "{}")).status, 200);
  }
  std::set<uint16_t> ports;
  for (const auto& r : chat.Requests()) ports.insert(r.remote_port);
  EXPECT_EQ(ports.size(), 1u);
}

TEST(CurlHttpSenderTest, ManyConcurrentRequestsAllComplete) {
  mock::MockChat chat;
  ASSERT_TRUE(chat.Start());
  CurlSenderOptions options;
  options.max_in_flight = 8;
  auto sender = NewSender(options);
  constexpr int kCount = 500;
  std::atomic<int> ok{0};
  std::promise<void> all_done;
  std::atomic<int> done{0};
  for (int i = 0; i < kCount; ++i) {
    sender->Send(Post(chat.ServiceUrl("generic") + "/x", "{}"), [&](HttpResponse r) {
      if (r.status == 200) ++ok;
      if (++done == kCount) all_done.set_value();
    });
  }
  all_done.get_future().wait();
  EXPECT_EQ(ok.load(), kCount);
  EXPECT_EQ(sender->pending(), 0u);
  EXPECT_EQ(chat.Count(), static_cast<uint64_t>(kCount));
}

TEST(CurlHttpSenderTest, ConcurrencyIsBounded) {
  mock::MockChat chat;
  ASSERT_TRUE(chat.Start());
  chat.SetMode("generic", ModeSpec{Mode::kSlow, 0, "", 300, -1});
  CurlSenderOptions options;
  options.max_in_flight = 2;
  auto sender = NewSender(options);
  std::atomic<int> done{0};
  std::promise<void> all_done;
  for (int i = 0; i < 6; ++i) {
    sender->Send(Post(chat.ServiceUrl("generic") + "/x", "{}"), [&](HttpResponse) {
      if (++done == 6) all_done.set_value();
    });
  }
  // Only two requests reach the (slow) mock at a time: when the first two are recorded, the
  // others are still queued in the sender.
  ASSERT_TRUE(chat.WaitForCount(2, std::chrono::seconds(10)));
  EXPECT_LE(chat.Count(), 2u);
  all_done.get_future().wait();
  EXPECT_EQ(chat.Count(), 6u);
}

TEST(CurlHttpSenderTest, TransportErrorsAreClassified) {
  mock::MockChat chat;
  ASSERT_TRUE(chat.Start());
  auto sender = NewSender();
  chat.SetDown(true);
  HttpResponse refused =
      SendAndWait(*sender, Post(chat.ServiceUrl("generic") + "/secret-token-123", "{}"));
  EXPECT_EQ(refused.error, TransportError::kConnect) << refused.error_message;
  EXPECT_EQ(refused.status, 0);
  chat.SetDown(false);

  HttpResponse bad_scheme = SendAndWait(*sender, Post("ftp://127.0.0.1/x", "{}"));
  EXPECT_EQ(bad_scheme.error, TransportError::kInvalidUrl);
  HttpResponse malformed = SendAndWait(*sender, Post("http://[::1/x", "{}"));
  EXPECT_EQ(malformed.error, TransportError::kInvalidUrl) << malformed.error_message;
}

TEST(CurlHttpSenderTest, TimesOut) {
  mock::MockChat chat;
  ASSERT_TRUE(chat.Start());
  chat.SetMode("generic", ModeSpec{Mode::kSlow, 0, "", 5000, -1});
  CurlSenderOptions options;
  options.total_timeout = std::chrono::milliseconds(200);
  auto sender = NewSender(options);
  HttpResponse r = SendAndWait(*sender, Post(chat.ServiceUrl("generic") + "/x", "{}"));
  EXPECT_EQ(r.error, TransportError::kTimeout) << r.error_message;
}

TEST(CurlHttpSenderTest, DoesNotFollowRedirectsAndCutsLongAnswers) {
  mock::MockChat chat;
  ASSERT_TRUE(chat.Start());
  auto sender = NewSender();
  chat.SetMode("generic", ModeSpec{Mode::kError, 302, "", 0, 1});
  HttpResponse redirect = SendAndWait(*sender, Post(chat.ServiceUrl("generic") + "/x", "{}"));
  EXPECT_EQ(redirect.status, 302);
  EXPECT_EQ(chat.Count(), 1u);

  CurlSenderOptions small;
  small.max_answer_bytes = 10;
  auto cutting = NewSender(small);
  HttpResponse r =
      SendAndWait(*cutting, Post(chat.ServiceUrl("ntfy") + "/topic", std::string(1000, 'x')));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), 10u);
}

TEST(CurlHttpSenderTest, StoppingAnswersEverythingPending) {
  mock::MockChat chat;
  ASSERT_TRUE(chat.Start());
  chat.SetMode("generic", ModeSpec{Mode::kSlow, 0, "", 10000, -1});
  auto sender = NewSender();
  std::atomic<int> stopped{0};
  for (int i = 0; i < 3; ++i) {
    sender->Send(Post(chat.ServiceUrl("generic") + "/x", "{}"), [&](HttpResponse r) {
      if (r.error == TransportError::kOther) ++stopped;
    });
  }
  ASSERT_TRUE(chat.WaitForCount(3, std::chrono::seconds(10)));
  sender.reset();
  EXPECT_EQ(stopped.load(), 3);
}

// An HTTP/2 server over TLS (Debian's nghttpd, in the test profile), echoing POST bodies.
class Https2Server {
 public:
  Https2Server() {
    std::string nghttpd = testing::FindExecutable("nghttpd", {"/usr/sbin", "/usr/local/sbin"});
    if (nghttpd.empty()) return;
    port_ = testing::FreeLoopbackPort();
    log_ = "/tmp/crier-nghttpd-" + std::to_string(port_) + ".log";
    process_ = testing::Subprocess::Start({nghttpd, "--address=127.0.0.1", "--echo-upload",
                                           std::to_string(port_), tls_.key(), tls_.cert()},
                                          log_);
    if (process_ == nullptr || !testing::WaitForPort(port_, std::chrono::seconds(10))) {
      process_.reset();
    }
  }
  ~Https2Server() {
    process_.reset();
    std::remove(log_.c_str());
  }
  bool ok() const { return process_ != nullptr; }
  std::string Url(std::string_view host) const {
    return "https://" + std::string(host) + ":" + std::to_string(port_) + "/hooks/secret123";
  }
  const testing::TlsFiles& tls() const { return tls_; }

 private:
  testing::TlsFiles tls_;
  uint16_t port_ = 0;
  std::string log_;
  std::unique_ptr<testing::Subprocess> process_;
};

TEST(CurlHttpSenderTest, VerifiesTlsAndUsesHttp2WhereOffered) {
  Https2Server server;
  if (!server.ok()) GTEST_SKIP() << "nghttpd (Debian nghttp2-server, test profile) is missing";
  // Not trusted: the certificate is self-signed.
  auto strict = NewSender();
  HttpResponse untrusted = SendAndWait(*strict, Post(server.Url("localhost"), R"({"a":1})"));
  EXPECT_EQ(untrusted.error, TransportError::kTls) << untrusted.error_message;

  CurlSenderOptions options;
  options.ca_file = server.tls().cert();
  auto trusting = NewSender(options);
  HttpResponse r = SendAndWait(*trusting, Post(server.Url("localhost"), R"({"a":1})"));
  EXPECT_EQ(r.error, TransportError::kNone) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.http_version, 2);
  EXPECT_EQ(r.body, R"({"a":1})");
  // The host name is verified too: the certificate is not for this name.
  HttpResponse wrong_name =
      SendAndWait(*trusting, Post(server.Url("localhost.localdomain"), R"({"a":1})"));
  EXPECT_NE(wrong_name.error, TransportError::kNone);

  // Several requests at once share one multiplexed connection.
  std::atomic<int> done{0};
  std::promise<void> all;
  for (int i = 0; i < 20; ++i) {
    trusting->Send(Post(server.Url("127.0.0.1"), "{}"), [&](HttpResponse x) {
      EXPECT_EQ(x.http_version, 2);
      if (++done == 20) all.set_value();
    });
  }
  all.get_future().wait();
}

TEST(FakeHttpSenderTest, HoldsAndReleasesInOrder) {
  int n = 0;
  FakeHttpSender fake([&n](const HttpRequest&) { return FakeHttpSender::Answer(200 + n++); });
  fake.Hold(true);
  std::vector<int> statuses;
  for (int i = 0; i < 3; ++i) {
    fake.Send(Post("http://x/" + std::to_string(i), ""),
              [&](HttpResponse r) { statuses.push_back(r.status); });
  }
  EXPECT_EQ(fake.pending(), 3u);
  EXPECT_TRUE(statuses.empty());
  EXPECT_TRUE(fake.ReleaseOne());
  EXPECT_EQ(statuses, (std::vector<int>{200}));
  EXPECT_EQ(fake.ReleaseAll(), 2u);
  EXPECT_EQ(statuses, (std::vector<int>{200, 201, 202}));
  EXPECT_EQ(fake.requests().size(), 3u);
  EXPECT_EQ(fake.requests()[2].url, "http://x/2");
}

}  // namespace
}  // namespace crier
