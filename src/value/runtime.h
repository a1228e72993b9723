// The state one evaluation or render runs with: the arena its values live in, the resource limits,
// the injected "now", and the step budget. Also the calling convention of builtin functions and the
// interface of engine-defined objects (HostObject).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/time.h"
#include "value/value.h"

namespace crier::value {

// Resource limits of one render or evaluation. Each is a clean error when reached (LimitError,
// OverflowError for range(), RecursionError for depth, MemoryError for the arena); defaults suit
// notification templates. docs/template-compat.md lists them.
struct Limits {
  size_t max_template_bytes = size_t{256} << 10;  // source size accepted by Compile
  int max_nesting = 256;                          // parser nesting (brackets, blocks, operators)
  size_t max_output_bytes = size_t{1} << 20;      // rendered text
  int64_t max_loop_iterations = 100000;           // for-loop iterations per render, all loops
  int max_recursion_depth = 64;                   // macro calls, recursive loops, includes
  int64_t max_range = 100000;                     // items of one range() (Jinja's MAX_RANGE)
  size_t max_string_bytes = size_t{1} << 20;      // a string made by *, +, ~, join, format...
  size_t max_list_items = 100000;                 // a list made by *, +, list(), comprehensions
  int max_int_bits = 16000;                       // |int| < 2**max_int_bits (OverflowError)
  uint64_t max_steps = 10'000'000;                // evaluation steps per render/evaluation
  size_t max_memory_bytes = size_t{64} << 20;     // arena of one render/evaluation
};

class Runtime;

struct KwArg {
  std::string_view name;
  Value value;
};

// The arguments of one call: positional then keyword (already expanded from *args/**kwargs).
struct CallArgs {
  std::span<const Value> pos;
  std::span<const KwArg> kw;
};

using NativeFn = Value (*)(Runtime& rt, Value self, const CallArgs& args);

// A builtin function or method. `owner` is the Python type it belongs to ("str"), empty for
// functions; `mutates` marks methods that change their receiver (list.append).
struct Builtin {
  std::string_view name;
  NativeFn fn;
  std::string_view owner = {};
  bool mutates = false;
};

// A builtin, bound to `self` when it is a method.
struct FunctionObj {
  const Builtin* builtin;
  Value self;
  bool bound = false;
};

// An object defined by an engine or a host (Jinja's loop, cycler, joiner, namespace, macros,
// frappe helpers, server callbacks). Lives in an arena: never destroyed, so implementations keep
// only trivially destructible members. Implementations must be safe to use from the thread that
// owns the arena they live in; objects stored in compiled templates must be immutable.
class HostObject {
 public:
  // The Python type name used in messages ("Namespace", "LoopContext").
  virtual std::string_view TypeName() const = 0;
  // Attribute lookup; false when the object has no such attribute.
  virtual bool GetAttr(Runtime& rt, std::string_view name, Value* out);
  // Attribute assignment (Jinja namespaces); false when not supported.
  virtual bool SetAttr(Runtime& rt, std::string_view name, Value value);
  virtual bool IsCallable() const { return false; }
  virtual Value Call(Runtime& rt, const CallArgs& args);
  virtual void Repr(std::string& out) const;
  // str(); the repr unless the type prints differently.
  virtual void Str(std::string& out) const { Repr(out); }
  virtual bool Truthy() const { return true; }

