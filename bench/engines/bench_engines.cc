// Benchmarks of the template and condition engines on issue 2's inputs (bench/engines/): the seed
// guide's message, a 50-row items table with filters, and the condition
// `doc.status=="Open" and doc.due_date==nowdate() and doc.total > 40000`. Templates and the
// expression are compiled once, as crier does; bench/run_engines.sh runs bench_python.py on the
// same files in the same run and prints the ratios.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "base/time.h"
#include "expr/expression.h"
#include "value/context.h"

namespace {

std::string ReadInput(const std::string& name) {
  std::ifstream in(std::string(CRIER_BENCH_INPUTS) + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read bench input " + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The context every benchmark reads: parsed once, frozen (shared by iterations), now fixed so
// that `doc.due_date == nowdate()` holds and the condition evaluates all three terms.
crier::value::Context MakeContext(crier::value::DictMode mode) {
  crier::value::Context context;
  crier::Status s = context.LoadJson(ReadInput("context.json"), mode, /*freeze=*/true);
  if (!s.ok()) throw std::runtime_error(std::string(s.message()));
  context.SetNow(crier::DateTime{crier::Date{2024, 3, 15}, 9, 30, 0, 0});
  return context;
}

void EvalCondition(benchmark::State& state) {
  crier::value::Context context = MakeContext(crier::value::DictMode::kAttrDict);
  crier::expr::Options options;
  for (std::string_view name : context.Names()) options.names.emplace_back(name);
  auto compiled = crier::expr::Compile(ReadInput("condition.txt"), options);
  if (!compiled.ok()) {
    state.SkipWithError(compiled.error().ToString().c_str());
    return;
  }
  auto first = compiled->Test(context);
  if (!first.ok() || !*first) {
    state.SkipWithError("the benchmark condition must be true on the benchmark context");
    return;
  }
  for (auto _ : state) {
    auto fire = compiled->Test(context);
    benchmark::DoNotOptimize(fire);
  }
}
BENCHMARK(EvalCondition)->Name("eval/condition");

}  // namespace

BENCHMARK_MAIN();
