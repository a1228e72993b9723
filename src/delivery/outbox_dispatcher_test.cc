#include "delivery/outbox_dispatcher.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "base/time.h"
#include "delivery/delivery_test_env.h"

namespace crier {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

std::int64_t OutboxIdOf(DeliveryTestEnv& t, const std::string& delivery) {
  return t.Delivery(delivery)["outbox_id"].get<std::int64_t>();
}

// Answers at once with `status`/`body`, and remembers the fake time of each request.
struct TimedResponder {
  explicit TimedResponder(const Clock& c) : clock(c) {}
  const Clock& clock;
  std::mutex mu;
  std::vector<std::pair<TimePoint, std::string>> seen;  // (when, body)
  std::function<HttpResponse(const HttpRequest&, size_t index)> answer;

  FakeHttpSender::Responder Responder() {
    return [this](const HttpRequest& r) {
      size_t index = 0;
      {
        std::lock_guard<std::mutex> lock(mu);
        index = seen.size();
        seen.emplace_back(clock.Now(), r.body);
      }
      return answer ? answer(r, index) : FakeHttpSender::Answer(200, "ok");
    };
  }
  std::vector<std::pair<TimePoint, std::string>> Seen() {
    std::lock_guard<std::mutex> lock(mu);
    return seen;
  }
};

TEST(OutboxDispatcherTest, DeliversAndRecordsOnTheRowAndTheWebhookDelivery) {
  DeliveryTestEnv t;
  t.AddWebhook("Tickets");
  std::vector<std::string> names = t.Enqueue("Tickets", "New issue ISS-0001");
  ASSERT_EQ(names.size(), 1u);
  t.StartDispatcher();
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) { return s.recorded >= 1; }));

  std::vector<HttpRequest> requests = t.fake_http().requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].url, DeliveryTestEnv::UrlOf("Tickets"));
  EXPECT_NE(requests[0].body.find("New issue ISS-0001"), std::string::npos);
  EXPECT_NE(requests[0].body.find("https://erp.example.com/app/issue/ISS-0001"), std::string::npos)
      << "the document link, built from the base URL";

  OutboxMessage row = t.Row(OutboxIdOf(t, names[0]));
  EXPECT_EQ(row.status, "delivered");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.last_status, 200);
  EXPECT_EQ(row.lease_owner, "");
  Json d = t.Delivery(names[0]);
  EXPECT_EQ(d["status"], "Delivered");
  EXPECT_EQ(d["attempts"], 1);
  EXPECT_EQ(d["last_status"], 200);
  EXPECT_EQ(d["last_error"], "");
  EXPECT_EQ(d["delivered_at"], FormatDateTime(ToLocal(t.clock().Now())));
  EXPECT_TRUE(d["latency_ms"].is_number());
  EXPECT_EQ(t.metrics().Deliveries("Mattermost", "delivered"), 1);
}

// A sender whose answers come from another thread, in random order across webhooks, and which
// notes any second request to a webhook while one is still unanswered.
class ShufflingSender final : public HttpSender {
 public:
  ShufflingSender() : thread_([this] { Run(); }) {}
  ~ShufflingSender() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void Send(HttpRequest request, Done done) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!open_.insert(request.url).second) ++overlaps_;
    received_[request.url].push_back(request.body);
    pending_.push_back({std::move(request), std::move(done)});
    cv_.notify_all();
  }
  int overlaps() {
    std::lock_guard<std::mutex> lock(mu_);
    return overlaps_;
  }
  std::map<std::string, std::vector<std::string>> received() {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }

 private:
  void Run() {
    std::mt19937 rng(42);
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [this] { return stop_ || !pending_.empty(); });
      if (stop_) return;
      // Let a few accumulate sometimes, then answer one at random.
      size_t pick = std::uniform_int_distribution<size_t>(0, pending_.size() - 1)(rng);
      auto [request, done] = std::move(pending_[pick]);
      pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(pick));
      open_.erase(request.url);
      lock.unlock();
      done(FakeHttpSender::Answer(200, "ok"));
      lock.lock();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  int overlaps_ = 0;
  std::set<std::string> open_;
  std::map<std::string, std::vector<std::string>> received_;
  std::vector<std::pair<HttpRequest, Done>> pending_;
  std::thread thread_;
};

