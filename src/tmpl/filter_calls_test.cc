// Filter calls through both argument paths (a few plain positional arguments evaluated on the
// stack; keywords and *args through the general buffer) and the fast paths of truncate, format
// and round, against Jinja2 3.1.2's outputs and error classes.
#include <gtest/gtest.h>

#include "tmpl/template.h"

namespace crier::tmpl {
namespace {

constexpr std::string_view kContext = R"({
  "s": "ordinateur portable professionnel 15 pouces",
  "u": "écran incurvé très lumineux pour bureau",
  "nospace": "abcdefghijklmnopqrstuvwxyzabcdefghij",
  "args": [30, true]
})";

// The output, or "error <Class>" (the message is crier's own where Python's differs).
std::string Render(std::string_view source) {
  Environment env;
  auto t = env.Compile(source, "t");
  if (!t.ok()) return "compile error";
  value::Context ctx;
  EXPECT_TRUE(ctx.LoadJson(kContext, value::DictMode::kDict).ok());
  auto out = (*t)->Render(ctx);
  if (out.ok()) return *out;
  std::string e = out.error().ToString();
  return "error " + e.substr(0, e.find(':'));
}

struct Case {
  const char* tmpl;
  const char* want;  // Jinja2 3.1.2 (SandboxedEnvironment) on kContext
};

TEST(FilterCallsTest, Truncate) {
  const Case cases[] = {
      {"{{ s|truncate(30) }}", "ordinateur portable..."},
      {"{{ s|truncate(30, true) }}", "ordinateur portable profess..."},
      {"{{ s|truncate(30, killwords=true, end='…') }}", "ordinateur portable professio…"},
      {"{{ s|truncate(20, false, '', 0) }}", "ordinateur portable"},
      {"{{ s|truncate(40) }}|{{ s|truncate(38) }}|{{ s|truncate(37) }}",
       "ordinateur portable professionnel 15 pouces|ordinateur portable professionnel 15 "
       "pouces|ordinateur portable professionnel..."},
      {"{{ u|truncate(20) }}", "écran incurvé..."},  // code points, not bytes
      {"{{ nospace|truncate(20) }}", "abcdefghijklmnopq..."},
      {"{{ ' leading'|truncate(3, leeway=0) }}", "..."},
      {"{{ s|truncate(*args) }}", "ordinateur portable profess..."},
      {"{{ s|truncate(length=25) }}", "ordinateur portable..."},
      {"{{ s|truncate(30, leeway=none) }}", "ordinateur portable..."},
      {"{{ '<b>bold text here</b>'|safe|truncate(10, leeway=0) }}", "<b>bold..."},  // Markup
      {"{{ [1, 2, 3, 4, 5]|truncate(3, leeway=0) }}", "error AttributeError"},      // list.rsplit
      {"{{ s|truncate(2) }}", "error AssertionError"},
      {"{{ s|truncate(30, false, '...', -1) }}", "error AssertionError"},
      {"{{ s|truncate(1, 2, 3, 4, 5) }}", "error TypeError"},
      {"{{ s|truncate(30, length=3) }}", "error TypeError"},
      {"{{ s|truncate(foo=3) }}", "error TypeError"},
  };
  for (const Case& c : cases) EXPECT_EQ(Render(c.tmpl), c.want) << c.tmpl;
}

TEST(FilterCallsTest, FormatAndRound) {
  const Case cases[] = {
      {"{{ '%.2f|%5.1f|%s'|format(1284.255, 2.25, 'x') }}", "1284.26|  2.2|x"},
      {"{{ '%(a)s-%(b).1f'|format(a=1, b=2.25) }}", "1-2.2"},
      {"{{ '%.2f'|format(*[3.14159]) }}", "3.14"},
      {"{{ '%s %s'|format(1) }}", "error TypeError"},
      {"{{ 2.675|round(2) }}|{{ 2.5|round }}|{{ 2.5|round(0, 'ceil') }}|"
       "{{ 2.5|round(method='floor') }}|{{ 1234.5678|round(-2) }}",
       "2.67|2.0|3.0|2.0|1200.0"},
      {"{{ 2.5|round(0, 'up') }}", "error FilterArgumentError"},
  };
  for (const Case& c : cases) EXPECT_EQ(Render(c.tmpl), c.want) << c.tmpl;
}

}  // namespace
}  // namespace crier::tmpl
