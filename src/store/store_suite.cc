// The store test suite (see store_suite.h): documents, versions, queries with every operator,
// transactions and snapshots, naming series under concurrency, credentials, settings, the outbox
// and the scheduler ledger.
#include "store/store_suite.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "store/copy_store.h"

namespace crier {

void StoreSuite::SetUp() {
  database_ = GetParam().make_database();
  Result<std::unique_ptr<Store>> s = database_->Open();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  store_ = std::move(s).value();
}

void StoreSuite::Reopen() {
  store_.reset();
  Result<std::unique_ptr<Store>> s = database_->Open();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  store_ = std::move(s).value();
}

namespace {

Json Doc(const std::string& doctype, const std::string& name, Json fields = Json::object(),
         const std::string& modified = "2026-01-01 10:00:00.000000") {
  Json d = std::move(fields);
  d["doctype"] = doctype;
  d["name"] = name;
  d["docstatus"] = d.value("docstatus", 0);
  d["owner"] = "Administrator";
  d["creation"] = modified;
  d["modified"] = modified;
  d["modified_by"] = "Administrator";
  return d;
}

void Insert(Store& store, const Json& doc) {
  Status s = RunInWriteTxn(store, [&](WriteTxn& t) { return t.InsertDoc(doc); });
  ASSERT_TRUE(s.ok()) << s.ToString();
}

std::vector<std::string> Names(Store& store, const DocQuery& q) {
  auto r = store.BeginRead();
  EXPECT_TRUE(r.ok());
  auto docs = (*r)->ListDocs(q);
  EXPECT_TRUE(docs.ok()) << docs.status().ToString();
  std::vector<std::string> names;
  if (docs.ok()) {
    for (const Json& d : *docs) names.push_back(d["name"]);
  }
  return names;
}

using V = std::vector<std::string>;

TEST_P(StoreSuite, InsertedDocumentsReadBackWhole) {
  Json d = Doc("Issue", "ISS-1", {{"subject", "Printer"}, {"total", 12.5}, {"rows", {{{"a", 1}}}}});
  Insert(store(), d);
  auto r = store().BeginRead();
  ASSERT_TRUE(r.ok());
  auto got = (*r)->GetDoc("Issue", "ISS-1");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, d);
  EXPECT_TRUE(*(*r)->DocExists("Issue", "ISS-1"));
  EXPECT_FALSE(*(*r)->DocExists("Issue", "ISS-2"));
  EXPECT_FALSE(*(*r)->DocExists("Task", "ISS-1"));
  auto missing = (*r)->GetDoc("Issue", "nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreSuite, DuplicateNameIsAConflictButOtherDoctypesMayShareIt) {
  Insert(store(), Doc("Issue", "X"));
  Status s = RunInWriteTxn(store(), [&](WriteTxn& t) { return t.InsertDoc(Doc("Issue", "X")); });
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  Insert(store(), Doc("Task", "X"));
}

TEST_P(StoreSuite, UpdateChecksTheModifiedTimestamp) {
  Insert(store(), Doc("Issue", "A", {{"status", "Open"}}, "2026-01-01 10:00:00.000001"));
  Json next = Doc("Issue", "A", {{"status", "Closed"}}, "2026-01-01 10:00:00.000002");
  Status stale = RunInWriteTxn(
      store(), [&](WriteTxn& t) { return t.UpdateDoc(next, "2026-01-01 09:00:00.000000"); });
  EXPECT_EQ(stale.code(), StatusCode::kConflict);
  Status ok = RunInWriteTxn(
      store(), [&](WriteTxn& t) { return t.UpdateDoc(next, "2026-01-01 10:00:00.000001"); });
  ASSERT_TRUE(ok.ok()) << ok.ToString();
  auto r = store().BeginRead();
  EXPECT_EQ((**(*r)->GetDoc("Issue", "A"))["status"], "Closed");
  r->reset();
  Status missing = RunInWriteTxn(store(), [&](WriteTxn& t) {
    return t.UpdateDoc(Doc("Issue", "B"), "2026-01-01 10:00:00.000000");
  });
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
}

TEST_P(StoreSuite, DeleteRemovesAndVersionsSurvive) {
  Json v1 = Doc("Issue", "A", {{"n", 1}}, "2026-01-01 10:00:00.000001");
  Json v2 = Doc("Issue", "A", {{"n", 2}}, "2026-01-01 10:00:00.000002");
  Insert(store(), v1);
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                CRIER_RETURN_IF_ERROR(t.AddVersion(v1));
                return t.UpdateDoc(v2, "2026-01-01 10:00:00.000001");
              }).ok());
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                CRIER_RETURN_IF_ERROR(t.AddVersion(v2));
                return t.DeleteDoc("Issue", "A");
              }).ok());
  auto r = store().BeginRead();
  EXPECT_FALSE((*(*r)->GetDoc("Issue", "A")).has_value());
  auto versions = (*r)->ListVersions("Issue", "A");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].doc, v2);  // Newest first.
  EXPECT_EQ((*versions)[1].doc, v1);
  EXPECT_GT((*versions)[0].id, (*versions)[1].id);
  r->reset();
  Status again = RunInWriteTxn(store(), [&](WriteTxn& t) { return t.DeleteDoc("Issue", "A"); });
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
}

// One writer at a time: each kept transaction is one commit, and a rolled-back one counts nothing.
TEST_P(StoreSuite, CountsCommittedWriteTransactions) {
  const CommitCounts before = store().commit_counts();
  for (const char* name : {"A", "B", "C"}) Insert(store(), Doc("Issue", name));
  Status refused = RunInWriteTxn(store(), [&](WriteTxn& t) -> Status {
    CRIER_RETURN_IF_ERROR(t.InsertDoc(Doc("Issue", "D")));
    return InvalidArgument("refused");
  });
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  const CommitCounts after = store().commit_counts();
  EXPECT_EQ(after.transactions - before.transactions, 3);
  EXPECT_EQ(after.commits - before.commits, 3);
}

TEST_P(StoreSuite, UncommittedWritesAreRolledBack) {
  {
    auto w = store().BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->InsertDoc(Doc("Issue", "ghost")).ok());
    ASSERT_TRUE((*w)->NextSeriesValue("ISS-").ok());
    // Destroyed without Commit().
  }
  auto r = store().BeginRead();
  EXPECT_FALSE(*(*r)->DocExists("Issue", "ghost"));
  r->reset();
  // The counter rolled back too: the name it gave was never used.
  std::int64_t v = 0;
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                CRIER_ASSIGN_OR_RETURN(v, t.NextSeriesValue("ISS-"));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(v, 1);
}

