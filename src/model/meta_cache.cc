// The in-memory DocType definitions.
#include "model/meta_cache.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/log.h"

namespace crier {

Result<std::shared_ptr<const Meta>> MetaCache::Get(std::string_view doctype) const {
  std::shared_lock lock(mu_);
  auto it = metas_.find(std::string(doctype));
  if (it == metas_.end()) return NotFound(fmt::format("DocType {} not found", doctype));
  return it->second;
}

void MetaCache::Put(std::shared_ptr<const Meta> meta) {
  std::unique_lock lock(mu_);
  std::string name = meta->name;
  metas_[name] = std::move(meta);
}

void MetaCache::Erase(std::string_view doctype) {
  std::unique_lock lock(mu_);
  metas_.erase(std::string(doctype));
}

std::vector<std::string> MetaCache::Names() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, meta] : metas_) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

Status MetaCache::LoadAll(ReadTxn& txn) {
  CRIER_ASSIGN_OR_RETURN(std::vector<Json> docs, txn.ListDocs(DocQuery{"DocType"}));
  std::unordered_map<std::string, std::shared_ptr<const Meta>> loaded;
  for (const Json& doc : docs) {
    Result<Meta> meta = MetaFromDocType(doc);
    if (!meta.ok()) {
      CRIER_LOG_ERROR("DocType {} is invalid and was not loaded: {}",
                      doc.value("name", std::string("?")), meta.status().message());
      continue;
    }
    std::string name = meta->name;
    loaded[name] = std::make_shared<const Meta>(std::move(meta).value());
  }
  std::unique_lock lock(mu_);
  metas_ = std::move(loaded);
  return Status::Ok();
}

}  // namespace crier
