// Jinja2's builtin filters (54 names), tests (39) and globals (range, dict, lipsum, cycler,
// joiner, namespace), as the tables the compiler resolves names against.
#pragma once

#include <string_view>
#include <vector>

#include "tmpl/program.h"
#include "value/value.h"

namespace crier::tmpl {

const FilterDef* FindBuiltinFilter(std::string_view name);
const TestDef* FindBuiltinTest(std::string_view name);
const value::Value* FindBuiltinGlobal(std::string_view name);
std::vector<std::string_view> BuiltinFilterNames();
std::vector<std::string_view> BuiltinTestNames();

}  // namespace crier::tmpl