TEST_P(StoreSuite, ReadTransactionsSeeOneSnapshot) {
  Insert(store(), Doc("Issue", "A"));
  auto r = store().BeginRead();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*(*r)->DocExists("Issue", "A"));
  Insert(store(), Doc("Issue", "B"));
  EXPECT_FALSE(*(*r)->DocExists("Issue", "B"));  // Still the snapshot of its first read.
  auto fresh = store().BeginRead();
  EXPECT_TRUE(*(*fresh)->DocExists("Issue", "B"));
}

TEST_P(StoreSuite, CallbacksRunOnlyAfterCommit) {
  int committed = 0, rolled_back = 0;
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                t.OnCommit([&] { ++committed; });
                EXPECT_EQ(committed, 0);
                return t.InsertDoc(Doc("Issue", "A"));
              }).ok());
  EXPECT_EQ(committed, 1);
  Status s = RunInWriteTxn(store(), [&](WriteTxn& t) {
    t.OnCommit([&] { ++rolled_back; });
    return t.InsertDoc(Doc("Issue", "A"));  // Conflict: rolls back.
  });
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(rolled_back, 0);
}

// Each distinct message once: a transaction that queues several outbox rows publishes the same
// wake-up for each, and the workers (and, on PostgreSQL, the other nodes) hear it once.
TEST_P(StoreSuite, PublishedMessagesReachSubscribersAfterCommitOnlyAndOnce) {
  std::mutex mu;
  std::vector<std::string> heard;
  store().Subscribe("notification_changed", [&](std::string_view payload) {
    std::lock_guard lock(mu);
    heard.emplace_back(payload);
  });
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                t.Publish("notification_changed", "Issue");
                t.Publish("other_topic", "ignored");
                t.Publish("notification_changed", "Task");
                t.Publish("notification_changed", "Issue");  // Already published: dropped.
                std::lock_guard lock(mu);
                EXPECT_TRUE(heard.empty());  // Not before the commit.
                return t.InsertDoc(Doc("Issue", "A"));
              }).ok());
  Status s = RunInWriteTxn(store(), [&](WriteTxn& t) {
    t.Publish("notification_changed", "rolled back");
    return t.InsertDoc(Doc("Issue", "A"));  // Conflict: rolls back.
  });
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  // A shared database may deliver through another thread: wait for it with a deadline.
  auto wait_for_heard = [&](std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      {
        std::lock_guard lock(mu);
        if (heard.size() >= count || std::chrono::steady_clock::now() > deadline) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  };
  wait_for_heard(2);
  // The next transaction publishes "Issue" again: a new transaction, so heard again.
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                t.Publish("notification_changed", "Issue");
                return t.InsertDoc(Doc("Issue", "B"));
              }).ok());
  wait_for_heard(3);
  // A duplicate delivered late would show here: give it the time the first ones took.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::lock_guard lock(mu);
  EXPECT_EQ(heard, (std::vector<std::string>{"Issue", "Task", "Issue"}));
}

TEST_P(StoreSuite, RunExclusiveRefusesASecondHolder) {
  int ran = 0;
  Result<bool> outer = store().RunExclusive("scheduler", [&]() -> Status {
    ++ran;
    Result<bool> inner = store().RunExclusive("scheduler", [&] {
      ++ran;
      return Status::Ok();
    });
    EXPECT_TRUE(inner.ok());
    EXPECT_FALSE(*inner);  // Held by the outer call.
    Result<bool> other = store().RunExclusive("another lock", [] { return Status::Ok(); });
    EXPECT_TRUE(other.ok() && *other);
    return Status::Ok();
  });
  ASSERT_TRUE(outer.ok());
  EXPECT_TRUE(*outer);
  EXPECT_EQ(ran, 1);
  // Released afterwards, also when the body fails.
  Result<bool> failing = store().RunExclusive("scheduler", [] { return Internal("tick failed"); });
  EXPECT_EQ(failing.status().code(), StatusCode::kInternal);
  Result<bool> again = store().RunExclusive("scheduler", [] { return Status::Ok(); });
  EXPECT_TRUE(again.ok() && *again);
}

void InsertQueryFixture(Store& store) {
  Insert(store,
         Doc("Issue", "I1",
             {{"status", "Open"}, {"total", 100}, {"due_date", "2026-03-01"}, {"customer", "ACME"}},
             "2026-01-01 10:00:00.000001"));
  Insert(
      store,
      Doc("Issue", "I2",
          {{"status", "Closed"}, {"total", 2500.5}, {"due_date", "2026-03-02"}, {"customer", ""}},
          "2026-01-01 10:00:00.000002"));
  Insert(
      store,
      Doc("Issue", "I3",
          {{"status", "Open"}, {"total", 40000}, {"due_date", "2026-04-10"}, {"customer", nullptr}},
          "2026-01-01 10:00:00.000003"));
  Insert(store,
         Doc("Issue", "I4", {{"status", "Replied"}, {"total", 0}}, "2026-01-01 10:00:00.000004"));
  Insert(store, Doc("Task", "T1", {{"status", "Open"}, {"total", 100}}));
}

TEST_P(StoreSuite, FiltersFollowFrappeOperators) {
  InsertQueryFixture(store());
  struct Case {
    const char* what;
    Filter filter;
    V expected;  // Sorted by name.
  };
  const std::vector<Case> cases = {
      {"=", {"status", FilterOp::kEq, "Open"}, {"I1", "I3"}},
      {"= null", {"customer", FilterOp::kEq, nullptr}, {"I3", "I4"}},
      {"!= includes missing", {"customer", FilterOp::kNe, "ACME"}, {"I2", "I3", "I4"}},
      {">", {"total", FilterOp::kGt, 100}, {"I2", "I3"}},
      {">=", {"total", FilterOp::kGe, 100}, {"I1", "I2", "I3"}},
      {"<", {"total", FilterOp::kLt, 2500.5}, {"I1", "I4"}},
      {"<=", {"total", FilterOp::kLe, 2500.5}, {"I1", "I2", "I4"}},
      {"like", {"status", FilterOp::kLike, "%pen"}, {"I1", "I3"}},
      {"like is case-insensitive", {"customer", FilterOp::kLike, "ac%"}, {"I1"}},
      {"not like includes missing", {"customer", FilterOp::kNotLike, "AC%"}, {"I2", "I3", "I4"}},
      {"in", {"status", FilterOp::kIn, {"Closed", "Replied"}}, {"I2", "I4"}},
      {"in empty", {"status", FilterOp::kIn, Json::array()}, {}},
      {"not in includes missing", {"customer", FilterOp::kNotIn, {"ACME"}}, {"I2", "I3", "I4"}},
      {"not in empty", {"status", FilterOp::kNotIn, Json::array()}, {"I1", "I2", "I3", "I4"}},
      {"is set", {"customer", FilterOp::kIsSet, nullptr}, {"I1"}},
      {"is not set", {"customer", FilterOp::kIsNotSet, nullptr}, {"I2", "I3", "I4"}},
      {"between dates",
       {"due_date", FilterOp::kBetween, {"2026-03-01", "2026-03-31"}},
       {"I1", "I2"}},
      {"between numbers", {"total", FilterOp::kBetween, {100, 2500.5}}, {"I1", "I2"}},
      {"standard column", {"name", FilterOp::kEq, "I4"}, {"I4"}},
      {"modified >", {"modified", FilterOp::kGt, "2026-01-01 10:00:00.000002"}, {"I3", "I4"}},
  };
  for (const Case& c : cases) {
    DocQuery q{"Issue", {c.filter}, {{"name", false}}};
    EXPECT_EQ(Names(store(), q), c.expected) << c.what;
  }
}

