// Runtime helpers: allocation of values with limit checks, calling values, argument binding.
#include "value/runtime.h"

#include <fmt/format.h>

#include "value/methods.h"
#include "value/ops.h"
#include "value/repr.h"

namespace crier::value {

bool IsAscii(const char* data, size_t size) {
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; i < size; ++i) {
    if (static_cast<unsigned char>(data[i]) >= 0x80) return false;
  }
  return true;
}

bool HostObject::GetAttr(Runtime&, std::string_view, Value*) {
  return false;
}
bool HostObject::SetAttr(Runtime&, std::string_view, Value) {
  return false;
}
Value HostObject::Call(Runtime&, const CallArgs&) {
  Throw(ErrorClass::kTypeError, fmt::format("'{}' object is not callable", TypeName()));
}
void HostObject::Repr(std::string& out) const {
  out += fmt::format("<{} object>", TypeName());
}

NowInfo NowInfo::From(const DateTime& dt) {
  NowInfo n;
  n.now = dt;
  n.date = FormatDate(dt.date);
  n.time =
      fmt::format("{:02d}:{:02d}:{:02d}.{:06d}", dt.hour, dt.minute, dt.second, dt.microsecond);
  n.datetime = n.date + " " + n.time;
  return n;
}

void Runtime::StepLimitReached() {
  Throw(ErrorClass::kLimitError,
        fmt::format("evaluation step budget of {} exhausted (limits.max_steps)", limits.max_steps));
}

void Runtime::CheckStringSize(size_t size) const {
  if (size > limits.max_string_bytes) {
    Throw(ErrorClass::kLimitError,
          fmt::format("string of {} bytes exceeds the limit of {} (limits.max_string_bytes)", size,
                      limits.max_string_bytes));
  }
}

void Runtime::CheckListSize(size_t items) const {
  if (items > limits.max_list_items) {
    Throw(ErrorClass::kLimitError,
          fmt::format("list of {} items exceeds the limit of {} (limits.max_list_items)", items,
                      limits.max_list_items));
  }
}

Value Runtime::NewStr(std::string_view s, uint8_t flags) {
  CheckStringSize(s.size());
  return Value::Str(arena.CopyString(s), flags);
}

ListObj* Runtime::NewList(size_t reserve) {
  auto* l = arena.New<ListObj>();
  if (reserve) l->items.Reserve(arena, reserve);
  return l;
}

DictObj* Runtime::NewDict(size_t reserve, DictMode mode) {
  auto* d = arena.New<DictObj>();
  d->mode = mode;
  if (reserve) d->entries.Reserve(arena, reserve);
  return d;
}

Value Runtime::NewTuple(std::initializer_list<Value> items) {
  ListObj* l = NewList(items.size());
  for (const Value& v : items) l->items.Push(arena, v);
  return Value::Tuple(l);
}

Value Runtime::MakeUndefined(std::string_view name, std::string_view obj_repr, bool has_obj,
                             std::string_view hint, ErrorClass error) {
  auto* info = arena.New<UndefinedInfo>();
  info->name = name;
  info->obj_repr = obj_repr;
  info->has_obj = has_obj;
  info->hint = hint;
  info->kind = undefined_kind;
  info->error = error;
  return Value::Undefined(info);
}

Value Runtime::BindMethod(const Builtin* builtin, Value self) {
  auto* f = arena.New<FunctionObj>();
  f->builtin = builtin;
  f->self = self;
  f->bound = true;
  return Value::Function(f);
}

Value Runtime::FormatGetAttr(const Value& obj, std::string_view name) {
  return GetAttribute(*this, obj, name);
}

Value Runtime::FormatGetItem(const Value& obj, const Value& key) {
  return GetItem(*this, obj, key);
}

Value Runtime::Call(Value callee, const CallArgs& args) {
  switch (callee.kind()) {
    case Kind::kFunction: {
      const FunctionObj* f = callee.function();
      return f->builtin->fn(*this, f->self, args);
    }
    case Kind::kHost:
      if (callee.host()->IsCallable()) return callee.host()->Call(*this, args);
      break;
    case Kind::kUndefined:
      FailUndefined(callee);
    default:
      break;
  }
  Throw(ErrorClass::kTypeError, fmt::format("'{}' object is not callable", TypeName(callee)));
}

Value Runtime::Call(Value callee, std::initializer_list<Value> pos) {
  CallArgs args{std::span<const Value>(pos.begin(), pos.size()), {}};
  return Call(callee, args);
}

void Args::TooManyPositional(std::string_view fname, size_t max, size_t given) {
  Throw(ErrorClass::kTypeError, fmt::format("{}() takes at most {} argument{} ({} given)", fname,
                                            max, max == 1 ? "" : "s", given));
}

void Args::BindKeywords(std::string_view fname, std::span<const KwArg> kw,
                        std::initializer_list<std::string_view> names) {
  size_t n = names.size();
  for (const KwArg& k : kw) {
    size_t i = 0;
    for (std::string_view name : names) {
      if (name == k.name) break;
      ++i;
    }
    if (i == n) {
      Throw(ErrorClass::kTypeError,
            fmt::format("{}() got an unexpected keyword argument '{}'", fname, k.name));
    }
    if (has(i)) {
      Throw(ErrorClass::kTypeError,
            fmt::format("{}() got multiple values for argument '{}'", fname, k.name));
    }
    values_[i] = k.value;
    present_ |= uint32_t{1} << i;
  }
}

void Args::CheckRequired(std::string_view fname, std::initializer_list<std::string_view> names,
                         size_t required) const {
  for (size_t i = 0; i < required; ++i) {
    if (!has(i)) {
      Throw(ErrorClass::kTypeError, fmt::format("{}() missing required argument '{}' (pos {})",
                                                fname, *(names.begin() + i), i + 1));
    }
  }
}

void NoArgs(std::string_view fname, const CallArgs& call) {
  if (!call.pos.empty() || !call.kw.empty()) {
    Throw(ErrorClass::kTypeError, fmt::format("{}() takes no arguments ({} given)", fname,
                                              call.pos.size() + call.kw.size()));
  }
}

void PositionalOnly(std::string_view fname, const CallArgs& call, size_t min, size_t max) {
  if (!call.kw.empty()) {
    Throw(ErrorClass::kTypeError, fmt::format("{}() takes no keyword arguments", fname));
  }
  if (call.pos.size() < min || call.pos.size() > max) {
    if (min == max) {
      Throw(ErrorClass::kTypeError, fmt::format("{}() takes exactly {} argument{} ({} given)",
                                                fname, min, min == 1 ? "" : "s", call.pos.size()));
    }
    Throw(ErrorClass::kTypeError,
          fmt::format("{} expected {} {} argument{}, got {}", fname,
                      call.pos.size() < min ? "at least" : "at most",
                      call.pos.size() < min ? min : max,
                      (call.pos.size() < min ? min : max) == 1 ? "" : "s", call.pos.size()));
  }
}

}  // namespace crier::value
