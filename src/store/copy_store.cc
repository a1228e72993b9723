// Store-to-store copy and comparison, page by page through the enumeration methods of store.h.
#include "store/copy_store.h"

#include <fmt/format.h>

#include <map>

namespace crier {
namespace {

constexpr std::int64_t kPage = 500;

// Calls `visit(doc)` for every document of `doctype`, by name.
template <typename Visit>
Status ForEachDoc(ReadTxn& txn, const std::string& doctype, Visit visit) {
  std::string after;  // Names are never empty: "" is before all of them.
  while (true) {
    DocQuery q{doctype, {{"name", FilterOp::kGt, after}}, {{"name", false}}, 0, kPage};
    CRIER_ASSIGN_OR_RETURN(std::vector<Json> docs, txn.ListDocs(q));
    for (const Json& doc : docs) CRIER_RETURN_IF_ERROR(visit(doc));
    if (static_cast<std::int64_t>(docs.size()) < kPage) return Status::Ok();
    after = docs.back().value("name", "");
  }
}

// Calls `visit(record)` for every record of a table enumerated by `list(after, kPage)`, where
// `key(record)` is what the next page starts after.
template <typename List, typename Key, typename After, typename Visit>
Status ForEachPaged(List list, Key key, After after, Visit visit) {
  while (true) {
    CRIER_ASSIGN_OR_RETURN(auto page, list(after, kPage));
    for (const auto& record : page) CRIER_RETURN_IF_ERROR(visit(record));
    if (static_cast<std::int64_t>(page.size()) < kPage) return Status::Ok();
    after = key(page.back());
  }
}

template <typename Visit>
Status ForEachVersion(ReadTxn& txn, Visit visit) {
  return ForEachPaged(
      [&](std::int64_t after, std::int64_t n) { return txn.ListVersionsAfter(after, n); },
      [](const Version& v) { return v.id; }, std::int64_t{0}, visit);
}

template <typename Visit>
Status ForEachOutbox(ReadTxn& txn, Visit visit) {
  return ForEachPaged(
      [&](std::int64_t after, std::int64_t n) { return txn.ListOutboxAfter(after, n); },
      [](const OutboxMessage& m) { return m.id; }, std::int64_t{0}, visit);
}

template <typename Visit>
Status ForEachLedger(ReadTxn& txn, Visit visit) {
  return ForEachPaged([&](const std::optional<LedgerEntry>& after,
                          std::int64_t n) { return txn.ListLedger(after, n); },
                      [](const LedgerEntry& e) { return std::optional<LedgerEntry>(e); },
                      std::optional<LedgerEntry>(), visit);
}

Status Copy(ReadTxn& from, WriteTxn& to) {
  CRIER_ASSIGN_OR_RETURN(bool empty, IsEmptyStore(to));
  if (!empty) {
    return Status(StatusCode::kFailedPrecondition,
                  "the target database is not empty: crier migrate copies into a new database "
                  "only (drop and recreate it to start over)");
  }
  CRIER_ASSIGN_OR_RETURN(auto indexes, from.ListFieldIndexes());
  for (const auto& fields : indexes) CRIER_RETURN_IF_ERROR(to.EnsureFieldIndex(fields));
  CRIER_ASSIGN_OR_RETURN(std::vector<std::string> doctypes, from.ListDoctypes());
  for (const std::string& doctype : doctypes) {
    CRIER_RETURN_IF_ERROR(
        ForEachDoc(from, doctype, [&](const Json& d) { return to.InsertDoc(d); }));
  }
  CRIER_RETURN_IF_ERROR(
      ForEachVersion(from, [&](const Version& v) { return to.ImportVersion(v); }));
  CRIER_ASSIGN_OR_RETURN(auto series, from.ListSeries());
  for (const SeriesCounter& s : series) CRIER_RETURN_IF_ERROR(to.SetSeriesValue(s.key, s.value));
  CRIER_ASSIGN_OR_RETURN(auto settings, from.ListSettings());
  for (const Setting& s : settings) CRIER_RETURN_IF_ERROR(to.SetSetting(s.key, s.value));
  CRIER_ASSIGN_OR_RETURN(auto passwords, from.ListPasswordHashes());
  for (const PasswordRecord& p : passwords)
    CRIER_RETURN_IF_ERROR(to.SetPasswordHash(p.user, p.hash));
  CRIER_ASSIGN_OR_RETURN(auto keys, from.ListApiKeys());
  for (const ApiKeyRecord& k : keys) CRIER_RETURN_IF_ERROR(to.PutApiKey(k));
  CRIER_ASSIGN_OR_RETURN(auto sessions, from.ListSessions());
  for (const SessionRecord& s : sessions) CRIER_RETURN_IF_ERROR(to.PutSession(s));
  CRIER_RETURN_IF_ERROR(
      ForEachOutbox(from, [&](const OutboxMessage& m) { return to.ImportOutbox(m); }));
  return ForEachLedger(from, [&](const LedgerEntry& e) -> Status {
    CRIER_ASSIGN_OR_RETURN(bool fresh, to.RecordLedger(e.notification, e.doctype, e.docname,
                                                       e.reference_date, e.recorded_us));
    if (!fresh) return Internal("the scheduler ledger holds an entry twice");
    return Status::Ok();
  });
}

}  // namespace

Result<std::vector<TableCount>> CountTables(ReadTxn& txn) {
  std::vector<TableCount> out;
  CRIER_ASSIGN_OR_RETURN(std::vector<std::string> doctypes, txn.ListDoctypes());
  for (const std::string& doctype : doctypes) {
    CRIER_ASSIGN_OR_RETURN(std::int64_t n, txn.CountDocs(DocQuery{doctype}));
    out.push_back({fmt::format("documents[{}]", doctype), n});
  }
  auto count = [](std::int64_t& n) {
    return [&n](const auto&) {
      ++n;
      return Status::Ok();
    };
  };
  CRIER_ASSIGN_OR_RETURN(auto indexes, txn.ListFieldIndexes());
  out.push_back({"field_indexes", static_cast<std::int64_t>(indexes.size())});
  std::int64_t versions = 0;
  CRIER_RETURN_IF_ERROR(ForEachVersion(txn, count(versions)));
  out.push_back({"versions", versions});
  CRIER_ASSIGN_OR_RETURN(auto series, txn.ListSeries());
  out.push_back({"series", static_cast<std::int64_t>(series.size())});
  CRIER_ASSIGN_OR_RETURN(auto settings, txn.ListSettings());
  out.push_back({"settings", static_cast<std::int64_t>(settings.size())});
  CRIER_ASSIGN_OR_RETURN(auto passwords, txn.ListPasswordHashes());
  out.push_back({"passwords", static_cast<std::int64_t>(passwords.size())});
  CRIER_ASSIGN_OR_RETURN(auto keys, txn.ListApiKeys());
  out.push_back({"api_keys", static_cast<std::int64_t>(keys.size())});
  CRIER_ASSIGN_OR_RETURN(auto sessions, txn.ListSessions());
  out.push_back({"sessions", static_cast<std::int64_t>(sessions.size())});
  std::map<std::string, std::int64_t> by_status;
  CRIER_RETURN_IF_ERROR(ForEachOutbox(txn, [&](const OutboxMessage& m) {
    ++by_status[m.status];
    return Status::Ok();
  }));
  for (const auto& [status, n] : by_status) out.push_back({fmt::format("outbox[{}]", status), n});
  std::int64_t ledger = 0;
  CRIER_RETURN_IF_ERROR(ForEachLedger(txn, count(ledger)));
  out.push_back({"scheduler_ledger", ledger});
  return out;
}

Result<bool> IsEmptyStore(ReadTxn& txn) {
  CRIER_ASSIGN_OR_RETURN(auto doctypes, txn.ListDoctypes());
  CRIER_ASSIGN_OR_RETURN(auto versions, txn.ListVersionsAfter(0, 1));
  CRIER_ASSIGN_OR_RETURN(auto series, txn.ListSeries());
  CRIER_ASSIGN_OR_RETURN(auto settings, txn.ListSettings());
  CRIER_ASSIGN_OR_RETURN(auto passwords, txn.ListPasswordHashes());
  CRIER_ASSIGN_OR_RETURN(auto keys, txn.ListApiKeys());
  CRIER_ASSIGN_OR_RETURN(auto sessions, txn.ListSessions());
  CRIER_ASSIGN_OR_RETURN(auto outbox, txn.ListOutboxAfter(0, 1));
  CRIER_ASSIGN_OR_RETURN(auto ledger, txn.ListLedger(std::nullopt, 1));
  return doctypes.empty() && versions.empty() && series.empty() && settings.empty() &&
         passwords.empty() && keys.empty() && sessions.empty() && outbox.empty() && ledger.empty();
}

Status CopyStore(Store& from, Store& to) {
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> snapshot, from.BeginRead());
  return RunInWriteTxn(to, [&](WriteTxn& txn) { return Copy(*snapshot, txn); });
}

Result<std::vector<CountComparison>> CompareStores(Store& source, Store& target) {
  std::vector<TableCount> counts[2];
  Store* stores[2] = {&source, &target};
  for (int i = 0; i < 2; ++i) {
    CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, stores[i]->BeginRead());
    CRIER_ASSIGN_OR_RETURN(counts[i], CountTables(*txn));
  }
  std::vector<CountComparison> out;
  std::map<std::string, size_t> row_of;
  for (int i = 0; i < 2; ++i) {
    for (const TableCount& c : counts[i]) {
      auto [it, added] = row_of.emplace(c.table, out.size());
      if (added) out.push_back({c.table, 0, 0});
      (i == 0 ? out[it->second].source : out[it->second].target) = c.rows;
    }
  }
  return out;
}

}  // namespace crier