TEST_P(StoreSuite, FiltersCombineWithAnd) {
  InsertQueryFixture(store());
  DocQuery q{"Issue",
             {{"status", FilterOp::kEq, "Open"}, {"total", FilterOp::kGt, 1000}},
             {{"name", false}}};
  EXPECT_EQ(Names(store(), q), V{"I3"});
}

TEST_P(StoreSuite, OrderAndPage) {
  InsertQueryFixture(store());
  EXPECT_EQ(Names(store(), DocQuery{"Issue"}), (V{"I4", "I3", "I2", "I1"}));  // modified desc.
  EXPECT_EQ(Names(store(), DocQuery{"Issue", {}, {{"total", true}}}), (V{"I3", "I2", "I1", "I4"}));
  EXPECT_EQ(Names(store(), DocQuery{"Issue", {}, {{"status", false}, {"name", true}}}),
            (V{"I2", "I3", "I1", "I4"}));
  EXPECT_EQ(Names(store(), DocQuery{"Issue", {}, {{"name", false}}, 1, 2}), (V{"I2", "I3"}));
  EXPECT_EQ(Names(store(), DocQuery{"Issue", {}, {{"name", false}}, 3, -1}), (V{"I4"}));
  EXPECT_EQ(Names(store(), DocQuery{"Issue", {}, {{"name", false}}, 0, 0}), V{});
}

TEST_P(StoreSuite, CountsMatchingDocuments) {
  InsertQueryFixture(store());
  auto r = store().BeginRead();
  EXPECT_EQ(*(*r)->CountDocs(DocQuery{"Issue"}), 4);
  EXPECT_EQ(*(*r)->CountDocs(DocQuery{"Issue", {{"status", FilterOp::kEq, "Open"}}}), 2);
  EXPECT_EQ(*(*r)->CountDocs(DocQuery{"Nothing"}), 0);
}

TEST_P(StoreSuite, RefusesUnsafeFieldNamesAndBadValues) {
  InsertQueryFixture(store());
  auto r = store().BeginRead();
  auto bad_field = (*r)->ListDocs(DocQuery{"Issue", {{"x') OR 1=1 --", FilterOp::kEq, 1}}});
  EXPECT_EQ(bad_field.status().code(), StatusCode::kInvalidArgument);
  auto bad_order = (*r)->ListDocs(DocQuery{"Issue", {}, {{"name; DROP TABLE documents", false}}});
  EXPECT_EQ(bad_order.status().code(), StatusCode::kInvalidArgument);
  auto bad_in = (*r)->ListDocs(DocQuery{"Issue", {{"status", FilterOp::kIn, "Open"}}});
  EXPECT_EQ(bad_in.status().code(), StatusCode::kInvalidArgument);
  auto bad_between = (*r)->ListDocs(DocQuery{"Issue", {{"total", FilterOp::kBetween, {1}}}});
  EXPECT_EQ(bad_between.status().code(), StatusCode::kInvalidArgument);
  auto bad_value = (*r)->ListDocs(DocQuery{"Issue", {{"total", FilterOp::kEq, {{"a", 1}}}}});
  EXPECT_EQ(bad_value.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*(*r)->CountDocs(DocQuery{"Issue"}), 4);
}

TEST_P(StoreSuite, DateAndNotificationLookupsUseIndexes) {
  ASSERT_TRUE(
      RunInWriteTxn(store(), [&](WriteTxn& t) {
        for (int i = 0; i < 300; ++i) {
          CRIER_RETURN_IF_ERROR(t.InsertDoc(
              Doc("Issue", "I" + std::to_string(i),
                  {{"due_date", "2026-03-" + std::to_string(10 + i % 18)}, {"other", i}})));
          CRIER_RETURN_IF_ERROR(t.InsertDoc(Doc(
              "Notification", "N" + std::to_string(i),
              {{"document_type", i % 2 ? "Issue" : "Task"}, {"event", i % 3 ? "Save" : "New"}})));
        }
        return t.EnsureFieldIndex({"due_date"});
      }).ok());
  auto r = store().BeginRead();
  DocQuery by_date{"Issue", {{"due_date", FilterOp::kBetween, {"2026-03-12", "2026-03-12"}}}};
  auto plan = (*r)->ExplainDocQuery(by_date);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_FALSE(plan->scans_all) << plan->text;
  EXPECT_EQ((*r)->ListDocs(by_date)->size(), 17u);

  DocQuery lookup{"Notification",
                  {{"document_type", FilterOp::kEq, "Issue"}, {"event", FilterOp::kEq, "New"}}};
  plan = (*r)->ExplainDocQuery(lookup);
  EXPECT_FALSE(plan->scans_all) << plan->text;
  EXPECT_EQ((*r)->ListDocs(lookup)->size(), 50u);

  DocQuery unindexed{"Issue", {{"other", FilterOp::kEq, 3}}};
  plan = (*r)->ExplainDocQuery(unindexed);
  EXPECT_TRUE(plan->scans_all) << plan->text;
}

