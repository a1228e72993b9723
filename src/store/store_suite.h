// The behaviour every Store implementation must have, as one parameterised GoogleTest suite. An
// implementation's test instantiates it with a factory of test databases:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreSuite, ::testing::Values(StoreSuiteParam{"sqlite",
//   ...}));
//
// store_suite.cc is compiled into each implementation's test binary (not into a library, so that
// the linker keeps its test registrations).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "store/store.h"

namespace crier {

// One empty test database. Open() may be called several times (after the previous store was
// destroyed) and must reopen the same database: tests use it to check durability and migrations.
class StoreTestDatabase {
 public:
  virtual ~StoreTestDatabase() = default;
  virtual Result<std::unique_ptr<Store>> Open() = 0;
};

struct StoreSuiteParam {
  std::string name;
  std::function<std::unique_ptr<StoreTestDatabase>()> make_database;
};

inline std::string StoreSuiteParamName(const ::testing::TestParamInfo<StoreSuiteParam>& info) {
  return info.param.name;
}

class StoreSuite : public ::testing::TestWithParam<StoreSuiteParam> {
 protected:
  void SetUp() override;
  Store& store() { return *store_; }
  // Destroys the store and opens the same database again.
  void Reopen();

  std::unique_ptr<StoreTestDatabase> database_;
  std::unique_ptr<Store> store_;
};

}  // namespace crier
