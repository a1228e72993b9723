// A document layer on a fresh SQLite database in a temporary folder, with the built-in DocTypes
// installed and a fake clock: the starting point of the model, auth and API unit tests.
#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "model/document_service.h"
#include "model/meta_cache.h"
#include "store/store.h"

namespace crier {

class ModelTestEnv {
 public:
  // Starts at 2026-03-01 09:00:00 local time. Aborts the test binary if setup fails.
  ModelTestEnv();
  ~ModelTestEnv();

  Store& store() { return *store_; }
  MetaCache& metas() { return metas_; }
  DocumentService& documents() { return *documents_; }
  FakeClock& clock() { return clock_; }
  Random& random() { return random_; }
  const std::string& dir() const { return dir_; }

  // Runs one write in its own transaction, committing when it succeeds.
  Result<Json> Insert(const std::string& doctype, const Json& input, const WriteOptions& o = {});
  Result<Json> Update(const std::string& doctype, const std::string& name, const Json& patch,
                      const WriteOptions& o = {});
  Status Delete(const std::string& doctype, const std::string& name, const WriteOptions& o = {});
  Result<Json> Get(const std::string& doctype, const std::string& name);

 private:
  std::string dir_;
  FakeClock clock_;
  SeededRandom random_{1234};
  std::unique_ptr<Store> store_;
  MetaCache metas_;
  std::unique_ptr<DocumentService> documents_;
};

}  // namespace crier
