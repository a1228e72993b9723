// Jinja2's 54 builtin filters (filters.py), with their argument signatures, lazy results as
// one-shot iterators where Jinja returns generators, and the sandbox's attribute lookups.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>

#include "tmpl/builtins.h"
#include "tmpl/objects.h"
#include "tmpl/renderer.h"
#include "tmpl/title.h"
#include "value/builtins.h"
#include "value/dict.h"
#include "value/format.h"
#include "value/json.h"
#include "value/methods.h"
#include "value/ops.h"
#include "value/repr.h"
#include "value/round.h"
#include "value/unicode.h"

namespace crier::tmpl {
namespace {

using value::Args;
using value::CallArgs;
using value::ErrorClass;
using value::Kind;
using value::ListObj;
using value::Throw;
using value::Value;

// markupsafe.soft_str: Markup stays Markup, anything else becomes str().
Value SoftStr(Renderer& r, const Value& v) {
  if (v.is_str()) return v;
  return r.NewStr(value::ToStr(v));
}

Value Method(Renderer& r, const Value& self, std::string_view name,
             std::initializer_list<Value> pos = {}) {
  Value out;
  CallArgs call{std::span<const Value>(pos.begin(), pos.size()), {}};
  if (!value::CallMethod(r, self, name, call, &out)) value::NoAttribute(self, name);
  return out;
}

Value Generator(Renderer& r, ListObj* items, std::string_view type = "generator") {
  auto* it = r.arena.New<value::IterObj>();
  it->items = items;
  it->type_name = type;
  return Value::Iterator(it);
}

// make_attrgetter: "a.b.0" walks with the sandbox's getitem.
struct AttrGetter {
  std::vector<Value> parts;
  std::vector<uint64_t> hashes;  // HashString of each str part (for dict lookups), else 0
  // Entry index where each part was last found in a dict: rows have their keys in the same
  // order, so the next row usually has it there too (checked before use).
  mutable std::vector<uint32_t> hints;
  Value dflt;
  bool lower = false;

  AttrGetter(Renderer& r, const Value& attribute, bool ignore_case, Value default_value = Value()) {
    dflt = default_value;
    lower = ignore_case;
    if (attribute.is_none()) return;
    if (attribute.is_str()) {
      std::string_view s = attribute.str();
      size_t i = 0;
      while (true) {
        size_t dot = s.find('.', i);
        std::string_view part =
            s.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i);
        bool digits = !part.empty() && std::all_of(part.begin(), part.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
        parts.push_back(digits ? value::PyInt(r, Value::Str(part)) : Value::Str(part));
        if (dot == std::string_view::npos) break;
        i = dot + 1;
      }
    } else {
      parts.push_back(attribute);
    }
    for (const Value& part : parts)
      hashes.push_back(part.is_str() ? value::HashString(part.str()) : 0);
    hints.assign(parts.size(), 0);
  }

  Value Get(Renderer& r, Value item) const {
    for (size_t k = 0; k < parts.size(); ++k) {
      const Value& part = parts[k];
      int64_t i = -1;
      if (item.is_dict() && part.is_str()) {
        // What JinjaGetItem finds first for a dict and a str key, with the key's hash.
        const value::DictObj* d = item.dict();
        uint32_t hint = hints[k];
        if (hint < d->entries.size && d->entries[hint].hash == hashes[k] &&
            d->entries[hint].key.is_str() &&
            value::SameText(d->entries[hint].key.str(), part.str())) {
          i = hint;
        } else {
          i = value::DictFindStr(d, part.str(), hashes[k]);
          if (i >= 0) hints[k] = static_cast<uint32_t>(i);
        }
      }
      item =
          i >= 0 ? item.dict()->entries[static_cast<size_t>(i)].value : r.JinjaGetItem(item, part);
      if (!dflt.is_none() && item.is_undefined()) item = dflt;
    }
    if (lower && item.is_str()) item = Method(r, item, "lower");
    return item;
  }
};

Value KeyLower(Renderer& r, const Value& v, bool ignore_case) {
  if (ignore_case && v.is_str()) return Method(r, v, "lower");
  return v;
}

// ----------------------------------------------------------------------------------------------

Value FAbs(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("abs", call);
  Value args[1] = {v};
  return r.Call(*value::FindPythonBuiltin("abs"), CallArgs{args, {}});
}

Value FAttr(Renderer& r, Value obj, const CallArgs& call) {
  Args a("do_attr", call, {"name"}, 1);
  if (!a[0].is_str()) {
    Throw(ErrorClass::kTypeError, "attribute name must be string");
  }
  std::string_view name = a[0].str();
  Value out;
  if (!name.empty() && name[0] == '_') {
    if (expr::IsUnsafeDunder(obj, name)) return r.JinjaGetAttr(obj, name);
    return r.MakeUndefined(name, r.arena.CopyString(value::ObjectTypeRepr(obj)), true);
  }
  if (obj.is_undefined()) {
    if (obj.undefined()->kind == value::UndefinedKind::kChainable) return obj;
    return r.MakeUndefined(name, r.arena.CopyString(value::ObjectTypeRepr(obj)), true);
  }
  if (value::LookupAttribute(r, obj, name, &out)) return out;
  return r.MakeUndefined(name, r.arena.CopyString(value::ObjectTypeRepr(obj)), true);
}

Value FBatch(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_batch", call, {"linecount", "fill_with"}, 1);
  int64_t n = value::IndexValue(a[0], "'linecount' must be an integer");
  Value fill = a.get(1, Value::None());
  ListObj* out = r.NewList();
  ListObj* tmp = r.NewList();
  value::Iter it(r, v);
  Value item;
  while (it.Next(&item)) {
    if (static_cast<int64_t>(tmp->items.size) == n) {
      out->items.Push(r.arena, Value::List(tmp));
      tmp = r.NewList();
    }
    tmp->items.Push(r.arena, item);
  }
  if (tmp->items.size) {
    if (!fill.is_none()) {
      while (static_cast<int64_t>(tmp->items.size) < n) tmp->items.Push(r.arena, fill);
    }
    out->items.Push(r.arena, Value::List(tmp));
  }
  return Generator(r, out);
}

Value FCapitalize(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_capitalize", call);
  return Method(r, SoftStr(r, v), "capitalize");
}

Value FCenter(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_center", call, {"width"}, 0);
  return Method(r, SoftStr(r, v), "center", {a.get(0, Value::Int(80))});
}

Value FLength(Renderer&, Value v, const CallArgs& call) {
  value::PositionalOnly("len", call, 0, 0);
  return Value::Int(value::Length(v));
}

Value FDefault(Renderer&, Value v, const CallArgs& call) {
  Args a("do_default", call, {"default_value", "boolean"}, 0);
  Value dflt = a.get(0, Value::StrRaw({}, value::kStrAscii));
  bool boolean = a.has(1) && value::Truthy(a[1]);
  if (v.is_undefined() || (boolean && !value::Truthy(v))) return dflt;
  return v;
}

Value FDictsort(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_dictsort", call, {"case_sensitive", "by", "reverse"}, 0);
  bool case_sensitive = a.has(0) && value::Truthy(a[0]);
  Value by = a.get(1, Value::Str("key"));
  bool reverse = a.has(2) && value::Truthy(a[2]);
  int pos;
  if (by.is_str() && by.str() == "key")
    pos = 0;
  else if (by.is_str() && by.str() == "value")
    pos = 1;
  else
    Throw(ErrorClass::kFilterArgumentError, "You can only sort by either \"key\" or \"value\"");
  Value items = Method(r, v, "items");
  ListObj* list = value::ToList(r, items);
  std::vector<Value> keys(list->items.size);
  for (uint32_t i = 0; i < list->items.size; ++i) {
    keys[i] = KeyLower(r, list->items[i].list()->items[static_cast<size_t>(pos)], !case_sensitive);
  }
  std::vector<uint32_t> order(list->items.size);
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return reverse ? value::Compare(r, value::CmpOp::kLt, keys[y], keys[x])
                   : value::Compare(r, value::CmpOp::kLt, keys[x], keys[y]);
  });
  ListObj* out = r.NewList(order.size());
  for (uint32_t i : order) out->items.Push(r.arena, list->items[i]);
  return Value::List(out);
}

