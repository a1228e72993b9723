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

// Rows and Webhook Delivery documents as schema version 1 kept them, for each store's test of
// migration 2 (valid SQL for both): row 1 delivered; row 2 failed and retried as row 3, which its
// delivery DLV-0000000002 points at; row 4 retrying; and one other document.
inline constexpr const char* kVersion1DeliveriesSql = R"sql(
    INSERT INTO outbox (id, queue, channel, payload, status, attempts, created_us, next_attempt_us)
    VALUES (1, 'webhook:Ops', 'chat', '{"text":"one"}', 'delivered', 1, 1, 1),
           (2, 'webhook:Ops', 'chat', '{"text":"two"}', 'failed', 3, 2, 2),
           (3, 'webhook:Ops', 'chat', '{"text":"two","delivery":"DLV-0000000002"}', 'queued', 0,
            3, 3),
           (4, 'email:Mail', 'email', '{"message":"four"}', 'queued', 2, 4, 4);
    INSERT INTO documents (doctype, name, owner, creation, modified, data) VALUES
      ('Webhook Delivery', 'DLV-0000000001', 'ann', 'c1', 'm1',
       '{"name":"DLV-0000000001","outbox_id":1,"service":"Mattermost","latency_ms":12.5,"delivered_at":"d1"}'),
      ('Webhook Delivery', 'DLV-0000000002', 'bob', 'c2', 'm2',
       '{"name":"DLV-0000000002","outbox_id":3,"service":"Mattermost"}'),
      ('Webhook Delivery', 'DLV-0000000004', 'cy', 'c4', 'm4',
       '{"name":"DLV-0000000004","outbox_id":4,"service":"Email","next_attempt":"n4"}'),
      ('Issue', 'ISS-1', 'ann', 'c', 'm', '{"name":"ISS-1"}');
  )sql";

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
