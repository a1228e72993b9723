#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/store_suite.h"

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

// Version 2 folds the Webhook Delivery documents into their outbox rows (docs/adr/0003).
TEST_F(MigrationsTest, Version2FoldsDeliveriesIntoTheirRows) {
  auto conn = Open();
  ASSERT_EQ(*Migrate(*conn, Migrations().first(1)), 1);
  ASSERT_TRUE(conn->Exec(kVersion1DeliveriesSql).ok());
  ASSERT_EQ(*Migrate(*conn, Migrations()), 2);
  auto rows = conn->Prepare(
      "SELECT name, outbox_id, status, owner, creation, modified, service, latency_ms, "
      "COALESCE(delivered_at, ''), COALESCE(next_attempt, ''), message FROM webhook_deliveries "
      "ORDER BY id");
  ASSERT_TRUE(rows.ok());
  std::vector<std::string> got;
  while (*rows->Step()) {
    std::string line;
    for (int i = 0; i < 11; ++i) line += (i ? "|" : "") + rows->ColumnText(i);
    got.push_back(line);
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "DLV-0000000001|1|Delivered|ann|c1|m1|Mattermost|12.5|d1||one",
                     "DLV-0000000002|3|Queued|bob|c2|m2|Mattermost|0.0|||two",
                     "DLV-0000000004|4|Retrying|cy|c4|m4|Email|0.0||n4|four",
                 }))
      << "row 2, which no delivery showed any more, is gone";
  auto docs = conn->Prepare("SELECT group_concat(name) FROM documents");
  ASSERT_TRUE(*docs->Step());
  EXPECT_EQ(docs->ColumnText(0), "ISS-1") << "the delivery documents are folded, others stay";
}

}  // namespace
}  // namespace crier::sqlite
