// Runs the store suite on PostgreSQL, plus what is specific to it: URLs and redaction, healing
// after the server drops connections, the integrity check, and index use on a table large enough
// for the planner to choose by cost.
#include "store/postgres/postgres_store.h"

#include <gtest/gtest.h>

#include "store/open_store.h"
#include "store/postgres/connection.h"
#include "store/postgres/migrations.h"
#include "store/postgres/sql_builder.h"
#include "store/postgres/testing/pg_test_database.h"
#include "store/store_suite.h"

namespace crier {
namespace {

using pg::PgTestDatabase;

INSTANTIATE_TEST_SUITE_P(Postgres, StoreSuite,
                         ::testing::Values(StoreSuiteParam{
                             "postgres", [] { return std::make_unique<PgTestDatabase>(); }}),
                         StoreSuiteParamName);

// A plain connection to a test database, for looking behind the store's back.
std::unique_ptr<pg::Connection> Connect(const std::string& url) {
  auto info = pg::ParseConnInfo(url);
  EXPECT_TRUE(info.ok());
  auto conn = pg::Connection::Open(*info, "crier-test");
  EXPECT_TRUE(conn.ok()) << conn.status().ToString();
  return conn.ok() ? std::move(conn).value() : nullptr;
}

Json Doc(const std::string& doctype, const std::string& name, Json fields = Json::object()) {
  Json d = std::move(fields);
  d["doctype"] = doctype;
  d["name"] = name;
  d["docstatus"] = 0;
  d["owner"] = d["modified_by"] = "Administrator";
  d["creation"] = d["modified"] = "2026-01-01 10:00:00.000000";
  return d;
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = db_.url();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
    auto store = db_.Open();
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  PgTestDatabase db_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

// Version 2 folds the Webhook Delivery documents into their outbox rows, as SQLite's does.
TEST(PostgresMigrationTest, Version2FoldsDeliveriesIntoTheirRows) {
  PgTestDatabase db;
  auto url = db.url();
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  auto conn = Connect(*url);
  ASSERT_NE(conn, nullptr);
  constexpr std::int64_t kLock = 7;
  ASSERT_EQ(*pg::Migrate(*conn, pg::Migrations().first(1), kLock), 1);
  ASSERT_TRUE(conn->Exec(kVersion1DeliveriesSql).ok());
  ASSERT_EQ(*pg::Migrate(*conn, pg::Migrations(), kLock), 2);
  auto rows = conn->Run(
      "SELECT name || '|' || (outbox_id #>> '{}') || '|' || (status #>> '{}') || '|' || owner || "
      "'|' || creation || '|' || modified || '|' || (service #>> '{}') || '|' || "
      "(latency_ms #>> '{}') || '|' || COALESCE(delivered_at #>> '{}', '') || '|' || "
      "COALESCE(next_attempt #>> '{}', '') || '|' || (message #>> '{}') FROM webhook_deliveries "
      "ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::vector<std::string> got;
  for (int i = 0; i < rows->size(); ++i) got.push_back(rows->Text(i, 0));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "DLV-0000000001|1|Delivered|ann|c1|m1|Mattermost|12.5|d1||one",
                     "DLV-0000000002|3|Queued|bob|c2|m2|Mattermost|0|||two",
                     "DLV-0000000004|4|Retrying|cy|c4|m4|Email|0||n4|four",
                 }))
      << "row 2, which no delivery showed any more, is gone";
  auto docs = conn->Run("SELECT string_agg(name, ',') FROM documents");
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->Text(0, 0), "ISS-1") << "the delivery documents are folded, others stay";
}

TEST_F(PostgresStoreTest, OpensBothSchemesAtTheLatestSchema) {
  std::string other = "postgres://" + url_.substr(url_.find("://") + 3);
  auto store = OpenStore(other);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->SchemaVersion(), pg::Migrations().back().version);
  EXPECT_TRUE((*store)->CheckIntegrity().ok());
}

TEST_F(PostgresStoreTest, ThePasswordNeverAppearsInErrors) {
  // The test server trusts loopback, so a URL with a password still connects.
  std::string with_password =
      "postgresql://postgres:Sup3rSecretPw@" + url_.substr(url_.find('@') + 1);
  auto ok = OpenStore(with_password);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(RedactStoreUrl(with_password).find("Sup3rSecretPw"), std::string::npos);

  auto refused = OpenStore("postgresql://postgres:Sup3rSecretPw@127.0.0.1:1/crier");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(refused.status().message().find("Sup3rSecretPw"), std::string::npos)
      << refused.status().message();
  EXPECT_NE(refused.status().message().find("postgresql://postgres@127.0.0.1:1/crier"),
            std::string::npos)
      << refused.status().message();
  // libpq echoes malformed URL parts: the password must be scrubbed from those too.
  auto malformed = OpenStore("postgresql://postgres:Sup3r%zzSecret@127.0.0.1:1/crier");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().message().find("Sup3r%zzSecret"), std::string::npos)
      << malformed.status().message();
  EXPECT_EQ(RedactStoreUrl("postgresql://u:pw@h:1/d?password=x2&sslmode=disable"),
            "postgresql://u@h:1/d?password=[redacted]&sslmode=disable");
}

