// Documents as crier's users see them: typed, validated, named, versioned, and moved through
// their life cycle (insert, save, submit, update after submit, cancel, delete) with the
// registered WriteHooks called inside the same transaction. Every write is one call on an open
// WriteTxn: the caller (an API request, a scheduler tick, a hook making a nested write) owns the
// transaction and commits it, so a request is exactly one transaction.
//
// Permission checks are not made here: the API checks who may do what before calling, and hooks'
// nested writes run with the system's authority.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "base/status.h"
#include "model/meta_cache.h"
#include "model/write_hook.h"
#include "store/store.h"

namespace crier {

struct ListRequest {
  std::string doctype;
  Json fields = nullptr;      // See ParseFields.
  Json filters = nullptr;     // See ParseFilters.
  std::string order_by = {};  // See ParseOrderBy; empty: modified desc.
  std::int64_t limit_start = 0;
  std::int64_t limit_page_length = 20;  // 0: no limit.
  // Extra conditions the caller adds (e.g. the API's if_owner restriction), not parsed.
  std::vector<Filter> extra_filters = {};
};

class DocumentService {
 public:
  // `metas`, `clock` and `random` must outlive the service.
  DocumentService(MetaCache& metas, const Clock& clock, Random& random);

  // Adds a hook, called after those added before it. REQUIRES: no write is running (call while
  // wiring the server, before serving).
  void AddHook(std::unique_ptr<WriteHook> hook);

  MetaCache& metas() { return metas_; }
  const Clock& clock() const { return clock_; }

  // The DocType's meta, or kNotFound.
  Result<std::shared_ptr<const Meta>> GetMeta(std::string_view doctype) const;

  // Insert, Update and Delete refuse `Webhook Delivery` (kPermissionDenied): its documents are
  // the outbox rows the delivery workers and `delivery.retry` write (store/deliveries.h).

  // Inserts a new document from client input: fields cast to their types (unknown field, wrong
  // type, bad Select value: kInvalidArgument naming the field), defaults filled, named by the
  // DocType's rule, hooks run, mandatory fields, Link targets, child rows and unique fields
  // checked, then stored. kNotFound for an unknown DocType, kConflict for a name already taken.
  // Returns the stored document.
  Result<Json> Insert(WriteTxn& txn, const WriteOptions& options, std::string_view doctype,
                      const Json& input);

  // Applies a partial update: only the fields present in `patch` change (a Table field's rows
  // are replaced whole). A `docstatus` in the patch submits (0->1) or cancels (1->2); on a
  // submitted document only allow_on_submit fields may change. A `modified` in the patch that is
  // not the stored one is kConflict (the client edited a stale copy). Keeps the previous version.
  Result<Json> Update(WriteTxn& txn, const WriteOptions& options, std::string_view doctype,
                      std::string_view name, const Json& patch);

  // Deletes a draft or cancelled document (a submitted one must be cancelled first), keeping its
  // last version.
  Status Delete(WriteTxn& txn, const WriteOptions& options, std::string_view doctype,
                std::string_view name);

  // The document, or kNotFound for an unknown DocType or name.
  Result<Json> Get(ReadTxn& txn, std::string_view doctype, std::string_view name) const;

  // A page of documents, each projected to the requested fields.
  Result<std::vector<Json>> List(ReadTxn& txn, const ListRequest& request) const;
  // How many documents match the filters.
  Result<std::int64_t> Count(ReadTxn& txn, std::string_view doctype, const Json& filters,
                             const std::vector<Filter>& extra_filters = {}) const;

  // Earlier versions of a document, newest first. kNotFound for an unknown DocType, or when the
  // document neither exists nor ever existed.
  Result<std::vector<Version>> Versions(ReadTxn& txn, std::string_view doctype,
                                        std::string_view name) const;

 private:
  // GetMeta for a write: refuses the DocTypes no document write may change.
  Result<std::shared_ptr<const Meta>> WritableMeta(std::string_view doctype) const;
  Status RunHooks(HookContext& ctx, const std::vector<std::string_view>& names);
  Status CastInput(WriteTxn& txn, const Meta& meta, const Json& input, Json& doc);
  // A new document of `meta` from `input`: identity stamped, defaults filled, input cast.
  Result<Json> NewDocument(WriteTxn& txn, const WriteOptions& options, const Meta& meta,
                           int docstatus, const Json& input);
  Result<Json> CastRows(WriteTxn& txn, const FieldMeta& field, const Json& value);
  Status Validate(WriteTxn& txn, const Meta& meta, Json& doc);
  Status ValidateRows(WriteTxn& txn, const FieldMeta& field, Json& rows);
  Status ValidateFields(WriteTxn& txn, const Meta& meta, Json& doc);
  void StampRows(const Meta& meta, Json& doc);
  std::string NextModified(const std::string& previous) const;

  MetaCache& metas_;
  const Clock& clock_;
  Random& random_;
  std::vector<std::unique_ptr<WriteHook>> hooks_;
};

}  // namespace crier
