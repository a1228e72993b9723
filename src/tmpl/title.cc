// Jinja's do_title, with a one-pass path for ASCII and Latin-1 text (see title.h).
#include "tmpl/title.h"

#include <cstdint>

#include "value/unicode.h"

namespace crier::tmpl {
namespace {

// do_title's separators among ASCII: `-`, `(`, `{`, `[`, `<`, and what Python's \s matches
// (str.isspace(): \t \n \v \f \r, \x1c-\x1f, space).
constexpr bool AsciiSeparator(unsigned char c) {
  return c == '-' || c == '(' || c == '{' || c == '[' || c == '<' || c == ' ' ||
         (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
}

// The ASCII half of the fast path as tables: cased[0] is lower(), cased[1] upper(), and
// separator is 1 for do_title's separators. Indexing by the item state (instead of branching
// on it) keeps word starts from costing a mispredicted branch each.
struct AsciiTables {
  unsigned char cased[2][128];
  uint8_t separator[128];
  constexpr AsciiTables() : cased(), separator() {
    for (int c = 0; c < 128; ++c) {
      cased[0][c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      cased[1][c] = static_cast<unsigned char>(c >= 'a' && c <= 'z' ? c - 32 : c);
      separator[c] = AsciiSeparator(static_cast<unsigned char>(c)) ? 1 : 0;
    }
  }
};
constexpr AsciiTables kAscii;

bool Separator(char32_t c) {
  return c < 0x80 ? AsciiSeparator(static_cast<unsigned char>(c)) : value::IsSpace(c);
}

}  // namespace

void AppendJinjaTitle(std::string& out, std::string_view text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  const char* p = begin;
  while (p < end) {
    // One item of re.split(r"([-\s({\[<]+)", text): a maximal run of separators or of others.
    const char* start = p;
    const char* q = p;
    bool sep = Separator(value::DecodeUtf8(q, end));
    const char* first_end = q;  // end of the item's first code point
    p = q;
    while (p < end) {
      q = p;
      if (Separator(value::DecodeUtf8(q, end)) != sep) break;
      p = q;
    }
    std::string_view first(start, static_cast<size_t>(first_end - start));
    std::string_view rest(first_end, static_cast<size_t>(p - first_end));
    out += value::PyUpper(first);
    out += value::PyLower(rest);
  }
}

bool JinjaTitleLatin1(std::string_view text, char* out, bool* ascii) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  uint8_t word_start = 1;  // the next non-separator begins an item (is uppercased)
  unsigned char high = 0;  // OR of the bytes written
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      // Separators map to themselves in both tables, so the item state needs no branch.
      *out++ = static_cast<char>(kAscii.cased[word_start][c]);
      word_start = kAscii.separator[c];
      ++p;
      continue;
    }
    // U+0080..U+00FF are the two-byte sequences C2 xx and C3 xx.
    if ((c != 0xC2 && c != 0xC3) || end - p < 2 || (p[1] & 0xC0) != 0x80) return false;
    char32_t cp = static_cast<char32_t>(((c & 0x1F) << 6) | (p[1] & 0x3F));
    p += 2;
    if (cp == 0x85 || cp == 0xA0) {  // NEL and NO-BREAK SPACE: whitespace, so separators
      word_start = 1;
    } else if (word_start) {
      word_start = 0;
      // str.upper() of one Latin-1 code point.
      if (cp == 0xDF) {  // ß -> SS
        *out++ = 'S';
        *out++ = 'S';
        continue;
      }
      if (cp == 0xFF) {  // ÿ -> Ÿ (U+0178)
        *out++ = '\xC5';
        *out++ = '\xB8';
        high = 0x80;
        continue;
      }
      if (cp == 0xB5) {  // µ -> Μ (U+039C, GREEK CAPITAL LETTER MU)
        *out++ = '\xCE';
        *out++ = '\x9C';
        high = 0x80;
        continue;
      }
      if (cp >= 0xE0 && cp != 0xF7) cp -= 0x20;  // à..þ -> À..Þ, not ÷
    } else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
      cp += 0x20;  // str.lower(): À..Þ -> à..þ, not ×
    }
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
    high = 0x80;
  }
  *ascii = high == 0;
  return true;
}

}  // namespace crier::tmpl
