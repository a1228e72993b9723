// Jinja's `title` filter on UTF-8 text (do_title: split on runs of `-`, whitespace, `(`, `{`, `[`,
// `<`; each other run becomes item[0].upper() + item[1:].lower()). Apart from the filter table
// because it runs once per row in item tables: text made only of code points below U+0100 (ASCII
// and Latin-1, so French, German, Spanish...) takes a table-driven path that writes its result in
// one pass; anything else goes through Python's full case mapping (unicode.h).
#pragma once

#include <string>
#include <string_view>

namespace crier::tmpl {

// Appends do_title(text) to `out`, for any valid UTF-8 text.
void AppendJinjaTitle(std::string& out, std::string_view text);

// The fast path: when every code point of `text` is below U+0100, writes do_title(text) to
// out[0, text.size()) (the result always has the input's byte length there: ß becomes SS, ÿ
// becomes Ÿ, µ becomes Μ, two bytes each), sets *ascii to whether the result is pure ASCII, and
// returns true. Otherwise (a code point from U+0100 on, or malformed UTF-8) returns false; `out`
// may then hold partial output. REQUIRES: `out` has room for text.size() bytes.
bool JinjaTitleLatin1(std::string_view text, char* out, bool* ascii);

}  // namespace crier::tmpl
