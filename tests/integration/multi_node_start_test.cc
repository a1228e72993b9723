// Several crier nodes started at the same moment on one empty PostgreSQL database: installing the
// built-ins and creating Administrator is check-then-insert, so the nodes must take turns rather
// than collide (one of them used to exit with "Role Administrator already exists").
#include <gtest/gtest.h>

#include <future>
#include <vector>

#include "server/server.h"
#include "store/postgres/testing/pg_test_database.h"

namespace crier {
namespace {

TEST(MultiNodeStartTest, NodesStartedTogetherOnAnEmptyDatabaseAllComeUp) {
  pg::PgTestDatabase database;
  auto url = database.url();
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  constexpr int kNodes = 3;
  std::vector<std::future<Result<std::unique_ptr<Server>>>> starts;
  for (int i = 0; i < kNodes; ++i) {
    starts.push_back(std::async(std::launch::async, [&] {
      ServeOptions o;
      o.db_url = *url;
      o.listen = "127.0.0.1:0";
      o.demo = true;
      o.admin_password = "Sh4red-admin-password";
      o.argon2 = TestArgon2Params();
      return Server::Create(o, SystemClock(), SecureRandom());
    }));
  }
  std::vector<std::unique_ptr<Server>> servers;
  for (auto& start : starts) {
    auto server = start.get();
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    EXPECT_FALSE((*server)->generated_admin_password().has_value());
    servers.push_back(std::move(*server));
  }
  auto read = servers[0]->store().BeginRead();
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(
      (*read)
          ->CountDocs({.doctype = "User", .filters = {{"name", FilterOp::kEq, "Administrator"}}})
          .value(),
      1);
  EXPECT_TRUE((*read)->DocExists("DocType", "Issue").value());
}

}  // namespace
}  // namespace crier
