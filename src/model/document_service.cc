// Insert, update, delete, read and list documents, following lifecycle.h and calling the hooks.
#include "model/document_service.h"

#include <fmt/format.h>

#include <array>

#include "base/time.h"
#include "model/list_query.h"
#include "model/naming.h"
#include "store/deliveries.h"

namespace crier {
namespace {

// Keys a client may send that are not fields: Frappe's form state (`__islocal`, `__unsaved`...)
// and hidden columns (`_user_tags`, `_comments`...). Ignored, as Frappe does.
bool IsIgnoredKey(const std::string& key) {
  return !key.empty() && key[0] == '_';
}

// Standard keys of child rows that crier sets itself.
bool IsRowStamp(const std::string& key) {
  return key == "idx" || key == "parent" || key == "parentfield" || key == "parenttype" ||
         key == "doctype" || key == "docstatus" || key == "owner" || key == "creation" ||
         key == "modified" || key == "modified_by";
}

std::string Timestamp(const DateTime& dt) {
  return fmt::format("{} {:02d}:{:02d}:{:02d}.{:06d}", FormatDate(dt.date), dt.hour, dt.minute,
                     dt.second, dt.microsecond);
}

const std::string& Label(const FieldMeta& f) {
  return f.label.empty() ? f.fieldname : f.label;
}

Json DefaultValue(const FieldMeta& f, const std::string& user, const std::string& now) {
  const Json& d = f.default_value;
  if (f.type == FieldType::kTable) return Json::array();
  if (d.is_null()) return EmptyValue(f.type);
  if (d == "__user") return user;
  bool today = d == "Today" || d == "today";
  bool right_now = d == "Now" || d == "now";
  if (today || right_now) {
    if (f.type == FieldType::kDate) return now.substr(0, 10);
    if (f.type == FieldType::kTime) return now.substr(11);
    return today ? Json(now.substr(0, 10)) : Json(now);
  }
  Result<Json> cast = CastValue(f.cast_spec(), d);
  return cast.ok() ? *cast : EmptyValue(f.type);
}

// Re-labels an error found in row `idx` (1-based) of a table field, so that it names the path.
Status InRow(const Status& s, const FieldMeta& table, size_t idx) {
  std::string field = fmt::format("{}[{}]", table.fieldname, idx);
  if (!s.field().empty()) field += "." + s.field();
  return Status(s.code(), fmt::format("{} row {}: {}", Label(table), idx, s.message()), field);
}

Result<int> CastDocstatus(const Json& value) {
  CastSpec spec;
  spec.type = FieldType::kInt;
  spec.fieldname = "docstatus";
  CRIER_ASSIGN_OR_RETURN(Json v, CastValue(spec, value));
  return v.get<int>();
}

// A table's rows without the stamps crier sets, to compare what the client changed.
Json RowsForComparison(const Json& rows) {
  Json out = Json::array();
  if (!rows.is_array()) return rows;
  for (const Json& row : rows) {
    Json r = row;
    if (r.is_object()) {
      for (auto it = r.begin(); it != r.end();) {
        it = IsRowStamp(it.key()) ? r.erase(it) : std::next(it);
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

bool FieldChanged(const FieldMeta& f, const Json& before, const Json& after) {
  const Json& a = before.contains(f.fieldname) ? before[f.fieldname] : Json();
  const Json& b = after.contains(f.fieldname) ? after[f.fieldname] : Json();
  if (f.type == FieldType::kTable) return RowsForComparison(a) != RowsForComparison(b);
  return a != b;
}

// An input key that is no field. Only keys shaped like field names are quoted: a client that
// sent something else (a whole JSON text as a form key, say) may have put a secret in it.
Status UnknownField(const std::string& key, const Meta& meta) {
  if (!IsValidFieldName(key)) {
    return InvalidArgument(
        fmt::format("the input has a key that is not a field name of {} (field names are "
                    "lowercase identifiers)",
                    meta.name));
  }
  return InvalidArgument(fmt::format("unknown field '{}' for DocType {}", key, meta.name), key);
}

Status CheckSubmittedChanges(const Meta& meta, const Json& before, const Json& after) {
  for (const FieldMeta& f : meta.fields) {
    if (!f.allow_on_submit && FieldChanged(f, before, after)) {
      return InvalidArgument(fmt::format("not allowed to change {} after submission", Label(f)),
                             f.fieldname);
    }
  }
  return Status::Ok();
}

Status CheckSetOnlyOnce(const Meta& meta, const Json& before, const Json& after) {
  for (const FieldMeta& f : meta.fields) {
    if (f.set_only_once && !IsMissing(before.value(f.fieldname, Json())) &&
        FieldChanged(f, before, after)) {
      return InvalidArgument(fmt::format("{} cannot be changed once set", Label(f)), f.fieldname);
    }
  }
  return Status::Ok();
}

// The identity fields a hook must not change.
constexpr std::array<const char*, 7> kIdentityFields = {
    "doctype", "name", "owner", "creation", "modified", "modified_by", "docstatus"};

// A copy of `doc`'s identity fields alone (a whole copy would also copy every field's value).
Json IdentityOf(const Json& doc) {
  Json identity = Json::object();
  for (const char* key : kIdentityFields) {
    if (auto it = doc.find(key); it != doc.end()) identity[key] = *it;
  }
  return identity;
}

// Puts back the identity fields that IdentityOf() kept.
void RestoreIdentity(Json& doc, const Json& identity) {
  for (const char* key : kIdentityFields) doc[key] = identity.value(key, Json());
}

}  // namespace

DocumentService::DocumentService(MetaCache& metas, const Clock& clock, Random& random)
    : metas_(metas), clock_(clock), random_(random) {}

void DocumentService::AddHook(std::unique_ptr<WriteHook> hook) {
  hooks_.push_back(std::move(hook));
}

Result<std::shared_ptr<const Meta>> DocumentService::GetMeta(std::string_view doctype) const {
  return metas_.Get(doctype);
}

Result<std::shared_ptr<const Meta>> DocumentService::WritableMeta(std::string_view doctype) const {
  if (doctype == kDeliveryDoctype) {
    return PermissionDenied(
        fmt::format("{} documents are written by crier as it delivers messages; use "
                    "delivery.retry to send one again",
                    kDeliveryDoctype));
  }
  return GetMeta(doctype);
}

Status DocumentService::RunHooks(HookContext& ctx, const std::vector<std::string_view>& names) {
  for (std::string_view name : names) {
    ctx.hook = name;
    for (auto& hook : hooks_) CRIER_RETURN_IF_ERROR(hook->Run(ctx));
  }
  return Status::Ok();
}

Result<Json> DocumentService::CastRows(WriteTxn& txn, const FieldMeta& field, const Json& value) {
  if (value.is_null()) return Json::array();
  if (!value.is_array()) {
    return InvalidArgument(fmt::format("{} must be a list of rows", Label(field)), field.fieldname);
  }
  auto child = metas_.Get(field.options);
  if (!child.ok()) return InvalidArgument(child.status().message(), field.fieldname);
  const Meta& cm = **child;
  std::string now = NowDateTimeString(clock_);
  Json rows = Json::array();
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& in = value[i];
    if (!in.is_object()) {
      return InRow(InvalidArgument("a row must be a JSON object"), field, i + 1);
    }
    Json row = Json::object();
    for (const FieldMeta& f : cm.fields) row[f.fieldname] = DefaultValue(f, "", now);
    row["name"] = RandomHex(random_, 5);
    for (const auto& [key, v] : in.items()) {
      if (IsIgnoredKey(key) || IsRowStamp(key)) continue;
      if (key == "name") {
        if (v.is_string() && !v.get<std::string>().empty()) row["name"] = v;
        continue;
      }
      const FieldMeta* f = cm.Field(key);
      if (f == nullptr) return InRow(UnknownField(key, cm), field, i + 1);
      Result<Json> cast =
          f->type == FieldType::kTable ? CastRows(txn, *f, v) : CastValue(f->cast_spec(), v);
      if (!cast.ok()) return InRow(cast.status(), field, i + 1);
      row[key] = std::move(cast).value();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Status DocumentService::CastInput(WriteTxn& txn, const Meta& meta, const Json& input, Json& doc) {
  for (const auto& [key, value] : input.items()) {
    if (IsIgnoredKey(key)) continue;
    if (key == "doctype") {
      if (value != meta.name) {
        return InvalidArgument(
            fmt::format("doctype '{}' does not match {}",
                        value.is_string() ? value.get<std::string>() : "?", meta.name),
            "doctype");
      }
      continue;
    }
    if (IsStandardField(key)) continue;  // name, docstatus, modified: the callers read them.
    const FieldMeta* f = meta.Field(key);
    if (f == nullptr) return UnknownField(key, meta);
    Result<Json> cast =
        f->type == FieldType::kTable ? CastRows(txn, *f, value) : CastValue(f->cast_spec(), value);
    if (!cast.ok()) return cast.status();
    doc[key] = std::move(cast).value();
  }
  return Status::Ok();
}

Status DocumentService::ValidateFields(WriteTxn& txn, const Meta& meta, Json& doc) {
  for (const FieldMeta& f : meta.fields) {
    Json& value = doc[f.fieldname];
    if (f.type == FieldType::kTable) {
      if (value.is_null()) value = Json::array();
      CRIER_ASSIGN_OR_RETURN(value, CastRows(txn, f, value));  // Hooks may have added raw rows.
      if (f.reqd && value.empty()) {
        return InvalidArgument(fmt::format("Value missing for {}: {}", meta.name, Label(f)),
                               f.fieldname);
      }
      CRIER_RETURN_IF_ERROR(ValidateRows(txn, f, value));
      continue;
    }
    CRIER_ASSIGN_OR_RETURN(value, CastValue(f.cast_spec(), value));
    if (f.reqd && IsMissing(value)) {
      return InvalidArgument(fmt::format("Value missing for {}: {}", meta.name, Label(f)),
                             f.fieldname);
    }
    if (IsMissing(value)) continue;
    std::string target;
    if (f.type == FieldType::kLink) {
      target = f.options;
    } else if (f.type == FieldType::kDynamicLink) {
      const Json& t = doc.contains(f.options) ? doc[f.options] : Json();
      if (!t.is_string() || t.get<std::string>().empty()) {
        return InvalidArgument(fmt::format("{} needs {} to name its DocType", Label(f), f.options),
                               f.fieldname);
      }
      target = t.get<std::string>();
      CRIER_ASSIGN_OR_RETURN(bool known, txn.DocExists("DocType", target));
      if (!known) {
        return InvalidArgument(fmt::format("Could not find DocType: {}", target), f.options);
      }
    } else {
      continue;
    }
    CRIER_ASSIGN_OR_RETURN(bool exists, txn.DocExists(target, value.get<std::string>()));
    if (!exists) {
      return InvalidArgument(
          fmt::format("Could not find {}: {}", target,
                      f.secret ? std::string("the value given") : value.get<std::string>()),
          f.fieldname);
    }
  }
  // Drop keys that are neither standard nor fields (a hook may have set them).
  for (auto it = doc.begin(); it != doc.end();) {
    bool keep = IsStandardField(it.key()) || (meta.istable && IsChildStandardField(it.key())) ||
                meta.Field(it.key()) != nullptr;
    it = keep ? std::next(it) : doc.erase(it);
  }
  return Status::Ok();
}

Status DocumentService::ValidateRows(WriteTxn& txn, const FieldMeta& field, Json& rows) {
  CRIER_ASSIGN_OR_RETURN(auto child, metas_.Get(field.options));
  for (size_t i = 0; i < rows.size(); ++i) {
    Status s = ValidateFields(txn, *child, rows[i]);
    if (!s.ok()) return InRow(s, field, i + 1);
  }
  return Status::Ok();
}

Status DocumentService::Validate(WriteTxn& txn, const Meta& meta, Json& doc) {
  CRIER_RETURN_IF_ERROR(ValidateFields(txn, meta, doc));
  for (const FieldMeta& f : meta.fields) {
    if (!f.unique || f.type == FieldType::kTable || IsMissing(doc[f.fieldname])) continue;
    DocQuery q{
        meta.name,
        {{f.fieldname, FilterOp::kEq, doc[f.fieldname]}, {"name", FilterOp::kNe, doc["name"]}},
        {},
        0,
        1};
    CRIER_ASSIGN_OR_RETURN(std::vector<Json> same, txn.ListDocs(q));
    if (!same.empty()) {
      return Conflict(
          fmt::format("{} {} already has this {}{}", meta.name,
                      same[0].value("name", std::string()), Label(f),
                      f.secret ? ""
                               : fmt::format(" ({})", doc[f.fieldname].is_string()
                                                          ? doc[f.fieldname].get<std::string>()
                                                          : doc[f.fieldname].dump())),
          f.fieldname);
    }
  }
  return Status::Ok();
}

void DocumentService::StampRows(const Meta& meta, Json& doc) {
  for (const FieldMeta& f : meta.fields) {
    if (f.type != FieldType::kTable || !doc[f.fieldname].is_array()) continue;
    int idx = 0;
    for (Json& row : doc[f.fieldname]) {
      if (!row.is_object()) continue;
      row["idx"] = ++idx;
      row["parent"] = doc["name"];
      row["parentfield"] = f.fieldname;
      row["parenttype"] = meta.name;
      row["doctype"] = f.options;
      row["docstatus"] = doc["docstatus"];
    }
  }
}

std::string DocumentService::NextModified(const std::string& previous) const {
  std::string now = NowDateTimeString(clock_);
  if (now > previous) return now;
  auto prev = ParseDateTime(previous);
  if (!prev) return now;
  // The clock did not move (or went back): keep `modified` strictly increasing per document,
  // since optimistic concurrency compares it.
  return Timestamp(ToLocal(FromLocal(*prev) + std::chrono::microseconds(1)));
}

Result<Json> DocumentService::Insert(WriteTxn& txn, const WriteOptions& options,
                                     std::string_view doctype, const Json& input) {
  if (options.depth > kMaxWriteDepth) {
    return Status(StatusCode::kFailedPrecondition,
                  fmt::format("writes nested more than {} deep (a hook loop?)", kMaxWriteDepth));
  }
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta_ptr, WritableMeta(doctype));
  const Meta& meta = *meta_ptr;
  if (meta.istable) {
    return InvalidArgument(fmt::format("{} rows are saved with their parent document", meta.name));
  }
  if (!input.is_object()) return InvalidArgument("a document must be a JSON object");
  int docstatus = 0;
  if (input.contains("docstatus")) {
    CRIER_ASSIGN_OR_RETURN(docstatus, CastDocstatus(input["docstatus"]));
  }
  CRIER_ASSIGN_OR_RETURN(WriteAction action, DecideInsert(meta, docstatus));
  const HookPlan& plan = HooksFor(action);

  CRIER_ASSIGN_OR_RETURN(Json doc, NewDocument(txn, options, meta, docstatus, input));

  WriteOptions inner = options;
  inner.depth = options.depth + 1;
  HookContext ctx{txn, *this, meta, inner, action, "", doc, nullptr};
  CRIER_RETURN_IF_ERROR(RunHooks(ctx, plan.before_naming));

  NamingInputs naming{random_, LocalDate(clock_.Now()),
                      [&txn](std::string_view key) { return txn.NextSeriesValue(key); }};
  CRIER_ASSIGN_OR_RETURN(std::string name, MakeName(meta, doc, options.keep_given_name, naming));
  doc["name"] = name;
  Json identity = IdentityOf(doc);
  StampRows(meta, doc);
  CRIER_RETURN_IF_ERROR(RunHooks(ctx, plan.before));
  RestoreIdentity(doc, identity);
  CRIER_RETURN_IF_ERROR(Validate(txn, meta, doc));
  StampRows(meta, doc);
  CRIER_RETURN_IF_ERROR(txn.InsertDoc(doc));

  Json written = doc;
  HookContext after{txn, *this, meta, inner, action, "", written, nullptr};
  CRIER_RETURN_IF_ERROR(RunHooks(after, plan.after));
  return doc;
}

Result<Json> DocumentService::NewDocument(WriteTxn& txn, const WriteOptions& options,
                                          const Meta& meta, int docstatus, const Json& input) {
  std::string now = NowDateTimeString(clock_);
  Json doc = Json::object();
  doc["doctype"] = meta.name;
  doc["name"] = nullptr;
  if (input.contains("name") && !input["name"].is_null()) {
    if (!input["name"].is_string()) return InvalidArgument("name must be text", "name");
    doc["name"] = input["name"];
  }
  doc["owner"] = options.user;
  doc["creation"] = now;
  doc["modified"] = now;
  doc["modified_by"] = options.user;
  doc["docstatus"] = docstatus;
  for (const FieldMeta& f : meta.fields) doc[f.fieldname] = DefaultValue(f, options.user, now);
  CRIER_RETURN_IF_ERROR(CastInput(txn, meta, input, doc));
  return doc;
}

Result<Json> DocumentService::Update(WriteTxn& txn, const WriteOptions& options,
                                     std::string_view doctype, std::string_view name,
                                     const Json& patch) {
  if (options.depth > kMaxWriteDepth) {
    return Status(StatusCode::kFailedPrecondition,
                  fmt::format("writes nested more than {} deep (a hook loop?)", kMaxWriteDepth));
  }
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta_ptr, WritableMeta(doctype));
  const Meta& meta = *meta_ptr;
  if (!patch.is_object()) return InvalidArgument("a document must be a JSON object");
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> stored, txn.GetDoc(meta.name, name));
  if (!stored) return NotFound(fmt::format("{} {} not found", meta.name, name));
  const Json& current = *stored;
  if (patch.contains("modified") && !patch["modified"].is_null() &&
      patch["modified"] != current["modified"]) {
    return Conflict(fmt::format("{} {} has been modified after you opened it (modified {}); "
                                "reload it and retry",
                                meta.name, name, current["modified"].get<std::string>()),
                    "modified");
  }
  if (patch.contains("name") && !patch["name"].is_null() && patch["name"] != name) {
    return InvalidArgument("renaming a document is not supported", "name");
  }
  int from = current.value("docstatus", 0);
  int to = from;
  if (patch.contains("docstatus") && !patch["docstatus"].is_null()) {
    CRIER_ASSIGN_OR_RETURN(to, CastDocstatus(patch["docstatus"]));
  }
  CRIER_ASSIGN_OR_RETURN(WriteAction action, DecideUpdate(meta, from, to));
  const HookPlan& plan = HooksFor(action);
  bool submitted = action == WriteAction::kUpdateAfterSubmit || action == WriteAction::kCancel;

  Json doc = current;
  CRIER_RETURN_IF_ERROR(CastInput(txn, meta, patch, doc));
  doc["docstatus"] = to;
  doc["modified"] = NextModified(current["modified"].get<std::string>());
  doc["modified_by"] = options.user;
  if (submitted) CRIER_RETURN_IF_ERROR(CheckSubmittedChanges(meta, current, doc));
  CRIER_RETURN_IF_ERROR(CheckSetOnlyOnce(meta, current, doc));
  Json identity = IdentityOf(doc);

  WriteOptions inner = options;
  inner.depth = options.depth + 1;
  HookContext ctx{txn, *this, meta, inner, action, "", doc, &current};
  CRIER_RETURN_IF_ERROR(RunHooks(ctx, plan.before));
  RestoreIdentity(doc, identity);
  if (submitted) CRIER_RETURN_IF_ERROR(CheckSubmittedChanges(meta, current, doc));
  if (action != WriteAction::kCancel) CRIER_RETURN_IF_ERROR(Validate(txn, meta, doc));
  StampRows(meta, doc);
  CRIER_RETURN_IF_ERROR(txn.AddVersion(current));
  CRIER_RETURN_IF_ERROR(txn.UpdateDoc(doc, current["modified"].get<std::string>()));

  Json written = doc;
  HookContext after{txn, *this, meta, inner, action, "", written, &current};
  CRIER_RETURN_IF_ERROR(RunHooks(after, plan.after));
  return doc;
}

Status DocumentService::Delete(WriteTxn& txn, const WriteOptions& options, std::string_view doctype,
                               std::string_view name) {
  if (options.depth > kMaxWriteDepth) {
    return Status(StatusCode::kFailedPrecondition,
                  fmt::format("writes nested more than {} deep (a hook loop?)", kMaxWriteDepth));
  }
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta_ptr, WritableMeta(doctype));
  const Meta& meta = *meta_ptr;
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> stored, txn.GetDoc(meta.name, name));
  if (!stored) return NotFound(fmt::format("{} {} not found", meta.name, name));
  const Json& current = *stored;
  CRIER_RETURN_IF_ERROR(DecideDelete(meta, current.value("docstatus", 0)));
  const HookPlan& plan = HooksFor(WriteAction::kDelete);
  WriteOptions inner = options;
  inner.depth = options.depth + 1;
  Json doc = current;
  HookContext ctx{txn, *this, meta, inner, WriteAction::kDelete, "", doc, &current};
  CRIER_RETURN_IF_ERROR(RunHooks(ctx, plan.before));
  CRIER_RETURN_IF_ERROR(txn.AddVersion(current));
  CRIER_RETURN_IF_ERROR(txn.DeleteDoc(meta.name, name));
  Json written = current;
  HookContext after{txn, *this, meta, inner, WriteAction::kDelete, "", written, &current};
  return RunHooks(after, plan.after);
}

Result<Json> DocumentService::Get(ReadTxn& txn, std::string_view doctype,
                                  std::string_view name) const {
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, GetMeta(doctype));
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> doc, txn.GetDoc(meta->name, name));
  if (!doc) return NotFound(fmt::format("{} {} not found", meta->name, name));
  return std::move(*doc);
}

