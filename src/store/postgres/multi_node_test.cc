// Several crier nodes on one database, each played by its own PostgresStore (own connections,
// own listener, own write mutex): outbox claims, series, optimistic updates, messages, exclusive
// runs and migrations must hold across them as they do inside one process.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "store/open_store.h"
#include "store/postgres/connection.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/testing/pg_test_database.h"

namespace crier {
namespace {

using pg::PgTestDatabase;
using Clock = std::chrono::steady_clock;

constexpr auto kDeadline = std::chrono::seconds(20);

// Polls `done` until it holds or the deadline passes (for what another thread or process does).
template <typename Done>
bool WaitFor(Done done) {
  auto deadline = Clock::now() + kDeadline;
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// Whether an exclusive run happened (false when refused or failed).
bool Ran(const Result<bool>& r) {
  return r.ok() && *r;
}

Json Doc(const std::string& name, const std::string& modified) {
  return Json{{"doctype", "Issue"},
              {"name", name},
              {"docstatus", 0},
              {"owner", "Administrator"},
              {"creation", modified},
              {"modified", modified},
              {"modified_by", "Administrator"}};
}

class MultiNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = db_.url();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
  }
  std::unique_ptr<Store> Node() {
    auto store = OpenStore(url_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
  std::unique_ptr<pg::Connection> Admin() {
    auto info = pg::ParseConnInfo(url_);
    auto conn = pg::Connection::Open(*info, "crier-test");
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    return conn.ok() ? std::move(conn).value() : nullptr;
  }

  PgTestDatabase db_;
  std::string url_;
};

TEST_F(MultiNodeTest, ConcurrentStartsMigrateOnce) {
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<Store>> nodes(kNodes);
  std::vector<Status> errors(kNodes);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kNodes; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kNodes) std::this_thread::yield();  // Start together.
      auto store = OpenStore(url_);
      if (store.ok()) {
        nodes[i] = std::move(store).value();
      } else {
        errors[i] = store.status();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kNodes; ++i) {
    ASSERT_TRUE(errors[i].ok()) << errors[i].ToString();
    EXPECT_EQ(*nodes[i]->SchemaVersion(), *nodes[0]->SchemaVersion());
  }
  auto admin = Admin();
  auto rows = admin->Run("SELECT version, COUNT(*) FROM schema_migrations GROUP BY version");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_GE(rows->size(), 1);
  for (int i = 0; i < rows->size(); ++i) EXPECT_EQ(rows->Int(i, 1), 1) << "version " << i;
}

TEST_F(MultiNodeTest, ClaimsNeverGiveOneMessageToTwoNodesNorBreakQueueOrder) {
  constexpr int kQueues = 12, kPerQueue = 25, kWorkersPerNode = 3;
  auto a = Node(), b = Node();
  ASSERT_TRUE(a && b);
  std::set<std::int64_t> all;
  ASSERT_TRUE(RunInWriteTxn(*a, [&](WriteTxn& t) {
                for (int i = 0; i < kQueues * kPerQueue; ++i) {
                  OutboxMessage m;
                  m.queue = "hook" + std::to_string(i % kQueues);
                  m.channel = "webhook";
                  m.payload = "{}";
                  m.created_us = m.next_attempt_us = 1;
                  CRIER_ASSIGN_OR_RETURN(std::int64_t id, t.EnqueueOutbox(m));
                  all.insert(id);
                }
                return Status::Ok();
              }).ok());
  std::mutex mu;
  std::map<std::int64_t, int> times_claimed;               // Guarded by mu.
  std::map<std::string, std::vector<std::int64_t>> order;  // Per queue, as claimed.
  std::atomic<int> errors{0};
  auto finished = [&] {
    std::lock_guard lock(mu);
    return times_claimed.size() == all.size();
  };
  const auto deadline = Clock::now() + kDeadline;
  auto work = [&](Store& node, int worker) {
    const std::string owner = "w" + std::to_string(worker);
    while (!finished() && Clock::now() < deadline) {
      std::vector<OutboxMessage> claimed;
      Status s = RunInWriteTxn(node, [&](WriteTxn& t) {
        CRIER_ASSIGN_OR_RETURN(claimed, t.ClaimOutbox(owner, 10, 1'000'000'000, 4));
        return Status::Ok();
      });
      if (!s.ok()) {
        ++errors;
        ADD_FAILURE() << s.ToString();
        return;
      }
      if (claimed.empty()) {
        std::this_thread::yield();  // Every claimable queue is held: others are delivering.
        continue;
      }
      {
        std::lock_guard lock(mu);
        for (const OutboxMessage& m : claimed) {
          ++times_claimed[m.id];
          order[m.queue].push_back(m.id);
        }
      }
      // Delivered: the queue's next messages may go (the lease would hold them back otherwise).
      s = RunInWriteTxn(node, [&](WriteTxn& t) {
        for (OutboxMessage m : claimed) {
          m.status = "delivered";
          CRIER_RETURN_IF_ERROR(t.UpdateOutbox(m));
        }
        return Status::Ok();
      });
      if (!s.ok()) {
        ++errors;
        ADD_FAILURE() << s.ToString();
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkersPerNode; ++w) {
    threads.emplace_back(work, std::ref(*a), w);
    threads.emplace_back(work, std::ref(*b), 100 + w);
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(times_claimed.size(), all.size());
  for (const auto& [id, n] : times_claimed) EXPECT_EQ(n, 1) << "message " << id;
  // A queue's messages were claimed in id order: no node overtook a message still to be sent.
  for (const auto& [queue, ids] : order) {
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << queue;
    EXPECT_EQ(ids.size(), static_cast<size_t>(kPerQueue)) << queue;
  }
  auto r = a->BeginRead();
  EXPECT_EQ(*(*r)->CountOutbox("delivered"), kQueues * kPerQueue);
}

TEST_F(MultiNodeTest, ANodeDoesNotClaimFromAQueueAnotherNodeIsClaiming) {
  auto a = Node(), b = Node();
  ASSERT_TRUE(a && b);
  std::vector<std::int64_t> ids;
  ASSERT_TRUE(RunInWriteTxn(*a, [&](WriteTxn& t) {
                for (const char* q : {"hookA", "hookA", "hookB"}) {
                  OutboxMessage m;
                  m.queue = q;
                  m.channel = "webhook";
                  m.payload = "{}";
                  CRIER_ASSIGN_OR_RETURN(std::int64_t id, t.EnqueueOutbox(m));
                  ids.push_back(id);
                }
                return Status::Ok();
              }).ok());
  // Node A claims hookA's head and has not committed yet.
  auto wa = a->BeginWrite();
  ASSERT_TRUE(wa.ok());
  auto claimed_a = (*wa)->ClaimOutbox("a", 0, 100, 1);
  ASSERT_TRUE(claimed_a.ok()) << claimed_a.status().ToString();
  ASSERT_EQ(claimed_a->size(), 1u);
  EXPECT_EQ((*claimed_a)[0].id, ids[0]);
  // Node B must neither take A's message nor hookA's second one (which would overtake it).
  std::vector<std::int64_t> got_b;
  ASSERT_TRUE(RunInWriteTxn(*b, [&](WriteTxn& t) {
                CRIER_ASSIGN_OR_RETURN(auto claimed, t.ClaimOutbox("b", 0, 100, 10));
                for (const auto& m : claimed) got_b.push_back(m.id);
                return Status::Ok();
              }).ok());
  EXPECT_EQ(got_b, (std::vector<std::int64_t>{ids[2]}));
  ASSERT_TRUE((*wa)->Commit().ok());
}

TEST_F(MultiNodeTest, SeriesValuesAreDistinctAcrossNodes) {
  constexpr int kThreadsPerNode = 4, kEach = 40;
  auto a = Node(), b = Node();
  ASSERT_TRUE(a && b);
  std::mutex mu;
  std::set<std::int64_t> seen;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (Store* node : {a.get(), b.get()}) {
    for (int i = 0; i < kThreadsPerNode; ++i) {
      threads.emplace_back([&, node] {
        for (int j = 0; j < kEach; ++j) {
          std::int64_t v = 0;
          Status s = RunInWriteTxn(*node, [&](WriteTxn& t) {
            CRIER_ASSIGN_OR_RETURN(v, t.NextSeriesValue("ISS-"));
            return Status::Ok();
          });
          if (!s.ok()) {
            ++errors;
            continue;
          }
          std::lock_guard lock(mu);
          seen.insert(v);
        }
      });
    }
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(seen.size(), static_cast<size_t>(2 * kThreadsPerNode * kEach));
  EXPECT_EQ(*seen.rbegin(), 2 * kThreadsPerNode * kEach);
}

TEST_F(MultiNodeTest, ARacingUpdateOnAnotherNodeIsAConflict) {
  auto a = Node(), b = Node();
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(RunInWriteTxn(*a, [](WriteTxn& t) { return t.InsertDoc(Doc("X", "m1")); }).ok());
  auto wa = a->BeginWrite();
  ASSERT_TRUE(wa.ok());
  ASSERT_TRUE((*wa)->UpdateDoc(Doc("X", "m2a"), "m1").ok());
  Status b_result;
  std::thread racer([&] {
    b_result = RunInWriteTxn(*b, [](WriteTxn& t) { return t.UpdateDoc(Doc("X", "m2b"), "m1"); });
  });
  // B waits on A's row lock; once it does, A commits.
  auto admin = Admin();
  EXPECT_TRUE(WaitFor([&] {
    auto rows = admin->Run(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND "
        "wait_event_type = 'Lock'");
    return rows.ok() && rows->Int(0, 0) > 0;
  }));
  ASSERT_TRUE((*wa)->Commit().ok());
  racer.join();
  EXPECT_EQ(b_result.code(), StatusCode::kConflict) << b_result.ToString();
  auto r = b->BeginRead();
  EXPECT_EQ((**(*r)->GetDoc("Issue", "X"))["modified"], "m2a");
}

TEST_F(MultiNodeTest, PublishedMessagesReachEveryNodeAfterCommit) {
  auto a = Node(), b = Node();
  ASSERT_TRUE(a && b);
  std::mutex mu;
  std::vector<std::string> heard_a, heard_b;
  a->Subscribe("outbox", [&](std::string_view p) {
    std::lock_guard lock(mu);
    heard_a.emplace_back(p);
  });
  b->Subscribe("outbox", [&](std::string_view p) {
    std::lock_guard lock(mu);
    heard_b.emplace_back(p);
  });
  Status rolled_back = RunInWriteTxn(*b, [](WriteTxn& t) {
    t.Publish("outbox", "never");
    return Conflict("abandon");
  });
  EXPECT_EQ(rolled_back.code(), StatusCode::kConflict);
  ASSERT_TRUE(RunInWriteTxn(*b, [](WriteTxn& t) {
                t.Publish("outbox", "wake");
                t.Publish("outbox", "wake");  // Twice: delivered once, everywhere.
                t.Publish("other", "ignored");
                t.Publish("outbox", "multi\nline payload");
                return Status::Ok();
              }).ok());
  const std::vector<std::string> expected = {"wake", "multi\nline payload"};
  EXPECT_TRUE(WaitFor([&] {
    std::lock_guard lock(mu);
    return heard_a.size() >= expected.size();
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // Time for a late twin to show.
  std::lock_guard lock(mu);
  EXPECT_EQ(heard_a, expected);  // Nothing from the rolled-back transaction.
  EXPECT_EQ(heard_b, expected);  // The publisher hears itself once, at commit.
}

TEST_F(MultiNodeTest, TheListenerReconnectsAndHearsAgain) {
  auto a = Node(), b = Node();
  ASSERT_TRUE(a && b);
  auto* pa = dynamic_cast<PostgresStore*>(a.get());
  ASSERT_NE(pa, nullptr);
  std::atomic<int> heard{0};
  a->Subscribe("t", [&](std::string_view) { ++heard; });
  int old_pid = pa->listener_backend_pid();
  ASSERT_NE(old_pid, 0);
  auto admin = Admin();
  ASSERT_TRUE(admin->Run("SELECT pg_terminate_backend($1)", old_pid).ok());
  ASSERT_TRUE(WaitFor([&] {
    int pid = pa->listener_backend_pid();
    return pid != 0 && pid != old_pid;
  }));
  ASSERT_TRUE(RunInWriteTxn(*b, [](WriteTxn& t) {
                t.Publish("t", "after the drop");
                return Status::Ok();
              }).ok());
  EXPECT_TRUE(WaitFor([&] { return heard.load() == 1; }));
}

TEST_F(MultiNodeTest, AnExclusiveRunExcludesTheOtherNode) {
  auto a = Node(), b = Node();
  ASSERT_TRUE(a && b);
  int ran = 0;
  Result<bool> outer = a->RunExclusive("scheduler", [&]() -> Status {
    ++ran;
    Result<bool> other_node = b->RunExclusive("scheduler", [&] {
      ++ran;
      return Status::Ok();
    });
    EXPECT_TRUE(other_node.ok()) << other_node.status().ToString();
    EXPECT_FALSE(*other_node);
    Result<bool> other_lock = b->RunExclusive("digest", [] { return Status::Ok(); });
    EXPECT_TRUE(Ran(other_lock));
    return Status::Ok();
  });
  ASSERT_TRUE(outer.ok()) << outer.status().ToString();
  EXPECT_TRUE(*outer);
  EXPECT_EQ(ran, 1);
  EXPECT_TRUE(Ran(b->RunExclusive("scheduler", [] { return Status::Ok(); })));
  // A node that dies holding the lock releases it with its session.
  std::atomic<bool> holding{false}, release{false};
  std::thread holder([&] {
    (void)a->RunExclusive("scheduler", [&] {
      holding = true;
      while (!release) std::this_thread::yield();
      return Status::Ok();
    });
  });
  ASSERT_TRUE(WaitFor([&] { return holding.load(); }));
  EXPECT_FALSE(Ran(b->RunExclusive("scheduler", [] { return Status::Ok(); })));
  auto admin = Admin();
  ASSERT_TRUE(admin
                  ->Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                         "application_name = 'crier-locks' AND datname = current_database()")
                  .ok());
  // (b's own idle lock connection went too: it is replaced without an error.)
  EXPECT_TRUE(
      WaitFor([&] { return Ran(b->RunExclusive("scheduler", [] { return Status::Ok(); })); }));
  release = true;
  holder.join();
}

}  // namespace
}  // namespace crier