Value FEscape(Renderer& r, Value v, const CallArgs& call) {
  value::PositionalOnly("escape", call, 0, 0);
  return value::Escape(r, v);
}

Value FForceescape(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_forceescape", call);
  Value plain = v.is_str() ? Value::StrRaw(v.str(), v.flags() & ~value::kStrMarkup)
                           : r.NewStr(value::ToStr(v));
  return value::Escape(r, plain);
}

Value FFilesizeformat(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_filesizeformat", call, {"binary"}, 0);
  bool binary = a.has(0) && value::Truthy(a[0]);
  Value bytes = value::PyFloat(r, v);
  int64_t base = binary ? 1024 : 1000;
  static constexpr const char* kBin[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
  static constexpr const char* kDec[] = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  if (bytes.float_value() == 1) return Value::Str("1 Byte");
  if (value::Compare(r, value::CmpOp::kLt, bytes, Value::Int(base))) {
    return r.NewStr(fmt::format("{} Bytes", value::ToStr(value::PyInt(r, bytes))));
  }
  Value unit;
  int i = 0;
  for (; i < 8; ++i) {
    unit = value::Binary(r, value::BinOp::kPow, Value::Int(base), Value::Int(i + 2));
    if (value::Compare(r, value::CmpOp::kLt, bytes, unit)) break;
  }
  if (i == 8) i = 7;
  Value scaled = value::Binary(r, value::BinOp::kDiv,
                               value::Binary(r, value::BinOp::kMul, Value::Int(base), bytes), unit);
  std::string text;
  value::AppendFormatted(r, text, scaled, ".1f");
  return r.NewStr(fmt::format("{} {}", text, binary ? kBin[i] : kDec[i]));
}

Value FFirst(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_first", call);
  value::Iter it(r, v);
  Value item;
  if (it.Next(&item)) return item;
  return r.Undefined("No first item, sequence was empty.");
}

Value FFloat(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_float", call, {"default"}, 0);
  try {
    return value::PyFloat(r, v);
  } catch (const value::PyError& e) {
    if (e.cls() != ErrorClass::kTypeError && e.cls() != ErrorClass::kValueError) throw;
    return a.get(0, Value::Float(0.0));
  }
}

Value FFormat(Renderer& r, Value v, const CallArgs& call) {
  if (!call.pos.empty() && !call.kw.empty()) {
    Throw(ErrorClass::kFilterArgumentError,
          "can't handle positional and keyword arguments at the same time");
  }
  if (call.kw.empty()) return value::PercentFormatTuple(r, SoftStr(r, v), call.pos);
  value::DictObj* d = r.NewDict();
  for (const value::KwArg& kw : call.kw) value::DictSet(r.arena, d, Value::Str(kw.name), kw.value);
  return value::PercentFormat(r, SoftStr(r, v), Value::Dict(d));
}

const std::string_view kGroupFields[] = {"grouper", "list"};

Value FGroupby(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_groupby", call, {"attribute", "default", "case_sensitive"}, 1);
  Value dflt = a.get(1, Value::None());
  bool case_sensitive = a.has(2) && value::Truthy(a[2]);
  AttrGetter key(r, a[0], !case_sensitive, dflt);
  AttrGetter out_key(r, a[0], false, dflt);
  ListObj* items = value::ToList(r, v);
  std::vector<Value> keys(items->items.size);
  for (uint32_t i = 0; i < items->items.size; ++i) keys[i] = key.Get(r, items->items[i]);
  std::vector<uint32_t> order(items->items.size);
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return value::Compare(r, value::CmpOp::kLt, keys[x], keys[y]);
  });
  ListObj* out = r.NewList();
  size_t i = 0;
  while (i < order.size()) {
    Value k = keys[order[i]];
    ListObj* group = r.NewList();
    size_t j = i;
    while (j < order.size() && value::Equal(keys[order[j]], k)) {
      group->items.Push(r.arena, items->items[order[j]]);
      ++j;
    }
    Value grouper = case_sensitive ? k : out_key.Get(r, group->items[0]);
    ListObj* tuple = r.NewList(2);
    tuple->items.Push(r.arena, grouper);
    tuple->items.Push(r.arena, Value::List(group));
    tuple->fields = kGroupFields;
    out->items.Push(r.arena, Value::Tuple(tuple));
    i = j;
  }
  return Value::List(out);
}

Value FIndent(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_indent", call, {"width", "first", "blank"}, 0);
  Value width = a.get(0, Value::Int(4));
  bool first = a.has(1) && value::Truthy(a[1]);
  bool blank = a.has(2) && value::Truthy(a[2]);
  std::string indention;
  if (width.is_str()) {
    indention = std::string(width.str());
  } else {
    Value spaces = value::Binary(r, value::BinOp::kMul, Value::Str(" "), width);
    indention = std::string(spaces.str());
  }
  bool markup = v.is_markup();
  Value s = value::Binary(r, value::BinOp::kAdd, v, Value::Str("\n"));
  ListObj* lines = Method(r, s, "splitlines").list();
  std::string out;
  if (blank) {
    for (uint32_t i = 0; i < lines->items.size; ++i) {
      if (i) out += "\n" + indention;
      out.append(lines->items[i].str());
    }
  } else {
    out.append(lines->items.size ? lines->items[0].str() : std::string_view());
    for (uint32_t i = 1; i < lines->items.size; ++i) {
      out += "\n";
      std::string_view line = lines->items[i].str();
      if (!line.empty()) out += indention;
      out.append(line);
    }
  }
  if (first) out = indention + out;
  return r.NewStr(out, markup ? value::kStrMarkup : 0);
}

Value FInt(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_int", call, {"default", "base"}, 0);
  Value dflt = a.get(0, Value::Int(0));
  auto recoverable = [](const value::PyError& e) {
    return e.cls() == ErrorClass::kTypeError || e.cls() == ErrorClass::kValueError;
  };
  try {
    if (v.is_str()) {
      int64_t base = a.has(1) ? value::IndexValue(a[1], "'base' must be an integer") : 10;
      return value::PyInt(r, v, static_cast<int>(std::clamp<int64_t>(base, -1, 37)));
    }
    return value::PyInt(r, v);
  } catch (const value::PyError& e) {
    if (!recoverable(e)) throw;
  }
  try {
    return value::PyInt(r, value::PyFloat(r, v));
  } catch (const value::PyError& e) {
    if (!recoverable(e)) throw;
  }
  return dflt;
}

Value FJoin(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_join", call, {"d", "attribute"}, 0);
  Value d = a.get(0, Value::StrRaw({}, value::kStrAscii));
  ListObj* items = value::ToList(r, v);
  if (a.has(1) && !a[1].is_none()) {
    AttrGetter getter(r, a[1], false);
    for (Value& item : items->items) item = getter.Get(r, item);
  }
  std::string out;
  if (!r.autoescape) {
    std::string sep = value::ToStr(d);
    for (uint32_t i = 0; i < items->items.size; ++i) {
      if (i) out += sep;
      value::AppendStr(out, items->items[i]);
      r.CheckStringSize(out.size());
    }
    return r.NewStr(out);
  }
  if (!d.is_markup()) {
    bool do_escape = false;
    for (const Value& item : items->items) {
      if (item.is_markup()) do_escape = true;
    }
    std::string sep = value::ToStr(d);
    for (uint32_t i = 0; i < items->items.size; ++i) {
      if (i) {
        if (do_escape)
          value::AppendEscaped(out, sep);
        else
          out += sep;
      }
      const Value& item = items->items[i];
      if (do_escape && !item.is_markup()) {
        value::AppendEscaped(out, value::ToStr(item));
      } else {
        value::AppendStr(out, item);
      }
      r.CheckStringSize(out.size());
    }
    return r.NewStr(out, do_escape ? value::kStrMarkup : 0);
  }
  for (uint32_t i = 0; i < items->items.size; ++i) {
    if (i) out.append(d.str());
    const Value& item = items->items[i];
    if (item.is_markup())
      out.append(item.str());
    else
      value::AppendEscaped(out, value::ToStr(item));
    r.CheckStringSize(out.size());
  }
  return r.NewStr(out, value::kStrMarkup);
}