TEST(OutboxDispatcherTest, EachWebhookIsFirstInFirstOutWhileManyAreSentAtOnce) {
  ShufflingSender sender;
  DeliveryTestEnv t(&sender);
  const int kWebhooks = 6, kEach = 40;
  for (int w = 0; w < kWebhooks; ++w) {
    t.AddWebhook("hook" + std::to_string(w), "Mattermost", {{"rate_limit", "unlimited"}});
  }
  t.StartDispatcher({.claim_batch = 17});  // Several claims, runs of one webhook cut anywhere.
  for (int i = 0; i < kEach; ++i) {
    for (int w = 0; w < kWebhooks; ++w) {
      t.Enqueue("hook" + std::to_string(w), "message " + std::to_string(i));
    }
  }
  ASSERT_TRUE(t.WaitFor([&](const DispatcherStats& s) {
    return s.delivered == kWebhooks * kEach && s.unrecorded == 0;
  }));
  EXPECT_EQ(sender.overlaps(), 0) << "a webhook never has two requests on the wire";
  auto received = sender.received();
  ASSERT_EQ(received.size(), static_cast<size_t>(kWebhooks));
  for (const auto& [url, bodies] : received) {
    ASSERT_EQ(bodies.size(), static_cast<size_t>(kEach)) << url;
    for (int i = 0; i < kEach; ++i) {
      EXPECT_NE(bodies[i].find("message " + std::to_string(i) + "\\n"), std::string::npos)
          << url << " request " << i << ": " << bodies[i];
    }
  }
  for (const OutboxMessage& row : t.Rows()) EXPECT_EQ(row.status, "delivered") << row.id;
}

TEST(OutboxDispatcherTest, TheRateLimitIsRespected) {
  DeliveryTestEnv t;
  TimedResponder timed(t.clock());
  t.fake_http().set_responder(timed.Responder());
  t.AddWebhook("slack", "Slack");  // Slack's default: 1 per second.
  for (int i = 0; i < 5; ++i) t.Enqueue("slack", "m" + std::to_string(i));
  const TimePoint start = t.clock().Now();
  t.StartDispatcher();
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) { return s.sent >= 1; }));
  while (t.dispatcher().stats().sent < 5 && t.clock().Now() - start < seconds(10)) {
    t.AdvanceAndLook(milliseconds(250));
  }
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) { return s.delivered == 5; }));
  auto seen = timed.Seen();
  ASSERT_EQ(seen.size(), 5u);
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GE(seen[i].first - seen[i - 1].first, seconds(1)) << "send " << i << " came too early";
  }
  EXPECT_LE(seen.back().first - start, seconds(4)) << "and no later than the limit requires";
}

