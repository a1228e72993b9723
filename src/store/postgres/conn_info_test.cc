#include "store/postgres/conn_info.h"

#include <gtest/gtest.h>

namespace crier::pg {
namespace {

TEST(ConnInfoTest, RedactsThePasswordWhereverItIs) {
  auto info = ParseConnInfo("postgresql://crier:s3cr%40t@db.example:5433/crier?sslmode=require");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->redacted, "postgresql://crier@db.example:5433/crier?sslmode=require");
  EXPECT_EQ(info->Scrub("auth for s3cr@t failed (s3cr%40t)"),
            "auth for [redacted] failed ([redacted])");
  auto query = ParseConnInfo("postgres://db/crier?user=u&password=hunter22");
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->redacted, "postgres://db/crier?user=u&password=[redacted]");
  EXPECT_EQ(query->Scrub("hunter22"), "[redacted]");
}

TEST(ConnInfoTest, ShortPasswordsAreScrubbedToo) {
  auto info = ParseConnInfo("postgresql://u:pw@h/d");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->Scrub("user u pw"), "user u [redacted]");
}

TEST(ConnInfoTest, RefusesOtherSchemesAndMissingHosts) {
  EXPECT_FALSE(IsPostgresUrl("sqlite:x.db"));
  EXPECT_TRUE(IsPostgresUrl("postgres://h/d"));
  EXPECT_EQ(ParseConnInfo("mysql://h/d").status().code(), StatusCode::kInvalidArgument);
  auto no_host = ParseConnInfo("postgresql://u:secretpw@/d");
  EXPECT_EQ(no_host.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_host.status().message().find("secretpw"), std::string::npos);
}

TEST(ConnInfoTest, LockKeysDependOnSpaceAndName) {
  EXPECT_EQ(LockKey("public", "scheduler"), LockKey("public", "scheduler"));
  EXPECT_NE(LockKey("public", "scheduler"), LockKey("tenant2", "scheduler"));
  EXPECT_NE(LockKey("public", "scheduler"), LockKey("public", "migrations"));
}

}  // namespace
}  // namespace crier::pg
