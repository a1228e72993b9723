// libFuzzer target for notification conditions: compiles an arbitrary Python expression and, when
// it compiles, evaluates it against a small JSON context. Input: expression, NUL, context JSON
// (an invalid or missing context means an empty one). Any crash, leak, hang or sanitizer report is
// a bug; Python errors (SyntaxError, TypeError, LimitError...) are ordinary results.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/time.h"
#include "expr/expression.h"
#include "fuzz_limits.h"
#include "value/context.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string_view source = input.substr(0, nul);
  std::string_view json =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);

  crier::value::Context context;
  if (!json.empty() && !context.LoadJson(json, crier::value::DictMode::kAttrDict).ok()) {
    context = crier::value::Context();
  }
  context.SetNow(crier::DateTime{crier::Date{2024, 3, 15}, 9, 30, 0, 0});

  crier::expr::Options options;
  options.limits = crier::fuzz::FuzzLimits();
  for (std::string_view name : context.Names()) options.names.emplace_back(name);
  auto compiled = crier::expr::Compile(source, options);
  if (!compiled.ok()) return 0;
  (void)compiled->EvaluateJson(context);
  (void)compiled->Test(context);
  return 0;
}
