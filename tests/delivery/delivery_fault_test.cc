// The delivery pipeline against real sockets on loopback when things go wrong: the chat service
// down then back, throttling with Retry-After, a slow service beside a fast one, and crier killed
// (SIGKILL) in the middle of a 10,000-message run. Real SQLite store, real curl sender, the mock
// chat services (tests/mock_chat), the system clock. The receiver is down for 30 seconds; the retry
// policy is shortened (200 ms doubling to 1 s) so that the outage holds many retries.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "mock_chat.h"
#include "pipeline.h"
#include "subprocess.h"

namespace crier::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kDeadline = std::chrono::seconds(60);

// The message text of a request the mock received ("msg 12"), from its JSON body.
std::string TextOf(const mock::Record& r) {
  nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
  if (!body.is_object()) return "";
  std::string text = body.value("text", "");
  return text.substr(0, text.find('\n'));
}

// The webhook a request went to: the last path segment.
std::string HookOf(const mock::Record& r) {
  std::string path = r.target.substr(0, r.target.find('?'));
  return path.substr(path.rfind('/') + 1);
}

class DeliveryFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(mock_.Start());
    std::string tmpl = (std::filesystem::temp_directory_path() / "crier-fault-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
  }
  void TearDown() override {
    pipeline_.reset();
    mock_.Stop();
    std::filesystem::remove_all(dir_);
  }

  void Open() {
    PipelineOptions o;
    o.db_path = dir_ + "/crier.db";
    o.dispatcher.node_id = "fault-test";
    o.dispatcher.retry.initial_delay = milliseconds(200);
    o.dispatcher.retry.max_delay = seconds(1);
    o.curl.connect_timeout = seconds(2);
    auto p = Pipeline::Open(o);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    pipeline_ = std::move(p).value();
  }

  std::string HookUrl(const std::string& service, int i) {
    if (service == "slack")
      return mock_.ServiceUrl("slack") + fmt::format("/services/T{0:08d}/B{0:08d}/s{0:023d}", i);
    return mock_.ServiceUrl("mattermost") + fmt::format("/hooks/h{:025d}", i);
  }

  bool WaitFor(const std::function<bool(const DispatcherStats&)>& done) {
    return pipeline_->dispatcher().WaitFor(done, kDeadline);
  }

  mock::MockChat mock_;
  std::string dir_;
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(DeliveryFaultTest, ReceiverDownThenBackEverythingArrivesInOrder) {
  Open();
  const int kHooks = 3, kEach = 20;
  for (int w = 0; w < kHooks; ++w) {
    ASSERT_TRUE(
        pipeline_->AddWebhook(fmt::format("hook{}", w), "Mattermost", HookUrl("mattermost", w))
            .ok());
  }
  mock_.SetDown(true);
  ASSERT_TRUE(pipeline_->Start().ok());
  std::vector<std::pair<std::string, std::string>> batch;
  for (int i = 0; i < kEach; ++i) {
    for (int w = 0; w < kHooks; ++w)
      batch.emplace_back(fmt::format("hook{}", w), fmt::format("msg {}", i));
  }
  ASSERT_TRUE(pipeline_->Enqueue(batch).ok());
  // The receiver stays down for 30 seconds (issue 5's outage), refusing every webhook again and
  // again (the shortened policy retries each about once a second).
  const auto back_at = std::chrono::steady_clock::now() + seconds(30);
  while (std::chrono::steady_clock::now() < back_at) std::this_thread::sleep_for(milliseconds(100));
  EXPECT_GE(pipeline_->dispatcher().stats().retried, static_cast<std::uint64_t>(kHooks * 10));
  EXPECT_EQ(pipeline_->dispatcher().stats().delivered, 0u);
  // Every refusal is counted as a "connection" attempt (read while retries go on: within one
  // attempt per webhook).
  EXPECT_NEAR(pipeline_->metrics().Attempts("Mattermost", "connection"),
              static_cast<double>(pipeline_->dispatcher().stats().retried), kHooks);
  mock_.SetDown(false);
  ASSERT_TRUE(WaitFor([&](const DispatcherStats& s) {
    return s.delivered == static_cast<std::uint64_t>(kHooks * kEach) && s.unrecorded == 0;
  }));
  std::map<std::string, std::vector<std::string>> by_hook;
  for (const mock::Record& r : mock_.Requests("mattermost")) {
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.problems.empty());
    by_hook[HookOf(r)].push_back(TextOf(r));
  }
  ASSERT_EQ(by_hook.size(), static_cast<size_t>(kHooks));
  for (const auto& [hook, texts] : by_hook) {
    ASSERT_EQ(texts.size(), static_cast<size_t>(kEach)) << hook << ": nothing lost, nothing twice";
    for (int i = 0; i < kEach; ++i) EXPECT_EQ(texts[i], fmt::format("msg {}", i)) << hook;
  }
  EXPECT_EQ(*pipeline_->Count("delivered"), kHooks * kEach);
}