TEST(OutboxDispatcherTest, RetryAfterIsHonouredNotAnticipated) {
  DeliveryTestEnv t;
  TimedResponder timed(t.clock());
  timed.answer = [](const HttpRequest&, size_t index) {
    if (index == 0) return FakeHttpSender::Answer(429, "limit exceeded", {{"retry-after", "30"}});
    return FakeHttpSender::Answer(200, "ok");
  };
  t.fake_http().set_responder(timed.Responder());
  t.AddWebhook("mm", "Mattermost", {{"rate_limit", "unlimited"}});
  std::vector<std::string> first = t.Enqueue("mm", "first");
  std::vector<std::string> second = t.Enqueue("mm", "second");
  const TimePoint start = t.clock().Now();
  t.StartDispatcher();
  ASSERT_TRUE(t.WaitFor(
      [](const DispatcherStats& s) { return s.retried == 1 && s.held == 0 && s.unrecorded == 0; }));
  Json d = t.Delivery(first[0]);
  EXPECT_EQ(d["status"], "Retrying");
  EXPECT_EQ(d["last_status"], 429);
  EXPECT_EQ(d["next_attempt"], FormatDateTime(ToLocal(start + seconds(30))));
  EXPECT_EQ(t.Delivery(second[0])["status"], "Queued") << "it waits behind the first";
  EXPECT_EQ(t.Row(OutboxIdOf(t, second[0])).attempts, 0) << "given back, not counted";

  for (int i = 0; i < 29; ++i) t.AdvanceAndLook(seconds(1));
  t.AdvanceAndLook(milliseconds(999));
  EXPECT_EQ(timed.Seen().size(), 1u) << "nothing before the 30 seconds the service asked for";
  t.AdvanceAndLook(milliseconds(1));
  t.AdvanceAndLook(milliseconds(1));  // After a pause the bucket lets one go at a time.
  ASSERT_TRUE(
      t.WaitFor([](const DispatcherStats& s) { return s.delivered == 2 && s.unrecorded == 0; }));
  auto seen = timed.Seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_NE(seen[1].second.find("first"), std::string::npos) << "the retried message goes first";
  EXPECT_NE(seen[2].second.find("second"), std::string::npos);
  EXPECT_GE(seen[1].first - seen[0].first, seconds(30));
  EXPECT_EQ(t.Delivery(first[0])["attempts"], 2);
  EXPECT_EQ(t.Delivery(first[0])["status"], "Delivered");
}

TEST(OutboxDispatcherTest, BacksOffUntilTheMaximumAgeThenFails) {
  DeliveryTestEnv t;
  TimedResponder timed(t.clock());
  timed.answer = [](const HttpRequest&, size_t) { return FakeHttpSender::Answer(503, ""); };
  t.fake_http().set_responder(timed.Responder());
  t.AddWebhook("down", "Mattermost", {{"rate_limit", "unlimited"}});
  std::vector<std::string> names = t.Enqueue("down", "hello");
  const std::int64_t id = OutboxIdOf(t, names[0]);
  const TimePoint created = t.clock().Now();
  t.StartDispatcher();
  int attempts = 0;
  while (true) {
    ++attempts;
    ASSERT_TRUE(t.WaitFor([&](const DispatcherStats& s) {
      return s.sent == static_cast<std::uint64_t>(attempts) && s.unrecorded == 0 && s.held == 0;
    })) << "attempt "
        << attempts;
    OutboxMessage row = t.Row(id);
    if (row.status != "queued") break;
    ASSERT_LT(attempts, 500);
    t.clock().Set(FromMicros(row.next_attempt_us));  // Hours of retries in milliseconds.
    t.Look();
  }
  OutboxMessage row = t.Row(id);
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(row.last_status, 503);
  EXPECT_EQ(row.last_error.rfind("expired: not delivered after", 0), 0u) << row.last_error;
  Json d = t.Delivery(names[0]);
  EXPECT_EQ(d["status"], "Failed");
  EXPECT_EQ(d["attempts"], attempts);
  EXPECT_EQ(t.metrics().Deliveries("Mattermost", "expired"), 1);
  auto seen = timed.Seen();
  ASSERT_EQ(seen.size(), static_cast<size_t>(attempts));
  EXPECT_LE(seen.back().first - created, hours(24));
  EXPECT_GE(seen.back().first - created, hours(23)) << "retried for about the whole day";
  for (size_t i = 1; i < seen.size(); ++i) {
    // Exponential from 2 s, capped at 15 minutes, jitter takes at most a quarter off.
    Micros full = std::min<Micros>(seconds(2) * (1LL << std::min<size_t>(i - 1, 20)), minutes(15));
    Micros gap = std::chrono::duration_cast<Micros>(seen[i].first - seen[i - 1].first);
    EXPECT_GE(gap, full * 3 / 4) << "attempt " << i + 1;
    EXPECT_LE(gap, full) << "attempt " << i + 1;
  }
}

