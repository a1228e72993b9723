// libFuzzer target for template rendering: compiles the template and renders it with a small JSON
// context. Input: template, NUL, context JSON (invalid JSON means an empty context). A few named
// templates are loadable so that include/import/extends run too. Options come from the input's
// hash. Python errors are ordinary results; crashes, leaks, hangs and sanitizer reports are bugs.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "base/time.h"
#include "fuzz_limits.h"
#include "tmpl/template.h"
#include "value/context.h"

namespace {

std::shared_ptr<const crier::tmpl::Loader> FuzzLoader() {
  static const auto* loader = new std::shared_ptr<const crier::tmpl::Loader>(
      std::make_shared<crier::tmpl::MapLoader>(std::map<std::string, std::string, std::less<>>{
          {"base", "<{% block title %}T{% endblock %}>{% block body %}{% endblock %}"},
          {"macros",
           "{% macro m(x, y=1) %}[{{ x }}{{ y }}{{ caller() if caller }}]{% endmacro %}"
           "{% set answer = 42 %}"},
          {"part", "({{ doc }}{% include 'leaf' ignore missing %})"},
          {"leaf", "leaf"},
          {"self", "{% include 'self' %}"},
      }));
  return *loader;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string_view source = input.substr(0, nul);
  std::string_view json =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);

  size_t bits = std::hash<std::string_view>()(input);
  crier::tmpl::Options options;
  options.trim_blocks = bits & 1;
  options.lstrip_blocks = bits & 2;
  options.keep_trailing_newline = bits & 4;
  options.autoescape = bits & 8;
  options.undefined = static_cast<crier::value::UndefinedKind>((bits >> 4) & 3);
  options.frappe_globals = bits & 64;
  options.limits = crier::fuzz::FuzzLimits();
  crier::tmpl::Environment env(options, FuzzLoader());
  auto compiled = env.Compile(source, "fuzz");
  if (!compiled.ok()) return 0;

  crier::value::Context context;
  if (!json.empty() && !context.LoadJson(json, crier::value::DictMode::kDict).ok()) {
    context = crier::value::Context();
  }
  context.SetNow(crier::DateTime{crier::Date{2024, 3, 15}, 9, 30, 0, 0});
  (void)(*compiled)->Render(context);
  return 0;
}