 protected:
  ~HostObject() = default;
};

// What "now" is for frappe.utils helpers: injected, never read from the system by the engines.
struct NowInfo {
  DateTime now;
  std::string date;      // YYYY-MM-DD
  std::string datetime;  // YYYY-MM-DD HH:MM:SS.ffffff
  std::string time;      // HH:MM:SS.ffffff
  static NowInfo From(const DateTime& dt);
};

// Host settings the frappe.utils helpers read (site URL, number and date formats).
struct SiteSettings {
  std::string base_url = "http://localhost:8000";
  std::string date_format = "dd-mm-yyyy";  // Frappe's default System Settings
  std::string number_format = "#,###.##";
  std::string currency_precision;  // empty: use the number format's precision
};

class Runtime {
 public:
  Runtime(Arena& arena_in, const Limits& limits_in) : arena(arena_in), limits(limits_in) {}
  virtual ~Runtime() = default;
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  Arena& arena;
  const Limits& limits;
  bool jinja = false;  // dialect: Jinja's sandbox rules and messages vs Python's
  UndefinedKind undefined_kind = UndefinedKind::kDefault;
  const NowInfo* now = nullptr;        // null: "now" was not given (helpers raise)
  const SiteSettings* site = nullptr;  // null: defaults
  uint64_t steps = 0;
  uint64_t step_limit = limits.max_steps;  // read on every step

  // Counts one evaluation step; throws LimitError past limits.max_steps.
  void Step() {
    if (++steps > step_limit) StepLimitReached();
  }
  [[noreturn]] void StepLimitReached();

  // Copies `s` into the arena as a str value (checks limits.max_string_bytes).
  Value NewStr(std::string_view s, uint8_t flags = 0);
  // Checks that a string of `size` bytes may be created.
  void CheckStringSize(size_t size) const;
  void CheckListSize(size_t items) const;

  ListObj* NewList(size_t reserve = 0);
  DictObj* NewDict(size_t reserve = 0, DictMode mode = DictMode::kDict);
  Value NewTuple(std::initializer_list<Value> items);
  Value MakeUndefined(std::string_view name, std::string_view obj_repr = {}, bool has_obj = false,
                      std::string_view hint = {}, ErrorClass error = ErrorClass::kUndefinedError);
  Value BindMethod(const Builtin* builtin, Value self);

  // Attribute and item lookups of str.format fields (`{0.name}`, `{0[key]}`): Python's by
  // default; Jinja's sandbox overrides them (refused attributes become Undefined).
  virtual Value FormatGetAttr(const Value& obj, std::string_view name);
  virtual Value FormatGetItem(const Value& obj, const Value& key);

  // Calls any callable value (functions, host objects, bound methods).
  Value Call(Value callee, const CallArgs& args);
  Value Call(Value callee, std::initializer_list<Value> pos);
};

// Binds the arguments of a builtin call to a Python signature `name(p0, p1=..., ...)` without
// *args/**kwargs: at most kMax parameters, the first `required` of them mandatory. Positional-only
// calls (the common case: `truncate(30)`, `round(2)`) bind inline without looking at the names.
class Args {
 public:
  static constexpr size_t kMax = 8;
  Args(std::string_view fname, const CallArgs& call, std::initializer_list<std::string_view> names,
       size_t required) {
    size_t n = call.pos.size();
    if (n > names.size()) TooManyPositional(fname, names.size(), n);
    for (size_t i = 0; i < n; ++i) values_[i] = call.pos[i];
    present_ = (uint32_t{1} << n) - 1;
    if (!call.kw.empty()) BindKeywords(fname, call.kw, names);
    if (required > n) CheckRequired(fname, names, required);
  }
  bool has(size_t i) const { return (present_ >> i) & 1; }
  const Value& operator[](size_t i) const { return values_[i]; }
  Value get(size_t i, Value fallback) const { return has(i) ? values_[i] : fallback; }

 private:
  [[noreturn]] static void TooManyPositional(std::string_view fname, size_t max, size_t given);
  void BindKeywords(std::string_view fname, std::span<const KwArg> kw,
                    std::initializer_list<std::string_view> names);
  void CheckRequired(std::string_view fname, std::initializer_list<std::string_view> names,
                     size_t required) const;

  // Left uninitialised: only entries whose bit is set in present_ are ever read.
  union {
    Value values_[kMax];
  };
  uint32_t present_ = 0;  // bit i: parameter i was given
};

// Raises TypeError unless the call has no arguments / only positional arguments in [min, max].
void NoArgs(std::string_view fname, const CallArgs& call);
void PositionalOnly(std::string_view fname, const CallArgs& call, size_t min, size_t max);

}  // namespace crier::value