// Mattermost's answer for a deleted hook.
HttpResponse MattermostGone() {
  return FakeHttpSender::Answer(
      400, R"({"id":"web.incoming_webhook.invalid.app_error","message":"Invalid webhook"})");
}

TEST(OutboxDispatcherTest, AWebhookThatIsGoneIsDisabledLoggedAndAnnounced) {
  DeliveryTestEnv t;
  t.fake_http().set_responder([](const HttpRequest&) { return MattermostGone(); });
  ASSERT_TRUE(t.env()
                  .Insert("User", {{"email", "boss@example.com"},
                                   {"first_name", "Boss"},
                                   {"roles", {{{"role", "System Manager"}}}}})
                  .ok());
  ASSERT_TRUE(
      t.env().Insert("User", {{"email", "clerk@example.com"}, {"first_name", "Clerk"}}).ok());
  t.AddWebhook("old", "Mattermost", {{"rate_limit", "unlimited"}});
  std::vector<std::string> names;
  for (int i = 0; i < 5; ++i) names.push_back(t.Enqueue("old", "m" + std::to_string(i))[0]);
  t.StartDispatcher({.gone_threshold = 3});
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) {
    return s.failed == 5 && s.disabled == 1 && s.unrecorded == 0;
  }));
  EXPECT_EQ(t.fake_http().requests().size(), 3u) << "nothing is sent after the third gone answer";
  EXPECT_EQ(t.env().Get("Incoming Webhook URL", "old").value()["enabled"], 0);
  for (int i = 0; i < 3; ++i) {
    Json d = t.Delivery(names[i]);
    EXPECT_EQ(d["status"], "Failed");
    EXPECT_EQ(d["last_status"], 400);
  }
  for (int i = 3; i < 5; ++i) {
    Json d = t.Delivery(names[i]);
    EXPECT_EQ(d["status"], "Failed");
    EXPECT_EQ(d["attempts"], 0) << "not sent";
    EXPECT_NE(d["last_error"].get<std::string>().find("disabled"), std::string::npos)
        << d["last_error"];
  }
  auto txn = t.env().store().BeginRead();
  auto errors = (*txn)->ListDocs({.doctype = "Error Log"}).value();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["reference_name"], "old");
  EXPECT_EQ(errors[0]["error"].get<std::string>().find("9f8e7d6c5b4a"), std::string::npos)
      << "no URL in the log";
  auto bells = (*txn)->ListDocs({.doctype = "Notification Log"}).value();
  std::set<std::string> told;
  for (const Json& b : bells) told.insert(b["for_user"].get<std::string>());
  EXPECT_EQ(told, (std::set<std::string>{"boss@example.com"})) << "System Managers, not clerks";
  EXPECT_EQ(t.metrics().Deliveries("Mattermost", "gone"), 3);
  EXPECT_EQ(t.metrics().Deliveries("Mattermost", "disabled"), 2);
}

TEST(OutboxDispatcherTest, RowsOfACrashedWorkerAreClaimedAgainWhenTheirLeaseEnds) {
  DeliveryTestEnv t;
  t.AddWebhook("mm", "Mattermost", {{"rate_limit", "unlimited"}});
  std::vector<std::string> names = t.Enqueue("mm", "orphan");
  // Another node claimed it and died.
  const std::int64_t now_us = ToMicros(t.clock().Now());
  ASSERT_TRUE(RunInWriteTxn(t.env().store(), [&](WriteTxn& txn) {
                return txn.ClaimOutbox("other-node/dead", now_us, now_us + 60'000'000, 10).status();
              }).ok());
  t.StartDispatcher({.node_id = "this-node"});
  t.Look();
  EXPECT_TRUE(t.fake_http().requests().empty()) << "not while the other node's lease runs";
  t.AdvanceAndLook(seconds(59));
  EXPECT_TRUE(t.fake_http().requests().empty());
  t.AdvanceAndLook(seconds(1));
  ASSERT_TRUE(
      t.WaitFor([](const DispatcherStats& s) { return s.delivered == 1 && s.unrecorded == 0; }));
  OutboxMessage row = t.Row(OutboxIdOf(t, names[0]));
  EXPECT_EQ(row.status, "delivered");
  EXPECT_EQ(row.attempts, 2) << "the crashed attempt counts";
}