Value FLast(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_last", call);
  switch (v.kind()) {
    case Kind::kIterator:
    case Kind::kSet:
      Throw(ErrorClass::kTypeError,
            fmt::format("'{}' object is not reversible", value::TypeName(v)));
    case Kind::kUndefined:
      if (v.undefined()->kind == value::UndefinedKind::kStrict) value::FailUndefined(v);
      return r.Undefined("No last item, sequence was empty.");
    default:
      break;
  }
  if (!v.is_str() && !v.is_list_like() && !v.is_dict() && v.kind() != Kind::kRange &&
      v.kind() != Kind::kDictView) {
    Throw(ErrorClass::kTypeError, fmt::format("'{}' object is not reversible", value::TypeName(v)));
  }
  int64_t n = value::Length(v);
  if (n == 0) return r.Undefined("No last item, sequence was empty.");
  if (v.is_dict() || v.kind() == Kind::kDictView) {
    ListObj* items = value::ToList(r, v);
    return items->items[items->items.size - 1];
  }
  return value::GetItem(r, v, Value::Int(-1));
}

Value FList(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_list", call);
  return Value::List(value::ToList(r, v));
}

Value FLower(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_lower", call);
  return Method(r, SoftStr(r, v), "lower");
}

Value FUpper(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_upper", call);
  return Method(r, SoftStr(r, v), "upper");
}

Value FItems(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_items", call);
  if (v.is_undefined()) return Generator(r, r.NewList());
  if (!v.is_dict()) Throw(ErrorClass::kTypeError, "Can only get item pairs from a mapping.");
  return Generator(r, value::ToList(r, Value::View(v.dict(), value::ViewKind::kItems)));
}

Value FMap(Renderer& r, Value v, const CallArgs& call) {
  ListObj* out = r.NewList();
  if (!value::Truthy(v)) return Generator(r, out);
  bool by_attribute = call.pos.empty();
  Value attribute, dflt;
  std::vector<value::KwArg> kw(call.kw.begin(), call.kw.end());
  if (by_attribute) {
    bool found = false;
    for (size_t i = 0; i < kw.size(); ++i) {
      if (kw[i].name == "attribute") {
        attribute = kw[i].value;
        kw.erase(kw.begin() + static_cast<long>(i));
        found = true;
        break;
      }
    }
    if (!found) Throw(ErrorClass::kFilterArgumentError, "map requires a filter argument");
    for (size_t i = 0; i < kw.size(); ++i) {
      if (kw[i].name == "default") {
        dflt = kw[i].value;
        kw.erase(kw.begin() + static_cast<long>(i));
        break;
      }
    }
    if (!kw.empty()) {
      Throw(ErrorClass::kFilterArgumentError,
            fmt::format("Unexpected keyword argument '{}'", kw[0].name));
    }
    AttrGetter getter(r, attribute, false, dflt);
    value::Iter it(r, v);
    Value item;
    while (it.Next(&item)) out->items.Push(r.arena, getter.Get(r, item));
    return Generator(r, out);
  }
  Value name = call.pos[0];
  std::string filter_name = name.is_str() ? std::string(name.str()) : value::ToStr(name);
  CallArgs rest{call.pos.subspan(1), call.kw};
  value::Iter it(r, v);
  Value item;
  while (it.Next(&item)) out->items.Push(r.arena, r.CallFilter(filter_name, item, rest));
  return Generator(r, out);
}

Value MinMax(Renderer& r, Value v, const CallArgs& call, bool is_max) {
  Args a(is_max ? "do_max" : "do_min", call, {"case_sensitive", "attribute"}, 0);
  bool case_sensitive = a.has(0) && value::Truthy(a[0]);
  AttrGetter key(r, a.get(1, Value::None()), !case_sensitive);
  value::Iter it(r, v);
  Value item, best, best_key;
  bool have = false;
  while (it.Next(&item)) {
    Value k = key.Get(r, item);
    if (!have || value::Compare(r, is_max ? value::CmpOp::kGt : value::CmpOp::kLt, k, best_key)) {
      best = item;
      best_key = k;
      have = true;
    }
  }
  if (!have) return r.Undefined("No aggregated item, sequence was empty.");
  return best;
}
Value FMin(Renderer& r, Value v, const CallArgs& call) {
  return MinMax(r, v, call, false);
}
Value FMax(Renderer& r, Value v, const CallArgs& call) {
  return MinMax(r, v, call, true);
}

// pprint.pformat (width 80, dicts sorted).
class Pretty {
 public:
  explicit Pretty(Renderer& r) : r_(r) {}

  std::string SafeRepr(const Value& v) {
    if (v.is_dict() || v.is_set()) {
      std::vector<const value::DictEntry*> entries = Sorted(v.dict());
      std::string out;
      if (v.is_set()) {
        if (entries.empty()) return "set()";
        out += "{";
        for (size_t i = 0; i < entries.size(); ++i) {
          if (i) out += ", ";
          out += SafeRepr(entries[i]->key);
        }
        return out + "}";
      }
      out += "{";
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i) out += ", ";
        out += SafeRepr(entries[i]->key) + ": " + SafeRepr(entries[i]->value);
      }
      return out + "}";
    }
    if (v.is_list_like()) {
      std::string out = v.is_list() ? "[" : "(";
      const ListObj* l = v.list();
      for (uint32_t i = 0; i < l->items.size; ++i) {
        if (i) out += ", ";
        out += SafeRepr(l->items[i]);
      }
      if (v.is_tuple() && l->items.size == 1) out += ",";
      return out + (v.is_list() ? "]" : ")");
    }
    return value::ToRepr(v);
  }

  void Format(std::string& out, const Value& v, int indent, int allowance, int level) {
    std::string rep = SafeRepr(v);
    int max_width = 80 - indent - allowance;
    if (static_cast<int>(value::CountCodePoints(rep)) > max_width) {
      if (v.is_dict() && v.dict()->entries.size) {
        out += "{";
        std::vector<const value::DictEntry*> entries = Sorted(v.dict());
        int ind = indent + 1;
        for (size_t i = 0; i < entries.size(); ++i) {
          bool last = i + 1 == entries.size();
          std::string krep = SafeRepr(entries[i]->key);
          out += krep + ": ";
          Format(out, entries[i]->value, ind + static_cast<int>(value::CountCodePoints(krep)) + 2,
                 last ? allowance + 1 : 1, level + 1);
          if (!last) out += ",\n" + std::string(static_cast<size_t>(ind), ' ');
        }
        out += "}";
        return;
      }
      if (v.is_list_like() && v.list()->items.size) {
        bool tuple = v.is_tuple();
        const ListObj* l = v.list();
        std::string endchar = tuple ? (l->items.size == 1 ? ",)" : ")") : "]";
        out += tuple ? "(" : "[";
        int ind = indent + 1;
        int allow = allowance + static_cast<int>(endchar.size());
        for (uint32_t i = 0; i < l->items.size; ++i) {
          bool last = i + 1 == l->items.size;
          if (i) out += ",\n" + std::string(static_cast<size_t>(ind), ' ');
          Format(out, l->items[i], ind, last ? allow : 1, level + 1);
        }
        out += endchar;
        return;
      }
      if (v.is_str() && !v.str().empty()) {
        FormatStr(out, v, indent, allowance, level + 1);
        return;
      }
    }
    out += rep;
  }

 private:
  std::vector<const value::DictEntry*> Sorted(const value::DictObj* d) {
    std::vector<const value::DictEntry*> entries;
    for (const value::DictEntry& e : d->entries) entries.push_back(&e);
    std::stable_sort(entries.begin(), entries.end(),
                     [&](const value::DictEntry* a, const value::DictEntry* b) {
                       try {
                         return value::Compare(r_, value::CmpOp::kLt, a->key, b->key);
                       } catch (const value::PyError&) {
                         // pprint's _safe_key: unorderable keys sort by type name, then repr.
                         std::string ta(value::TypeName(a->key)), tb(value::TypeName(b->key));
                         if (ta != tb) return ta < tb;
                         return value::ToRepr(a->key) < value::ToRepr(b->key);
                       }
                     });
    return entries;
  }

  void FormatStr(std::string& out, const Value& v, int indent, int allowance, int level) {
    std::vector<std::string> chunks;
    ListObj* lines = Method(r_, v, "splitlines", {Value::Bool(true)}).list();
    if (level == 1) {
      indent += 1;
      allowance += 1;
    }
    int max_width1 = 80 - indent, max_width = 80 - indent;
    std::string rep;
    for (uint32_t i = 0; i < lines->items.size; ++i) {
      std::string_view line = lines->items[i].str();
      rep = value::ToRepr(Value::Str(line));
      if (i + 1 == lines->items.size) max_width1 -= allowance;
      if (static_cast<int>(value::CountCodePoints(rep)) <= max_width1) {
        chunks.push_back(rep);
        continue;
      }
      // Alternating non-space / space parts.
      std::vector<std::string_view> parts;
      size_t p = 0;
      while (p < line.size()) {
        size_t q = p;
        while (q < line.size() && !std::isspace(static_cast<unsigned char>(line[q]))) ++q;
        while (q < line.size() && std::isspace(static_cast<unsigned char>(line[q]))) ++q;
        parts.push_back(line.substr(p, q - p));
        p = q;
      }
      int max_width2 = max_width;
      std::string current;
      for (size_t j = 0; j < parts.size(); ++j) {
        std::string candidate = current + std::string(parts[j]);
        if (j + 1 == parts.size() && i + 1 == lines->items.size) max_width2 -= allowance;
        if (static_cast<int>(value::CountCodePoints(value::ToRepr(Value::Str(candidate)))) >
            max_width2) {
          if (!current.empty()) chunks.push_back(value::ToRepr(Value::Str(current)));
          current = std::string(parts[j]);
        } else {
          current = candidate;
        }
      }
      if (!current.empty()) chunks.push_back(value::ToRepr(Value::Str(current)));
    }
    if (chunks.size() == 1) {
      out += rep;
      return;
    }
    if (level == 1) out += "(";
    for (size_t i = 0; i < chunks.size(); ++i) {
      if (i) out += "\n" + std::string(static_cast<size_t>(indent), ' ');
      out += chunks[i];
    }
    if (level == 1) out += ")";
  }

  Renderer& r_;
};

