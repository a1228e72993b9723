// Compilation (lex, parse, resolve comprehension variables, check names) and evaluation of
// conditions.
#include "expr/expression.h"

#include <fmt/format.h>

#include <unordered_map>

#include "expr/evaluator.h"
#include "expr/parser.h"
#include "value/builtins.h"
#include "value/frappe_utils.h"
#include "value/json.h"
#include "value/ops.h"

namespace crier::expr {

using value::EngineError;
using value::ErrorClass;
using value::Expected;

struct CompiledExpression::Impl {
  std::string source;
  std::unique_ptr<value::Arena> arena;
  Node* root = nullptr;
  value::Limits limits;
};

namespace {

bool IsKnownGlobal(std::string_view name, const Options& options) {
  if (name == "doc" || name == "frappe") return true;
  if (value::FindPythonBuiltin(name) || value::FindFrappeUtil(name)) return true;
  for (const std::string& n : options.names) {
    if (n == name) return true;
  }
  return false;
}

// Resolves comprehension variables to slots and reports unknown names.
class Resolver {
 public:
  Resolver(const Options& options, std::string_view source) : options_(options), source_(source) {}

  void Resolve(Node* n) {
    if (n->kind == NodeKind::kName) {
      for (size_t i = scopes_.size(); i-- > 0;) {
        auto& names = scopes_[i]->names;
        auto it = names.find(std::string(n->name()));
        if (it != names.end()) {
          n->slot = it->second;
          n->depth = static_cast<int32_t>(scopes_.size() - 1 - i);
          return;
        }
      }
      if (!IsKnownGlobal(n->name(), options_)) {
        throw SyntaxFailure{fmt::format("name '{}' is not defined", n->name()), n->pos};
      }
      return;
    }
    if (n->kind == NodeKind::kComprehension) {
      // The first iterable belongs to the enclosing scope.
      Resolve(n->clauses[0].iter);
      Scope scope;
      for (uint32_t i = 0; i < n->nclauses; ++i) Declare(n->clauses[i].target, scope);
      n->nslots = static_cast<uint32_t>(scope.names.size());
      scopes_.push_back(&scope);
      for (uint32_t i = 0; i < n->nclauses; ++i) {
        Resolve(n->clauses[i].target);
        if (i > 0) Resolve(n->clauses[i].iter);
        for (Node* c : n->clauses[i].ifs) Resolve(c);
      }
      if (n->a) Resolve(n->a);
      if (n->b) Resolve(n->b);
      scopes_.pop_back();
      return;
    }
    ForEachChild(n, [&](Node* c) { Resolve(c); });
  }

  bool name_error = false;

 private:
  struct Scope {
    std::unordered_map<std::string, int32_t> names;
  };
  void Declare(Node* target, Scope& scope) {
    if (target->kind == NodeKind::kName) {
      std::string name(target->name());
      if (!scope.names.count(name)) {
        scope.names.emplace(name, static_cast<int32_t>(scope.names.size()));
      }
      return;
    }
    for (Node* item : target->list) Declare(item, scope);
  }

  const Options& options_;
  std::string_view source_;
  std::vector<Scope*> scopes_;
};

class ExprEvaluator final : public Evaluator {
 public:
  ExprEvaluator(value::Arena& arena_in, const value::Limits& limits_in,
                const value::Context& context)
      : Evaluator(arena_in, limits_in, Dialect::kPython), context_(context) {
    now = context.now();
    site = context.site();
  }

 protected:
  Value LoadGlobal(const Node* n) override {
    std::string_view name = n->name();
    if (const Value* v = context_.Find(name)) return *v;
    if (const Value* v = value::FindFrappeUtil(name)) return *v;
    if (const Value* v = value::FindPythonBuiltin(name)) return *v;
    if (name == "frappe") return value::FrappeModule();
    value::Throw(ErrorClass::kNameError, fmt::format("name '{}' is not defined", name));
  }

 private:
  const value::Context& context_;
};

EngineError SyntaxError(const SyntaxFailure& f, std::string_view source, ErrorClass cls) {
  EngineError e;
  e.cls = cls;
  e.message = f.message;
  LineColumn(source, f.pos, &e.line, &e.column);
  return e;
}

}  // namespace

const std::string& CompiledExpression::source() const {
  return impl_->source;
}

Expected<CompiledExpression> Compile(std::string_view source, const Options& options) {
  auto impl = std::make_shared<CompiledExpression::Impl>();
  impl->source = std::string(source);
  impl->arena = std::make_unique<value::Arena>();
  impl->limits = options.limits;
  std::string_view src = impl->source;
  // eval() ignores leading and trailing whitespace.
  try {
    if (src.size() > options.limits.max_template_bytes) {
      EngineError e;
      e.cls = ErrorClass::kLimitError;
      e.message =
          fmt::format("expression of {} bytes exceeds the limit of {} (limits.max_template_bytes)",
                      src.size(), options.limits.max_template_bytes);
      return e;
    }
    std::vector<Token> tokens = LexPython(src, *impl->arena);
    Parser parser(src, std::move(tokens), Dialect::kPython, *impl->arena,
                  options.limits.max_nesting);
    impl->root = parser.ParsePythonInput();
    Resolver resolver(options, src);
    try {
      resolver.Resolve(impl->root);
    } catch (const SyntaxFailure& f) {
      return SyntaxError(f, src, ErrorClass::kNameError);
    }
  } catch (const SyntaxFailure& f) {
    return SyntaxError(f, src, ErrorClass::kSyntaxError);
  } catch (const value::PyError& e) {
    return EngineError::From(e);
  }
  CompiledExpression out;
  out.impl_ = std::move(impl);
  return out;
}

Expected<value::Value> CompiledExpression::Evaluate(const value::Context& context,
                                                    value::Arena& arena) const {
  ExprEvaluator ev(arena, impl_->limits, context);
  ev.source = impl_->source;
  try {
    return ev.Eval(impl_->root);
  } catch (const value::PyError& e) {
    return EngineError::From(e);
  } catch (const std::bad_alloc&) {
    EngineError e;
    e.cls = ErrorClass::kMemoryError;
    e.message = "out of memory";
    return e;
  }
}

Expected<bool> CompiledExpression::Test(const value::Context& context) const {
  value::Arena arena(impl_->limits.max_memory_bytes);
  ExprEvaluator ev(arena, impl_->limits, context);
  ev.source = impl_->source;
  try {
    return value::Truthy(ev.Eval(impl_->root));
  } catch (const value::PyError& e) {
    return EngineError::From(e);
  }
}

Expected<std::string> CompiledExpression::EvaluateJson(const value::Context& context) const {
  value::Arena arena(impl_->limits.max_memory_bytes);
  auto v = Evaluate(context, arena);
  if (!v.ok()) return v.error();
  try {
    return value::ToJsonText(*v);
  } catch (const value::PyError& e) {
    return EngineError::From(e);
  }
}

}  // namespace crier::expr
