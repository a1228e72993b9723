// The expression tokenizer for both grammars: names, numbers, string literals (with Python's escape
// processing), operators. The template lexer calls it inside `{{ }}` and `{% %}` tags.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "expr/token.h"
#include "value/arena.h"

namespace crier::expr {

enum class Dialect : uint8_t { kPython, kJinja };

// Thrown by the lexers and parsers: class (SyntaxError / TemplateSyntaxError) and byte offset.
struct SyntaxFailure {
  std::string message;
  uint32_t pos;
  bool assertion = false;  // TemplateAssertionError rather than TemplateSyntaxError
};

// Lexes one expression token starting at `pos` (which must not be whitespace) and advances `pos`.
// Literal values are decoded into `arena`. Throws SyntaxFailure on malformed input.
Token LexExpressionToken(std::string_view src, size_t& pos, Dialect dialect, value::Arena& arena);

// Skips whitespace (and, in Python, comments and line continuations). Python newlines outside
// brackets end the expression: when `newline_ok` is false they stop the skip.
void SkipSpace(std::string_view src, size_t& pos, Dialect dialect, bool newline_ok);

// Tokenizes a whole Python expression (conditions, f-string fields).
std::vector<Token> LexPython(std::string_view src, value::Arena& arena);

// Decodes the escapes of a string literal body as Python's unicode-escape codec does (Jinja's
// string literals) or as a Python str literal (raw: no escapes).
std::string DecodeEscapes(std::string_view body, Dialect dialect, bool raw, uint32_t pos);

// 1-based line and column of a byte offset (column counts code points).
void LineColumn(std::string_view src, uint32_t pos, int* line, int* column);

}  // namespace crier::expr