Value FPprint(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_pprint", call);
  std::string out;
  Pretty(r).Format(out, v, 0, 0, 0);
  return r.NewStr(out);
}

Value FRandom(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_random", call);
  int64_t n = value::Length(v);
  if (n == 0) return r.Undefined("No random item, sequence was empty.");
  static thread_local std::mt19937_64 rng(0x6a09e667f3bcc909ULL);
  return value::GetItem(r, v, Value::Int(static_cast<int64_t>(rng() % static_cast<uint64_t>(n))));
}

bool SelectTest(Renderer& r, const CallArgs& call, size_t off, const Value& item) {
  if (call.pos.size() <= off) return value::Truthy(item);
  Value name = call.pos[off];
  CallArgs rest{call.pos.subspan(off + 1), call.kw};
  std::string test_name = name.is_str() ? std::string(name.str()) : value::ToStr(name);
  return r.CallTest(test_name, item, rest);
}

Value SelectOrReject(Renderer& r, Value v, const CallArgs& call, bool select, bool attr) {
  ListObj* out = r.NewList();
  if (!value::Truthy(v)) return Generator(r, out);
  size_t off = 0;
  std::optional<AttrGetter> getter;
  if (attr) {
    if (call.pos.empty())
      Throw(ErrorClass::kFilterArgumentError, "Missing parameter for attribute name");
    getter.emplace(r, call.pos[0], false);
    off = 1;
  }
  value::Iter it(r, v);
  Value item;
  while (it.Next(&item)) {
    Value probe = getter ? getter->Get(r, item) : item;
    if (SelectTest(r, call, off, probe) == select) out->items.Push(r.arena, item);
  }
  return Generator(r, out);
}
Value FSelect(Renderer& r, Value v, const CallArgs& c) {
  return SelectOrReject(r, v, c, true, false);
}
Value FReject(Renderer& r, Value v, const CallArgs& c) {
  return SelectOrReject(r, v, c, false, false);
}
Value FSelectattr(Renderer& r, Value v, const CallArgs& c) {
  return SelectOrReject(r, v, c, true, true);
}
Value FRejectattr(Renderer& r, Value v, const CallArgs& c) {
  return SelectOrReject(r, v, c, false, true);
}

Value FReplace(Renderer& r, Value s, const CallArgs& call) {
  Args a("do_replace", call, {"old", "new", "count"}, 2);
  Value count = a.has(2) && !a[2].is_none() ? a[2] : Value::Int(-1);
  Value old_v = a[0], new_v = a[1];
  if (!r.autoescape) {
    Value str = s.is_str() ? Value::StrRaw(s.str(), s.flags() & ~value::kStrMarkup)
                           : r.NewStr(value::ToStr(s));
    Value o = old_v.is_str() ? Value::StrRaw(old_v.str(), old_v.flags() & ~value::kStrMarkup)
                             : r.NewStr(value::ToStr(old_v));
    Value n = new_v.is_str() ? Value::StrRaw(new_v.str(), new_v.flags() & ~value::kStrMarkup)
                             : r.NewStr(value::ToStr(new_v));
    return Method(r, str, "replace", {o, n, count});
  }
  Value base;
  if (old_v.is_markup() || (new_v.is_markup() && !s.is_markup())) {
    base = value::Escape(r, s);
  } else {
    base = SoftStr(r, s);
  }
  return Method(r, base, "replace", {SoftStr(r, old_v), SoftStr(r, new_v), count});
}

Value FReverse(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_reverse", call);
  if (v.is_str()) return value::GetSlice(r, v, Value::None(), Value::None(), Value::Int(-1));
  std::string_view type;
  switch (v.kind()) {
    case Kind::kList:
      type = "list_reverseiterator";
      break;
    case Kind::kTuple:
      type = "reversed";
      break;
    case Kind::kRange:
      type = "range_iterator";
      break;
    case Kind::kDict:
      type = "dict_reversekeyiterator";
      break;
    case Kind::kDictView:
      type = "dict_reversekeyiterator";
      break;
    default:
      break;
  }
  if (!type.empty()) {
    ListObj* items = value::ToList(r, v);
    std::reverse(items->items.begin(), items->items.end());
    return Generator(r, items, type);
  }
  try {
    ListObj* items = value::ToList(r, v);
    std::reverse(items->items.begin(), items->items.end());
    return Value::List(items);
  } catch (const value::PyError& e) {
    if (e.cls() != ErrorClass::kTypeError) throw;
    Throw(ErrorClass::kFilterArgumentError, "argument must be iterable");
  }
}

Value FRound(Renderer& r, Value v, const CallArgs& call) {
  if (call.kw.empty() && call.pos.size() <= 1 && v.is_float() &&
      (call.pos.empty() || call.pos[0].is_int())) {
    // round / round(2) of a float: method "common", what PyRound does for a float and an int.
    int64_t ndigits = call.pos.empty() ? 0 : call.pos[0].int_value();
    double rounded;
    if (ndigits >= 0 && value::RoundDoubleFast(v.float_value(), ndigits, &rounded)) {
      return Value::FloatRounded(rounded, static_cast<int>(ndigits));
    }
    return Value::Float(value::RoundDouble(v.float_value(), ndigits));
  }
  Args a("do_round", call, {"precision", "method"}, 0);
  Value precision = a.get(0, Value::Int(0));
  std::string_view m = "common";
  if (a.has(1)) m = a[1].is_str() ? a[1].str() : "";
  if (m != "common" && m != "ceil" && m != "floor") {
    Throw(ErrorClass::kFilterArgumentError, "method must be common, ceil or floor");
  }
  if (m == "common") return value::PyRound(r, v, precision);
  Value scale = value::Binary(r, value::BinOp::kPow, Value::Int(10), precision);
  Value scaled = value::Binary(r, value::BinOp::kMul, v, scale);
  double d = value::ToDouble(scaled);
  if (std::isinf(d)) Throw(ErrorClass::kOverflowError, "cannot convert float infinity to integer");
  if (std::isnan(d)) Throw(ErrorClass::kValueError, "cannot convert float NaN to integer");
  Value rounded = value::PyInt(r, Value::Float(m == "ceil" ? std::ceil(d) : std::floor(d)));
  if (scaled.is_integral()) rounded = scaled;
  return value::Binary(r, value::BinOp::kDiv, rounded, scale);
}