TEST_F(PostgresStoreTest, HealsAfterTheServerDropsItsConnections) {
  ASSERT_TRUE(
      RunInWriteTxn(*store_, [](WriteTxn& t) { return t.InsertDoc(Doc("Issue", "A")); }).ok());
  { auto r = store_->BeginRead(); }  // Leaves an idle reader in the pool.
  auto admin = Connect(url_);
  ASSERT_TRUE(admin);
  auto killed = admin->Run(
      "SELECT COUNT(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity WHERE datname = "
      "current_database() AND pid <> pg_backend_pid()");  // Waits until they are gone.
  ASSERT_TRUE(killed.ok()) << killed.status().ToString();
  EXPECT_GE(killed->Int(0, 0), 3);  // Writer, reader, listener.
  Status write = RunInWriteTxn(*store_, [](WriteTxn& t) { return t.InsertDoc(Doc("Issue", "B")); });
  EXPECT_TRUE(write.ok()) << write.ToString();
  auto r = store_->BeginRead();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(*(*r)->DocExists("Issue", "B"));
}

TEST_F(PostgresStoreTest, RefusingANulCharacterKeepsTheTransactionUsable) {
  auto w = store_->BeginWrite();
  ASSERT_TRUE(w.ok());
  // PostgreSQL text cannot hold U+0000: refused before it reaches the server...
  Status nul = (*w)->InsertDoc(Doc("Issue", "N", {{"text", std::string("a\0b", 3)}}));
  EXPECT_EQ(nul.code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE((*w)->InsertDoc(Doc("Issue", "kept")).ok());  // ...so the transaction goes on.
  ASSERT_TRUE((*w)->Commit().ok());
  auto r = store_->BeginRead();
  EXPECT_TRUE(*(*r)->DocExists("Issue", "kept"));
}

TEST_F(PostgresStoreTest, AnErrorInsideTheServerFailsTheCommit) {
  auto w = store_->BeginWrite();
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->InsertDoc(Doc("Issue", "lost")).ok());
  auto admin = Connect(url_);
  ASSERT_TRUE(admin->Exec("DROP TABLE settings").ok());
  EXPECT_FALSE((*w)->SetSetting("k", "v").ok());  // Aborts the transaction in the server.
  // Commit() must not pretend: PostgreSQL answers COMMIT with ROLLBACK here.
  Status commit = (*w)->Commit();
  EXPECT_EQ(commit.code(), StatusCode::kFailedPrecondition) << commit.ToString();
  w->reset();
  auto r = store_->BeginRead();
  EXPECT_FALSE(*(*r)->DocExists("Issue", "lost"));
}

TEST_F(PostgresStoreTest, IntegrityCheckFindsDamage) {
  ASSERT_TRUE(
      RunInWriteTxn(*store_, [](WriteTxn& t) { return t.InsertDoc(Doc("Issue", "A")); }).ok());
  EXPECT_TRUE(store_->CheckIntegrity().ok());
  auto admin = Connect(url_);
  ASSERT_TRUE(admin->Exec("UPDATE documents SET name = 'B'").ok());
  Status mismatch = store_->CheckIntegrity();
  EXPECT_EQ(mismatch.code(), StatusCode::kInternal);
  EXPECT_NE(mismatch.message().find("Issue B"), std::string::npos) << mismatch.message();
  ASSERT_TRUE(admin->Exec("UPDATE documents SET name = 'A'; DROP TABLE scheduler_ledger").ok());
  Status missing = store_->CheckIntegrity();
  EXPECT_NE(missing.message().find("scheduler_ledger"), std::string::npos) << missing.message();
}

TEST_F(PostgresStoreTest, ThePlannerPicksFieldIndexesOnItsOwnOnceTheTableIsLarge) {
  // ExplainDocQuery plans with sequential scans off (store.h); this checks, without that help,
  // that the queries and the indexes line up when the planner chooses by cost.
  ASSERT_TRUE(RunInWriteTxn(*store_, [](WriteTxn& t) {
                for (int i = 0; i < 4000; ++i) {
                  CRIER_RETURN_IF_ERROR(
                      t.InsertDoc(Doc("Issue", "I" + std::to_string(i),
                                      {{"due_date", "2026-" + std::to_string(1 + i % 12) + "-" +
                                                        std::to_string(10 + i % 18)}})));
                }
                return t.EnsureFieldIndex({"due_date"});
              }).ok());
  auto admin = Connect(url_);
  ASSERT_TRUE(admin->Exec("ANALYZE documents").ok());
  DocQuery by_date{"Issue", {{"due_date", FilterOp::kEq, "2026-3-12"}}};
  auto q = pg::BuildSelect(by_date);
  ASSERT_TRUE(q.ok());
  std::vector<pg::Param> params;
  for (const Json& b : q->binds) params.push_back(pg::ToParam(b));
  auto plan = admin->Query("EXPLAIN (COSTS OFF) " + q->sql, params);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::string text;
  for (int i = 0; i < plan->size(); ++i) text += plan->Text(i, 0) + "\n";
  EXPECT_FALSE(pg::PlanScansAll(text, "Issue")) << text;
  EXPECT_NE(text.find("documents_by(due_date)"), std::string::npos) << text;
}

}  // namespace
}  // namespace crier
