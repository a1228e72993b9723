// Jinja's title filter: outputs of Jinja2 3.1.2's do_title, and the Latin-1 fast path against the
// full Unicode path on every Latin-1 code point and on random Latin-1 text.
#include "tmpl/title.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tmpl/template.h"
#include "value/unicode.h"

namespace crier::tmpl {
namespace {

std::string Title(std::string_view text) {
  std::string out;
  AppendJinjaTitle(out, text);
  return out;
}

// The fast path's result, or "<declined>".
std::string TitleFast(std::string_view text, bool* ascii = nullptr) {
  std::string out(text.size(), '\0');
  bool is_ascii = false;
  if (!JinjaTitleLatin1(text, out.data(), &is_ascii)) return "<declined>";
  if (ascii) *ascii = is_ascii;
  return out;
}

struct Case {
  const char* in;
  const char* want;  // printed by Jinja2 3.1.2: "{{ in|title }}"
};

// Code points below U+0100 only: both paths must give Jinja's result.
const Case kLatin1Cases[] = {
    {"ordinateur portable professionnel 15 pouces", "Ordinateur Portable Professionnel 15 Pouces"},
    {"câble hdmi 2 m", "Câble Hdmi 2 M"},
    {"écran 27 pouces 4k", "Écran 27 Pouces 4k"},
    {"station d'accueil usb-c", "Station D'accueil Usb-C"},
    {"ÉCOLE MATERNELLE", "École Maternelle"},
    {"straße", "Straße"},
    {"ßtraße ßx", "SStraße SSx"},
    {"they're bill's", "They're Bill's"},
    {"3rd floor 21st", "3rd Floor 21st"},
    {"jean-pierre (dupont)[x]{y}<z>", "Jean-Pierre (Dupont)[X]{Y}<Z>"},
    {"a\u00a0b\u0085c\td\x1c"
     "e",
     "A\u00a0B\u0085C\tD\x1c"
     "E"},
    {"ÿes µ× ÷à ÀÞþ", "Ÿes Μ× ÷à Àþþ"},
    {"snake_case_name", "Snake_case_name"},
    {"  lead", "  Lead"},
    {"", ""},
};

// Code points from U+0100 on: the fast path declines, the full path gives Jinja's result.
const Case kUnicodeCases[] = {
    {"ǆungla", "Ǆungla"},
    {"ǅ ǆ Ǆ", "Ǆ Ǆ Ǆ"},              // upper(), not title(), of the first letter
    {"ΣΑΣ ΟΔΟΣ σς", "Σας Οδος Σς"},  // final sigma inside item[1:].lower()
    {"İstanbul ıi", "İstanbul Ii"},
    {"ﬁne ﬂow", "FIne FLow"},                            // ligatures expand on upper()
    {"mot\u2003mot\u3000mot", "Mot\u2003Mot\u3000Mot"},  // Unicode whitespace separates
    {"écran ǆ", "Écran Ǆ"},  // Latin-1 first, then beyond: the whole text falls back
};

TEST(TitleTest, MatchesJinja) {
  for (const Case& c : kLatin1Cases) {
    EXPECT_EQ(Title(c.in), c.want) << c.in;
    EXPECT_EQ(TitleFast(c.in), c.want) << c.in;
  }
  for (const Case& c : kUnicodeCases) {
    EXPECT_EQ(Title(c.in), c.want) << c.in;
    EXPECT_EQ(TitleFast(c.in), "<declined>") << c.in;
  }
}

TEST(TitleTest, FastPathReportsAscii) {
  bool ascii = false;
  EXPECT_EQ(TitleFast("hello world", &ascii), "Hello World");
  EXPECT_TRUE(ascii);
  EXPECT_EQ(TitleFast("ßx", &ascii), "SSx");  // non-ASCII in, ASCII out
  EXPECT_TRUE(ascii);
  EXPECT_EQ(TitleFast("xß", &ascii), "Xß");
  EXPECT_FALSE(ascii);
}

TEST(TitleTest, FastPathDeclinesMalformedUtf8) {
  EXPECT_EQ(TitleFast("ab\xC3"), "<declined>");        // truncated sequence
  EXPECT_EQ(TitleFast("ab\xC3x"), "<declined>");       // lead byte without continuation
  EXPECT_EQ(TitleFast("ab\xA9"), "<declined>");        // stray continuation byte
  EXPECT_EQ(TitleFast("\xC4\x80"), "<declined>");      // U+0100
  EXPECT_EQ(TitleFast("\xE2\x80\x83"), "<declined>");  // U+2003 EM SPACE
}

std::string Utf8(char32_t c) {
  std::string s;
  value::AppendUtf8(s, c);
  return s;
}

// Every Latin-1 code point after a separator, after a letter, and before a letter: the fast path
// equals the full path (Python's upper()/lower() through ICU).
TEST(TitleTest, FastPathEqualsFullPathOnEveryLatin1CodePoint) {
  for (char32_t c = 1; c < 0x100; ++c) {
    for (const std::string& text :
         {Utf8(c), "a" + Utf8(c), Utf8(c) + "a", "x " + Utf8(c) + Utf8(c) + "Z", "-" + Utf8(c)}) {
      EXPECT_EQ(TitleFast(text), Title(text)) << "U+" << std::hex << static_cast<uint32_t>(c);
    }
  }
}

TEST(TitleTest, FastPathEqualsFullPathOnRandomLatin1Text) {
  std::mt19937 rng(42);  // fixed seed: the same texts on every run
  // Letters of both cases, the special upper() cases, separators of every kind, digits and
  // apostrophes (which do not separate), and a few other symbols.
  const char32_t alphabet[] = {'a',  'Z',  'q',  'E',  0xE9, 0xC9, 0xDF, 0xFF, 0xB5, 0xD7, 0xF7,
                               0xAA, 0xBA, 0xDE, 0xFE, ' ',  '-',  '(',  '{',  '[',  '<',  '\t',
                               '\n', 0x1C, 0x85, 0xA0, '0',  '7',  '\'', '_',  '.',  ')',  '>'};
  std::uniform_int_distribution<size_t> pick(0, std::size(alphabet) - 1);
  std::uniform_int_distribution<int> length(0, 24);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += Utf8(alphabet[pick(rng)]);
    ASSERT_EQ(TitleFast(text), Title(text)) << text;
  }
}

// Through the filter: non-strings are printed first, and the Latin-1 and Unicode paths give
// Jinja's result in one template.
TEST(TitleTest, Filter) {
  Environment env;
  auto t =
      env.Compile("{{ a|title }}|{{ b|title }}|{{ 5|title }}|{{ none|title }}|{{ ''|title }}", "t");
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  value::Context ctx;
  ASSERT_TRUE(
      ctx.LoadJson(R"({"a": "câble hdmi-2 m", "b": "ΟΔΟΣ ǆ"})", value::DictMode::kDict).ok());
  auto out = (*t)->Render(ctx);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(*out, "Câble Hdmi-2 M|Οδος Ǆ|5|None|");
}

}  // namespace
}  // namespace crier::tmpl