Value FSafe(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_mark_safe", call);
  if (v.is_str()) return Value::StrRaw(v.str(), v.flags() | value::kStrMarkup);
  return r.NewStr(value::ToStr(v), value::kStrMarkup);
}

Value FSlice(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_slice", call, {"slices", "fill_with"}, 1);
  int64_t slices = value::IndexValue(a[0], "'slices' must be an integer");
  Value fill = a.get(1, Value::None());
  ListObj* seq = value::ToList(r, v);
  int64_t length = seq->items.size;
  if (slices == 0) Throw(ErrorClass::kZeroDivisionError, "integer division or modulo by zero");
  int64_t per =
      static_cast<int64_t>(std::floor(static_cast<double>(length) / static_cast<double>(slices)));
  int64_t extra = ((length % slices) + slices) % slices;
  int64_t offset = 0;
  ListObj* out = r.NewList();
  for (int64_t n = 0; n < slices; ++n) {
    int64_t start = offset + n * per;
    if (n < extra) ++offset;
    int64_t end = offset + (n + 1) * per;
    Value part =
        value::GetSlice(r, Value::List(seq), Value::Int(start), Value::Int(end), Value::None());
    if (!fill.is_none() && n >= extra) part.list()->items.Push(r.arena, fill);
    out->items.Push(r.arena, part);
  }
  return Generator(r, out);
}

Value FSort(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_sort", call, {"reverse", "case_sensitive", "attribute"}, 0);
  bool reverse = a.has(0) && value::Truthy(a[0]);
  bool case_sensitive = a.has(1) && value::Truthy(a[1]);
  Value attribute = a.get(2, Value::None());
  ListObj* items = value::ToList(r, v);
  std::vector<std::string_view> names;
  if (attribute.is_str()) {
    std::string_view s = attribute.str();
    size_t i = 0;
    while (true) {
      size_t c = s.find(',', i);
      names.push_back(s.substr(i, c == std::string_view::npos ? std::string_view::npos : c - i));
      if (c == std::string_view::npos) break;
      i = c + 1;
    }
  }
  std::vector<Value> keys(items->items.size);
  for (uint32_t i = 0; i < items->items.size; ++i) {
    ListObj* key = r.NewList();
    if (attribute.is_str()) {
      for (std::string_view name : names) {
        AttrGetter g(r, Value::Str(name), !case_sensitive);
        key->items.Push(r.arena, g.Get(r, items->items[i]));
      }
    } else {
      AttrGetter g(r, attribute, !case_sensitive);
      key->items.Push(r.arena, g.Get(r, items->items[i]));
    }
    keys[i] = Value::List(key);
  }
  std::vector<uint32_t> order(items->items.size);
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return reverse ? value::Compare(r, value::CmpOp::kLt, keys[y], keys[x])
                   : value::Compare(r, value::CmpOp::kLt, keys[x], keys[y]);
  });
  ListObj* out = r.NewList(order.size());
  for (uint32_t i : order) out->items.Push(r.arena, items->items[i]);
  return Value::List(out);
}

Value FString(Renderer& r, Value v, const CallArgs& call) {
  value::PositionalOnly("soft_str", call, 0, 0);
  return SoftStr(r, v);
}

Value FStriptags(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_striptags", call);
  Value m = v.is_str() ? Value::StrRaw(v.str(), v.flags() | value::kStrMarkup)
                       : r.NewStr(value::ToStr(v), value::kStrMarkup);
  return Method(r, m, "striptags");
}

Value FSum(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_sum", call, {"attribute", "start"}, 0);
  Value acc = a.get(1, Value::Int(0));
  if (acc.is_str()) {
    Throw(ErrorClass::kTypeError, "sum() can't sum strings [use ''.join(seq) instead]");
  }
  std::optional<AttrGetter> getter;
  if (a.has(0) && !a[0].is_none()) getter.emplace(r, a[0], false);
  value::Iter it(r, v);
  Value item;
  while (it.Next(&item)) {
    r.Step();
    Value x = getter ? getter->Get(r, item) : item;
    Value sum;
    acc = value::FloatArithmetic(value::BinOp::kAdd, acc, x, &sum)
              ? sum
              : value::Binary(r, value::BinOp::kAdd, acc, x);
  }
  return acc;
}

// Jinja's do_title (title.h); the result is as long as the input on the Latin-1 path, so it is
// written straight into the arena.
Value FTitle(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_title", call);
  Value s = SoftStr(r, v);
  std::string_view text = s.str();
  uint8_t markup = s.flags() & value::kStrMarkup;
  r.CheckStringSize(text.size());
  if (text.empty()) return Value::StrRaw(text, markup | value::kStrAscii);
  char* buf = r.arena.NewArray<char>(text.size());
  bool ascii = false;
  if (JinjaTitleLatin1(text, buf, &ascii)) {
    return Value::StrRaw({buf, text.size()}, markup | (ascii ? value::kStrAscii : 0));
  }
  std::string out;
  AppendJinjaTitle(out, text);
  return r.NewStr(out, markup);
}

Value FTrim(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_trim", call, {"chars"}, 0);
  Value s = SoftStr(r, v);
  if (a.has(0) && !a[0].is_none()) return Method(r, s, "strip", {a[0]});
  return Method(r, s, "strip");
}

// do_truncate of a plain str with a plain str `end`, without the slices, the rsplit list and the
// concatenation the general path goes through: the same result.
Value TruncateStr(Renderer& r, Value s, int64_t length, bool killwords, Value end, int64_t leeway) {
  std::string_view text = s.str();
  bool ascii = s.str_ascii();
  auto count = static_cast<int64_t>(ascii ? text.size() : value::CountCodePoints(text));
  if (count <= length + leeway) return s;
  // s[:length - len(end)], then (unless killwords) .rsplit(" ", 1)[0]: up to its last space.
  auto keep = static_cast<size_t>(length - value::Length(end));
  std::string_view head = text.substr(0, ascii ? keep : value::CodePointOffset(text, keep));
  if (!killwords) {
    size_t space = head.rfind(' ');
    if (space != std::string_view::npos) head = head.substr(0, space);
  }
  return value::Binary(r, value::BinOp::kAdd, Value::Str(head), end);
}

Value FTruncate(Renderer& r, Value v, const CallArgs& call) {
  if (call.kw.empty() && call.pos.size() == 1 && call.pos[0].is_int() && v.is_str() &&
      !v.is_markup()) {
    // truncate(30): killwords false, end "...", leeway 5, bound without the general binder.
    int64_t length = call.pos[0].int_value();
    if (length < 3) {
      Throw(ErrorClass::kAssertionError, fmt::format("expected length >= 3, got {}", length));
    }
    static const Value kEnd = Value::Str("...");
    return TruncateStr(r, v, length, false, kEnd, 5);
  }
  Args a("do_truncate", call, {"length", "killwords", "end", "leeway"}, 0);
  int64_t length = a.has(0) ? value::IndexValue(a[0], "'length' must be an integer") : 255;
  bool killwords = a.has(1) && value::Truthy(a[1]);
  Value end = a.get(2, Value::Str("..."));
  int64_t leeway =
      a.has(3) && !a[3].is_none() ? value::IndexValue(a[3], "'leeway' must be an integer") : 5;
  int64_t end_len = value::Length(end);
  if (length < end_len) {
    Throw(ErrorClass::kAssertionError,
          fmt::format("expected length >= {}, got {}", end_len, length));
  }
  if (leeway < 0)
    Throw(ErrorClass::kAssertionError, fmt::format("expected leeway >= 0, got {}", leeway));
  if (v.is_str() && !v.is_markup() && end.is_str() && !end.is_markup()) {
    return TruncateStr(r, v, length, killwords, end, leeway);
  }
  if (value::Length(v) <= length + leeway) return v;
  Value head = value::GetSlice(r, v, Value::None(), Value::Int(length - end_len), Value::None());
  if (killwords) return value::Binary(r, value::BinOp::kAdd, head, end);
  ListObj* parts = Method(r, head, "rsplit", {Value::Str(" "), Value::Int(1)}).list();
  return value::Binary(r, value::BinOp::kAdd, parts->items[0], end);
}

