// Tokens shared by the condition (Python) and template (Jinja) grammars. Template structure tokens
// (data, tag begin/end) come from the template lexer; expression tokens from expr/lexer.h.
#pragma once

#include <cstdint>
#include <string_view>

#include "value/value.h"

namespace crier::expr {

enum class T : uint8_t {
  kEof,
  kName,
  kInt,
  kFloat,
  kString,
  // Operators of both grammars.
  kAdd,
  kSub,
  kMul,
  kDiv,
  kFloorDiv,
  kMod,
  kPow,
  kTilde,
  kLBracket,
  kRBracket,
  kLParen,
  kRParen,
  kLBrace,
  kRBrace,
  kEq,
  kNe,
  kGt,
  kGtEq,
  kLt,
  kLtEq,
  kAssign,
  kDot,
  kColon,
  kPipe,
  kComma,
  kSemicolon,
  // Python only.
  kAmp,
  kCaret,
  kLShift,
  kRShift,
  kAt,
  kWalrus,
  kArrow,
  kEllipsis,
  // Template structure.
  kData,
  kBlockBegin,
  kBlockEnd,
  kVariableBegin,
  kVariableEnd,
};

// Jinja's description of a token type in error messages ("end of print statement").
std::string_view DescribeTokenType(T t);

inline constexpr uint8_t kTokFString = 1;  // kString: an f-string; `value` holds the raw body
inline constexpr uint8_t kTokRaw = 2;      // kString: a raw string (f-string bodies only)
inline constexpr uint8_t kTokBytes = 4;    // kString: a bytes literal (refused by the parser)

struct Token {
  T type = T::kEof;
  uint8_t flags = 0;
  uint32_t pos = 0;       // byte offset in the source
  uint32_t end = 0;       // byte offset after the token
  std::string_view text;  // raw text (names, operators)
  value::Value value;     // literal value: int, float, str (decoded, arena-owned)
};

}  // namespace crier::expr
