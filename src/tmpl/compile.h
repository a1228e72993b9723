// Template compilation after parsing: Jinja's identifier tracking (idtracking.py) decides, for
// every frame, which names are locals and how each is initialised; names are resolved to frame
// slots, filters and tests to functions, and Jinja's compile-time checks run (unknown filters
// outside `if`, blocks defined twice, extends outside the top level...).
#pragma once

#include <functional>
#include <string_view>

#include "tmpl/program.h"

namespace crier::tmpl {

struct CompileEnv {
  std::function<const FilterDef*(std::string_view)> find_filter;
  std::function<const TestDef*(std::string_view)> find_test;
  value::UndefinedKind undefined_kind = value::UndefinedKind::kDefault;
};

// Resolves `program` (parsed: body set) in place. Throws expr::SyntaxFailure with
// `assertion` set (TemplateAssertionError) on compile-time errors.
void CompileProgram(Program& program, const CompileEnv& env);

inline constexpr uint16_t kFlagOutputCheck = 16;  // kOutput/kBlock: skip once the template extends

}  // namespace crier::tmpl