TEST(OutboxDispatcherTest, ANodeTakesBackWhatItsEarlierRunLeftLeasedAtOnce) {
  DeliveryTestEnv t;
  t.AddWebhook("mm", "Mattermost", {{"rate_limit", "unlimited"}});
  for (int i = 0; i < 3; ++i) t.Enqueue("mm", "m" + std::to_string(i));
  const std::int64_t now_us = ToMicros(t.clock().Now());
  ASSERT_TRUE(
      RunInWriteTxn(t.env().store(), [&](WriteTxn& txn) {
        return txn.ClaimOutbox("node-a/previous-boot", now_us, now_us + 120'000'000, 10).status();
      }).ok());
  t.StartDispatcher({.node_id = "node-a"});
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) {
    return s.delivered == 3 && s.unrecorded == 0;
  })) << "without waiting for the lease";
  EXPECT_EQ(t.dispatcher().stats().recovered, 3u);
  for (const OutboxMessage& row : t.Rows()) EXPECT_EQ(row.attempts, 2);
  EXPECT_NE(t.dispatcher().owner(), "node-a/previous-boot");
  EXPECT_EQ(t.dispatcher().owner().rfind("node-a/", 0), 0u);
}

// Answers requests at once, except those to URLs containing `slow`, held until released.
class GatedSender final : public HttpSender {
 public:
  explicit GatedSender(std::string slow) : slow_(std::move(slow)) {}
  void Send(HttpRequest request, Done done) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      order_.push_back(request.body);
      if (request.url.find(slow_) != std::string::npos) {
        held_.push_back(std::move(done));
        cv_.notify_all();
        return;
      }
    }
    done(FakeHttpSender::Answer(200, "ok"));
  }
  size_t held() {
    std::lock_guard<std::mutex> lock(mu_);
    return held_.size();
  }
  // Waits (up to 20 s) until `n` requests are held.
  bool WaitHeld(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return held_.size() == n; });
  }
  void ReleaseAll() {
    std::vector<Done> release;
    {
      std::lock_guard<std::mutex> lock(mu_);
      release.swap(held_);
    }
    for (Done& d : release) d(FakeHttpSender::Answer(200, "ok"));
  }

 private:
  const std::string slow_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> order_;
  std::vector<Done> held_;
};

TEST(OutboxDispatcherTest, ASlowWebhookDoesNotDelayAnother) {
  GatedSender sender("slowhook");
  DeliveryTestEnv t(&sender);
  t.AddWebhook("slowhook", "Mattermost", {{"rate_limit", "unlimited"}});
  t.AddWebhook("fast", "Mattermost", {{"rate_limit", "unlimited"}});
  t.Enqueue("slowhook", "s1");
  t.Enqueue("slowhook", "s2");
  for (int i = 0; i < 20; ++i) t.Enqueue("fast", "f" + std::to_string(i));
  t.StartDispatcher();
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) {
    return s.delivered == 20 && s.unrecorded == 0;
  })) << "the fast webhook's messages all went while the slow one's first is on the wire";
  EXPECT_EQ(sender.held(), 1u) << "and the slow one has only its first message on the wire";
  sender.ReleaseAll();
  ASSERT_TRUE(sender.WaitHeld(1)) << "its second message goes after the first's answer";
  sender.ReleaseAll();
  ASSERT_TRUE(
      t.WaitFor([](const DispatcherStats& s) { return s.delivered == 22 && s.unrecorded == 0; }));
}

