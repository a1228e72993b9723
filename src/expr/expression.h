// Notification conditions: one Python 3 expression, compiled once (syntax, refused constructs and
// unknown names are reported then, with their column) and evaluated any number of times, from any
// number of threads, against a Context.
//
//   auto cond = expr::Compile("doc.status == 'Open' and doc.total > 40000");
//   bool fire = cond->Test(context).value();
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "value/context.h"
#include "value/error.h"
#include "value/runtime.h"
#include "value/value.h"

namespace crier::expr {

struct Options {
  // Names the expression may use besides `doc`, `frappe`, the frappe.utils helpers and the
  // builtins (int float round len str bool abs min max sum any all sorted).
  std::vector<std::string> names;
  value::Limits limits;
};

// An immutable compiled expression; copies share it. Thread-safe.
class CompiledExpression {
 public:
  // Evaluates against `context`. The result may reference `arena`, `context` and this expression:
  // keep them alive while using it.
  value::Expected<value::Value> Evaluate(const value::Context& context, value::Arena& arena) const;
  // Python truthiness of the result (what a notification condition needs).
  value::Expected<bool> Test(const value::Context& context) const;
  // The result as json.dumps(result, ensure_ascii=False) writes it (tuples and sets as arrays).
  value::Expected<std::string> EvaluateJson(const value::Context& context) const;

  const std::string& source() const;

 private:
  struct Impl;
  friend value::Expected<CompiledExpression> Compile(std::string_view, const Options&);
  std::shared_ptr<const Impl> impl_;
};

// Compiles one expression. Errors: SyntaxError (bad syntax, lambda, walrus, names starting with
// '_'), NameError (unknown names), each with line and column.
value::Expected<CompiledExpression> Compile(std::string_view source, const Options& options = {});

}  // namespace crier::expr