TEST_P(StoreSuite, IndexesSurviveRollbackAndReopen) {
  Status s = RunInWriteTxn(store(), [&](WriteTxn& t) {
    CRIER_RETURN_IF_ERROR(t.EnsureFieldIndex({"due_date"}));
    return Conflict("abandon");
  });
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  // The index went with the rollback; ensuring it again creates it.
  ASSERT_TRUE(
      RunInWriteTxn(store(), [&](WriteTxn& t) { return t.EnsureFieldIndex({"due_date"}); }).ok());
  Reopen();
  auto r = store().BeginRead();
  auto plan = (*r)->ExplainDocQuery(DocQuery{"Issue", {{"due_date", FilterOp::kEq, "2026-01-01"}}});
  EXPECT_FALSE(plan->scans_all) << plan->text;
  Status bad = RunInWriteTxn(store(), [&](WriteTxn& t) { return t.EnsureFieldIndex({"Bad"}); });
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreSuite, SeriesCountersAreDistinctUnderConcurrency) {
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::int64_t> seen;
  std::atomic<int> errors{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < kEach; ++j) {
        std::int64_t got = 0;
        Status s = RunInWriteTxn(store(), [&](WriteTxn& t) {
          CRIER_ASSIGN_OR_RETURN(got, t.NextSeriesValue("ISS-2026-"));
          return Status::Ok();
        });
        if (!s.ok()) {
          ++errors;
          continue;
        }
        std::lock_guard lock(mu);
        seen.insert(got);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(seen.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(*seen.begin(), 1);
  EXPECT_EQ(*seen.rbegin(), kThreads * kEach);
  std::int64_t other = 0;
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                CRIER_ASSIGN_OR_RETURN(other, t.NextSeriesValue("TASK-"));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(other, 1);
}

TEST_P(StoreSuite, ReadersRunWhileAWriterIsOpen) {
  Insert(store(), Doc("Issue", "A"));
  auto w = store().BeginWrite();
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->InsertDoc(Doc("Issue", "B")).ok());
  std::thread reader([&] {
    auto r = store().BeginRead();
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(*(*r)->DocExists("Issue", "A"));
    EXPECT_FALSE(*(*r)->DocExists("Issue", "B"));
  });
  reader.join();
  ASSERT_TRUE((*w)->Commit().ok());
}

TEST_P(StoreSuite, CommittedDataSurvivesReopen) {
  Insert(store(), Doc("Issue", "kept", {{"subject", "still here"}}));
  auto version = store().SchemaVersion();
  ASSERT_TRUE(version.ok());
  EXPECT_GE(*version, 1);
  Reopen();
  auto r = store().BeginRead();
  EXPECT_EQ((**(*r)->GetDoc("Issue", "kept"))["subject"], "still here");
  EXPECT_EQ(*store().SchemaVersion(), *version);
  EXPECT_TRUE(store().CheckIntegrity().ok());
}

TEST_P(StoreSuite, SessionsKeysAndPasswords) {
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                CRIER_RETURN_IF_ERROR(t.PutSession({"h1", "alice", 10, 100}));
                CRIER_RETURN_IF_ERROR(t.PutSession({"h2", "alice", 10, 50}));
                CRIER_RETURN_IF_ERROR(t.PutSession({"h3", "bob", 10, 100}));
                CRIER_RETURN_IF_ERROR(t.PutApiKey({"key1", "alice", "sechash", 5}));
                CRIER_RETURN_IF_ERROR(t.SetPasswordHash("alice", "$argon2id$x"));
                return t.SetPasswordHash("bob", "$argon2id$y");
              }).ok());
  {
    auto r = store().BeginRead();
    auto s = (*r)->GetSession("h1");
    ASSERT_TRUE(s.ok() && s->has_value());
    EXPECT_EQ((*s)->user, "alice");
    EXPECT_EQ((*s)->expires_us, 100);
    auto k = (*r)->GetApiKey("key1");
    ASSERT_TRUE(k.ok() && k->has_value());
    EXPECT_EQ((*k)->secret_hash, "sechash");
    EXPECT_FALSE((*(*r)->GetApiKey("nokey")).has_value());
    EXPECT_EQ(**(*r)->GetPasswordHash("alice"), "$argon2id$x");
  }
  ASSERT_TRUE(
      RunInWriteTxn(store(), [&](WriteTxn& t) { return t.DeleteExpiredSessions(60); }).ok());
  {
    auto r = store().BeginRead();
    EXPECT_TRUE((*(*r)->GetSession("h1")).has_value());
    EXPECT_FALSE((*(*r)->GetSession("h2")).has_value());
  }
  ASSERT_TRUE(
      RunInWriteTxn(store(), [&](WriteTxn& t) { return t.DeleteCredentialsOfUser("alice"); }).ok());
  {
    auto r = store().BeginRead();
    EXPECT_FALSE((*(*r)->GetSession("h1")).has_value());
    EXPECT_FALSE((*(*r)->GetApiKey("key1")).has_value());
    EXPECT_FALSE((*(*r)->GetPasswordHash("alice")).has_value());
    EXPECT_TRUE((*(*r)->GetSession("h3")).has_value());
    EXPECT_TRUE((*(*r)->GetPasswordHash("bob")).has_value());
  }
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) { return t.DeleteSession("h3"); }).ok());
  auto r = store().BeginRead();
  EXPECT_FALSE((*(*r)->GetSession("h3")).has_value());
}

TEST_P(StoreSuite, Settings) {
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                CRIER_RETURN_IF_ERROR(t.SetSetting("scheduler.last_tick", "a"));
                return t.SetSetting("scheduler.last_tick", "b");
              }).ok());
  auto r = store().BeginRead();
  EXPECT_EQ(**(*r)->GetSetting("scheduler.last_tick"), "b");
  EXPECT_FALSE((*(*r)->GetSetting("missing")).has_value());
}

OutboxMessage Message(const std::string& queue, std::int64_t created) {
  OutboxMessage m;
  m.queue = queue;
  m.channel = "webhook";
  m.payload = R"({"text":"hi"})";
  m.created_us = created;
  m.next_attempt_us = created;
  m.reference_doctype = "Issue";
  m.reference_name = "ISS-1";
  m.notification = "New issue";
  return m;
}

