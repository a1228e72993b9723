// What the delivery workers' tests share: a document layer on a fresh SQLite store with a fake
// clock, webhooks and e-mail accounts, messages queued through the real EnqueueChat/EnqueueEmail,
// fake HTTP and SMTP senders, and a dispatcher started on demand. Test-only (header-only).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "delivery/delivery_metrics.h"
#include "delivery/enqueue.h"
#include "delivery/fake_http_sender.h"
#include "delivery/outbox_dispatcher.h"
#include "delivery/target_change_hook.h"
#include "model/test_env.h"

namespace crier {

// Answers every e-mail with what `respond` says (delivered by default) and records them.
class FakeMailSender final : public MailSender {
 public:
  Outcome Send(const EmailAccount& account, const EmailMessage& message) override {
    std::lock_guard<std::mutex> lock(mu_);
    sent_.push_back({account, message});
    if (respond_) return respond_(message);
    Outcome o;
    o.verdict = Verdict::kDelivered;
    o.reason = Reason::kDelivered;
    o.http_status = 250;
    return o;
  }
  void set_respond(std::function<Outcome(const EmailMessage&)> respond) {
    std::lock_guard<std::mutex> lock(mu_);
    respond_ = std::move(respond);
  }
  std::vector<std::pair<EmailAccount, EmailMessage>> sent() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sent_;
  }

 private:
  mutable std::mutex mu_;
  std::function<Outcome(const EmailMessage&)> respond_;
  std::vector<std::pair<EmailAccount, EmailMessage>> sent_;
};

class DeliveryTestEnv {
 public:
  static constexpr auto kWait = std::chrono::seconds(20);  // A deadline, never a sleep.

  // `http` answers requests (a FakeHttpSender unless a test brings its own).
  explicit DeliveryTestEnv(HttpSender* http = nullptr) : http_(http ? http : &fake_http_) {
    env_.documents().AddHook(std::make_unique<TargetChangeHook>());
    channel_env_.base_url = "https://erp.example.com";
  }
  ~DeliveryTestEnv() { StopDispatcher(); }

  ModelTestEnv& env() { return env_; }
  FakeClock& clock() { return env_.clock(); }
  FakeHttpSender& fake_http() { return fake_http_; }
  FakeMailSender& mail() { return mail_; }
  DeliveryMetrics& metrics() { return metrics_; }
  OutboxDispatcher& dispatcher() { return *dispatcher_; }

  // "https://chat.example.com/hooks/<name>-9f8e7d6c5b4a" (the suffix makes a secret-looking
  // token).
  static std::string UrlOf(const std::string& name) {
    return "https://chat.example.com/hooks/" + name + "-9f8e7d6c5b4a3f2e1d0c";
  }

  void AddWebhook(const std::string& name, const std::string& service = "Mattermost",
                  Json extra = Json::object()) {
    Json doc = {{"webhook_name", name}, {"service", service}, {"webhook_url", UrlOf(name)}};
    doc.update(extra);
    auto r = env_.Insert("Incoming Webhook URL", doc);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  void AddEmailAccount(const std::string& name) {
    auto r = env_.Insert("Email Account", {{"email_account_name", name},
                                           {"email_id", "crier@example.com"},
                                           {"smtp_server", "smtp.example.com"},
                                           {"login_id", "crier@example.com"},
                                           {"password", "smtp-Passw0rd-123"},
                                           {"default_outgoing", 1}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  // Queues `text` for `webhook` in its own transaction; returns the Webhook Delivery names.
  std::vector<std::string> Enqueue(const std::string& webhook, const std::string& text) {
    std::vector<std::string> names;
    Status s = RunInWriteTxn(env_.store(), [&](WriteTxn& txn) -> Status {
      ChatMessage m;
      m.text = text;
      m.reference_doctype = "Issue";
      m.reference_name = "ISS-0001";
      m.notification = "Issue created";
      CRIER_ASSIGN_OR_RETURN(names,
                             EnqueueChat(txn, env_.documents(), channel_env_, webhook, m, {}));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return names;
  }

  std::string EnqueueMail(const std::string& subject) {
    std::string name;
    Status s = RunInWriteTxn(env_.store(), [&](WriteTxn& txn) -> Status {
      EmailDelivery e;
      e.recipients = {"ops@example.com"};
      e.subject = subject;
      e.message = "**Hello**";
      CRIER_ASSIGN_OR_RETURN(name, EnqueueEmail(txn, env_.documents(), e, {}));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return name;
  }

  void StartDispatcher(DispatcherOptions options = {}) {
    dispatcher_ = std::make_unique<OutboxDispatcher>(
        OutboxDispatcher::Deps{env_.store(), env_.documents(), *http_, mail_, channel_env_,
                               env_.clock(), env_.random(), &metrics_},
        std::move(options));
    ASSERT_TRUE(dispatcher_->Start().ok());
  }
  void StopDispatcher() {
    if (dispatcher_) dispatcher_->Stop();
    dispatcher_.reset();
  }

  // Waits (up to kWait, real time) until `done(stats)` holds.
  bool WaitFor(const std::function<bool(const DispatcherStats&)>& done) {
    return dispatcher_->WaitFor(done, kWait);
  }
  // Waits until nothing is on the wire and every outcome is written.
  bool WaitSettled() {
    return WaitFor([](const DispatcherStats& s) {
      return s.in_flight == 0 && s.unrecorded == 0 && s.held == 0;
    });
  }
  // Moves the fake clock and waits until the worker thread went twice round its loop after it
  // (so that everything due by the new time was looked at).
  void AdvanceAndLook(Micros d) {
    clock().Advance(d);
    Look();
  }
  void Look() {
    const std::uint64_t loops = dispatcher_->stats().loops;
    for (std::uint64_t round = 1; round <= 2; ++round) {
      dispatcher_->Wake();
      ASSERT_TRUE(WaitFor([&](const DispatcherStats& s) { return s.loops >= loops + round; }));
    }
  }

  // The dispatcher's figures and every row, for failure messages.
  std::string Describe() {
    DispatcherStats s = dispatcher_->stats();
    std::string out =
        "claimed=" + std::to_string(s.claimed) + " sent=" + std::to_string(s.sent) +
        " delivered=" + std::to_string(s.delivered) + " retried=" + std::to_string(s.retried) +
        " failed=" + std::to_string(s.failed) + " released=" + std::to_string(s.released) +
        " held=" + std::to_string(s.held) + " in_flight=" + std::to_string(s.in_flight) +
        " unrecorded=" + std::to_string(s.unrecorded) + "\n";
    for (const OutboxMessage& r : Rows()) {
      out += "  row " + std::to_string(r.id) + " " + r.status +
             " attempts=" + std::to_string(r.attempts) +
             " next=" + std::to_string(r.next_attempt_us) + " owner=" + r.lease_owner + "\n";
    }
    return out;
  }

  OutboxMessage Row(std::int64_t id) {
    auto txn = env_.store().BeginRead();
    return (*txn)->GetOutbox(id).value().value();
  }
  std::vector<OutboxMessage> Rows() {
    auto txn = env_.store().BeginRead();
    return (*txn)->ListOutbox("", 100000).value();
  }
  Json Delivery(const std::string& name) { return env_.Get("Webhook Delivery", name).value(); }

 private:
  ModelTestEnv env_;
  FakeHttpSender fake_http_;
  HttpSender* http_;
  FakeMailSender mail_;
  ChannelEnv channel_env_;
  DeliveryMetrics metrics_;
  std::unique_ptr<OutboxDispatcher> dispatcher_;
};

}  // namespace crier