TEST(OutboxDispatcherTest, EmailsGoThroughTheMailSenderAndAreRecorded) {
  DeliveryTestEnv t;
  t.AddEmailAccount("Notifications");
  std::string delivered = t.EnqueueMail("Issue ISS-0001 created");
  t.mail().set_respond([](const EmailMessage& m) {
    Outcome o;
    if (m.subject == "defer me") {
      o.verdict = Verdict::kRetry;
      o.reason = Reason::kServerError;
      o.http_status = 451;
      o.detail = "451: try again later";
    } else {
      o.verdict = Verdict::kDelivered;
      o.reason = Reason::kDelivered;
      o.http_status = 250;
    }
    return o;
  });
  std::string deferred = t.EnqueueMail("defer me");
  t.StartDispatcher();
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) {
    return s.delivered == 1 && s.retried == 1 && s.unrecorded == 0 && s.held == 0;
  }));
  auto sent = t.mail().sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].first.name, "Notifications");
  EXPECT_EQ(sent[0].second.from_address, "crier@example.com");
  EXPECT_EQ(sent[0].second.to, std::vector<std::string>{"ops@example.com"});
  EXPECT_EQ(sent[0].second.markdown, "**Hello**");
  Json d = t.Delivery(delivered);
  EXPECT_EQ(d["status"], "Delivered");
  EXPECT_EQ(d["last_status"], 250);
  Json r = t.Delivery(deferred);
  EXPECT_EQ(r["status"], "Retrying");
  EXPECT_EQ(r["last_status"], 451);
  EXPECT_EQ(t.metrics().Deliveries("Email", "delivered"), 1);
}

TEST(OutboxDispatcherTest, SettingsAreReadWhenSendingNotWhenQueuing) {
  DeliveryTestEnv t;
  t.AddWebhook("moved", "Mattermost", {{"rate_limit", "unlimited"}});
  t.AddWebhook("off", "Mattermost", {{"rate_limit", "unlimited"}});
  t.AddWebhook("deleted", "Mattermost", {{"rate_limit", "unlimited"}});
  std::string moved = t.Enqueue("moved", "a")[0];
  std::string off = t.Enqueue("off", "b")[0];
  std::string deleted = t.Enqueue("deleted", "c")[0];
  const std::string new_url = "https://chat.example.com/hooks/new-4a5b6c7d8e9f0a1b";
  ASSERT_TRUE(t.env().Update("Incoming Webhook URL", "moved", {{"webhook_url", new_url}}).ok());
  ASSERT_TRUE(t.env().Update("Incoming Webhook URL", "off", {{"enabled", 0}}).ok());
  ASSERT_TRUE(t.env().Delete("Incoming Webhook URL", "deleted").ok());
  t.StartDispatcher();
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) {
    return s.delivered == 1 && s.failed == 2 && s.unrecorded == 0;
  }));
  auto requests = t.fake_http().requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].url, new_url);
  EXPECT_EQ(t.Delivery(off)["last_error"], "Incoming Webhook URL 'off' is disabled");
  EXPECT_EQ(t.Delivery(deleted)["last_error"], "Incoming Webhook URL 'deleted' no longer exists");

  // A change made while the worker runs applies to the next message.
  ASSERT_TRUE(t.env().Update("Incoming Webhook URL", "off", {{"enabled", 1}}).ok());
  t.Enqueue("off", "d");
  ASSERT_TRUE(
      t.WaitFor([](const DispatcherStats& s) { return s.delivered == 2 && s.unrecorded == 0; }));
  EXPECT_EQ(t.fake_http().requests().back().url, DeliveryTestEnv::UrlOf("off"));
}

