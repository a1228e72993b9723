// The compiled form of a template: the immutable statement tree plus what compilation resolved
// (frame shapes for every scope, filter and test functions, blocks). Shared read-only by every
// render of the template, on any thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "expr/ast.h"
#include "value/arena.h"
#include "value/runtime.h"

namespace crier::tmpl {

class Renderer;

// How a local variable slot is initialised when its frame is entered (Jinja's idtracking loads).
struct SlotInit {
  enum Kind : uint8_t { kParam, kResolve, kAlias, kUndefined };
  Kind kind = kUndefined;
  uint32_t slot = 0;
  uint32_t alias_depth = 0;  // kAlias: frames up
  uint32_t alias_slot = 0;
  std::string_view name;  // kResolve: the context name
};

// The shape of one runtime frame.
struct Scope {
  uint32_t nslots = 0;
  std::vector<SlotInit> inits;
  std::vector<std::string_view> names;  // slot -> variable name
  bool toplevel = false;                // assignments are exported to the context
};

struct ForInfo {
  Scope body, else_scope, test;
  std::vector<int32_t> test_slots;  // slots of the target names in the test frame, in order
  int32_t loop_slot = -1;           // `loop` in the body (an extended loop), or -1
  bool extended = false;
};

struct MacroInfo {
  Scope scope;
  std::vector<int32_t> param_slots;
  int32_t caller_slot = -1, kwargs_slot = -1, varargs_slot = -1;
  bool accesses_caller = false, accesses_kwargs = false, accesses_varargs = false;
  int32_t explicit_caller = -1;  // index of a declared `caller` parameter
  std::string_view name;
};

struct BlockInfo {
  Scope scope;
  int32_t self_slot = -1, super_slot = -1;
  std::string_view name;
};

using FilterFn = value::Value (*)(Renderer& r, value::Value input, const value::CallArgs& args);
using TestFn = bool (*)(Renderer& r, value::Value input, const value::CallArgs& args);

struct FilterDef {
  std::string_view name;
  FilterFn fn;
};
struct TestDef {
  std::string_view name;
  TestFn fn;
};

// The visible stored variables at an include / import with context / scoped block (Jinja's
// dump_local_context): name, frames up, slot.
struct LocalRef {
  std::string_view name;
  uint32_t depth;
  uint32_t slot;
};

struct Program {
  std::string name;
  std::string source;  // normalised
  std::unique_ptr<value::Arena> arena;
  expr::NodeList body;
  Scope root;
  int32_t root_self_slot = -1;
  std::map<std::string, const expr::Node*, std::less<>> blocks;
  bool has_extends = false;
  std::vector<std::unique_ptr<Scope>> scopes;
  std::vector<std::unique_ptr<ForInfo>> fors;
  std::vector<std::unique_ptr<MacroInfo>> macros;
  std::vector<std::unique_ptr<BlockInfo>> block_infos;
  std::vector<std::vector<LocalRef>> local_dumps;  // indexed by Node::index
};

}  // namespace crier::tmpl
