// `crier eval [--context FILE.json] [--now ISO] [--repeat N] EXPRESSION`: evaluates one condition
// as Frappe would and prints the result as JSON on one line (json.dumps(value,
// ensure_ascii=False)). JSON objects of the context are frappe._dicts (missing keys read as None).
#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <vector>

#include "expr/expression.h"
#include "main/cli_common.h"
#include "main/command.h"
#include "value/context.h"

namespace crier {
namespace {

constexpr char kUsage[] = "crier eval [--context FILE.json] [--now ISO] [--repeat N] EXPRESSION";

int RunEval(std::span<const std::string_view> args) {
  std::string_view context_path, now_text, expression;
  long repeat = 1;
  bool have_expression = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    auto value_of = [&](std::string_view& out) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    if (a == "--help" || a == "-h") {
      fmt::print("usage: {}\n", kUsage);
      return 0;
    } else if (a == "--context") {
      if (!value_of(context_path)) return cli::Fail("--context needs a file");
    } else if (a == "--now") {
      if (!value_of(now_text)) return cli::Fail("--now needs an ISO date or datetime");
    } else if (a == "--repeat") {
      std::string_view n;
      if (!value_of(n)) return cli::Fail("--repeat needs a count");
      auto r = cli::ParseRepeat(n);
      if (!r.ok()) return cli::Fail(r.status().message());
      repeat = *r;
    } else if (!have_expression && (a.empty() || a[0] != '-' || a == "-" || a.size() == 1 ||
                                    (a.size() > 1 && a[1] != '-'))) {
      expression = a;
      have_expression = true;
    } else if (!have_expression && a.starts_with("--")) {
      return cli::Fail(fmt::format("unknown option '{}'; usage: {}", a, kUsage));
    } else {
      return cli::Fail(fmt::format("unexpected argument '{}'; usage: {}", a, kUsage));
    }
  }
  if (!have_expression) return cli::Fail(fmt::format("missing EXPRESSION; usage: {}", kUsage));

  // Each --repeat iteration gets a fresh context: a template may mutate its values
  // (`l.append(x)`), and every render must see the context as given.
  std::string context_json;
  if (!context_path.empty()) {
    auto text = cli::ReadFileOrStdin(context_path);
    if (!text.ok()) return cli::Fail(text.status().message());
    context_json = std::move(*text);
  }
  DateTime now_dt = ToLocal(SystemClock().Now());
  if (!now_text.empty()) {
    auto now = cli::ParseNow(now_text);
    if (!now.ok()) return cli::Fail(now.status().message());
    now_dt = *now;
  }
  auto make_context = [&](value::Context& context) -> Status {
    if (!context_json.empty()) {
      CRIER_RETURN_IF_ERROR(context.LoadJson(context_json, value::DictMode::kAttrDict));
    }
    context.SetNow(now_dt);
    return Status::Ok();
  };
  value::Context context;
  if (Status s = make_context(context); !s.ok()) return cli::Fail(s.message());

  expr::Options options;
  for (std::string_view name : context.Names()) options.names.emplace_back(name);
  auto compiled = expr::Compile(expression, options);
  if (!compiled.ok()) return cli::Fail(compiled.error().ToString());
  value::Expected<std::string> out = std::string();
  for (long i = 0; i < repeat; ++i) {
    if (i > 0) {
      context = value::Context();
      if (Status s = make_context(context); !s.ok()) return cli::Fail(s.message());
    }
    out = compiled->EvaluateJson(context);
    if (!out.ok()) return cli::Fail(out.error().ToString());
  }
  fmt::print("{}\n", *out);
  return 0;
}

}  // namespace

CRIER_REGISTER_COMMAND(eval, Command{"eval", kUsage,
                                     "Evaluate a notification condition (a Python expression).",
                                     RunEval});

}  // namespace crier
