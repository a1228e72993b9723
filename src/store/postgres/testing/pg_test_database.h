// Test databases on the PostgreSQL server the tests share: scripts/pg-test-server.sh, started by
// ctest as the fixture `postgres` (src/store/postgres/CMakeLists.txt), or any server named by
// CRIER_TEST_PG_URL. Each test gets a database of its own, created through the admin URL and
// dropped afterwards, so tests never see each other's rows, notifications or advisory locks.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "store/store.h"
#include "store/store_suite.h"

namespace crier::pg {

// The admin URL of the test server (a user that may CREATE DATABASE): $CRIER_TEST_PG_URL, else the
// first line of the file $CRIER_TEST_PG_URL_FILE. kFailedPrecondition explaining how to get a
// server when neither is set: the PostgreSQL tests fail rather than pass without one.
Result<std::string> TestServerUrl();

// `url` (postgresql://...) with its path replaced by /`database`.
std::string WithDatabase(const std::string& url, const std::string& database);

// A fresh, empty database, dropped (with any connection still open to it) on destruction.
class PgTestDatabase final : public StoreTestDatabase {
 public:
  // Never fails: when the server is missing, Open() returns the error (so a suite's SetUp fails
  // with it).
  PgTestDatabase();
  ~PgTestDatabase() override;

  // A PostgresStore on this database (through OpenStore).
  Result<std::unique_ptr<Store>> Open() override;
  // The database's URL, or the error that prevented creating it.
  Result<std::string> url() const;
  // The admin URL of the server.
  const std::string& admin_url() const { return admin_url_; }

 private:
  Status error_;
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

}  // namespace crier::pg