Value FUnique(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_unique", call, {"case_sensitive", "attribute"}, 0);
  bool case_sensitive = a.has(0) && value::Truthy(a[0]);
  AttrGetter getter(r, a.get(1, Value::None()), !case_sensitive);
  value::DictObj* seen = r.NewDict();
  ListObj* out = r.NewList();
  value::Iter it(r, v);
  Value item;
  while (it.Next(&item)) {
    Value key = getter.Get(r, item);
    uint64_t h = value::Hash(key);
    if (value::DictFind(seen, key, h) < 0) {
      value::DictSet(r.arena, seen, key, Value(), h);
      out->items.Push(r.arena, item);
    }
  }
  return Generator(r, out);
}

std::string UrlQuote(std::string_view s, bool for_qs) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '~' || (!for_qs && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else if (for_qs && c == ' ') {
      out.push_back('+');
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Value FUrlencode(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_urlencode", call);
  bool iterable = v.is_list_like() || v.is_dict() || v.is_set() || v.kind() == Kind::kRange ||
                  v.kind() == Kind::kIterator || v.kind() == Kind::kDictView || v.is_undefined();
  if (v.is_str() || !iterable) return r.NewStr(UrlQuote(value::ToStr(v), false));
  Value items = v.is_dict() ? Value::View(v.dict(), value::ViewKind::kItems) : v;
  std::string out;
  value::Iter it(r, items);
  Value pair;
  bool first = true;
  while (it.Next(&pair)) {
    const value::ArenaVec<Value>& kv = value::ItemsOf(r, pair);
    if (kv.size != 2) {
      Throw(ErrorClass::kValueError, fmt::format("too many values to unpack (expected 2)"));
    }
    if (!first) out += "&";
    first = false;
    out += UrlQuote(value::ToStr(kv[0]), true) + "=" + UrlQuote(value::ToStr(kv[1]), true);
  }
  return r.NewStr(out);
}

// utils.urlize's URL recogniser (_http_re), by hand.
bool IsWordChar(char32_t c) {
  return c == '_' || value::IsAlpha(c) || value::IsDecimal(c) || value::IsDigit(c) ||
         value::IsNumeric(c);
}

bool MatchPortPath(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == ':') {
    size_t j = i + 1;
    while (j < s.size() && j - i - 1 < 6 && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    size_t digits = j - i - 1;
    if (digits < 1 || digits > 5) return false;
    i = j;
  }
  if (i == s.size()) return true;
  return s[i] == '/' || s[i] == '?' || s[i] == '#';
}

std::vector<std::string_view> Labels(std::string_view host) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (true) {
    size_t dot = host.find('.', i);
    out.push_back(host.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i));
    if (dot == std::string_view::npos) break;
    i = dot + 1;
  }
  return out;
}

bool LabelChars(std::string_view label, bool allow_dash) {
  if (label.empty()) return false;
  const char* p = label.data();
  const char* end = p + label.size();
  while (p < end) {
    char32_t c = value::DecodeUtf8(p, end);
    if (!(IsWordChar(c) || c == '%' || (allow_dash && c == '-'))) return false;
  }
  return true;
}

bool IsTld(std::string_view label) {
  if (label.size() >= 2 && label.size() <= 63 &&
      std::all_of(label.begin(), label.end(),
                  [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
    return true;
  }
  if (label.size() >= 6 && (label.substr(0, 4) == "xn--" || label.substr(0, 4) == "XN--")) {
    std::string_view rest = label.substr(4);
    return value::CountCodePoints(rest) >= 2 && value::CountCodePoints(rest) <= 59 &&
           LabelChars(rest, false);
  }
  return false;
}

bool MatchHttp(std::string_view s) {
  auto host_end = [](std::string_view t) {
    size_t i = 0;
    while (i < t.size() && t[i] != ':' && t[i] != '/' && t[i] != '?' && t[i] != '#') ++i;
    return i;
  };
  std::string lower;
  for (char c : s.substr(0, 8))
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  size_t scheme = 0;
  bool has_scheme = false;
  if (lower.rfind("https://", 0) == 0)
    scheme = 8, has_scheme = true;
  else if (lower.rfind("http://", 0) == 0)
    scheme = 7, has_scheme = true;
  else if (lower.rfind("www.", 0) == 0)
    scheme = 4;
  if (scheme) {
    std::string_view rest = s.substr(scheme);
    size_t he = host_end(rest);
    std::string_view host = rest.substr(0, he);
    std::vector<std::string_view> labels = Labels(host);
    bool ok = IsTld(labels.back());
    for (size_t i = 0; ok && i + 1 < labels.size(); ++i) ok = LabelChars(labels[i], true);
    if (ok && MatchPortPath(rest.substr(he))) return true;
    if (has_scheme) {
      // IPv4 or IPv6 literal.
      bool ip = false;
      if (!host.empty() && host[0] == '[') {
        size_t close = rest.find(']');
        if (close != std::string_view::npos) {
          std::string_view inner = rest.substr(1, close - 1);
          int colons = static_cast<int>(std::count(inner.begin(), inner.end(), ':'));
          bool chars = std::all_of(inner.begin(), inner.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) || c == ':';
          });
          if (chars && colons >= 2 && colons <= 8) {
            return MatchPortPath(rest.substr(close + 1));
          }
        }
      } else if (labels.size() == 4) {
        ip = std::all_of(labels.begin(), labels.end(), [](std::string_view l) {
          return !l.empty() && l.size() <= 3 && std::all_of(l.begin(), l.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
          });
        });
        if (ip && MatchPortPath(rest.substr(he))) return true;
      }
    }
    if (scheme == 4) {
      // fall through to the basic-domain form ("www" is then a label)
    } else {
      return false;
    }
  }
  size_t he = host_end(s);
  std::string_view host = s.substr(0, he);
  std::vector<std::string_view> labels = Labels(host);
  if (labels.size() < 2) return false;
  std::string tld;
  for (char c : labels.back())
    tld.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  static const std::string_view kTlds[] = {"com", "net", "int", "edu", "gov", "org", "info", "mil"};
  if (std::find(std::begin(kTlds), std::end(kTlds), tld) == std::end(kTlds)) return false;
  for (size_t i = 0; i + 1 < labels.size(); ++i) {
    size_t n = value::CountCodePoints(labels[i]);
    if (n < 2 || n > 63 || !LabelChars(labels[i], true)) return false;
  }
  return MatchPortPath(s.substr(he));
}

bool MatchEmail(std::string_view s) {
  size_t at = s.rfind('@');
  while (at != std::string_view::npos && at > 0) {
    std::string_view rest = s.substr(at + 1);
    size_t dot = rest.rfind('.');
    if (!rest.empty() && dot != std::string_view::npos && dot >= 1 && dot + 1 < rest.size()) {
      const char* p = rest.data();
      const char* end = p + rest.size();
      bool ok = IsWordChar(value::DecodeUtf8(p, end));
      const char* q = rest.data();
      while (ok && q < rest.data() + dot) {
        char32_t c = value::DecodeUtf8(q, rest.data() + dot);
        ok = IsWordChar(c) || c == '.' || c == '-';
      }
      q = rest.data() + dot + 1;
      while (ok && q < end) ok = IsWordChar(value::DecodeUtf8(q, end));
      if (ok) return true;
    }
    if (at == 0) break;
    at = s.rfind('@', at - 1);
  }
  return false;
}