std::vector<std::int64_t> Claim(Store& store, const std::string& owner, std::int64_t now,
                                std::int64_t lease_until, std::int64_t limit = 100) {
  std::vector<std::int64_t> ids;
  Status s = RunInWriteTxn(store, [&](WriteTxn& t) {
    CRIER_ASSIGN_OR_RETURN(auto claimed, t.ClaimOutbox(owner, now, lease_until, limit));
    for (const auto& m : claimed) ids.push_back(m.id);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return ids;
}

// Messages queued without their id (EnqueueOutboxLater) and with it interleave in call order, are
// there for the transaction's next read, and go with a rollback like any write.
TEST_P(StoreSuite, OutboxMessagesQueuedLaterKeepCallOrder) {
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                CRIER_RETURN_IF_ERROR(t.EnqueueOutboxLater(Message("hookA", 1)));
                CRIER_RETURN_IF_ERROR(t.EnqueueOutboxLater(Message("hookB", 2)));
                // A read in the same transaction sees both.
                CRIER_ASSIGN_OR_RETURN(std::int64_t queued, t.CountOutbox("queued"));
                EXPECT_EQ(queued, 2);
                CRIER_RETURN_IF_ERROR(t.EnqueueOutboxLater(Message("hookA", 3)));
                // An immediate insert comes after what was queued before it.
                CRIER_ASSIGN_OR_RETURN(std::int64_t fourth, t.EnqueueOutbox(Message("hookA", 4)));
                CRIER_RETURN_IF_ERROR(t.EnqueueOutboxLater(Message("hookB", 5)));
                CRIER_RETURN_IF_ERROR(t.EnqueueOutboxLater(Message("hookA", 6)));
                // And a read sees everything queued so far, in call order.
                CRIER_ASSIGN_OR_RETURN(std::vector<OutboxMessage> seen, t.ListOutbox("", 10));
                EXPECT_EQ(seen.size(), 6u);
                EXPECT_TRUE(seen.size() == 6 && seen[3].id == fourth && seen[5].created_us == 6);
                return Status::Ok();
              }).ok());
  Status rolled_back = RunInWriteTxn(store(), [&](WriteTxn& t) {
    CRIER_RETURN_IF_ERROR(t.EnqueueOutboxLater(Message("hookA", 7)));
    return Conflict("abandon");
  });
  EXPECT_EQ(rolled_back.code(), StatusCode::kConflict);
  auto r = store().BeginRead();
  auto all = (*r)->ListOutbox("", 100);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  std::vector<std::int64_t> created, ids;
  for (const OutboxMessage& m : *all) {
    created.push_back(m.created_us);
    ids.push_back(m.id);
  }
  // Committed with the transaction, in call order, ids ascending; nothing from the rollback.
  EXPECT_EQ(created, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  EXPECT_EQ((*all)[1].queue, "hookB");
  EXPECT_EQ((*all)[1].reference_name, "ISS-1");
  EXPECT_EQ((*all)[1].payload, R"({"text":"hi"})");
}

TEST_P(StoreSuite, OutboxClaimsInOrderUnderALease) {
  std::vector<std::int64_t> ids;
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                for (auto [q, at] : std::vector<std::pair<std::string, int>>{
                         {"hookA", 1}, {"hookA", 2}, {"hookB", 3}, {"hookA", 4}}) {
                  CRIER_ASSIGN_OR_RETURN(std::int64_t id, t.EnqueueOutbox(Message(q, at)));
                  ids.push_back(id);
                }
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(ids[0] < ids[1] && ids[1] < ids[2] && ids[2] < ids[3]);
  {
    auto r = store().BeginRead();
    EXPECT_EQ(*(*r)->CountOutbox("queued"), 4);
    auto m = (*r)->GetOutbox(ids[0]);
    ASSERT_TRUE(m.ok() && m->has_value());
    EXPECT_EQ((*m)->payload, R"({"text":"hi"})");
    EXPECT_EQ((*m)->status, "queued");
  }
  // Only what is due at time 2; in id order.
  EXPECT_EQ(Claim(store(), "w1", 2, 100), (std::vector<std::int64_t>{ids[0], ids[1]}));
  // The rest, while w1 holds hookA's head: hookA's third message must wait, hookB goes.
  EXPECT_EQ(Claim(store(), "w2", 10, 100), (std::vector<std::int64_t>{ids[2]}));
  {
    auto r = store().BeginRead();
    auto m = **(*r)->GetOutbox(ids[0]);
    EXPECT_EQ(m.status, "sending");
    EXPECT_EQ(m.lease_owner, "w1");
    EXPECT_EQ(m.attempts, 1);
  }
  // w1 delivers the first, and the second must be retried later: the third still waits.
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                OutboxMessage done = **t.GetOutbox(ids[0]);
                done.status = "delivered";
                done.last_status = 200;
                CRIER_RETURN_IF_ERROR(t.UpdateOutbox(done));
                OutboxMessage retry = **t.GetOutbox(ids[1]);
                retry.status = "queued";
                retry.next_attempt_us = 50;
                retry.last_status = 503;
                retry.last_error = "503 Service Unavailable";
                return t.UpdateOutbox(retry);
              }).ok());
  EXPECT_TRUE(Claim(store(), "w2", 20, 120).empty());
  // At 50 the retry and the message behind it go together, in order.
  EXPECT_EQ(Claim(store(), "w2", 50, 150), (std::vector<std::int64_t>{ids[1], ids[3]}));
  // w2 dies. hookB's message, claimed at 10 until 100, is free again; hookA's run at 150.
  EXPECT_EQ(Claim(store(), "w3", 149, 300), (std::vector<std::int64_t>{ids[2]}));
  EXPECT_EQ(Claim(store(), "w4", 150, 300), (std::vector<std::int64_t>{ids[1], ids[3]}));
  auto r = store().BeginRead();
  auto m = **(*r)->GetOutbox(ids[1]);
  EXPECT_EQ(m.attempts, 3);
  EXPECT_EQ(m.last_error, "503 Service Unavailable");
  EXPECT_EQ(*(*r)->CountOutbox("delivered"), 1);
  EXPECT_EQ((*r)->ListOutbox("sending", 10)->size(), 3u);
  EXPECT_EQ((*r)->GetOutbox(ids[3])->value().lease_owner, "w4");
  Status missing = RunInWriteTxn(store(), [&](WriteTxn& t) {
    OutboxMessage ghost;
    ghost.id = 999999;
    return t.UpdateOutbox(ghost);
  });
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
}

TEST_P(StoreSuite, LedgerRecordsEachSendOnce) {
  std::vector<bool> results;
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                for (const char* date : {"2026-03-01", "2026-03-01", "2026-03-02"}) {
                  CRIER_ASSIGN_OR_RETURN(bool fresh,
                                         t.RecordLedger("Due soon", "Issue", "ISS-1", date, 1));
                  results.push_back(fresh);
                }
                return Status::Ok();
              }).ok());
  EXPECT_EQ(results, (std::vector<bool>{true, false, true}));
  auto r = store().BeginRead();
  EXPECT_TRUE(*(*r)->LedgerContains("Due soon", "Issue", "ISS-1", "2026-03-01"));
  EXPECT_FALSE(*(*r)->LedgerContains("Due soon", "Issue", "ISS-2", "2026-03-01"));
}

}  // namespace
}  // namespace crier

