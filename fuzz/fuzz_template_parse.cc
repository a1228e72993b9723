// libFuzzer target for the template lexer and parser: compiles arbitrary bytes as a Jinja template
// under option sets chosen from the input's hash (trim/lstrip blocks, keep_trailing_newline,
// autoescape, undefined mode). Syntax errors are ordinary results; crashes, leaks and hangs are
// bugs.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "fuzz_limits.h"
#include "tmpl/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  size_t bits = std::hash<std::string_view>()(source);
  crier::tmpl::Options options;
  options.trim_blocks = bits & 1;
  options.lstrip_blocks = bits & 2;
  options.keep_trailing_newline = bits & 4;
  options.autoescape = bits & 8;
  options.undefined = static_cast<crier::value::UndefinedKind>((bits >> 4) & 3);
  options.limits = crier::fuzz::FuzzLimits();
  crier::tmpl::Environment env(options);
  (void)env.Compile(source, "fuzz");
  return 0;
}
