// frappe.db for notification conditions and templates.
#include "rules/frappe_db.h"

#include <fmt/format.h>

#include "model/list_query.h"
#include "value/dict.h"
#include "value/error.h"
#include "value/frappe_utils.h"
#include "value/json.h"
#include "value/ops.h"
#include "value/runtime.h"

namespace crier::rules {
namespace {

using value::CallArgs;
using value::ErrorClass;
using value::Runtime;
using value::Value;

[[noreturn]] void Fail(const Status& s) {
  value::Throw(ErrorClass::kValueError, s.message());
}

class DbObject final : public value::HostObject {
 public:
  DbObject(ReadTxn* txn, const DocumentService* documents) : txn_(txn), documents_(documents) {}
  std::string_view TypeName() const override { return "Database"; }
  bool GetAttr(Runtime& rt, std::string_view name, Value* out) override;
  void Repr(std::string& out) const override { out += "<frappe.db>"; }

  std::shared_ptr<const Meta> MetaOf(const Value& doctype) const {
    if (!doctype.is_str()) value::Throw(ErrorClass::kTypeError, "doctype must be a string");
    auto meta = documents_->GetMeta(doctype.str());
    if (!meta.ok()) Fail(meta.status());
    return *meta;
  }

  // The filters of a query: a document name (string) or Frappe filters (dict or list).
  std::vector<Filter> FiltersOf(const Meta& meta, const Value& filters) const {
    if (filters.is_none()) return {};
    if (filters.is_str()) return {{"name", FilterOp::kEq, std::string(filters.str())}};
    auto parsed = ParseFilters(meta, value::ToJson(filters));
    if (!parsed.ok()) Fail(parsed.status());
    return std::move(parsed).value();
  }

  std::vector<Json> Query(const Meta& meta, std::vector<Filter> filters, std::int64_t limit) const {
    DocQuery q{meta.name, std::move(filters), {}, 0, limit};
    auto docs = txn_->ListDocs(q);
    if (!docs.ok()) Fail(docs.status());
    return std::move(docs).value();
  }

  std::int64_t Count(const Meta& meta, std::vector<Filter> filters) const {
    auto n = txn_->CountDocs(DocQuery{meta.name, std::move(filters)});
    if (!n.ok()) Fail(n.status());
    return *n;
  }