namespace crier {
namespace {

// Fills a store with some of everything, for the enumeration and copy tests.
void Populate(Store& store) {
  Insert(store, Doc("Issue", "I1", {{"due_date", "2026-03-01"}}));
  Insert(store, Doc("Issue", "I2", {{"due_date", "2026-03-02"}}));
  Insert(store, Doc("Task", "T1", {{"status", "Open"}}));
  Status s = RunInWriteTxn(store, [&](WriteTxn& t) {
    CRIER_RETURN_IF_ERROR(t.EnsureFieldIndex({"due_date"}));
    CRIER_RETURN_IF_ERROR(t.EnsureFieldIndex({"a", "b"}));
    for (int i = 0; i < 5; ++i) {
      CRIER_RETURN_IF_ERROR(t.AddVersion(Doc("Issue", "I1", {{"n", i}})));
    }
    CRIER_RETURN_IF_ERROR(t.NextSeriesValue("TASK-").status());
    for (int i = 0; i < 3; ++i) CRIER_RETURN_IF_ERROR(t.NextSeriesValue("ISS-").status());
    CRIER_RETURN_IF_ERROR(t.SetSetting("scheduler.last_tick", "2026-01-01 10:00:00"));
    CRIER_RETURN_IF_ERROR(t.SetSetting("a.first", "1"));
    CRIER_RETURN_IF_ERROR(t.SetPasswordHash("bob", "$argon2id$b"));
    CRIER_RETURN_IF_ERROR(t.SetPasswordHash("alice", "$argon2id$a"));
    CRIER_RETURN_IF_ERROR(t.PutApiKey({"k2", "bob", "h2", 2}));
    CRIER_RETURN_IF_ERROR(t.PutApiKey({"k1", "alice", "h1", 1}));
    CRIER_RETURN_IF_ERROR(t.PutSession({"s2", "bob", 10, 20}));
    CRIER_RETURN_IF_ERROR(t.PutSession({"s1", "alice", 10, 5}));  // Expired: listed too.
    for (int i = 0; i < 5; ++i) {
      CRIER_RETURN_IF_ERROR(t.EnqueueOutbox(Message(i % 2 ? "hookA" : "hookB", i)).status());
    }
    for (const char* n : {"Due", "Ahead"}) {
      for (const char* d : {"2026-03-02", "2026-03-01"}) {
        CRIER_RETURN_IF_ERROR(t.RecordLedger(n, "Issue", "I1", d, 7).status());
      }
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  // Some outbox state beyond "queued": a claim and an outcome.
  ASSERT_EQ(Claim(store, "w1", 1, 100, 2).size(), 2u);
  s = RunInWriteTxn(store, [&](WriteTxn& t) {
    CRIER_ASSIGN_OR_RETURN(auto all, t.ListOutboxAfter(0, 1));
    OutboxMessage m = all.at(0);
    m.status = "failed";
    m.last_status = 410;
    m.last_error = "gone";
    return t.UpdateOutbox(m);
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
}

TEST_P(StoreSuite, EnumerationsListEverythingInOrder) {
  ASSERT_NO_FATAL_FAILURE(Populate(store()));
  auto r = store().BeginRead();
  ASSERT_TRUE(r.ok());
  ReadTxn& t = **r;
  EXPECT_EQ(*t.ListDoctypes(), (V{"Issue", "Task"}));
  EXPECT_EQ(*t.ListFieldIndexes(),
            (std::vector<V>{{"a", "b"}, {"document_type", "event"}, {"due_date"}}));

  auto page1 = t.ListVersionsAfter(0, 3);
  ASSERT_TRUE(page1.ok()) << page1.status().ToString();
  ASSERT_EQ(page1->size(), 3u);
  auto page2 = t.ListVersionsAfter(page1->back().id, 3);
  ASSERT_EQ(page2->size(), 2u);
  EXPECT_LT((*page1)[0].id, (*page1)[1].id);
  EXPECT_EQ((*page1)[0].doctype, "Issue");
  EXPECT_EQ((*page1)[0].name, "I1");
  EXPECT_EQ((*page1)[0].doc["n"], 0);
  EXPECT_EQ(page2->back().doc["n"], 4);
  EXPECT_TRUE(t.ListVersionsAfter(page2->back().id, 3)->empty());

  auto series = *t.ListSeries();
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].key, "ISS-");
  EXPECT_EQ(series[0].value, 3);
  EXPECT_EQ(series[1].key, "TASK-");
  EXPECT_EQ(series[1].value, 1);

  auto settings = *t.ListSettings();
  ASSERT_EQ(settings.size(), 2u);
  EXPECT_EQ(settings[0].key, "a.first");
  EXPECT_EQ(settings[1].value, "2026-01-01 10:00:00");

  auto passwords = *t.ListPasswordHashes();
  ASSERT_EQ(passwords.size(), 2u);
  EXPECT_EQ(passwords[0].user, "alice");
  EXPECT_EQ(passwords[0].hash, "$argon2id$a");

  auto keys = *t.ListApiKeys();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].api_key, "k1");
  EXPECT_EQ(keys[0].user, "alice");
  EXPECT_EQ(keys[0].secret_hash, "h1");
  EXPECT_EQ(keys[1].created_us, 2);

  auto sessions = *t.ListSessions();
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].id_hash, "s1");
  EXPECT_EQ(sessions[0].expires_us, 5);
  EXPECT_EQ(sessions[1].user, "bob");

  auto outbox = *t.ListOutboxAfter(0, 3);
  ASSERT_EQ(outbox.size(), 3u);
  EXPECT_EQ(outbox[0].status, "failed");
  EXPECT_EQ(outbox[0].last_status, 410);
  EXPECT_EQ(outbox[1].status, "sending");
  EXPECT_EQ(outbox[1].lease_owner, "w1");
  EXPECT_EQ(outbox[2].status, "queued");
  EXPECT_EQ(t.ListOutboxAfter(outbox.back().id, 10)->size(), 2u);

  auto ledger = *t.ListLedger(std::nullopt, 3);
  ASSERT_EQ(ledger.size(), 3u);
  EXPECT_EQ(ledger[0].notification, "Ahead");
  EXPECT_EQ(ledger[0].reference_date, "2026-03-01");
  EXPECT_EQ(ledger[1].reference_date, "2026-03-02");
  EXPECT_EQ(ledger[2].notification, "Due");
  EXPECT_EQ(ledger[2].doctype, "Issue");
  EXPECT_EQ(ledger[2].docname, "I1");
  EXPECT_EQ(ledger[2].recorded_us, 7);
  auto rest = *t.ListLedger(ledger.back(), 3);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].notification, "Due");
  EXPECT_EQ(rest[0].reference_date, "2026-03-02");
}

