// The syntax tree of expressions (both grammars) and, through the same node type, of template
// statements. Nodes live in the compiled template's or expression's arena and are immutable after
// compilation, so one tree serves many concurrent evaluations.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "value/value.h"

namespace crier::expr {

enum class NodeKind : uint8_t {
  // Expressions.
  kConst,          // value
  kName,           // value: name; slot/depth when resolved to a local, else a context lookup
  kAttr,           // a.value(name)
  kItem,           // a[b]
  kSlice,          // a: start, b: stop, c: step (each may be null)
  kCall,           // a(list, kwargs; dyn_args, dyn_kwargs)
  kFilter,         // a|value(name)(list, kwargs...); a null inside {% filter %}
  kTest,           // a is value(name)(list, kwargs...)
  kBinary,         // a op b (op: value::BinOp)
  kUnary,          // op a (op: value::UnOp)
  kNot,            // not a
  kAnd,            // a and b
  kOr,             // a or b
  kCompare,        // a ops[i] list[i]...
  kCondExpr,       // b if a else c (c null: Jinja's Undefined)
  kList,           // [list]
  kTuple,          // (list)
  kDict,           // {list[i]: list2[i]}
  kSet,            // {list}
  kConcat,         // Jinja's a ~ b ~ ... (list)
  kComprehension,  // op: kListComp...; a: element (key), b: value (dict); clauses
  kFString,        // list: literal str consts and kFormatted parts
  kFormatted,      // a: expression, op: conversion char or 0, b: spec (kFString) or null
  kStarred,        // *a in a call
  kNsRef,          // Jinja assignment target `ns.attr`: a: namespace name, value: attribute
  // Template statements (tmpl/parser.h documents their fields).
  kOutput,       // list: data (kConst with flags kData) and expressions to print
  kIf,           // a: test, list: body, list2: else body, list3: elifs (kIf: a, list)
  kFor,          // a: target, b: iterable, c: filter test, list: body, list2: else; flags
  kAssign,       // {% set %}: a: target (kName, kTuple or kNsRef), b: value
  kAssignBlock,  // {% set %}...{% endset %}: a: target, c: filter chain (innermost a null) or null,
                 // list: body
  kMacro,        // value: name, list: params (kName), list2: defaults, list3: body
  kCallBlock,    // a: call expression, list: params, list2: defaults, list3: body
  kFilterBlock,  // a: filter chain (innermost a null), list: body
  kWith,         // list: targets, list2: values, list3: body
  kBlock,        // value: name, list: body; flags
  kExtends,      // a: template name expression
  kInclude,      // a: template name expression; flags
  kImport,       // a: template name expression, value: target name; flags
  kFromImport,   // a: template name expression, list: kName (value: name, b: alias or null)
  kAutoescape,   // a: expression, list: body
};

inline constexpr uint16_t kFlagData = 1;           // kConst inside kOutput: template text
inline constexpr uint16_t kFlagRecursive = 1;      // kFor
inline constexpr uint16_t kFlagScoped = 1;         // kBlock
inline constexpr uint16_t kFlagRequired = 2;       // kBlock
inline constexpr uint16_t kFlagIgnoreMissing = 1;  // kInclude
inline constexpr uint16_t kFlagWithContext = 2;    // kInclude, kImport, kFromImport
inline constexpr uint16_t kFlagParam = 4;          // kName: a parameter slot (never missing)
inline constexpr uint16_t kFlagSoft = 8;           // kFilter/kTest: unknown name fails at runtime
// kAttr: the name can only mean a key of a plain dict (not empty, no leading `_`, not a dict
// method), so Jinja's lookup on such a dict is an item lookup.
inline constexpr uint16_t kFlagPlainKey = 16;
// kFilter: at most kMaxPlainArgs positional arguments, none of them *args, and no keywords or
// **kwargs (set by the template compiler), so a call can evaluate them into a small array.
inline constexpr uint16_t kFlagPlainArgs = 32;
inline constexpr uint32_t kMaxPlainArgs = 4;

enum ComprehensionKind : uint8_t { kListComp, kSetComp, kDictComp, kGenExp };

struct Node;

// An immutable array of child nodes.
struct NodeList {
  Node** data = nullptr;
  uint32_t size = 0;
  Node* operator[](size_t i) const { return data[i]; }
  Node** begin() const { return data; }
  Node** end() const { return data + size; }
  bool empty() const { return size == 0; }
};

struct Keyword {
  std::string_view name;  // empty for **expr (Python)
  Node* value;
};

// `for target in iter if ifs...` of a comprehension.
struct Clause {
  Node* target;
  Node* iter;
  NodeList ifs;
};

struct Node {
  NodeKind kind;
  uint8_t op = 0;
  uint16_t flags = 0;
  uint32_t pos = 0;  // byte offset in the source, for error positions
  value::Value value;
  uint64_t hash = 0;  // hash of `value` when it is a name
  Node* a = nullptr;
  Node* b = nullptr;
  Node* c = nullptr;
  Node* d = nullptr;
  NodeList list;
  NodeList list2;
  NodeList list3;
  Keyword* kwargs = nullptr;
  uint32_t nkwargs = 0;
  Node* dyn_args = nullptr;
  Node* dyn_kwargs = nullptr;
  const uint8_t* ops = nullptr;  // kCompare: one value::CmpOp per operand
  Clause* clauses = nullptr;     // kComprehension
  uint32_t nclauses = 0;
  int32_t slot = -1;         // resolved local variable slot
  int32_t depth = 0;         // frames up from the current one
  uint32_t nslots = 0;       // slots of the frame a scope node opens
  const void* fn = nullptr;  // resolved filter / test / statement data
  int32_t index = -1;        // statement-specific index (block id, macro id...)
  // kAttr: the entry index where the key was found last time. Rows of a table have their keys in
  // the same order, so this guess usually hits; it is checked before use and only ever makes a
  // lookup faster. Relaxed atomic: compiled trees are shared between threads.
  mutable std::atomic<uint32_t> key_hint{0};

  std::string_view name() const { return value.str(); }
};

}  // namespace crier::expr

namespace crier::expr {

// Calls `f(Node*)` for every direct child of `n` (expressions and statements alike).
template <typename F>
void ForEachChild(Node* n, F&& f) {
  for (Node* c : {n->a, n->b, n->c, n->d, n->dyn_args, n->dyn_kwargs}) {
    if (c) f(c);
  }
  for (const NodeList* l : {&n->list, &n->list2, &n->list3}) {
    for (Node* c : *l) {
      if (c) f(c);
    }
  }
  for (uint32_t i = 0; i < n->nkwargs; ++i) f(n->kwargs[i].value);
  for (uint32_t i = 0; i < n->nclauses; ++i) {
    f(n->clauses[i].target);
    f(n->clauses[i].iter);
    for (Node* c : n->clauses[i].ifs) f(c);
  }
}

}  // namespace crier::expr
