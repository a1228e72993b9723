// The template lexer: Jinja2 3.1's lexing rules (lexer.py) by hand. Normalises newlines, splits
// template data from `{{ }}`, `{% %}` and `{# #}` tags with their whitespace control (`-`, `+`,
// trim_blocks, lstrip_blocks), handles raw blocks, and tokenizes tag contents with the expression
// lexer while tracking bracket balance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "expr/token.h"
#include "value/arena.h"

namespace crier::tmpl {

struct LexOptions {
  bool trim_blocks = false;
  bool lstrip_blocks = false;
  bool keep_trailing_newline = false;
};

// Jinja's source preparation: `\r\n` and `\r` become `\n`; one trailing newline is dropped unless
// keep_trailing_newline.
std::string NormalizeSource(std::string_view source, bool keep_trailing_newline);

// Tokenizes a normalised source. Data tokens are views into `source`; literal values live in
// `arena`. Throws expr::SyntaxFailure (TemplateSyntaxError) with the byte offset.
std::vector<expr::Token> LexTemplate(std::string_view source, const LexOptions& options,
                                     value::Arena& arena);

}  // namespace crier::tmpl
