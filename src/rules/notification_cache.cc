// The per-DocType cache of compiled notifications.
#include "rules/notification_cache.h"

namespace crier::rules {
namespace {

const CompiledList& EmptyList() {
  static const CompiledList* empty = new CompiledList();
  return *empty;
}

}  // namespace

DoctypeRules::DoctypeRules(CompiledList notifications) : all_(std::move(notifications)) {
  for (const auto& n : all_) {
    const NotificationSpec& s = n->spec();
    if (!s.event) continue;
    by_event_[static_cast<int>(*s.event)].push_back(n);
    if (*s.event == Event::kMethod && !s.method.empty()) by_method_[s.method].push_back(n);
  }
}

const CompiledList& DoctypeRules::ForMethod(std::string_view hook) const {
  auto it = by_method_.find(hook);
  return it == by_method_.end() ? EmptyList() : it->second;
}

bool DoctypeRules::HasMethod(std::string_view hook) const {
  return by_method_.find(hook) != by_method_.end();
}

const std::shared_ptr<const CompiledNotification>* DoctypeRules::Find(std::string_view name) const {
  for (const auto& n : all_) {
    if (n->name() == name) return &n;
  }
  return nullptr;
}

NotificationCache::NotificationCache(Loader loader) : loader_(std::move(loader)) {}

NotificationCache::Loader NotificationCache::StoreLoader(Store& store) {
  return [&store](std::string_view doctype) -> Result<std::vector<Json>> {
    CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store.BeginRead());
    DocQuery q{
        "Notification",
        {{"document_type", FilterOp::kEq, std::string(doctype)}, {"enabled", FilterOp::kEq, 1}},
        {{"name", false}}};
    return txn->ListDocs(q);
  };
}

Result<std::shared_ptr<const DoctypeRules>> NotificationCache::Get(std::string_view doctype) {
  return entries_.Get(doctype, [&]() -> Result<std::shared_ptr<const DoctypeRules>> {
    CRIER_ASSIGN_OR_RETURN(std::vector<Json> docs, loader_(doctype));
    CompiledList compiled;
    compiled.reserve(docs.size());
    for (const Json& d : docs) compiled.push_back(CompiledNotification::Compile(SpecFromDoc(d)));
    return std::make_shared<const DoctypeRules>(std::move(compiled));
  });
}

void NotificationCache::Invalidate(std::string_view doctype) {
  entries_.Invalidate(doctype);
}

void NotificationCache::Subscribe(Store& store) {
  store.Subscribe(std::string(kNotificationsTopic),
                  [this](std::string_view payload) { Invalidate(payload); });
}

}  // namespace crier::rules
