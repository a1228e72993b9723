// Attribute access, calls and printing of the template runtime objects, as Jinja's runtime.py and
// utils.py define them.
#include "tmpl/objects.h"

#include <fmt/format.h>

#include "tmpl/renderer.h"
#include "value/dict.h"
#include "value/ops.h"
#include "value/repr.h"

namespace crier::tmpl {

using value::ErrorClass;
using value::Throw;
using value::Value;

namespace {

Renderer& R(value::Runtime& rt) {
  return static_cast<Renderer&>(rt);
}

Value LoopCycle(value::Runtime& rt, Value self, const value::CallArgs& args) {
  auto* loop = static_cast<LoopObj*>(self.host());
  if (!args.kw.empty()) Throw(ErrorClass::kTypeError, "cycle() got an unexpected keyword argument");
  if (args.pos.empty()) Throw(ErrorClass::kTypeError, "no items for cycling given");
  (void)rt;
  return args.pos[static_cast<size_t>(loop->index0) % args.pos.size()];
}

Value LoopChanged(value::Runtime& rt, Value self, const value::CallArgs& args) {
  auto* loop = static_cast<LoopObj*>(self.host());
  value::ListObj* l = rt.NewList(args.pos.size());
  for (const Value& v : args.pos) l->items.Push(rt.arena, v);
  Value current = Value::List(l);
  if (!loop->has_changed || !value::Equal(loop->last_changed, current)) {
    loop->last_changed = current;
    loop->has_changed = true;
    return Value::Bool(true);
  }
  return Value::Bool(false);
}

const value::Builtin kCycle{"cycle", LoopCycle, "LoopContext"};
const value::Builtin kChanged{"changed", LoopChanged, "LoopContext"};

Value CyclerNext(value::Runtime&, Value self, const value::CallArgs& args) {
  value::NoArgs("next", args);
  auto* c = static_cast<CyclerObj*>(self.host());
  Value v = c->items->items[c->pos];
  c->pos = (c->pos + 1) % c->items->items.size;
  return v;
}

Value CyclerReset(value::Runtime&, Value self, const value::CallArgs& args) {
  value::NoArgs("reset", args);
  static_cast<CyclerObj*>(self.host())->pos = 0;
  return Value::None();
}

const value::Builtin kNext{"next", CyclerNext, "Cycler"};
const value::Builtin kReset{"reset", CyclerReset, "Cycler"};

}  // namespace

bool LoopObj::GetAttr(value::Runtime& rt, std::string_view name, Value* out) {
  int64_t length = items->items.size;
  if (name == "index0")
    *out = Value::Int(index0);
  else if (name == "index")
    *out = Value::Int(index0 + 1);
  else if (name == "revindex")
    *out = Value::Int(length - index0);
  else if (name == "revindex0")
    *out = Value::Int(length - index0 - 1);
  else if (name == "first")
    *out = Value::Bool(index0 == 0);
  else if (name == "last")
    *out = Value::Bool(index0 == length - 1);
  else if (name == "length")
    *out = Value::Int(length);
  else if (name == "depth")
    *out = Value::Int(depth0 + 1);
  else if (name == "depth0")
    *out = Value::Int(depth0);
  else if (name == "previtem") {
    *out = index0 > 0 ? items->items[static_cast<size_t>(index0 - 1)]
                      : R(rt).Undefined("there is no previous item", "previtem");
  } else if (name == "nextitem") {
    *out = index0 + 1 < length ? items->items[static_cast<size_t>(index0 + 1)]
                               : R(rt).Undefined("there is no next item", "nextitem");
  } else if (name == "cycle")
    *out = rt.BindMethod(&kCycle, Value::Host(this));
  else if (name == "changed")
    *out = rt.BindMethod(&kChanged, Value::Host(this));
  else
    return false;
  return true;
}

Value LoopObj::Call(value::Runtime& rt, const value::CallArgs& args) {
  value::PositionalOnly("loop", args, 1, 1);
  return R(rt).CallLoop(*this, args.pos[0]);
}

void LoopObj::Repr(std::string& out) const {
  out += fmt::format("<LoopContext {}/{}>", index0 + 1, items->items.size);
}

bool MacroObj::GetAttr(value::Runtime& rt, std::string_view name, Value* out) {
  if (name == "name") {
    *out = Value::Str(info->name);
  } else if (name == "arguments") {
    value::ListObj* l = rt.NewList(node->list.size);
    for (const expr::Node* p : node->list) l->items.Push(rt.arena, p->value);
    *out = Value::Tuple(l);
  } else if (name == "catch_kwargs") {
    *out = Value::Bool(info->accesses_kwargs);
  } else if (name == "catch_varargs") {
    *out = Value::Bool(info->accesses_varargs);
  } else if (name == "caller") {
    *out = Value::Bool(info->accesses_caller);
  } else {
    return false;
  }
  return true;
}

Value MacroObj::Call(value::Runtime& rt, const value::CallArgs& args) {
  return R(rt).CallMacro(*this, args);
}

void MacroObj::Repr(std::string& out) const {
  out += fmt::format("<Macro '{}'>", info->name);
}

bool NamespaceObj::GetAttr(value::Runtime&, std::string_view name, Value* out) {
  int64_t i = value::DictFindStr(attrs, name);
  if (i < 0) return false;
  *out = attrs->entries[static_cast<size_t>(i)].value;
  return true;
}

bool NamespaceObj::SetAttr(value::Runtime& rt, std::string_view name, Value v) {
  value::DictSet(rt.arena, attrs, Value::Str(rt.arena.CopyString(name)), v);
  return true;
}

void NamespaceObj::Repr(std::string& out) const {
  out += "<Namespace ";
  value::AppendRepr(out, Value::Dict(attrs));
  out += ">";
}

bool CyclerObj::GetAttr(value::Runtime& rt, std::string_view name, Value* out) {
  if (name == "current")
    *out = items->items[pos];
  else if (name == "next")
    *out = rt.BindMethod(&kNext, Value::Host(this));
  else if (name == "reset")
    *out = rt.BindMethod(&kReset, Value::Host(this));
  else if (name == "items")
    *out = Value::List(items);
  else
    return false;
  return true;
}

Value JoinerObj::Call(value::Runtime&, const value::CallArgs& args) {
  value::NoArgs("joiner", args);
  if (!used) {
    used = true;
    return Value::StrRaw({}, value::kStrAscii);
  }
  return sep;
}

bool ModuleObj::GetAttr(value::Runtime&, std::string_view attr, Value* out) {
  int64_t i = value::DictFindStr(exports, attr);
  if (i < 0) return false;
  *out = exports->entries[static_cast<size_t>(i)].value;
  return true;
}

void ModuleObj::Repr(std::string& out) const {
  out += fmt::format("<TemplateModule '{}'>", name);
}

bool TemplateRefObj::GetAttr(value::Runtime& rt, std::string_view name, Value* out) {
  auto it = ctx->blocks->find(name);
  if (it == ctx->blocks->end()) return false;
  auto* ref = rt.arena.New<BlockRefObj>();
  ref->ctx = ctx;
  ref->name = it->first;
  ref->index = 0;
  *out = Value::Host(ref);
  return true;
}

void TemplateRefObj::Repr(std::string& out) const {
  out += fmt::format("<TemplateReference '{}'>", template_name);
}

bool BlockRefObj::GetAttr(value::Runtime& rt, std::string_view attr, Value* out) {
  if (attr != "super") return false;
  auto it = ctx->blocks->find(name);
  if (it == ctx->blocks->end() || index + 1 >= it->second.size()) {
    *out = R(rt).Undefined(fmt::format("no super block available for '{}'", name), "super");
    return true;
  }
  auto* ref = rt.arena.New<BlockRefObj>();
  ref->ctx = ctx;
  ref->name = name;
  ref->index = index + 1;
  *out = Value::Host(ref);
  return true;
}

Value BlockRefObj::Call(value::Runtime& rt, const value::CallArgs& args) {
  value::NoArgs(name, args);
  return R(rt).RenderBlockAt(ctx, name, index);
}

}  // namespace crier::tmpl
