// Test databases on the shared test server.
#include "store/postgres/testing/pg_test_database.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>

#include "store/open_store.h"
#include "store/postgres/connection.h"

namespace crier::pg {
namespace {

Result<std::unique_ptr<Connection>> Admin(const std::string& admin_url) {
  CRIER_ASSIGN_OR_RETURN(ConnInfo info, ParseConnInfo(admin_url));
  return Connection::Open(info, "crier-test-admin");
}

std::string FreshName() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return fmt::format("crier_test_{}_{}_{:08x}", getpid(), counter.fetch_add(1), random());
}

}  // namespace

Result<std::string> TestServerUrl() {
  if (const char* url = std::getenv("CRIER_TEST_PG_URL"); url != nullptr && *url != '\0') {
    return std::string(url);
  }
  const char* file = std::getenv("CRIER_TEST_PG_URL_FILE");
  if (file != nullptr && *file != '\0') {
    std::ifstream in(file);
    std::string url;
    if (in && std::getline(in, url) && !url.empty()) return url;
    return Status(StatusCode::kFailedPrecondition,
                  fmt::format("no PostgreSQL test server: {} is missing or empty (did the ctest "
                              "fixture postgres_server_start fail? run "
                              "scripts/pg-test-server.sh start to see why)",
                              file));
  }
  return Status(StatusCode::kFailedPrecondition,
                "no PostgreSQL test server: run these tests through ctest (which starts "
                "scripts/pg-test-server.sh as the fixture 'postgres'), or set "
                "CRIER_TEST_PG_URL=postgresql://user@host:port/postgres (a user that may CREATE "
                "DATABASE)");
}

std::string WithDatabase(const std::string& url, const std::string& database) {
  size_t authority = url.find("://") + 3;
  size_t path = url.find_first_of("/?", authority);
  std::string query;
  if (path != std::string::npos) {
    size_t q = url.find('?', path);
    if (q != std::string::npos) query = url.substr(q);
  }
  return url.substr(0, path) + "/" + database + query;
}

PgTestDatabase::PgTestDatabase() {
  Result<std::string> admin = TestServerUrl();
  if (!admin.ok()) {
    error_ = admin.status();
    return;
  }
  admin_url_ = *admin;
  name_ = FreshName();
  Result<std::unique_ptr<Connection>> conn = Admin(admin_url_);
  Status created =
      conn.ok() ? (*conn)->Exec(fmt::format("CREATE DATABASE {}", name_)) : conn.status();
  if (!created.ok()) {
    error_ = created;
    name_.clear();
    return;
  }
  url_ = WithDatabase(admin_url_, name_);
}

PgTestDatabase::~PgTestDatabase() {
  if (name_.empty()) return;
  if (Result<std::unique_ptr<Connection>> conn = Admin(admin_url_); conn.ok()) {
    (void)(*conn)->Exec(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", name_));
  }
}

Result<std::unique_ptr<Store>> PgTestDatabase::Open() {
  if (!error_.ok()) return error_;
  return OpenStore(url_);
}

Result<std::string> PgTestDatabase::url() const {
  if (!error_.ok()) return error_;
  return url_;
}

}  // namespace crier::pg
