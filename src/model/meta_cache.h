// The DocType definitions in memory. Loaded at start from the store and changed only when a
// DocType write commits (DocumentService's DocType controller calls Put/Erase from OnCommit), so a
// request never sees a definition from a transaction that rolled back.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "model/meta.h"
#include "store/store.h"

namespace crier {

// Thread-safe. Metas are immutable once published; a reader keeps the one it got even if a newer
// definition replaces it meanwhile (hence shared_ptr).
class MetaCache {
 public:
  // The meta of `doctype`, or kNotFound naming it.
  Result<std::shared_ptr<const Meta>> Get(std::string_view doctype) const;
  void Put(std::shared_ptr<const Meta> meta);
  void Erase(std::string_view doctype);
  std::vector<std::string> Names() const;

  // Replaces the whole cache with every DocType document in the store (at start, or when another
  // node changed a definition). Documents that fail to parse are skipped and reported.
  Status LoadAll(ReadTxn& txn);

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Meta>> metas_;  // Guarded by mu_.
};

}  // namespace crier