TEST_F(DeliveryFaultTest, RetryAfterIsRespectedNotAnticipated) {
  Open();
  ASSERT_TRUE(pipeline_->AddWebhook("mm", "Mattermost", HookUrl("mattermost", 1)).ok());
  ASSERT_TRUE(pipeline_->AddWebhook("sl", "Slack", HookUrl("slack", 2)).ok());
  mock::ModeSpec throttle;
  throttle.mode = mock::Mode::kThrottle;
  throttle.retry_after = "2";
  throttle.count = 1;
  mock_.SetMode("mattermost", throttle);
  ASSERT_TRUE(pipeline_->Start().ok());
  ASSERT_TRUE(
      pipeline_->Enqueue({{"mm", "msg 0"}, {"mm", "msg 1"}, {"sl", "msg 0"}, {"sl", "msg 1"}})
          .ok());
  ASSERT_TRUE(
      WaitFor([](const DispatcherStats& s) { return s.delivered == 4 && s.unrecorded == 0; }));
  std::vector<mock::Record> mm = mock_.Requests("mattermost");
  ASSERT_EQ(mm.size(), 3u);
  EXPECT_EQ(mm[0].status, 429);
  EXPECT_EQ(TextOf(mm[1]), "msg 0") << "the throttled message goes again first";
  EXPECT_EQ(TextOf(mm[2]), "msg 1");
  EXPECT_GE(mm[1].received_us - mm[0].received_us, 2'000'000) << "not before Retry-After";
  std::vector<mock::Record> sl = mock_.Requests("slack");
  ASSERT_EQ(sl.size(), 2u);
  EXPECT_LT(sl[1].seq, mm[1].seq) << "the other webhook did not wait for the throttled one";
}

TEST_F(DeliveryFaultTest, ASlowReceiverDoesNotHoldUpTheOthers) {
  Open();
  ASSERT_TRUE(pipeline_->AddWebhook("slow", "Slack", HookUrl("slack", 3)).ok());
  ASSERT_TRUE(pipeline_->AddWebhook("fast", "Mattermost", HookUrl("mattermost", 4)).ok());
  mock::ModeSpec slow;
  slow.mode = mock::Mode::kSlow;
  slow.delay_ms = 3000;
  slow.count = 1;
  mock_.SetMode("slack", slow);
  ASSERT_TRUE(pipeline_->Start().ok());
  std::vector<std::pair<std::string, std::string>> batch = {{"slow", "msg 0"}, {"slow", "msg 1"}};
  for (int i = 0; i < 30; ++i) batch.emplace_back("fast", fmt::format("msg {}", i));
  ASSERT_TRUE(pipeline_->Enqueue(batch).ok());
  ASSERT_TRUE(
      WaitFor([](const DispatcherStats& s) { return s.delivered == 32 && s.unrecorded == 0; }));
  std::vector<mock::Record> all = mock_.Requests();
  std::uint64_t last_fast = 0, second_slow = 0;
  int slow_seen = 0;
  for (const mock::Record& r : all) {
    if (r.service == "mattermost") last_fast = r.seq;
    if (r.service == "slack" && ++slow_seen == 2) second_slow = r.seq;
  }
  ASSERT_NE(second_slow, 0u);
  EXPECT_LT(last_fast, second_slow)
      << "all 30 fast messages went while the slow service held the first slow one";
}

