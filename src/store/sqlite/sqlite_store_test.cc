// Runs the store suite on SQLite, plus what is specific to SQLite (WAL, pragmas, file layout).
#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <thread>

#include "store/open_store.h"
#include "store/sqlite/connection.h"
#include "store/store_suite.h"

namespace crier {
namespace {

// A fresh database file in its own temporary folder, removed at the end.
class SqliteTestDatabase final : public StoreTestDatabase {
 public:
  SqliteTestDatabase() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "crier-store-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
  }
  ~SqliteTestDatabase() override { std::filesystem::remove_all(dir_); }
  Result<std::unique_ptr<Store>> Open() override { return OpenStore("sqlite:" + path()); }
  std::string path() const { return dir_ + "/crier.db"; }

 private:
  std::string dir_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreSuite,
                         ::testing::Values(StoreSuiteParam{
                             "sqlite", [] { return std::make_unique<SqliteTestDatabase>(); }}),
                         StoreSuiteParamName);

TEST(SqliteStoreTest, UsesWalWithNormalSyncAndMmap) {
  SqliteTestDatabase db;
  auto store = db.Open();
  ASSERT_TRUE(store.ok());
  auto conn = sqlite::Connection::Open(db.path(), false);
  ASSERT_TRUE(conn.ok());
  auto mode = (*conn)->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(*mode->Step());
  EXPECT_EQ(mode->ColumnText(0), "wal");
  auto sync = (*conn)->Prepare("PRAGMA synchronous");
  ASSERT_TRUE(*sync->Step());
  EXPECT_EQ(sync->ColumnInt(0), 1);  // NORMAL.
  // Reads through mmap (docs/storage.md): the pragma had gone missing once, unnoticed.
  auto mmap = (*conn)->Prepare("PRAGMA mmap_size");
  ASSERT_TRUE(*mmap->Step());
  EXPECT_EQ(mmap->ColumnInt(0), 256 << 20);
}

TEST(SqliteStoreTest, OpenStoreCreatesTheFolderAndRefusesOtherSchemes) {
  SqliteTestDatabase db;
  std::string nested = std::filesystem::path(db.path()).parent_path() / "a/b/crier.db";
  auto store = OpenStore("sqlite:" + nested);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE(std::filesystem::exists(nested));
  EXPECT_EQ(OpenStore("mysql://x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("sqlite:").status().code(), StatusCode::kInvalidArgument);
}

TEST(SqliteStoreTest, UnreachableFileIsUnavailable) {
  auto store = SqliteStore::Open({"/proc/no-such-dir/crier.db"});
  EXPECT_FALSE(store.ok());
}

Json Ticket(const std::string& name) {
  return {{"doctype", "Ticket"},
          {"name", name},
          {"docstatus", 0},
          {"owner", "Administrator"},
          {"creation", "2026-01-01 10:00:00.000000"},
          {"modified", "2026-01-01 10:00:00.000000"},
          {"modified_by", "Administrator"}};
}

bool Visible(Store& store, const std::string& name) {
  auto read = store.BeginRead();
  if (!read.ok()) return false;
  auto doc = (*read)->GetDoc("Ticket", name);
  return doc.ok() && doc->has_value();
}

void WaitFor(const std::function<bool()>& ready) {
  while (!ready()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

// Three writers queued behind each other share one commit: the first's writes are neither
// visible nor reported committed (its commit callbacks have not run) until the last one of the
// group commits, and the one that fails in the middle rolls back alone.
TEST(SqliteStoreTest, QueuedWritersShareOneCommitAndEachRollsBackAlone) {
  SqliteTestDatabase db;
  SqliteStore::Options options{db.path()};
  options.group_max_age = std::chrono::hours(1);  // Only the writers decide here, not the clock.
  auto opened = SqliteStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  SqliteStore& store = **opened;
  const CommitCounts before = store.commit_counts();

  auto first = store.BeginWrite();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->InsertDoc(Ticket("T-1")).ok());
  std::atomic<bool> first_committed{false};
  (*first)->OnCommit([&] { first_committed = true; });

  std::promise<void> release_last;
  std::shared_future<void> released = release_last.get_future().share();
  // The failing writer returns an error after its insert: RunInWriteTxn rolls it back.
  auto failing = std::async(std::launch::async, [&] {
    return RunInWriteTxn(store, [&](WriteTxn& t) -> Status {
      CRIER_RETURN_IF_ERROR(t.InsertDoc(Ticket("T-2")));
      released.wait();
      return InvalidArgument("refused");
    });
  });
  auto last = std::async(std::launch::async, [&] {
    return RunInWriteTxn(store, [&](WriteTxn& t) -> Status {
      CRIER_RETURN_IF_ERROR(t.InsertDoc(Ticket("T-3")));
      released.wait();
      return Status::Ok();
    });
  });
  WaitFor([&] { return store.waiting_writers() == 2; });
  auto first_commit = std::async(std::launch::async, [&] { return (*first)->Commit(); });
  // The first writer handed the open transaction on: the others run, its commit waits.
  WaitFor([&] { return store.waiting_writers() < 2; });
  EXPECT_EQ(first_commit.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  EXPECT_FALSE(first_committed);
  EXPECT_FALSE(Visible(store, "T-1"));

  release_last.set_value();
  EXPECT_TRUE(first_commit.get().ok());
  EXPECT_TRUE(first_committed);
  EXPECT_EQ(failing.get().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(last.get().ok());
  EXPECT_TRUE(Visible(store, "T-1"));
  EXPECT_FALSE(Visible(store, "T-2"));
  EXPECT_TRUE(Visible(store, "T-3"));
  const CommitCounts after = store.commit_counts();
  EXPECT_EQ(after.commits - before.commits, 1);
  EXPECT_EQ(after.transactions - before.transactions, 2);
}

// Without a writer waiting, each write transaction commits on its own, at once.
TEST(SqliteStoreTest, LoneWriterCommitsAtOnce) {
  SqliteTestDatabase db;
  auto opened = SqliteStore::Open({db.path()});
  ASSERT_TRUE(opened.ok());
  SqliteStore& store = **opened;
  const CommitCounts before = store.commit_counts();
  for (const char* name : {"T-1", "T-2"}) {
    ASSERT_TRUE(RunInWriteTxn(store, [&](WriteTxn& t) { return t.InsertDoc(Ticket(name)); }).ok());
    EXPECT_TRUE(Visible(store, name));
  }
  EXPECT_EQ(store.commit_counts().commits - before.commits, 2);
}

// Many writers at once, a third of them failing: every kept write is there, no refused one is, and
// the groups counted exactly the kept transactions.
TEST(SqliteStoreTest, ConcurrentWritersKeepExactlyTheirCommittedWrites) {
  SqliteTestDatabase db;
  SqliteStore::Options options{db.path()};
  options.group_max_age = std::chrono::hours(1);
  auto opened = SqliteStore::Open(options);
  ASSERT_TRUE(opened.ok());
  SqliteStore& store = **opened;
  const CommitCounts before = store.commit_counts();
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> kept{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store, &kept, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string name = fmt::format("T-{}-{}", t, i);
        Status s = RunInWriteTxn(store, [&](WriteTxn& txn) -> Status {
          CRIER_RETURN_IF_ERROR(txn.InsertDoc(Ticket(name)));
          return i % 3 == 0 ? InvalidArgument("refused") : Status::Ok();
        });
        EXPECT_EQ(s.ok(), i % 3 != 0) << name << ": " << s.ToString();
        if (s.ok()) ++kept;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) {
      const std::string name = fmt::format("T-{}-{}", t, i);
      EXPECT_EQ(Visible(store, name), i % 3 != 0) << name;
    }
  }
  const CommitCounts after = store.commit_counts();
  EXPECT_EQ(after.transactions - before.transactions, kept.load());
}

}  // namespace
}  // namespace crier
