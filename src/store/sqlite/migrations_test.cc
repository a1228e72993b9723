#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace crier::sqlite {
namespace {

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "crier-mig-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<Connection> Open() {
    auto c = Connection::Open(dir_ + "/m.db", false);
    EXPECT_TRUE(c.ok());
    return std::move(c).value();
  }
  std::string dir_;
};

TEST_F(MigrationsTest, VersionsAreConsecutive) {
  int expected = 1;
  for (const Migration& m : Migrations()) EXPECT_EQ(m.version, expected++);
}

TEST_F(MigrationsTest, RunOnceAndInOrder) {
  const Migration steps[] = {
      {1, "t", "CREATE TABLE t (x INTEGER)"},
      {2, "row", "INSERT INTO t VALUES (1)"},
  };
  auto conn = Open();
  EXPECT_EQ(*Migrate(*conn, std::span(steps, 1)), 1);
  EXPECT_EQ(*Migrate(*conn, steps), 2);
  EXPECT_EQ(*Migrate(*conn, steps), 2);  // Nothing runs twice.
  auto count = conn->Prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->ColumnInt(0), 1);
}

TEST_F(MigrationsTest, AFailingMigrationLeavesNothingBehind) {
  const Migration steps[] = {
      {1, "t", "CREATE TABLE t (x INTEGER)"},
      {2, "broken", "CREATE TABLE u (y INTEGER); INSERT INTO nowhere VALUES (1)"},
  };
  auto conn = Open();
  auto r = Migrate(*conn, steps);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("migration 2"), std::string::npos);
  EXPECT_FALSE(conn->Exec("SELECT * FROM u").ok());  // Rolled back with its migration.
  EXPECT_EQ(*Migrate(*conn, std::span(steps, 1)), 1);
}

TEST_F(MigrationsTest, ANewerDatabaseIsRefused) {
  const Migration steps[] = {
      {1, "t", "CREATE TABLE t (x INTEGER)"},
      {2, "u", "CREATE TABLE u (x INTEGER)"},
  };
  auto conn = Open();
  ASSERT_TRUE(Migrate(*conn, steps).ok());
  auto r = Migrate(*conn, std::span(steps, 1));
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(MigrationsTest, TheRealSchemaApplies) {
  auto conn = Open();
  auto r = Migrate(*conn, Migrations());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, Migrations().back().version);
}

}  // namespace
}  // namespace crier::sqlite