// SIGKILL of a node in the middle of a large run, then a restart of the same node: no message is
// lost, and the messages sent twice are at most those the killed run held unrecorded.
TEST_F(DeliveryFaultTest, KilledMidRunLosesNothingAndDuplicatesOnlyItsWindow) {
  const int kMessages = 10000, kHooks = 4;
  const std::string driver = CRIER_OUTBOX_DRIVER;
  const std::string db = dir_ + "/crier.db";
  const std::string log = dir_ + "/driver.log";
  std::vector<std::string> args = {driver,
                                   "--db",
                                   db,
                                   "--url",
                                   mock_.ServiceUrl("mattermost"),
                                   "--webhooks",
                                   std::to_string(kHooks),
                                   "--messages",
                                   std::to_string(kMessages),
                                   "--node-id",
                                   "kill-test"};
  std::vector<std::string> first = args;
  first.push_back("--enqueue");
  auto run = Subprocess::Start(first, log);
  ASSERT_NE(run, nullptr);
  // Killed once every message is queued (the restarted run queues nothing) and a third went out.
  const auto enqueued_by = std::chrono::steady_clock::now() + kDeadline;
  while (ReadFile(log).find("enqueued") == std::string::npos &&
         std::chrono::steady_clock::now() < enqueued_by) {
    std::this_thread::sleep_for(milliseconds(2));
  }
  ASSERT_NE(ReadFile(log).find("enqueued"), std::string::npos) << ReadFile(log);
  ASSERT_TRUE(mock_.WaitForCount(kMessages / 3, kDeadline, "mattermost")) << ReadFile(log);
  ASSERT_EQ(kill(run->pid(), SIGKILL), 0);
  while (run->Running()) std::this_thread::sleep_for(milliseconds(5));  // Until reaped.

  // What the killed run held: the only rows it could have sent without recording it.
  std::int64_t held = 0, delivered_before = 0;
  {
    PipelineOptions o;
    o.db_path = db;
    auto look = Pipeline::Open(o);
    ASSERT_TRUE(look.ok()) << look.status().ToString();
    held = *(*look)->Count("sending");
    delivered_before = *(*look)->Count("delivered");
  }
  const std::uint64_t received_at_kill = mock_.Count("mattermost");
  ASSERT_LT(received_at_kill, static_cast<std::uint64_t>(kMessages)) << "killed too late to test";

  auto again = Subprocess::Start(args, log);
  ASSERT_NE(again, nullptr);
  const auto give_up = std::chrono::steady_clock::now() + kDeadline;
  while (again->Running() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(milliseconds(20));  // Waiting for the child's exit.
  }
  ASSERT_FALSE(again->Running()) << ReadFile(log);

  std::map<std::string, int> times;
  std::map<std::string, std::vector<int>> first_seen;  // Per webhook, in arrival order.
  std::set<std::string> seen;
  std::vector<mock::Record> requests = mock_.Requests("mattermost");
  for (const mock::Record& r : requests) {
    std::string text = TextOf(r);
    ++times[text];
    if (seen.insert(text).second) first_seen[HookOf(r)].push_back(std::stoi(text.substr(4)));
  }
  const int unique = static_cast<int>(times.size());
  const int duplicates = static_cast<int>(requests.size()) - unique;
  std::printf(
      "SIGKILL run: %d messages, killed after %llu requests (%lld recorded delivered, %lld held "
      "under the dead lease); after restart %zu requests: %d lost, %d duplicates\n",
      kMessages, static_cast<unsigned long long>(received_at_kill),
      static_cast<long long>(delivered_before), static_cast<long long>(held), requests.size(),
      kMessages - unique, duplicates);
  EXPECT_EQ(unique, kMessages) << "no message lost";
  EXPECT_LE(duplicates, held) << "only rows the killed run held can come twice";
  EXPECT_LE(duplicates, kHooks + 512) << "at most in flight + unrecorded outcomes";
  for (const auto& [hook, ids] : first_seen) {
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << hook << " kept its order";
  }
  PipelineOptions o;
  o.db_path = db;
  auto after = Pipeline::Open(o);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*(*after)->Count("delivered"), kMessages);
}

}  // namespace
}  // namespace crier::testing