// Webhook Delivery is served from the outbox rows (store/deliveries.h): each row is a delivery,
// with its status mapped, filterable and ordered like documents.
TEST_P(StoreSuite, OutboxRowsAreServedAsWebhookDeliveries) {
  auto row = [](std::int64_t id, std::string queue, std::string status, int attempts) {
    OutboxMessage m = Message(std::move(queue), id);
    m.id = id;
    m.status = std::move(status);
    m.attempts = attempts;
    m.service = "Mattermost";
    m.owner = "ann@example.com";
    m.creation = fmt::format("2026-03-01 09:00:0{}.000000", id);
    m.modified = m.creation;
    return m;
  };
  OutboxMessage queued = row(1, "webhook:Ops", "queued", 0);
  queued.payload = R"({"text":"one","part":1,"parts":2})";
  OutboxMessage retrying = row(2, "webhook:Ops", "queued", 1);
  retrying.next_attempt = "2026-03-01 09:05:00.000000";
  retrying.last_status = 503;
  retrying.last_error = "503: busy";
  OutboxMessage sending = row(3, "webhook:Ops", "sending", 1);
  OutboxMessage mail = row(4, "email:Mail", "delivered", 1);
  mail.payload = R"({"message":"mail body"})";
  mail.service = "Email";
  mail.delivered_at = "2026-03-01 09:00:09.000000";
  mail.latency_ms = 12.5;
  // A delivery retried before schema version 2 kept its first name on a newer row.
  OutboxMessage renamed = row(7, "webhook:Sales", "failed", 3);
  renamed.delivery = "DLV-0000000006";
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                for (const OutboxMessage& m : {queued, retrying, sending, mail, renamed}) {
                  CRIER_RETURN_IF_ERROR(t.ImportOutbox(m));
                }
                return Status::Ok();
              }).ok());
  auto r = store().BeginRead();
  auto get = [&](std::string_view name) { return (*r)->GetDoc("Webhook Delivery", name).value(); };
  Json one = get("DLV-0000000001").value();
  EXPECT_EQ(one["doctype"], "Webhook Delivery");
  EXPECT_EQ(one["status"], "Queued");
  EXPECT_EQ(one["webhook"], "Ops");
  EXPECT_EQ(one["service"], "Mattermost");
  EXPECT_EQ(one["message"], "one");
  EXPECT_EQ(one["part"], 1);
  EXPECT_EQ(one["parts"], 2);
  EXPECT_EQ(one["outbox_id"], 1);
  EXPECT_EQ(one["owner"], "ann@example.com");
  EXPECT_EQ(one["creation"], "2026-03-01 09:00:01.000000");
  EXPECT_EQ(one["reference_doctype"], "Issue");
  EXPECT_EQ(one["reference_name"], "ISS-1");
  EXPECT_EQ(one["notification"], "New issue");
  EXPECT_EQ(one["docstatus"], 0);
  EXPECT_EQ(one["next_attempt"], nullptr);
  EXPECT_EQ(one["delivered_at"], nullptr);
  Json two = get("DLV-0000000002").value();
  EXPECT_EQ(two["status"], "Retrying");
  EXPECT_EQ(two["next_attempt"], "2026-03-01 09:05:00.000000");
  EXPECT_EQ(two["last_status"], 503);
  EXPECT_EQ(two["last_error"], "503: busy");
  EXPECT_EQ(get("DLV-0000000003").value()["status"], "Sending");
  Json four = get("DLV-0000000004").value();
  EXPECT_EQ(four["status"], "Delivered");
  EXPECT_EQ(four["webhook"], "Mail");
  EXPECT_EQ(four["message"], "mail body");
  EXPECT_EQ(four["latency_ms"], 12.5);
  EXPECT_EQ(four["delivered_at"], "2026-03-01 09:00:09.000000");
  EXPECT_EQ(four["parts"], 1);
  Json renamed_doc = get("DLV-0000000006").value();
  EXPECT_EQ(renamed_doc["outbox_id"], 7);
  EXPECT_EQ(renamed_doc["status"], "Failed");
  EXPECT_FALSE(get("DLV-0000000007").has_value()) << "row 7 is shown under its kept name";
  EXPECT_FALSE(get("DLV-0000000005").has_value());
  EXPECT_FALSE(get("DLV-00000000001").has_value()) << "one name per row";
  EXPECT_FALSE(get("Ops").has_value());
  EXPECT_TRUE(*(*r)->DocExists("Webhook Delivery", "DLV-0000000006"));
  EXPECT_FALSE(*(*r)->DocExists("Webhook Delivery", "DLV-0000000009"));

  const std::string wd = "Webhook Delivery";
  EXPECT_EQ(Names(store(), {.doctype = wd, .filters = {{"status", FilterOp::kEq, "Failed"}}}),
            V{"DLV-0000000006"});
  EXPECT_EQ(Names(store(), {.doctype = wd,
                            .filters = {{"webhook", FilterOp::kEq, "Ops"}},
                            .order_by = {{"creation", false}}}),
            (V{"DLV-0000000001", "DLV-0000000002", "DLV-0000000003"}));
  EXPECT_EQ(
      Names(store(), {.doctype = wd,
                      .filters = {{"status", FilterOp::kIn, Json::array({"Queued", "Retrying"})}}})
          .size(),
      2u);
  EXPECT_EQ(Names(store(), {.doctype = wd, .filters = {{"message", FilterOp::kLike, "%BODY%"}}}),
            V{"DLV-0000000004"});
  EXPECT_EQ(Names(store(),
                  {.doctype = wd,
                   .filters = {{"attempts", FilterOp::kGe, 1}, {"latency_ms", FilterOp::kGt, 10}}}),
            V{"DLV-0000000004"});
  EXPECT_EQ(Names(store(), {.doctype = wd, .order_by = {{"creation", true}}, .limit = 2}),
            (V{"DLV-0000000006", "DLV-0000000004"}));
  EXPECT_EQ(
      Names(store(), {.doctype = wd, .order_by = {{"creation", true}}, .offset = 2, .limit = 2}),
      (V{"DLV-0000000003", "DLV-0000000002"}));
  EXPECT_EQ(Names(store(), {.doctype = wd, .filters = {{"name", FilterOp::kEq, "DLV-0000000006"}}}),
            V{"DLV-0000000006"});
  EXPECT_TRUE(
      Names(store(), {.doctype = wd, .filters = {{"no_such_field", FilterOp::kEq, 1}}}).empty());
  EXPECT_EQ(*(*r)->CountDocs({.doctype = wd}), 5);
  EXPECT_EQ(*(*r)->CountDocs({.doctype = wd, .filters = {{"status", FilterOp::kEq, "Retrying"}}}),
            1);
  EXPECT_EQ(*(*r)->CountDocs({.doctype = "Issue"}), 0) << "the rows are no documents";
}