Value FUrlize(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_urlize", call, {"trim_url_limit", "nofollow", "target", "rel", "extra_schemes"}, 0);
  std::optional<int64_t> trim;
  if (a.has(0) && !a[0].is_none())
    trim = value::IndexValue(a[0], "trim_url_limit must be an integer");
  std::vector<std::string> rel_parts;
  auto add_rel = [&](std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && s[i] == ' ') ++i;
      size_t j = i;
      while (j < s.size() && s[j] != ' ') ++j;
      if (j > i &&
          std::find(rel_parts.begin(), rel_parts.end(), s.substr(i, j - i)) == rel_parts.end()) {
        rel_parts.emplace_back(s.substr(i, j - i));
      }
      i = j;
    }
  };
  if (a.has(3) && !a[3].is_none()) add_rel(value::ToStr(a[3]));
  if (a.has(1) && value::Truthy(a[1])) add_rel("nofollow");
  add_rel("noopener");
  std::sort(rel_parts.begin(), rel_parts.end());
  std::string rel;
  for (const std::string& p : rel_parts) rel += (rel.empty() ? "" : " ") + p;
  std::string target = a.has(2) && !a[2].is_none() ? value::ToStr(a[2]) : "";
  std::vector<std::string> schemes;
  if (a.has(4) && !a[4].is_none()) {
    value::Iter it(r, a[4]);
    Value s;
    while (it.Next(&s)) schemes.push_back(value::ToStr(s));
  }
  std::string rel_attr, target_attr;
  if (!rel.empty()) {
    rel_attr = " rel=\"";
    value::AppendEscaped(rel_attr, rel);
    rel_attr += "\"";
  }
  if (!target.empty()) {
    target_attr = " target=\"";
    value::AppendEscaped(target_attr, target);
    target_attr += "\"";
  }
  auto trim_url = [&](const std::string& x) {
    if (trim && static_cast<int64_t>(value::CountCodePoints(x)) > *trim) {
      return x.substr(0, value::CodePointOffset(x, static_cast<size_t>(*trim))) + "...";
    }
    return x;
  };
  std::string text = std::string(value::Escape(r, v).str());
  // re.split(r"(\s+)")
  std::vector<std::string> words;
  {
    const char* p = text.data();
    const char* end = p + text.size();
    std::string cur;
    bool in_space = false;
    while (p < end) {
      const char* start = p;
      char32_t c = value::DecodeUtf8(p, end);
      bool sp = value::IsSpace(c);
      if (sp != in_space && !(cur.empty() && words.empty() && !sp)) {
        words.push_back(cur);
        cur.clear();
      }
      in_space = sp;
      cur.append(start, static_cast<size_t>(p - start));
    }
    words.push_back(cur);
    if (!text.empty() && !words.empty() && value::IsSpace(static_cast<unsigned char>(text[0]))) {
      words.insert(words.begin(), "");
    }
  }
  std::string out;
  for (size_t wi = 0; wi < words.size(); ++wi) {
    std::string word = words[wi];
    if (wi % 2 == 1) {
      out += word;
      continue;
    }
    std::string head, middle = word, tail;
    // Leading ( < &lt;
    while (true) {
      if (!middle.empty() && (middle[0] == '(' || middle[0] == '<')) {
        head += middle[0];
        middle.erase(0, 1);
      } else if (middle.rfind("&lt;", 0) == 0) {
        head += "&lt;";
        middle.erase(0, 4);
      } else {
        break;
      }
    }
    // Trailing ) > . , \n &gt;
    while (true) {
      if (!middle.empty() &&
          (middle.back() == ')' || middle.back() == '>' || middle.back() == '.' ||
           middle.back() == ',' || middle.back() == '\n')) {
        tail.insert(0, 1, middle.back());
        middle.pop_back();
      } else if (middle.size() >= 4 && middle.compare(middle.size() - 4, 4, "&gt;") == 0) {
        tail.insert(0, "&gt;");
        middle.erase(middle.size() - 4);
      } else {
        break;
      }
    }
    auto count = [](const std::string& s, const std::string& sub) {
      size_t n = 0;
      for (size_t p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size())) ++n;
      return n;
    };
    for (auto [sc, ec] :
         {std::pair<std::string, std::string>{"(", ")"}, {"<", ">"}, {"&lt;", "&gt;"}}) {
      size_t start_count = count(middle, sc);
      if (start_count <= count(middle, ec)) continue;
      size_t moves = std::min(start_count, count(tail, ec));
      for (size_t k = 0; k < moves; ++k) {
        size_t end_index = tail.find(ec) + ec.size();
        middle += tail.substr(0, end_index);
        tail = tail.substr(end_index);
      }
    }
    if (MatchHttp(middle)) {
      if (middle.rfind("https://", 0) == 0 || middle.rfind("http://", 0) == 0) {
        middle = fmt::format("<a href=\"{}\"{}{}>{}</a>", middle, rel_attr, target_attr,
                             trim_url(middle));
      } else {
        middle = fmt::format("<a href=\"https://{}\"{}{}>{}</a>", middle, rel_attr, target_attr,
                             trim_url(middle));
      }
    } else if (middle.rfind("mailto:", 0) == 0 && MatchEmail(middle.substr(7))) {
      middle = fmt::format("<a href=\"{}\">{}</a>", middle, middle.substr(7));
    } else if (middle.find('@') != std::string::npos && middle.rfind("www.", 0) != 0 &&
               middle.find(':') == std::string::npos && MatchEmail(middle)) {
      middle = fmt::format("<a href=\"mailto:{}\">{}</a>", middle, middle);
    } else {
      for (const std::string& s : schemes) {
        if (middle != s && middle.rfind(s, 0) == 0) {
          middle = fmt::format("<a href=\"{}\"{}{}>{}</a>", middle, rel_attr, target_attr, middle);
        }
      }
    }
    out += head + middle + tail;
  }
  return r.NewStr(out, r.autoescape ? value::kStrMarkup : 0);
}

Value FWordcount(Renderer& r, Value v, const CallArgs& call) {
  value::NoArgs("do_wordcount", call);
  Value s = SoftStr(r, v);
  int64_t n = 0;
  bool in_word = false;
  const char* p = s.str().data();
  const char* end = p + s.str().size();
  while (p < end) {
    bool w = IsWordChar(value::DecodeUtf8(p, end));
    if (w && !in_word) ++n;
    in_word = w;
  }
  return Value::Int(n);
}

// textwrap.wrap(line, width, expand_tabs=False, replace_whitespace=False, ...).
bool TwSpace(char32_t c) {
  return c == '\t' || c == '\n' || c == 0x0B || c == 0x0C || c == '\r' || c == ' ';
}
bool TwLetter(char32_t c) {
  return value::IsAlpha(c) || (IsWordChar(c) && !value::IsDigit(c) && !value::IsDecimal(c) &&
                               c != '_' && !value::IsNumeric(c));
}
bool TwWordPunct(char32_t c) {
  return IsWordChar(c) || c == '!' || c == '"' || c == '\'' || c == '&' || c == '.' || c == ',' ||
         c == '?';
}

std::vector<std::u32string> SplitChunks(const std::u32string& text, bool on_hyphens) {
  std::vector<std::u32string> chunks;
  size_t i = 0;
  size_t n = text.size();
  while (i < n) {
    if (TwSpace(text[i])) {
      size_t j = i;
      while (j < n && TwSpace(text[j])) ++j;
      chunks.push_back(text.substr(i, j - i));
      i = j;
      continue;
    }
    if (!on_hyphens) {
      size_t j = i;
      while (j < n && !TwSpace(text[j])) ++j;
      chunks.push_back(text.substr(i, j - i));
      i = j;
      continue;
    }
    // em-dash between words: (?<=wp) -{2,} (?=\w)
    if (text[i] == '-' && i > 0 && TwWordPunct(text[i - 1])) {
      size_t j = i;
      while (j < n && text[j] == '-') ++j;
      if (j - i >= 2 && j < n && IsWordChar(text[j])) {
        chunks.push_back(text.substr(i, j - i));
        i = j;
        continue;
      }
    }
    // A word, lazily extended until a hyphenation point, whitespace/end, or an em-dash.
    size_t j = i;
    while (true) {
      ++j;  // consume at least one non-whitespace char
      if (j >= n || TwSpace(text[j])) break;
      // em-dash ahead: (?<=wp)(?=-{2,}\w)
      if (text[j] == '-' && TwWordPunct(text[j - 1])) {
        size_t k = j;
        while (k < n && text[k] == '-') ++k;
        if (k - j >= 2 && k < n && IsWordChar(text[k])) break;
      }
      // hyphenated word: the char just consumed is '-', preceded by two letters or letter-letter
      if (text[j - 1] == '-' && j >= 2) {
        bool before =
            (j >= 3 && TwLetter(text[j - 2]) && TwLetter(text[j - 3])) ||
            (j >= 4 && TwLetter(text[j - 2]) && text[j - 3] == '-' && TwLetter(text[j - 4]));
        bool after = j < n && TwLetter(text[j]) &&
                     ((j + 1 < n && TwLetter(text[j + 1])) ||
                      (j + 2 < n && text[j + 1] == '-' && TwLetter(text[j + 2])));
        if (before && after) break;
      }
      if (TwSpace(text[j])) break;
    }
    chunks.push_back(text.substr(i, j - i));
    i = j;
  }
  return chunks;
}

