// Conditions: compile-time refusals with columns, Python semantics of evaluation (results as
// json.dumps prints them; expectations produced by CPython 3.11), limits, and concurrent use of one
// compiled expression.
#include "expr/expression.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace crier::expr {
namespace {

value::Context MakeContext() {
  value::Context ctx;
  Status s = ctx.LoadJson(
      R"({"doc": {"status": "Open", "due_date": "2024-03-15", "total": 45000.5, "qty": 3,
          "lines": [{"item_code": "A", "qty": 2}, {"item_code": "B", "qty": 5}],
          "customer": "Dupré", "discount": null}})",
      value::DictMode::kAttrDict);
  EXPECT_TRUE(s.ok()) << s.ToString();
  ctx.SetNow(DateTime{Date{2024, 3, 15}, 9, 30, 0, 0});
  return ctx;
}

std::string Eval(std::string_view source) {
  value::Context ctx = MakeContext();
  Options options;
  auto compiled = Compile(source, options);
  if (!compiled.ok()) return "compile " + compiled.error().ToString();
  auto out = compiled->EvaluateJson(ctx);
  if (!out.ok()) return "error " + std::string(out.error().class_name());
  return *out;
}

TEST(ExpressionTest, PythonSemantics) {
  struct Case {
    const char* expr;
    const char* json;
  } cases[] = {
      {"doc.status == 'Open' and doc.due_date == nowdate() and doc.total > 40000", "true"},
      {"doc.missing is None", "true"},
      {"doc.discount or 'none'", "\"none\""},
      {"0 or []", "[]"},
      {"-2**2", "-4"},
      {"2**3**2", "512"},
      {"-7 // 2, -7 % 2, 7 / 2", "[-4, 1, 3.5]"},
      {"round(2.5), round(3.5), round(2.675, 2)", "[2, 4, 2.67]"},
      {"1 == 1.0 == True", "true"},
      {"1 < doc.qty < 5", "true"},
      {"len(doc.lines) > 1", "true"},
      {"[i.item_code for i in doc.lines if i.qty > 2]", "[\"B\"]"},
      {"{i.item_code: i.qty for i in doc.lines}", "{\"A\": 2, \"B\": 5}"},
      {"sum(i.qty for i in doc.lines)", "7"},
      {"doc.customer.upper()", "\"DUPRÉ\""},
      {"f'{doc.total:,.2f}'", "\"45,000.50\""},
      {"'%s-%03d' % (doc.status, doc.qty)", "\"Open-003\""},
      {"'x' if doc.qty else 'y'", "\"x\""},
      {"doc.due_date[:4]", "\"2024\""},
      {"2**64", "18446744073709551616"},
      {"0.1 + 0.2", "0.30000000000000004"},
      {"add_days(doc.due_date, 30)", "\"2024-04-14\""},
      {"date_diff(doc.due_date, '2024-01-01')", "74"},
      {"frappe.utils.flt('1,234.567', 2)", "1234.57"},
      {"cint('12abc'), cstr(None)", "[0, \"\"]"},
      {"sorted(['b', 'a'], reverse=True)", "[\"b\", \"a\"]"},
      {"max(doc.lines, key=lambda i: i.qty)", "compile SyntaxError"},
  };
  for (const Case& c : cases) {
    std::string got = Eval(c.expr);
    if (std::string_view(c.json).starts_with("compile ")) {
      EXPECT_TRUE(got.starts_with(c.json)) << c.expr << " -> " << got;
    } else {
      EXPECT_EQ(got, c.json) << c.expr;
    }
  }
}

TEST(ExpressionTest, RuntimeErrorsHaveThePythonClass) {
  EXPECT_EQ(Eval("doc.total > 'abc'"), "error TypeError");
  EXPECT_EQ(Eval("None > 3"), "error TypeError");
  EXPECT_EQ(Eval("1 / 0"), "error ZeroDivisionError");
  EXPECT_EQ(Eval("doc.lines[9]"), "error IndexError");
  EXPECT_EQ(Eval("{'a': 1}['b']"), "error KeyError");
  EXPECT_EQ(Eval("int('3.7')"), "error ValueError");
  EXPECT_EQ(Eval("'abc'.nope"), "error AttributeError");
  EXPECT_EQ(Eval("1 in 'abc'"), "error TypeError");
}

TEST(ExpressionTest, CompileErrorsNameTheColumn) {
  struct Case {
    const char* expr;
    const char* cls;
    int column;
  } cases[] = {
      {"doc.status ==", "SyntaxError", 14},
      {"lambda: 1", "SyntaxError", 1},
      {"(x := 1)", "SyntaxError", 4},
      {"doc.__class__", "SyntaxError", 5},
      {"_secret", "SyntaxError", 1},
      {"doc.total > unknown_name", "NameError", 13},
      {"[y for y in doc.lines] + [y]", "NameError", 27},
  };
  for (const Case& c : cases) {
    auto compiled = Compile(c.expr);
    ASSERT_FALSE(compiled.ok()) << c.expr;
    EXPECT_EQ(compiled.error().class_name(), c.cls) << c.expr;
    EXPECT_EQ(compiled.error().line, 1) << c.expr;
    EXPECT_EQ(compiled.error().column, c.column) << c.expr;
  }
}

TEST(ExpressionTest, DeclaredNamesAreKnown) {
  Options options;
  options.names = {"doc_before_save"};
  EXPECT_TRUE(Compile("doc_before_save is None", options).ok());
  EXPECT_FALSE(Compile("doc_before_save is None").ok());
}

TEST(ExpressionTest, LimitsAreCleanErrors) {
  value::Context ctx = MakeContext();
  Options options;
  options.limits.max_steps = 1000;
  auto many = Compile("[a * b for a in 'x' * 100 for b in [1] * 100]", options);
  ASSERT_TRUE(many.ok());
  auto r = many->EvaluateJson(ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().class_name(), "LimitError");
  options.limits = {};
  options.limits.max_string_bytes = 1000;
  auto big = Compile("'ab' * 10**9", options);
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->EvaluateJson(ctx).error().class_name(), "LimitError");
  auto huge = Compile("9 ** 9 ** 9");
  EXPECT_EQ(huge->EvaluateJson(ctx).error().class_name(), "OverflowError");
}

TEST(ExpressionTest, OneCompiledExpressionEvaluatesFromManyThreads) {
  value::Context ctx = MakeContext();
  auto compiled = Compile("doc.status == 'Open' and sum(i.qty for i in doc.lines) == 7");
  ASSERT_TRUE(compiled.ok());
  std::vector<std::thread> threads;
  std::atomic<int> truths{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        auto r = compiled->Test(ctx);
        if (r.ok() && *r) truths.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(truths.load(), 8 * 500);
}

}  // namespace
}  // namespace crier::expr