TEST(OutboxDispatcherTest, SecretsInAnswersNeverReachTheRecords) {
  DeliveryTestEnv t;
  t.fake_http().set_responder(
      [](const HttpRequest& r) { return FakeHttpSender::Answer(500, "cannot post to " + r.url); });
  t.AddWebhook("leaky", "Mattermost", {{"rate_limit", "unlimited"}});
  std::string name = t.Enqueue("leaky", "x")[0];
  t.StartDispatcher();
  ASSERT_TRUE(
      t.WaitFor([](const DispatcherStats& s) { return s.retried == 1 && s.unrecorded == 0; }));
  Json d = t.Delivery(name);
  EXPECT_EQ(d["last_error"].get<std::string>().find("9f8e7d6c5b4a"), std::string::npos)
      << d["last_error"];
  EXPECT_NE(d["last_error"].get<std::string>().find("[redacted]"), std::string::npos);
  EXPECT_EQ(t.Row(OutboxIdOf(t, name)).last_error.find("9f8e7d6c5b4a"), std::string::npos);
}

TEST(OutboxDispatcherTest, StopFinishesWhatIsOnTheWireAndGivesTheRestBack) {
  DeliveryTestEnv t;
  t.fake_http().Hold(true);
  t.AddWebhook("mm", "Mattermost", {{"rate_limit", "unlimited"}});
  std::vector<std::string> names;
  for (int i = 0; i < 3; ++i) names.push_back(t.Enqueue("mm", "m" + std::to_string(i))[0]);
  t.StartDispatcher();
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) { return s.in_flight == 1 && s.held == 3; }));
  OutboxDispatcher& dispatcher = t.dispatcher();
  std::thread stopper([&] { dispatcher.Stop(); });
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) { return s.stopping; }));
  EXPECT_EQ(dispatcher.stats().in_flight, 1u) << "Stop waits for the answer on the wire";
  t.fake_http().ReleaseAll();
  stopper.join();
  EXPECT_EQ(t.Delivery(names[0])["status"], "Delivered");
  for (int i = 1; i < 3; ++i) {
    OutboxMessage row = t.Row(OutboxIdOf(t, names[i]));
    EXPECT_EQ(row.status, "queued");
    EXPECT_EQ(row.attempts, 0);
    EXPECT_EQ(row.lease_owner, "");
    EXPECT_EQ(t.Delivery(names[i])["status"], "Queued");
  }
  EXPECT_EQ(t.fake_http().requests().size(), 1u);
}

TEST(OutboxDispatcherTest, RowsAWorkerCannotSendBeforeItsLeaseEndsAreGivenBack) {
  DeliveryTestEnv t;
  TimedResponder timed(t.clock());
  timed.answer = [](const HttpRequest&, size_t) {
    return FakeHttpSender::Answer(200, R"({"success":true})");
  };
  t.fake_http().set_responder(timed.Responder());
  t.AddWebhook("rc", "Rocket.Chat");  // 10 per minute.
  for (int i = 0; i < 40; ++i) t.Enqueue("rc", "m" + std::to_string(i));
  t.StartDispatcher({.lease = minutes(2)});
  // The burst of 10 goes at once; the lease (2 min, given back 30 s early) covers 14 more at one
  // per 6 s (+6 s to +84 s); the other 16 go back to the queue behind them.
  const TimePoint start = t.clock().Now();
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) {
    return s.delivered == 10 && s.released == 16 && s.unrecorded == 0;
  })) << t.Describe();
  int queued = 0;
  for (const OutboxMessage& row : t.Rows()) queued += row.status == "queued" ? 1 : 0;
  EXPECT_EQ(queued, 16);
  // Over the next minutes all 40 go, in order, never faster than the limit.
  for (int i = 0; i < 400 && t.dispatcher().stats().delivered < 40; ++i) {
    t.AdvanceAndLook(seconds(1));
  }
  ASSERT_TRUE(t.WaitFor([](const DispatcherStats& s) { return s.delivered == 40; }));
  auto seen = timed.Seen();
  ASSERT_EQ(seen.size(), 40u);
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_NE(seen[i].second.find("\"text\":\"m" + std::to_string(i) + "\""), std::string::npos)
        << i << ": " << seen[i].second;
    // A burst of 10, then one every 6 s: never sooner.
    if (i >= 10) {
      EXPECT_GE(seen[i].first - start, seconds(6) * static_cast<int>(i - 9)) << i;
    }
  }
}

}  // namespace
}  // namespace crier