 private:
  ReadTxn* txn_;
  const DocumentService* documents_;
};

DbObject* Self(const Value& self) {
  return static_cast<DbObject*>(self.host());
}

// A field a notification may read: a field of the DocType or a standard one, never a secret.
void CheckReadable(const Meta& meta, std::string_view field) {
  const FieldMeta* f = meta.Field(field);
  if (f == nullptr) {
    if (IsStandardField(field)) return;
    value::Throw(ErrorClass::kValueError,
                 fmt::format("{} has no field '{}'", meta.name, std::string(field)));
  }
  if (f->secret || f->type == FieldType::kPassword) {
    value::Throw(ErrorClass::kValueError,
                 fmt::format("{}.{} is secret and cannot be read by a notification", meta.name,
                             std::string(field)));
  }
}

Value FieldValue(Runtime& rt, const Json& doc, std::string_view field) {
  auto it = doc.find(std::string(field));
  if (it == doc.end()) return Value::None();
  return value::FromJson(rt.arena, *it);
}

// Every readable field of `doc` as a frappe._dict.
Value WholeDoc(Runtime& rt, const Meta& meta, const Json& doc) {
  value::DictObj* d = rt.NewDict(doc.size(), value::DictMode::kAttrDict);
  for (const auto& [key, v] : doc.items()) {
    const FieldMeta* f = meta.Field(key);
    if (f != nullptr && (f->secret || f->type == FieldType::kPassword)) continue;
    value::DictSet(rt.arena, d, rt.NewStr(key), value::FromJson(rt.arena, v));
  }
  return Value::Dict(d);
}

Value GetValue(Runtime& rt, Value self, const CallArgs& call) {
  value::Args a("get_value", call, {"doctype", "filters", "fieldname", "as_dict"}, 1);
  DbObject* db = Self(self);
  auto meta = db->MetaOf(a[0]);
  std::vector<Json> found = db->Query(*meta, db->FiltersOf(*meta, a.get(1, Value::None())), 1);
  Value fieldname = a.get(2, Value::Str("name"));
  bool as_dict = a.has(3) && value::Truthy(a[3]);
  std::vector<std::string_view> fields;
  bool whole = false;
  if (fieldname.is_str()) {
    if (fieldname.str() == "*") {
      whole = true;
    } else {
      fields.push_back(fieldname.str());
    }
  } else if (fieldname.is_list_like()) {
    for (const Value& f : fieldname.list()->items) {
      if (!f.is_str()) value::Throw(ErrorClass::kTypeError, "fieldname must hold strings");
      fields.push_back(f.str());
    }
  } else {
    value::Throw(ErrorClass::kTypeError, "fieldname must be a string or a list of strings");
  }
  for (std::string_view f : fields) CheckReadable(*meta, f);
  if (found.empty()) return Value::None();
  const Json& doc = found.front();
  if (whole) return WholeDoc(rt, *meta, doc);
  if (as_dict) {
    value::DictObj* d = rt.NewDict(fields.size(), value::DictMode::kAttrDict);
    for (std::string_view f : fields) {
      value::DictSet(rt.arena, d, rt.NewStr(f), FieldValue(rt, doc, f));
    }
    return Value::Dict(d);
  }
  if (fields.size() == 1 && fieldname.is_str()) return FieldValue(rt, doc, fields[0]);
  value::ListObj* t = rt.NewList(fields.size());
  for (std::string_view f : fields) t->items.Push(rt.arena, FieldValue(rt, doc, f));
  return Value::Tuple(t);
}

Value Exists(Runtime& rt, Value self, const CallArgs& call) {
  value::Args a("exists", call, {"doctype", "name"}, 1);
  DbObject* db = Self(self);
  auto meta = db->MetaOf(a[0]);
  Value filters = a.get(1, Value::None());
  if (filters.is_none()) return Value::None();
  std::vector<Json> found = db->Query(*meta, db->FiltersOf(*meta, filters), 1);
  if (found.empty()) return Value::None();
  return rt.NewStr(found.front().value("name", ""));
}

Value Count(Runtime&, Value self, const CallArgs& call) {
  value::Args a("count", call, {"doctype", "filters"}, 1);
  DbObject* db = Self(self);
  auto meta = db->MetaOf(a[0]);
  return Value::Int(db->Count(*meta, db->FiltersOf(*meta, a.get(1, Value::None()))));
}

const value::Builtin kGetValue{"get_value", GetValue, "Database"};
const value::Builtin kExists{"exists", Exists, "Database"};
const value::Builtin kCount{"count", Count, "Database"};

bool DbObject::GetAttr(Runtime& rt, std::string_view name, Value* out) {
  const value::Builtin* b = name == "get_value" ? &kGetValue
                            : name == "exists"  ? &kExists
                            : name == "count"   ? &kCount
                                                : nullptr;
  if (b == nullptr) return false;
  *out = rt.BindMethod(b, Value::Host(this));
  return true;
}

class FrappeObject final : public value::HostObject {
 public:
  explicit FrappeObject(DbObject* db) : db_(db) {}
  std::string_view TypeName() const override { return "module"; }
  bool GetAttr(Runtime& rt, std::string_view name, Value* out) override {
    if (name == "db") {
      *out = Value::Host(db_);
      return true;
    }
    return value::FrappeModule().host()->GetAttr(rt, name, out);
  }
  void Repr(std::string& out) const override { out += "<module 'frappe'>"; }

 private:
  DbObject* db_;
};

}  // namespace

Value MakeFrappeObject(value::Arena& arena, ReadTxn& txn, const DocumentService& documents) {
  auto* db = arena.New<DbObject>(&txn, &documents);
  return Value::Host(arena.New<FrappeObject>(db));
}

}  // namespace crier::rules