bool BlankChunk(const std::u32string& c) {
  for (char32_t ch : c) {
    if (!value::IsSpace(ch)) return false;
  }
  return true;
}

std::vector<std::u32string> Wrap(const std::u32string& text, int64_t width, bool break_long,
                                 bool on_hyphens) {
  if (width <= 0)
    Throw(ErrorClass::kValueError, fmt::format("invalid width {} (must be > 0)", width));
  std::vector<std::u32string> chunks = SplitChunks(text, on_hyphens);
  std::reverse(chunks.begin(), chunks.end());
  std::vector<std::u32string> lines;
  while (!chunks.empty()) {
    std::vector<std::u32string> cur;
    int64_t cur_len = 0;
    if (BlankChunk(chunks.back()) && !lines.empty()) chunks.pop_back();
    while (!chunks.empty()) {
      int64_t l = static_cast<int64_t>(chunks.back().size());
      if (cur_len + l <= width) {
        cur.push_back(chunks.back());
        chunks.pop_back();
        cur_len += l;
      } else {
        break;
      }
    }
    if (!chunks.empty() && static_cast<int64_t>(chunks.back().size()) > width) {
      int64_t space_left = width < 1 ? 1 : width - cur_len;
      if (break_long) {
        int64_t end = space_left;
        std::u32string& chunk = chunks.back();
        if (on_hyphens && static_cast<int64_t>(chunk.size()) > space_left) {
          size_t h = chunk.rfind(U'-', static_cast<size_t>(std::max<int64_t>(space_left - 1, 0)));
          if (space_left == 0) h = std::u32string::npos;
          if (h != std::u32string::npos && static_cast<int64_t>(h) >= space_left)
            h = std::u32string::npos;
          if (h != std::u32string::npos && h > 0 &&
              std::any_of(chunk.begin(), chunk.begin() + static_cast<long>(h),
                          [](char32_t c) { return c != U'-'; })) {
            end = static_cast<int64_t>(h) + 1;
          }
        }
        cur.push_back(chunk.substr(0, static_cast<size_t>(end)));
        chunk = chunk.substr(static_cast<size_t>(end));
      } else if (cur.empty()) {
        cur.push_back(chunks.back());
        chunks.pop_back();
      }
    }
    if (!cur.empty() && BlankChunk(cur.back())) cur.pop_back();
    if (!cur.empty()) {
      std::u32string line;
      for (const auto& c : cur) line += c;
      lines.push_back(line);
    }
  }
  return lines;
}

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) out.push_back(value::DecodeUtf8(p, end));
  return out;
}

std::string FromU32(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) value::AppendUtf8(out, c);
  return out;
}

Value FWordwrap(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_wordwrap", call, {"width", "break_long_words", "wrapstring", "break_on_hyphens"}, 0);
  int64_t width = a.has(0) ? value::IndexValue(a[0], "'width' must be an integer") : 79;
  bool break_long = !a.has(1) || value::Truthy(a[1]);
  std::string wrapstring = a.has(2) && !a[2].is_none() ? value::ToStr(a[2]) : "\n";
  bool on_hyphens = !a.has(3) || value::Truthy(a[3]);
  if (!v.is_str())
    Throw(ErrorClass::kAttributeError,
          fmt::format("'{}' object has no attribute 'splitlines'", value::TypeName(v)));
  ListObj* lines = Method(r, v, "splitlines").list();
  std::string out;
  for (uint32_t i = 0; i < lines->items.size; ++i) {
    if (i) out += wrapstring;
    std::vector<std::u32string> wrapped =
        Wrap(ToU32(lines->items[i].str()), width, break_long, on_hyphens);
    for (size_t k = 0; k < wrapped.size(); ++k) {
      if (k) out += wrapstring;
      out += FromU32(wrapped[k]);
    }
    r.CheckStringSize(out.size());
  }
  return r.NewStr(out);
}

Value FXmlattr(Renderer& r, Value d, const CallArgs& call) {
  Args a("do_xmlattr", call, {"autospace"}, 0);
  bool autospace = !a.has(0) || value::Truthy(a[0]);
  Value items = Method(r, d, "items");
  std::string out;
  value::Iter it(r, items);
  Value pair;
  while (it.Next(&pair)) {
    Value key = pair.list()->items[0];
    Value val = pair.list()->items[1];
    if (val.is_none() || val.is_undefined()) continue;
    if (!key.is_str()) Throw(ErrorClass::kTypeError, "expected string or bytes-like object");
    for (char c : key.str()) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '/' ||
          c == '>' || c == '=') {
        Throw(ErrorClass::kValueError,
              fmt::format("Invalid character in attribute name: {}", value::ToRepr(key)));
      }
    }
    if (!out.empty()) out += " ";
    out += std::string(value::Escape(r, key).str()) + "=\"" +
           std::string(value::Escape(r, val).str()) + "\"";
  }
  if (autospace && !out.empty()) out = " " + out;
  return r.NewStr(out, r.autoescape ? value::kStrMarkup : 0);
}

Value FTojson(Renderer& r, Value v, const CallArgs& call) {
  Args a("do_tojson", call, {"indent"}, 0);
  value::ToJsonOptions o;
  o.ensure_ascii = true;
  o.sort_keys = true;
  o.sets_as_arrays = false;
  if (a.has(0) && !a[0].is_none())
    o.indent = static_cast<int>(value::IndexValue(a[0], "indent must be an integer"));
  std::string text = value::ToJsonText(v, o);
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      case '\'':
        out += "\\u0027";
        break;
      default:
        out.push_back(c);
    }
  }
  return r.NewStr(out, value::kStrMarkup);
}

const FilterDef kFilters[] = {
    {"abs", FAbs},
    {"attr", FAttr},
    {"batch", FBatch},
    {"capitalize", FCapitalize},
    {"center", FCenter},
    {"count", FLength},
    {"d", FDefault},
    {"default", FDefault},
    {"dictsort", FDictsort},
    {"e", FEscape},
    {"escape", FEscape},
    {"filesizeformat", FFilesizeformat},
    {"first", FFirst},
    {"float", FFloat},
    {"forceescape", FForceescape},
    {"format", FFormat},
    {"groupby", FGroupby},
    {"indent", FIndent},
    {"int", FInt},
    {"join", FJoin},
    {"last", FLast},
    {"length", FLength},
    {"list", FList},
    {"lower", FLower},
    {"items", FItems},
    {"map", FMap},
    {"min", FMin},
    {"max", FMax},
    {"pprint", FPprint},
    {"random", FRandom},
    {"reject", FReject},
    {"rejectattr", FRejectattr},
    {"replace", FReplace},
    {"reverse", FReverse},
    {"round", FRound},
    {"safe", FSafe},
    {"select", FSelect},
    {"selectattr", FSelectattr},
    {"slice", FSlice},
    {"sort", FSort},
    {"string", FString},
    {"striptags", FStriptags},
    {"sum", FSum},
    {"title", FTitle},
    {"trim", FTrim},
    {"truncate", FTruncate},
    {"unique", FUnique},
    {"upper", FUpper},
    {"urlencode", FUrlencode},
    {"urlize", FUrlize},
    {"wordcount", FWordcount},
    {"wordwrap", FWordwrap},
    {"xmlattr", FXmlattr},
    {"tojson", FTojson},
};

}  // namespace

const FilterDef* FindBuiltinFilter(std::string_view name) {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, const FilterDef*>();
    for (const FilterDef& d : kFilters) t->emplace(d.name, &d);
    return t;
  }();
  auto it = table->find(name);
  return it == table->end() ? nullptr : it->second;
}

std::vector<std::string_view> BuiltinFilterNames() {
  std::vector<std::string_view> out;
  for (const FilterDef& d : kFilters) out.push_back(d.name);
  return out;
}

}  // namespace crier::tmpl
