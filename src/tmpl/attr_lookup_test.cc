// `row.key` on dicts goes through a per-node remembered entry index (kFlagPlainKey, key_hint):
// rows whose keys come in other orders, missing keys, dict method names, `_` names and
// non-dict rows must read as Jinja2 3.1.2 reads them, also with one template shared by threads.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "tmpl/template.h"

namespace crier::tmpl {
namespace {

constexpr std::string_view kRows = R"({"rows": [
  {"a": 1, "b": 2, "c": 3},
  {"c": 30, "b": 20, "a": 10},
  {"b": 200},
  {"a": "x", "items": "it", "_p": 5}
]})";

std::string Render(const Template& t) {
  value::Context ctx;
  EXPECT_TRUE(ctx.LoadJson(kRows, value::DictMode::kDict).ok());
  auto out = t.Render(ctx);
  return out.ok() ? *out : "error " + out.error().ToString();
}

std::string Render(std::string_view source) {
  Environment env;
  auto t = env.Compile(source, "t");
  if (!t.ok()) return "compile error";
  return Render(**t);
}

TEST(AttrLookupTest, RowsOfAnyShapeReadAsJinja) {
  // Expected outputs: Jinja2 3.1.2 (SandboxedEnvironment) on kRows.
  EXPECT_EQ(Render("{% for r in rows %}{{ r.a }}/{{ r.b }}/{{ r.c }};{% endfor %}"),
            "1/2/3;10/20/30;/200/;x//;");
  EXPECT_EQ(Render("{% for r in rows %}{{ r.c is defined }}{% endfor %}"), "TrueTrueFalseFalse");
  EXPECT_EQ(Render("{% for r in rows %}{{ r.items is callable }}{% endfor %}"),
            "TrueTrueTrueTrue");  // a dict method, never the key
  EXPECT_EQ(Render("{% for r in rows %}[{{ r._p }}]{% endfor %}"), "[][][][5]");
  EXPECT_EQ(Render("{% for r in [{'a': 1}, none, 'str', [1]] %}[{{ r.a }}]{% endfor %}"),
            "[1][][][]");
  // Attribute getters of filters (sum, map) remember where the key was, too.
  EXPECT_EQ(Render("{{ rows[:3]|sum(attribute='b') }}"), "222");
  EXPECT_EQ(Render("{{ rows[:2]|sum(attribute='c') }}"), "33");
  EXPECT_EQ(Render("{{ rows|map(attribute='b', default=0)|list }}"), "[2, 20, 200, 0]");
}

TEST(AttrLookupTest, SharedTemplateFromManyThreads) {
  Environment env;
  auto t = env.Compile("{% for r in rows %}{{ r.a }}/{{ r.b }}/{{ r.c }};{% endfor %}", "t");
  ASSERT_TRUE(t.ok());
  std::vector<std::thread> threads;
  std::vector<std::string> outputs(4);
  for (size_t i = 0; i < outputs.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < 200; ++n) outputs[i] = Render(**t);
    });
  }
  for (std::thread& th : threads) th.join();
  for (const std::string& out : outputs) EXPECT_EQ(out, "1/2/3;10/20/30;/200/;x//;");
}

}  // namespace
}  // namespace crier::tmpl
