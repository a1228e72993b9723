// The tree-walking evaluator shared by conditions and templates. One Evaluator evaluates on one
// thread with its own arena; the tree it walks is immutable and shared. Dialect-specific rules
// (Jinja's attribute-then-item lookup and Undefined, Python's AttributeError/KeyError) are
// selected by `dialect`; filters, tests and unresolved names are the engines' hooks.
#pragma once

#include <string_view>
#include <vector>

#include "expr/ast.h"
#include "expr/lexer.h"
#include "value/ops.h"
#include "value/runtime.h"

namespace crier::expr {

using value::Value;

// Local variables of one scope (a comprehension, a template frame). Slots are resolved at
// compile time to (depth, index) pairs.
struct Frame {
  Value* slots = nullptr;
  Frame* parent = nullptr;
  uint32_t size = 0;
};

// Evaluated call arguments, on the stack for the common small cases.
class ArgBuffer {
 public:
  ArgBuffer() {}  // NOLINT: the inline arrays stay uninitialised on purpose
  ArgBuffer(const ArgBuffer&) = delete;
  ArgBuffer& operator=(const ArgBuffer&) = delete;

  void AddPositional(Value v) {
    if (npos_ < kInline && spill_pos_.empty()) {
      inline_pos_[npos_++] = v;
      return;
    }
    if (spill_pos_.empty()) spill_pos_.assign(inline_pos_, inline_pos_ + npos_);
    spill_pos_.push_back(v);
    ++npos_;
  }
  void AddKeyword(std::string_view name, Value v) {
    if (nkw_ < kInline && spill_kw_.empty()) {
      inline_kw_[nkw_++] = value::KwArg{name, v};
      return;
    }
    if (spill_kw_.empty()) spill_kw_.assign(inline_kw_, inline_kw_ + nkw_);
    spill_kw_.push_back(value::KwArg{name, v});
    ++nkw_;
  }
  value::CallArgs Args() const {
    value::CallArgs a;
    a.pos = spill_pos_.empty() ? std::span<const Value>(inline_pos_, npos_)
                               : std::span<const Value>(spill_pos_);
    a.kw = spill_kw_.empty() ? std::span<const value::KwArg>(inline_kw_, nkw_)
                             : std::span<const value::KwArg>(spill_kw_);
    return a;
  }
  size_t positional_count() const { return npos_; }

 private:
  static constexpr size_t kInline = 6;
  // Left uninitialised: only the first npos_/nkw_ entries are ever read.
  union {
    Value inline_pos_[kInline];
  };
  union {
    value::KwArg inline_kw_[kInline];
  };
  static_assert(std::is_trivially_destructible_v<Value> &&
                std::is_trivially_destructible_v<value::KwArg>);
  std::vector<Value> spill_pos_;
  std::vector<value::KwArg> spill_kw_;
  size_t npos_ = 0;
  size_t nkw_ = 0;
};

// The value of a frame slot that has no value yet (Jinja's `missing`): loading it yields an
// Undefined named after the variable.
extern const value::UndefinedInfo kMissingInfo;
inline Value MissingValue() {
  return Value::Undefined(&kMissingInfo);
}
inline bool IsMissing(const Value& v) {
  return v.is_undefined() && v.undefined() == &kMissingInfo;
}

class Evaluator : public value::Runtime {
 public:
  Evaluator(value::Arena& arena, const value::Limits& limits, Dialect dialect);

  // Evaluates an expression node. Throws PyError (with the node's position when not set).
  // Constants and set local variables, which cannot fail, are read inline.
  Value Eval(const Node* n) {
    if (n->kind == NodeKind::kConst) return n->value;
    if (n->kind == NodeKind::kName && n->slot >= 0) {
      const Frame* f = frame_;
      for (int32_t d = 0; d < n->depth; ++d) f = f->parent;
      Value v = f->slots[n->slot];
      if (!IsMissing(v)) return v;
    }
    if (n->kind == NodeKind::kAttr && (n->flags & kFlagPlainKey)) return EvalPlainKey(n);
    if (n->kind == NodeKind::kFilter) return EvalFilter(n);
    return EvalChecked(n);
  }
  bool EvalBool(const Node* n) { return value::Truthy(Eval(n)); }

  // Jinja's sandboxed getattr / getitem (attribute first / item first, Undefined on failure).
  Value JinjaGetAttr(const Value& obj, std::string_view name, uint64_t hash = 0);
  Value JinjaGetItem(const Value& obj, const Value& key);
  // Python attribute access (AttributeError; None for missing fields of _dicts and documents).
  Value PyGetAttr(const Value& obj, std::string_view name, uint64_t hash = 0);

  Value FormatGetAttr(const Value& obj, std::string_view name) override {
    return dialect_ == Dialect::kJinja ? JinjaGetAttr(obj, name)
                                       : value::Runtime::FormatGetAttr(obj, name);
  }
  Value FormatGetItem(const Value& obj, const Value& key) override {
    return dialect_ == Dialect::kJinja ? JinjaGetItem(obj, key)
                                       : value::Runtime::FormatGetItem(obj, key);
  }

  // Evaluates a call's arguments (positional, keyword, *args, **kwargs).
  void EvalCallArgs(const Node* call, ArgBuffer& buffer, size_t skip_positional = 0);

  Frame* frame() const { return frame_; }
  void set_frame(Frame* f) { frame_ = f; }
  Dialect dialect() const { return dialect_; }
  // Jinja's autoescape (affects `~` and the output of the template engine).
  bool autoescape = false;

  // Source of the node positions, for error locations.
  std::string_view source;

 protected:
  // Names not resolved to a local slot: context, globals, or NameError / Undefined.
  virtual Value LoadGlobal(const Node* n) = 0;
  // A local slot read before it was set.
  virtual Value LoadMissing(const Node* n);
  virtual Value ApplyFilter(const Node* n, const Value& input);
  virtual Value ApplyTest(const Node* n, const Value& input);
  // JinjaGetAttr of anything but a present key of a plain dict.
  Value JinjaGetAttrOther(const Value& obj, std::string_view name, uint64_t hash);
  // Undefined for a failed Jinja lookup.
  Value JinjaUndefined(const Value& obj, std::string_view name, bool name_is_repr);

  // `row.key` with `row` a local plain dict holding the key (Jinja): the entry, found through the
  // node's remembered index; anything else goes to EvalChecked.
  Value EvalPlainKey(const Node* n);
  // The entry of `d` whose key is the kAttr node's name, or -1 (remembers where it was found).
  static inline int64_t FindPlainKey(const value::DictObj* d, const Node* n);
  // Eval of a filter node: EvalChecked's result without EvalNode's dispatch.
  Value EvalFilter(const Node* n);
  // Gives an error without a position the node's line and column.
  void AddPosition(value::PyError& e, const Node* n) const;
  // Eval of any node, adding the node's position to errors that have none.
  Value EvalChecked(const Node* n);
  Value EvalNode(const Node* n);
  Value EvalCall(const Node* n);
  Value EvalCompare(const Node* n);
  Value EvalComprehension(const Node* n);
  Value EvalFString(const Node* n);
  Value EvalConcat(const Node* n);
  void BindTarget(const Node* target, const Value& v, Frame* f);
  Value* SlotFor(const Node* n);

  Frame* frame_ = nullptr;
  Dialect dialect_;
};

// True when `name` is a Python special attribute every object of `obj`'s type has (`__class__`),
// which Jinja's sandbox refuses with SecurityError instead of falling back to item lookup.
bool IsUnsafeDunder(const Value& obj, std::string_view name);

}  // namespace crier::expr