TEST_P(StoreSuite, ImportsKeepIdsAndState) {
  OutboxMessage m = Message("hookA", 5);
  m.id = 100;
  m.status = "sending";
  m.attempts = 2;
  m.lease_owner = "w9";
  m.lease_until_us = 99;
  m.last_status = 503;
  m.last_error = "busy";
  Json old = Doc("Issue", "I1", {{"n", 1}});
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                CRIER_RETURN_IF_ERROR(t.ImportVersion(Version{42, "Issue", "I1", old}));
                CRIER_RETURN_IF_ERROR(t.ImportOutbox(m));
                CRIER_RETURN_IF_ERROR(t.SetSeriesValue("ISS-", 41));
                CRIER_RETURN_IF_ERROR(t.SetSeriesValue("ISS-", 40));  // The last one holds.
                return Status::Ok();
              }).ok());
  std::int64_t next_outbox = 0, next_series = 0;
  ASSERT_TRUE(RunInWriteTxn(store(), [&](WriteTxn& t) {
                CRIER_RETURN_IF_ERROR(t.AddVersion(Doc("Issue", "I1", {{"n", 2}})));
                CRIER_ASSIGN_OR_RETURN(next_outbox, t.EnqueueOutbox(Message("hookA", 6)));
                CRIER_ASSIGN_OR_RETURN(next_series, t.NextSeriesValue("ISS-"));
                return Status::Ok();
              }).ok());
  EXPECT_GT(next_outbox, 100);
  EXPECT_EQ(next_series, 41);
  {
    auto r = store().BeginRead();
    auto versions = *(*r)->ListVersions("Issue", "I1");
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_GT(versions[0].id, 42);
    EXPECT_EQ(versions[1].id, 42);
    EXPECT_EQ(versions[1].doc, old);
    OutboxMessage got = **(*r)->GetOutbox(100);
    EXPECT_EQ(got.status, "sending");
    EXPECT_EQ(got.attempts, 2);
    EXPECT_EQ(got.lease_owner, "w9");
    EXPECT_EQ(got.lease_until_us, 99);
    EXPECT_EQ(got.last_status, 503);
    EXPECT_EQ(got.last_error, "busy");
    EXPECT_EQ(got.queue, "hookA");
    EXPECT_EQ(got.created_us, 5);
  }
  Status dup_version = RunInWriteTxn(store(), [&](WriteTxn& t) {
    return t.ImportVersion(Version{42, "Task", "T", old});
  });
  EXPECT_EQ(dup_version.code(), StatusCode::kConflict);
  Status dup_outbox = RunInWriteTxn(store(), [&](WriteTxn& t) { return t.ImportOutbox(m); });
  EXPECT_EQ(dup_outbox.code(), StatusCode::kConflict);
}

}  // namespace
}  // namespace crier

namespace crier {
namespace {

TEST_P(StoreSuite, AnExpectedFailureLeavesTheTransactionUsable) {
  Insert(store(), Doc("Issue", "A"));
  auto w = store().BeginWrite();
  ASSERT_TRUE(w.ok());
  WriteTxn& t = **w;
  EXPECT_EQ(t.InsertDoc(Doc("Issue", "A")).code(), StatusCode::kConflict);
  EXPECT_EQ(t.UpdateDoc(Doc("Issue", "A"), "stale").code(), StatusCode::kConflict);
  EXPECT_EQ(t.DeleteDoc("Issue", "nope").code(), StatusCode::kNotFound);
  ASSERT_TRUE(t.ImportVersion(Version{7, "Issue", "A", Doc("Issue", "A")}).ok());
  EXPECT_EQ(t.ImportVersion(Version{7, "Issue", "A", Doc("Issue", "A")}).code(),
            StatusCode::kConflict);
  EXPECT_TRUE(*t.RecordLedger("N", "Issue", "A", "2026-01-01", 1));
  EXPECT_FALSE(*t.RecordLedger("N", "Issue", "A", "2026-01-01", 1));
  ASSERT_TRUE(t.InsertDoc(Doc("Issue", "B")).ok());
  Status commit = t.Commit();
  ASSERT_TRUE(commit.ok()) << commit.ToString();
  auto r = store().BeginRead();
  EXPECT_TRUE(*(*r)->DocExists("Issue", "B"));
  EXPECT_EQ((*r)->ListVersions("Issue", "A")->size(), 1u);
  EXPECT_TRUE(*(*r)->LedgerContains("N", "Issue", "A", "2026-01-01"));
}

}  // namespace
}  // namespace crier

namespace crier {
namespace {

TEST_P(StoreSuite, CopiesIntoAnEmptyStoreOnly) {
  ASSERT_NO_FATAL_FAILURE(Populate(store()));
  std::unique_ptr<StoreTestDatabase> other_db = GetParam().make_database();
  auto other = other_db->Open();
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  {
    auto fresh = (*other)->BeginRead();
    EXPECT_TRUE(*IsEmptyStore(**fresh));
  }
  Status copied = CopyStore(store(), **other);
  ASSERT_TRUE(copied.ok()) << copied.ToString();
  auto counts = CompareStores(store(), **other);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  std::map<std::string, std::int64_t> by_table;
  for (const CountComparison& c : *counts) {
    EXPECT_EQ(c.source, c.target) << c.table;
    by_table[c.table] = c.target;
  }
  EXPECT_EQ(by_table["documents[Issue]"], 2);
  EXPECT_EQ(by_table["documents[Task]"], 1);
  EXPECT_EQ(by_table["field_indexes"], 3);
  EXPECT_EQ(by_table["versions"], 5);
  EXPECT_EQ(by_table["outbox[failed]"], 1);
  EXPECT_EQ(by_table["outbox[sending]"], 1);
  EXPECT_EQ(by_table["outbox[queued]"], 3);
  EXPECT_EQ(by_table["scheduler_ledger"], 4);
  {
    auto r = (*other)->BeginRead();
    EXPECT_FALSE(*IsEmptyStore(**r));
    EXPECT_EQ((**(*r)->GetDoc("Issue", "I2"))["due_date"], "2026-03-02");
  }
  // A second copy would mix two databases: refused, and nothing changes.
  Status again = CopyStore(store(), **other);
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition) << again.ToString();
  auto after = CompareStores(store(), **other);
  for (const CountComparison& c : *after) EXPECT_EQ(c.source, c.target) << c.table;
}

}  // namespace
}  // namespace crier
