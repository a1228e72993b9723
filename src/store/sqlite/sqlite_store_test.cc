// Runs the store suite on SQLite, plus what is specific to SQLite (WAL, pragmas, file layout).
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

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

TEST(SqliteStoreTest, UsesWalWithNormalSync) {
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

}  // namespace
}  // namespace crier
