// `crier migrate` end to end: a populated SQLite database copied into a fresh PostgreSQL database
// by the crier binary, then both compared through the store interface.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "store/open_store.h"
#include "store/postgres/testing/pg_test_database.h"
#include "store/sqlite/sqlite_store.h"

namespace crier {
namespace {

struct CrierRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr.
};

CrierRun RunCrier(const std::string& args) {
  const char* binary = std::getenv("CRIER_BINARY");
  CrierRun run;
  if (binary == nullptr) {
    run.output = "CRIER_BINARY is not set (ctest sets it)";
    return run;
  }
  std::FILE* p = popen((std::string("'") + binary + "' " + args + " 2>&1").c_str(), "r");
  if (p == nullptr) return run;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) run.output.append(buf, n);
  int status = pclose(p);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

Json Doc(const std::string& doctype, const std::string& name, Json fields) {
  fields["doctype"] = doctype;
  fields["name"] = name;
  fields["docstatus"] = fields.value("docstatus", 0);
  fields["owner"] = fields["modified_by"] = "Administrator";
  fields["creation"] = fields["modified"] = "2026-02-03 04:05:06.000007";
  return fields;
}

class MigrateCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "crier-migrate-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    sqlite_url_ = "sqlite:" + dir_ + "/crier.db";
    auto url = db_.url();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    // The test server trusts loopback: a password in the URL still connects, and must not show.
    pg_url_ =
        "postgresql://postgres:" + std::string(kPassword) + "@" + url->substr(url->find('@') + 1);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A SQLite database with some of everything, as a running crier leaves it.
  void Populate() {
    auto store = OpenStore(sqlite_url_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Status s = RunInWriteTxn(**store, [&](WriteTxn& t) {
      CRIER_RETURN_IF_ERROR(t.EnsureFieldIndex({"due_date"}));
      for (int i = 0; i < 1234; ++i) {  // More than a page of the copy.
        CRIER_RETURN_IF_ERROR(
            t.InsertDoc(Doc("Issue", fmt::format("ISS-{:05}", i),
                            {{"subject", "Imprimante en panne ✓ " + std::to_string(i)},
                             {"total", i * 1.5},
                             {"due_date", fmt::format("2026-03-{:02}", 1 + i % 28)},
                             {"rows", {{{"item", "toner"}, {"qty", i % 3}}}},
                             {"customer", i % 5 ? Json("ACME") : Json(nullptr)}})));
      }
      CRIER_RETURN_IF_ERROR(t.InsertDoc(
          Doc("Notification", "New issue",
              {{"document_type", "Issue"}, {"event", "New"}, {"subject", "{{ doc.subject }}"}})));
      CRIER_RETURN_IF_ERROR(t.InsertDoc(Doc("User", "alice@example.com", {{"enabled", 1}})));
      for (int i = 0; i < 3; ++i) {
        CRIER_RETURN_IF_ERROR(t.AddVersion(Doc("Issue", "ISS-00001", {{"subject", i}})));
      }
      for (int i = 0; i < 1234; ++i) CRIER_RETURN_IF_ERROR(t.NextSeriesValue("ISS-").status());
      CRIER_RETURN_IF_ERROR(t.SetSetting("scheduler.last_tick", "2026-02-03 04:00:00"));
      CRIER_RETURN_IF_ERROR(t.SetPasswordHash("alice@example.com", "$argon2id$v=19$abc"));
      CRIER_RETURN_IF_ERROR(t.PutApiKey({"key1", "alice@example.com", "sha256:x", 5}));
      CRIER_RETURN_IF_ERROR(t.PutSession({"sess1", "alice@example.com", 1, 9'999'999'999}));
      for (int i = 0; i < 6; ++i) {
        OutboxMessage m;
        m.queue = i % 2 ? "hookA" : "hookB";
        m.channel = "webhook";
        m.payload = R"({"url":"https://hooks.example/secret","text":"hi"})";
        m.created_us = m.next_attempt_us = i;
        m.reference_doctype = "Issue";
        m.reference_name = "ISS-00001";
        m.notification = "New issue";
        CRIER_RETURN_IF_ERROR(t.EnqueueOutbox(m).status());
      }
      CRIER_ASSIGN_OR_RETURN(auto claimed, t.ClaimOutbox("node1", 2, 500, 2));
      OutboxMessage failed = claimed.at(0);
      failed.status = "failed";
      failed.last_status = 404;
      failed.last_error = "404 Not Found";
      CRIER_RETURN_IF_ERROR(t.UpdateOutbox(failed));
      return t.RecordLedger("Due soon", "Issue", "ISS-00002", "2026-03-03", 77).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  static constexpr const char* kPassword = "Pa55wordNeverShown";
  pg::PgTestDatabase db_;
  std::string dir_, sqlite_url_, pg_url_;
};

TEST_F(MigrateCommandTest, CopiesEverythingAndVerifiesTheCounts) {
  ASSERT_NO_FATAL_FAILURE(Populate());
  CrierRun run = RunCrier("migrate --from '" + sqlite_url_ + "' --to '" + pg_url_ + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output.find(kPassword), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("every count matches"), std::string::npos) << run.output;
  for (const char* row :
       {"documents[Issue]", "documents[Notification]", "versions", "series", "outbox[failed]",
        "outbox[sending]", "outbox[queued]", "api_keys", "sessions", "passwords", "settings",
        "scheduler_ledger", "field_indexes"}) {
    EXPECT_NE(run.output.find(row), std::string::npos) << row << "\n" << run.output;
  }
  EXPECT_NE(run.output.find("1234       1234"), std::string::npos) << run.output;

  auto sqlite = OpenStore(sqlite_url_);
  auto pg = OpenStore(pg_url_);
  ASSERT_TRUE(sqlite.ok() && pg.ok()) << pg.status().ToString();
  auto from = (*sqlite)->BeginRead();
  auto to = (*pg)->BeginRead();
  for (const char* name : {"ISS-00000", "ISS-00001", "ISS-01233"}) {
    EXPECT_EQ(**(*to)->GetDoc("Issue", name), **(*from)->GetDoc("Issue", name)) << name;
  }
  EXPECT_EQ(**(*to)->GetDoc("Notification", "New issue"),
            **(*from)->GetDoc("Notification", "New issue"));
  auto vf = *(*from)->ListVersions("Issue", "ISS-00001");
  auto vt = *(*to)->ListVersions("Issue", "ISS-00001");
  ASSERT_EQ(vt.size(), 3u);
  for (size_t i = 0; i < vt.size(); ++i) {
    EXPECT_EQ(vt[i].id, vf[i].id);
    EXPECT_EQ(vt[i].doc, vf[i].doc);
  }
  auto of = *(*from)->ListOutboxAfter(0, 100);
  auto ot = *(*to)->ListOutboxAfter(0, 100);
  ASSERT_EQ(ot.size(), of.size());
  for (size_t i = 0; i < ot.size(); ++i) {
    EXPECT_EQ(ot[i].id, of[i].id);
    EXPECT_EQ(ot[i].status, of[i].status);
    EXPECT_EQ(ot[i].attempts, of[i].attempts);
    EXPECT_EQ(ot[i].lease_owner, of[i].lease_owner);
    EXPECT_EQ(ot[i].lease_until_us, of[i].lease_until_us);
    EXPECT_EQ(ot[i].last_error, of[i].last_error);
    EXPECT_EQ(ot[i].payload, of[i].payload);
  }
  EXPECT_EQ(**(*to)->GetPasswordHash("alice@example.com"), "$argon2id$v=19$abc");
  EXPECT_EQ((*(*to)->GetApiKey("key1"))->secret_hash, "sha256:x");
  EXPECT_EQ((*(*to)->GetSession("sess1"))->expires_us, 9'999'999'999);
  EXPECT_TRUE(*(*to)->LedgerContains("Due soon", "Issue", "ISS-00002", "2026-03-03"));
  auto plan =
      (*to)->ExplainDocQuery(DocQuery{"Issue", {{"due_date", FilterOp::kEq, "2026-03-03"}}});
  EXPECT_FALSE(plan->scans_all) << plan->text;  // The field index came along.
  to->reset();
  // Counters go on where SQLite stopped; new outbox ids follow the copied ones.
  std::int64_t next = 0, next_id = 0;
  ASSERT_TRUE(RunInWriteTxn(**pg, [&](WriteTxn& t) {
                CRIER_ASSIGN_OR_RETURN(next, t.NextSeriesValue("ISS-"));
                CRIER_ASSIGN_OR_RETURN(next_id, t.EnqueueOutbox(of.front()));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(next, 1235);
  EXPECT_GT(next_id, of.back().id);
}

TEST_F(MigrateCommandTest, RefusesANonEmptyTargetAndChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(Populate());
  ASSERT_EQ(RunCrier("migrate --from '" + sqlite_url_ + "' --to '" + pg_url_ + "'").exit_code, 0);
  CrierRun again = RunCrier("migrate --from '" + sqlite_url_ + "' --to '" + pg_url_ + "'");
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("not empty"), std::string::npos) << again.output;
  EXPECT_EQ(again.output.find(kPassword), std::string::npos) << again.output;
  auto pg = OpenStore(pg_url_);
  auto r = (*pg)->BeginRead();
  EXPECT_EQ(*(*r)->CountDocs(DocQuery{"Issue"}), 1234);
}

TEST_F(MigrateCommandTest, ReportsBadArgumentsWithoutThePassword) {
  ASSERT_TRUE(OpenStore(sqlite_url_).ok());  // An empty source.
  CrierRun missing =
      RunCrier("migrate --from 'sqlite:" + dir_ + "/nope.db' --to '" + pg_url_ + "'");
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_NE(missing.output.find("no database"), std::string::npos) << missing.output;
  CrierRun unreachable = RunCrier("migrate --from '" + sqlite_url_ +
                                  "' --to 'postgresql://postgres:" + kPassword + "@127.0.0.1:1/x'");
  EXPECT_EQ(unreachable.exit_code, 1) << unreachable.output;
  EXPECT_EQ(unreachable.output.find(kPassword), std::string::npos) << unreachable.output;
  CrierRun usage = RunCrier("migrate --to '" + pg_url_ + "'");
  EXPECT_EQ(usage.exit_code, 2) << usage.output;
  EXPECT_EQ(usage.output.find(kPassword), std::string::npos) << usage.output;
}

}  // namespace
}  // namespace crier