Result<std::vector<Json>> DocumentService::List(ReadTxn& txn, const ListRequest& request) const {
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, GetMeta(request.doctype));
  if (request.limit_start < 0 || request.limit_page_length < 0) {
    return InvalidArgument("limit_start and limit_page_length must not be negative");
  }
  CRIER_ASSIGN_OR_RETURN(std::vector<std::string> fields, ParseFields(*meta, request.fields));
  CRIER_ASSIGN_OR_RETURN(std::vector<Filter> filters, ParseFilters(*meta, request.filters));
  filters.insert(filters.end(), request.extra_filters.begin(), request.extra_filters.end());
  CRIER_ASSIGN_OR_RETURN(std::vector<OrderBy> order, ParseOrderBy(*meta, request.order_by));
  DocQuery q{meta->name, std::move(filters), std::move(order), request.limit_start,
             request.limit_page_length == 0 ? -1 : request.limit_page_length};
  CRIER_ASSIGN_OR_RETURN(std::vector<Json> docs, txn.ListDocs(q));
  std::vector<Json> out;
  out.reserve(docs.size());
  for (const Json& d : docs) out.push_back(ProjectFields(d, fields));
  return out;
}

Result<std::int64_t> DocumentService::Count(ReadTxn& txn, std::string_view doctype,
                                            const Json& filters,
                                            const std::vector<Filter>& extra_filters) const {
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, GetMeta(doctype));
  CRIER_ASSIGN_OR_RETURN(std::vector<Filter> parsed, ParseFilters(*meta, filters));
  parsed.insert(parsed.end(), extra_filters.begin(), extra_filters.end());
  return txn.CountDocs(DocQuery{meta->name, std::move(parsed)});
}

Result<std::vector<Version>> DocumentService::Versions(ReadTxn& txn, std::string_view doctype,
                                                       std::string_view name) const {
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, GetMeta(doctype));
  CRIER_ASSIGN_OR_RETURN(std::vector<Version> versions, txn.ListVersions(meta->name, name));
  if (versions.empty()) {
    CRIER_ASSIGN_OR_RETURN(bool exists, txn.DocExists(meta->name, name));
    if (!exists) return NotFound(fmt::format("{} {} not found", meta->name, name));
  }
  return versions;
}

}  // namespace crier
