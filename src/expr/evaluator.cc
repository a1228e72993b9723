// Expression evaluation for both dialects.
#include "expr/evaluator.h"

#include <fmt/format.h>

#include "value/dict.h"
#include "value/format.h"
#include "value/methods.h"
#include "value/ops.h"
#include "value/repr.h"

namespace crier::expr {

using value::CallArgs;
using value::ErrorClass;
using value::Kind;
using value::PyError;
using value::Throw;

const value::UndefinedInfo kMissingInfo{
    "missing", {}, {}, value::UndefinedKind::kDefault, ErrorClass::kUndefinedError, false, false};

Value Evaluator::LoadMissing(const Node* n) {
  Throw(ErrorClass::kNameError, fmt::format("name '{}' is not defined", n->name()));
}

Evaluator::Evaluator(value::Arena& arena_in, const value::Limits& limits_in, Dialect dialect)
    : Runtime(arena_in, limits_in), dialect_(dialect) {
  jinja = dialect == Dialect::kJinja;
}

bool IsUnsafeDunder(const Value& obj, std::string_view name) {
  if (name.size() < 5 || !name.starts_with("__") || !name.ends_with("__")) return false;
  static constexpr std::string_view kCommon[] = {
      "__class__",  "__delattr__",   "__dir__",         "__doc__",
      "__eq__",     "__format__",    "__ge__",          "__getattribute__",
      "__gt__",     "__hash__",      "__init__",        "__init_subclass__",
      "__le__",     "__lt__",        "__ne__",          "__new__",
      "__reduce__", "__reduce_ex__", "__repr__",        "__setattr__",
      "__sizeof__", "__str__",       "__subclasshook__"};
  for (std::string_view n : kCommon) {
    if (n == name) return true;
  }
  static constexpr std::string_view kContainers[] = {"__len__",     "__iter__", "__contains__",
                                                     "__getitem__", "__add__",  "__mul__"};
  if (obj.is_str() || obj.is_list_like() || obj.is_dict() || obj.is_set()) {
    for (std::string_view n : kContainers) {
      if (n == name) return true;
    }
  }
  return false;
}

Value Evaluator::ApplyFilter(const Node* n, const Value&) {
  Throw(ErrorClass::kTemplateAssertionError, fmt::format("No filter named '{}'.", n->name()));
}

Value Evaluator::ApplyTest(const Node* n, const Value&) {
  Throw(ErrorClass::kTemplateAssertionError, fmt::format("No test named '{}'.", n->name()));
}

Value Evaluator::JinjaUndefined(const Value& obj, std::string_view name, bool name_is_repr) {
  Value u = MakeUndefined(name, arena.CopyString(value::ObjectTypeRepr(obj)), true);
  const_cast<value::UndefinedInfo*>(u.undefined())->name_is_repr = name_is_repr;
  return u;
}

Value Evaluator::JinjaGetAttr(const Value& obj, std::string_view name, uint64_t hash) {
  if (hash == 0) hash = value::HashString(name);
  if (obj.is_dict() && obj.dict()->mode == value::DictMode::kDict && !name.empty() &&
      name[0] != '_' && !value::IsDictMethodName(name)) {
    // Fast path: a plain dict's attribute is its item.
    int64_t i = value::DictFindStr(obj.dict(), name, hash);
    if (i >= 0) return obj.dict()->entries[static_cast<size_t>(i)].value;
    return JinjaUndefined(obj, name, false);
  }
  return JinjaGetAttrOther(obj, name, hash);
}

// JinjaGetAttr past its plain-dict fast path; apart so that the fast path stays a small function.
Value Evaluator::JinjaGetAttrOther(const Value& obj, std::string_view name, uint64_t hash) {
  Value out;
  if (obj.kind() == Kind::kHost && !name.empty() && name[0] != '_') {
    // Fast path (`loop.index`): what LookupAttribute would ask, then the item fallback.
    if (obj.host()->GetAttr(*this, name, &out)) return out;
    if (value::TryGetItem(*this, obj, Value::Str(name), &out)) return out;
    return JinjaUndefined(obj, name, false);
  }
  if (obj.is_undefined()) {
    if (obj.undefined()->kind == value::UndefinedKind::kChainable) return obj;
    value::FailUndefined(obj);
  }
  if (!name.empty() && name[0] == '_') {
    if (IsUnsafeDunder(obj, name)) {
      std::string hint = fmt::format("access to attribute '{}' of '{}' object is unsafe.", name,
                                     value::TypeName(obj));
      return MakeUndefined(name, arena.CopyString(value::ObjectTypeRepr(obj)), true,
                           arena.CopyString(hint), ErrorClass::kSecurityError);
    }
    Value item;
    if (value::TryGetItem(*this, obj, Value::Str(name), &item)) return item;
    return JinjaUndefined(obj, name, false);
  }
  if (value::LookupAttribute(*this, obj, name, hash, &out)) return out;
  if (value::TryGetItem(*this, obj, Value::Str(name), &out)) return out;
  return JinjaUndefined(obj, name, false);
}

Value Evaluator::JinjaGetItem(const Value& obj, const Value& key) {
  if (obj.is_undefined()) {
    if (obj.undefined()->kind == value::UndefinedKind::kChainable) return obj;
    value::FailUndefined(obj);
  }
  Value out;
  try {
    if (value::TryGetItem(*this, obj, key, &out)) return out;
  } catch (const PyError& e) {
    if (e.cls() != ErrorClass::kTypeError && e.cls() != ErrorClass::kKeyError &&
        e.cls() != ErrorClass::kIndexError) {
      throw;
    }
  }
  if (key.is_str()) {
    std::string_view name = key.str();
    if (!name.empty() && name[0] == '_') {
      if (IsUnsafeDunder(obj, name)) {
        std::string hint = fmt::format("access to attribute '{}' of '{}' object is unsafe.", name,
                                       value::TypeName(obj));
        return MakeUndefined(name, arena.CopyString(value::ObjectTypeRepr(obj)), true,
                             arena.CopyString(hint), ErrorClass::kSecurityError);
      }
    } else if (value::LookupAttribute(*this, obj, name, &out)) {
      return out;
    }
    return JinjaUndefined(obj, name, false);
  }
  return JinjaUndefined(obj, arena.CopyString(value::ToRepr(key)), true);
}

Value Evaluator::PyGetAttr(const Value& obj, std::string_view name, uint64_t hash) {
  Value out;
  if (hash == 0) hash = value::HashString(name);
  if (value::LookupAttribute(*this, obj, name, hash, &out)) return out;
  if (obj.is_dict() && obj.dict()->mode != value::DictMode::kDict) return Value::None();
  value::NoAttribute(obj, name);
}

Value* Evaluator::SlotFor(const Node* n) {
  Frame* f = frame_;
  for (int32_t d = 0; d < n->depth; ++d) f = f->parent;
  return &f->slots[n->slot];
}

// Defined before its callers in this file, its only user, so that it is inlined.
inline int64_t Evaluator::FindPlainKey(const value::DictObj* d, const Node* n) {
  uint32_t hint = n->key_hint.load(std::memory_order_relaxed);
  if (hint < d->entries.size) {
    const value::DictEntry& e = d->entries[hint];
    if (e.hash == n->hash && e.key.is_str() && value::SameText(e.key.str(), n->name())) {
      return hint;
    }
  }
  int64_t i = value::DictFindStr(d, n->name(), n->hash);
  if (i >= 0) n->key_hint.store(static_cast<uint32_t>(i), std::memory_order_relaxed);
  return i;
}

Value Evaluator::EvalNode(const Node* n) {
  switch (n->kind) {
    case NodeKind::kConst:
      return n->value;
    case NodeKind::kName:
      if (n->slot >= 0) {
        Value v = *SlotFor(n);
        if (IsMissing(v)) return LoadMissing(n);
        return v;
      }
      return LoadGlobal(n);
    case NodeKind::kAttr: {
      Value obj = Eval(n->a);
      if (dialect_ == Dialect::kJinja && (n->flags & kFlagPlainKey) && obj.is_dict() &&
          obj.dict()->mode == value::DictMode::kDict) {
        // JinjaGetAttr's plain-dict fast path, with the node's remembered entry index.
        int64_t i = FindPlainKey(obj.dict(), n);
        if (i < 0) return JinjaUndefined(obj, n->name(), false);
        return obj.dict()->entries[static_cast<size_t>(i)].value;
      }
      return dialect_ == Dialect::kJinja ? JinjaGetAttr(obj, n->name(), n->hash)
                                         : PyGetAttr(obj, n->name(), n->hash);
    }
    case NodeKind::kItem: {
      Value obj = Eval(n->a);
      const Node* k = n->b;
      if (k->kind == NodeKind::kSlice) {
        Value start = k->a ? Eval(k->a) : Value::None();
        Value stop = k->b ? Eval(k->b) : Value::None();
        Value step = k->c ? Eval(k->c) : Value::None();
        if (dialect_ == Dialect::kPython) return value::GetSlice(*this, obj, start, stop, step);
        if (obj.is_undefined()) {
          if (obj.undefined()->kind == value::UndefinedKind::kChainable) return obj;
          value::FailUndefined(obj);
        }
        try {
          return value::GetSlice(*this, obj, start, stop, step);
        } catch (const PyError& e) {
          if (e.cls() != ErrorClass::kTypeError && e.cls() != ErrorClass::kValueError) throw;
          if (e.cls() == ErrorClass::kValueError) throw;
          return JinjaUndefined(obj, "slice", true);
        }
      }
      Value key = Eval(k);
      if (dialect_ == Dialect::kJinja) return JinjaGetItem(obj, key);
      return value::GetItem(*this, obj, key);
    }
    case NodeKind::kCall:
      return EvalCall(n);
    case NodeKind::kFilter:
      return ApplyFilter(n, n->a ? Eval(n->a) : Value::None());
    case NodeKind::kTest:
      return ApplyTest(n, Eval(n->a));
    case NodeKind::kBinary: {
      Value a = Eval(n->a);
      Value b = Eval(n->b);
      Value out;
      if (value::FloatArithmetic(static_cast<value::BinOp>(n->op), a, b, &out)) return out;
      return value::Binary(*this, static_cast<value::BinOp>(n->op), a, b);
    }
    case NodeKind::kUnary:
      return value::Unary(*this, static_cast<value::UnOp>(n->op), Eval(n->a));
    case NodeKind::kNot:
      return Value::Bool(!EvalBool(n->a));
    case NodeKind::kAnd: {
      Value a = Eval(n->a);
      return value::Truthy(a) ? Eval(n->b) : a;
    }
    case NodeKind::kOr: {
      Value a = Eval(n->a);
      return value::Truthy(a) ? a : Eval(n->b);
    }
    case NodeKind::kCompare:
      return EvalCompare(n);
    case NodeKind::kCondExpr:
      if (EvalBool(n->a)) return Eval(n->b);
      if (n->c) return Eval(n->c);
      {
        int line = 0, column = 0;
        LineColumn(source, n->pos, &line, &column);
        std::string hint = fmt::format(
            "the inline if-expression on line {} evaluated to false and no else section was "
            "defined.",
            line);
        // Jinja always uses the default Undefined here (cond_expr_undefined).
        Value u = MakeUndefined("", {}, false, arena.CopyString(hint));
        const_cast<value::UndefinedInfo*>(u.undefined())->kind = value::UndefinedKind::kDefault;
        return u;
      }
    case NodeKind::kList:
    case NodeKind::kTuple: {
      value::ListObj* l = NewList(n->list.size);
      for (const Node* item : n->list) {
        if (item->kind == NodeKind::kStarred) {
          value::Iter it(*this, Eval(item->a));
          Value v;
          while (it.Next(&v)) l->items.Push(arena, v);
          CheckListSize(l->items.size);
          continue;
        }
        l->items.Push(arena, Eval(item));
      }
      return n->kind == NodeKind::kList ? Value::List(l) : Value::Tuple(l);
    }
    case NodeKind::kDict: {
      value::DictObj* d = NewDict(n->list.size);
      for (uint32_t i = 0; i < n->list.size; ++i) {
        if (n->list[i] == nullptr) {
          Value m = Eval(n->list2[i]);
          if (!m.is_dict()) {
            Throw(ErrorClass::kTypeError,
                  fmt::format("'{}' object is not a mapping", value::TypeName(m)));
          }
          for (const value::DictEntry& e : m.dict()->entries) {
            value::DictSet(arena, d, e.key, e.value, e.hash);
          }
          continue;
        }
        Value k = Eval(n->list[i]);
        Value v = Eval(n->list2[i]);
        value::DictSet(arena, d, k, v);
      }
      return Value::Dict(d);
    }
    case NodeKind::kSet: {
      value::DictObj* d = NewDict(n->list.size);
      for (const Node* item : n->list) {
        if (item->kind == NodeKind::kStarred) {
          value::Iter it(*this, Eval(item->a));
          Value v;
          while (it.Next(&v)) value::DictSet(arena, d, v, Value::None());
          continue;
        }
        value::DictSet(arena, d, Eval(item), Value::None());
      }
      return Value::Set(d);
    }
    case NodeKind::kConcat:
      return EvalConcat(n);
    case NodeKind::kComprehension:
      return EvalComprehension(n);
    case NodeKind::kFString:
      return EvalFString(n);
    default:
      Throw(ErrorClass::kSyntaxError, "this expression cannot be evaluated here");
  }
}

Value Evaluator::EvalPlainKey(const Node* n) {
  const Node* a = n->a;
  if (dialect_ == Dialect::kJinja && a->kind == NodeKind::kName && a->slot >= 0) {
    const Frame* f = frame_;
    for (int32_t d = 0; d < a->depth; ++d) f = f->parent;
    const Value& obj = f->slots[a->slot];
    if (obj.is_dict() && obj.dict()->mode == value::DictMode::kDict) {
      int64_t i = FindPlainKey(obj.dict(), n);
      if (i >= 0) return obj.dict()->entries[static_cast<size_t>(i)].value;
    } else if (obj.kind() == Kind::kHost) {
      // `loop.index`: what EvalNode's kAttr case does for an engine object, minus two calls.
      try {
        return JinjaGetAttrOther(obj, n->name(), n->hash);
      } catch (PyError& e) {
        AddPosition(e, n);
        throw;
      }
    }
  }
  return EvalChecked(n);  // errors, Undefined, other objects
}

Value Evaluator::EvalChecked(const Node* n) {
  try {
    return EvalNode(n);
  } catch (PyError& e) {
    AddPosition(e, n);
    throw;
  }
}

Value Evaluator::EvalFilter(const Node* n) {
  try {
    return ApplyFilter(n, n->a ? Eval(n->a) : Value::None());
  } catch (PyError& e) {
    AddPosition(e, n);
    throw;
  }
}

void Evaluator::AddPosition(PyError& e, const Node* n) const {
  if (e.line == 0 && !source.empty()) LineColumn(source, n->pos, &e.line, &e.column);
}

Value Evaluator::EvalConcat(const Node* n) {
  std::string out;
  bool markup = false;
  Value parts_inline[8];
  std::vector<Value> parts_heap;
  Value* parts = parts_inline;
  if (n->list.size > 8) {
    parts_heap.resize(n->list.size);
    parts = parts_heap.data();
  }
  for (uint32_t i = 0; i < n->list.size; ++i) {
    parts[i] = Eval(n->list[i]);
    if (parts[i].is_markup()) markup = true;
  }
  for (uint32_t i = 0; i < n->list.size; ++i) {
    if (markup && autoescape && !parts[i].is_markup()) {
      std::string plain = value::ToStr(parts[i]);
      value::AppendEscaped(out, plain);
    } else {
      value::AppendStr(out, parts[i]);
    }
    CheckStringSize(out.size());
  }
  return NewStr(out, markup && autoescape ? value::kStrMarkup : 0);
}

Value Evaluator::EvalCompare(const Node* n) {
  Value left = Eval(n->a);
  for (uint32_t i = 0; i < n->list.size; ++i) {
    Value right = Eval(n->list[i]);
    if (!value::Compare(*this, static_cast<value::CmpOp>(n->ops[i]), left, right)) {
      return Value::Bool(false);
    }
    left = right;
  }
  return Value::Bool(true);
}

void Evaluator::EvalCallArgs(const Node* call, ArgBuffer& buf, size_t skip_positional) {
  for (uint32_t i = static_cast<uint32_t>(skip_positional); i < call->list.size; ++i) {
    const Node* arg = call->list[i];
    if (arg->kind == NodeKind::kStarred) {
      value::Iter it(*this, Eval(arg->a));
      Value v;
      while (it.Next(&v)) buf.AddPositional(v);
      continue;
    }
    buf.AddPositional(Eval(arg));
  }
  if (call->dyn_args) {
    Value seq = Eval(call->dyn_args);
    value::Iter it(*this, seq);
    Value v;
    while (it.Next(&v)) buf.AddPositional(v);
  }
  auto add_mapping = [&](const Value& m) {
    if (!m.is_dict()) {
      Throw(ErrorClass::kTypeError,
            fmt::format("argument after ** must be a mapping, not {}", value::TypeName(m)));
    }
    for (const value::DictEntry& e : m.dict()->entries) {
      if (!e.key.is_str()) Throw(ErrorClass::kTypeError, "keywords must be strings");
      buf.AddKeyword(e.key.str(), e.value);
    }
  };
  for (uint32_t i = 0; i < call->nkwargs; ++i) {
    const value::KwArg kw{call->kwargs[i].name, {}};
    if (kw.name.empty()) {
      add_mapping(Eval(call->kwargs[i].value));
    } else {
      buf.AddKeyword(kw.name, Eval(call->kwargs[i].value));
    }
  }
  if (call->dyn_kwargs) add_mapping(Eval(call->dyn_kwargs));
}

Value Evaluator::EvalCall(const Node* n) {
  Step();
  const Node* callee = n->a;
  if (callee->kind == NodeKind::kAttr) {
    Value obj = Eval(callee->a);
    if (!obj.is_undefined() && obj.kind() != Kind::kHost) {
      ArgBuffer buf;
      EvalCallArgs(n, buf);
      Value out;
      if (value::CallMethod(*this, obj, callee->name(), buf.Args(), &out)) return out;
      Value fn = dialect_ == Dialect::kJinja ? JinjaGetAttr(obj, callee->name())
                                             : PyGetAttr(obj, callee->name());
      return Call(fn, buf.Args());
    }
    Value fn = dialect_ == Dialect::kJinja ? JinjaGetAttr(obj, callee->name())
                                           : PyGetAttr(obj, callee->name());
    ArgBuffer buf;
    EvalCallArgs(n, buf);
    return Call(fn, buf.Args());
  }
  Value fn = Eval(callee);
  if (fn.is_undefined()) value::FailUndefined(fn);
  ArgBuffer buf;
  EvalCallArgs(n, buf);
  return Call(fn, buf.Args());
}

void Evaluator::BindTarget(const Node* target, const Value& v, Frame* f) {
  if (target->kind == NodeKind::kName) {
    f->slots[target->slot] = v;
    return;
  }
  const value::ArenaVec<Value>& items = value::ItemsOf(*this, v);
  if (items.size != target->list.size) {
    if (items.size > target->list.size) {
      Throw(ErrorClass::kValueError,
            fmt::format("too many values to unpack (expected {})", target->list.size));
    }
    Throw(ErrorClass::kValueError, fmt::format("not enough values to unpack (expected {}, got {})",
                                               target->list.size, items.size));
  }
  for (uint32_t i = 0; i < target->list.size; ++i) BindTarget(target->list[i], items[i], f);
}

Value Evaluator::EvalComprehension(const Node* n) {
  Frame frame;
  frame.size = n->nslots;
  frame.slots = arena.NewArray<Value>(n->nslots);
  for (uint32_t i = 0; i < n->nslots; ++i) frame.slots[i] = Value::None();
  frame.parent = frame_;
  value::ListObj* list = nullptr;
  value::DictObj* dict = nullptr;
  if (n->op == kSetComp || n->op == kDictComp) {
    dict = NewDict();
  } else {
    list = NewList();
  }
  // The first iterable is evaluated in the enclosing scope.
  Value first = Eval(n->clauses[0].iter);
  Frame* saved = frame_;
  frame_ = &frame;
  struct Restore {
    Evaluator* e;
    Frame* f;
    ~Restore() { e->set_frame(f); }
  } restore{this, saved};
  auto emit = [&]() {
    if (list) {
      list->items.Push(arena, Eval(n->a));
      if (list->items.size > limits.max_list_items) CheckListSize(list->items.size);
    } else if (n->op == kDictComp) {
      Value k = Eval(n->a);
      Value v = Eval(n->b);
      value::DictSet(arena, dict, k, v);
    } else {
      value::DictSet(arena, dict, Eval(n->a), Value::None());
    }
  };
  auto run = [&](uint32_t level, auto&& self) -> void {
    const Clause& c = n->clauses[level];
    Value iterable = level == 0 ? first : Eval(c.iter);
    value::Iter it(*this, iterable);
    Value item;
    while (it.Next(&item)) {
      Step();
      BindTarget(c.target, item, &frame);
      bool ok = true;
      for (const Node* cond : c.ifs) {
        if (!EvalBool(cond)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (level + 1 < n->nclauses) {
        self(level + 1, self);
      } else {
        emit();
      }
    }
  };
  run(0, run);
  if (n->op == kGenExp) {
    auto* it = arena.New<value::IterObj>();
    it->items = list;
    it->type_name = "generator";
    return Value::Iterator(it);
  }
  if (list) return Value::List(list);
  return n->op == kDictComp ? Value::Dict(dict) : Value::Set(dict);
}

Value Evaluator::EvalFString(const Node* n) {
  std::string out;
  for (const Node* part : n->list) {
    if (part->kind == NodeKind::kConst) {
      out.append(part->value.str());
      continue;
    }
    Value v = Eval(part->a);
    if (part->op == 's') {
      v = NewStr(value::ToStr(v));
    } else if (part->op == 'r' || part->op == 'a') {
      v = NewStr(value::ToRepr(v));
    }
    std::string spec;
    if (part->b) spec = std::string(EvalFString(part->b).str());
    value::AppendFormatted(*this, out, v, spec);
    CheckStringSize(out.size());
  }
  return NewStr(out);
}

}  // namespace crier::expr
