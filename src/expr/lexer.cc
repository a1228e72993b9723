// Expression tokens for both grammars, following Jinja's tag rules (lexer.py: float, integer, name,
// string, operator, tried in that order) and Python's tokenizer for conditions.
#include "expr/lexer.h"

#include <fmt/format.h>
#include <unicode/uchar.h>

#include <charconv>
#include <cstring>

#include "value/bigint.h"
#include "value/unicode.h"

namespace crier::expr {

using value::Value;

std::string_view DescribeTokenType(T t) {
  switch (t) {
    case T::kEof:
      return "end of template";
    case T::kName:
      return "name";
    case T::kInt:
      return "integer";
    case T::kFloat:
      return "float";
    case T::kString:
      return "string";
    case T::kAdd:
      return "+";
    case T::kSub:
      return "-";
    case T::kMul:
      return "*";
    case T::kDiv:
      return "/";
    case T::kFloorDiv:
      return "//";
    case T::kMod:
      return "%";
    case T::kPow:
      return "**";
    case T::kTilde:
      return "~";
    case T::kLBracket:
      return "[";
    case T::kRBracket:
      return "]";
    case T::kLParen:
      return "(";
    case T::kRParen:
      return ")";
    case T::kLBrace:
      return "{";
    case T::kRBrace:
      return "}";
    case T::kEq:
      return "==";
    case T::kNe:
      return "!=";
    case T::kGt:
      return ">";
    case T::kGtEq:
      return ">=";
    case T::kLt:
      return "<";
    case T::kLtEq:
      return "<=";
    case T::kAssign:
      return "=";
    case T::kDot:
      return ".";
    case T::kColon:
      return ":";
    case T::kPipe:
      return "|";
    case T::kComma:
      return ",";
    case T::kSemicolon:
      return ";";
    case T::kAmp:
      return "&";
    case T::kCaret:
      return "^";
    case T::kLShift:
      return "<<";
    case T::kRShift:
      return ">>";
    case T::kAt:
      return "@";
    case T::kWalrus:
      return ":=";
    case T::kArrow:
      return "->";
    case T::kEllipsis:
      return "...";
    case T::kData:
      return "template data / text";
    case T::kBlockBegin:
      return "begin of statement block";
    case T::kBlockEnd:
      return "end of statement block";
    case T::kVariableBegin:
      return "begin of print statement";
    case T::kVariableEnd:
      return "end of print statement";
  }
  return "token";
}

void LineColumn(std::string_view src, uint32_t pos, int* line, int* column) {
  int l = 1;
  size_t line_start = 0;
  size_t limit = std::min<size_t>(pos, src.size());
  for (size_t i = 0; i < limit; ++i) {
    if (src[i] == '\n') {
      ++l;
      line_start = i + 1;
    }
  }
  *line = l;
  *column =
      static_cast<int>(value::CountCodePoints(src.substr(line_start, limit - line_start))) + 1;
}

namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsHex(char c) {
  return IsDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

[[noreturn]] void Fail(std::string message, size_t pos) {
  throw SyntaxFailure{std::move(message), static_cast<uint32_t>(pos)};
}

// Length of a run `d(_?d)*` of digits accepted by `ok` at `p`; 0 when none.
size_t DigitRun(std::string_view s, size_t p, bool (*ok)(char)) {
  size_t i = p;
  if (i >= s.size() || !ok(s[i])) return 0;
  ++i;
  while (i < s.size()) {
    if (ok(s[i])) {
      ++i;
    } else if (s[i] == '_' && i + 1 < s.size() && ok(s[i + 1])) {
      i += 2;
    } else {
      break;
    }
  }
  return i - p;
}

bool IsOct(char c) {
  return c >= '0' && c <= '7';
}
bool IsBin(char c) {
  return c == '0' || c == '1';
}
bool IsZero(char c) {
  return c == '0';
}

Value MakeInt(std::string_view digits, int base, value::Arena& arena, size_t pos) {
  std::string clean;
  for (char c : digits) {
    if (c != '_') clean.push_back(c);
  }
  int64_t v = 0;
  auto r = std::from_chars(clean.data(), clean.data() + clean.size(), v, base);
  if (r.ec == std::errc() && r.ptr == clean.data() + clean.size()) return Value::Int(v);
  try {
    value::BigInt b = 0;
    for (char c : clean) {
      int d = IsDigit(c) ? c - '0' : ((c | 0x20) - 'a' + 10);
      b = b * base + d;
    }
    auto* obj = arena.New<value::BigIntObj>();
    obj->v = b;
    return Value::BigInt(obj);
  } catch (const std::exception&) {
    Fail("integer literal too large", pos);
  }
}

Value MakeFloat(std::string_view text) {
  std::string clean;
  for (char c : text) {
    if (c != '_') clean.push_back(c);
  }
  double d = 0;
  auto r = std::from_chars(clean.data(), clean.data() + clean.size(), d);
  if (r.ec == std::errc::result_out_of_range) {
    size_t e = clean.find_first_of("eE");
    d = (e != std::string::npos && clean[e + 1] == '-') ? 0.0 : HUGE_VAL;
  }
  return Value::Float(d);
}

// Jinja's float_re at p (not preceded by '.'); returns the length or 0.
size_t JinjaFloat(std::string_view s, size_t p) {
  if (p > 0 && s[p - 1] == '.') return 0;
  size_t i = p + DigitRun(s, p, [](char c) { return IsDigit(c); });
  if (i == p) return 0;
  size_t after_int = i;
  auto exponent = [&](size_t at) -> size_t {
    if (at >= s.size() || (s[at] | 0x20) != 'e') return 0;
    size_t j = at + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    size_t n = DigitRun(s, j, [](char c) { return IsDigit(c); });
    return n ? j + n - at : 0;
  };
  if (i < s.size() && s[i] == '.') {
    size_t n = DigitRun(s, i + 1, [](char c) { return IsDigit(c); });
    if (n) {
      i += 1 + n;
      size_t e = exponent(i);
      return i + e - p;
    }
  }
  size_t e = exponent(after_int);
  return e ? after_int + e - p : 0;
}

// Jinja's integer_re at p; returns the length (0 when none) and the base.
size_t JinjaInteger(std::string_view s, size_t p, int* base) {
  if (s[p] == '0' && p + 1 < s.size()) {
    char x = static_cast<char>(s[p + 1] | 0x20);
    bool (*ok)(char) = nullptr;
    int b = 0;
    if (x == 'b') ok = IsBin, b = 2;
    if (x == 'o') ok = IsOct, b = 8;
    if (x == 'x') ok = IsHex, b = 16;
    if (ok) {
      size_t i = p + 2;
      size_t start = i;
      while (i < s.size()) {
        if (ok(s[i])) {
          ++i;
        } else if (s[i] == '_' && i + 1 < s.size() && ok(s[i + 1])) {
          i += 2;
        } else {
          break;
        }
      }
      if (i > start) {
        *base = b;
        return i - p;
      }
    }
  }
  *base = 10;
  if (s[p] >= '1' && s[p] <= '9') return DigitRun(s, p, [](char c) { return IsDigit(c); });
  if (s[p] == '0') return DigitRun(s, p, IsZero);
  return 0;
}

size_t NameLength(std::string_view s, size_t p, bool start) {
  size_t i = p;
  bool first = true;
  while (i < s.size()) {
    const char* q = s.data() + i;
    char32_t c = value::DecodeUtf8(q, s.data() + s.size());
    bool ok = (first && start) ? value::IsIdentifierStart(c) : value::IsIdentifierContinue(c);
    if (!ok) break;
    first = false;
    i = static_cast<size_t>(q - s.data());
  }
  return i - p;
}

struct OpDef {
  const char* text;
  T type;
  bool python_only;
};

constexpr OpDef kOps[] = {
    {"...", T::kEllipsis, true}, {"//", T::kFloorDiv, false}, {"**", T::kPow, false},
    {"==", T::kEq, false},       {"!=", T::kNe, false},       {">=", T::kGtEq, false},
    {"<=", T::kLtEq, false},     {"<<", T::kLShift, true},    {">>", T::kRShift, true},
    {":=", T::kWalrus, true},    {"->", T::kArrow, true},     {"+", T::kAdd, false},
    {"-", T::kSub, false},       {"/", T::kDiv, false},       {"*", T::kMul, false},
    {"%", T::kMod, false},       {"~", T::kTilde, false},     {"[", T::kLBracket, false},
    {"]", T::kRBracket, false},  {"(", T::kLParen, false},    {")", T::kRParen, false},
    {"{", T::kLBrace, false},    {"}", T::kRBrace, false},    {">", T::kGt, false},
    {"<", T::kLt, false},        {"=", T::kAssign, false},    {".", T::kDot, false},
    {":", T::kColon, false},     {"|", T::kPipe, false},      {",", T::kComma, false},
    {";", T::kSemicolon, false}, {"&", T::kAmp, true},        {"^", T::kCaret, true},
    {"@", T::kAt, true},
};

void AppendHexEscapeText(std::string& out, char32_t c) {
  if (c <= 0xFF)
    out += fmt::format("\\x{:02x}", static_cast<uint32_t>(c));
  else if (c <= 0xFFFF)
    out += fmt::format("\\u{:04x}", static_cast<uint32_t>(c));
  else
    out += fmt::format("\\U{:08x}", static_cast<uint32_t>(c));
}

// Finds the closing quote of a string starting at p (the opening quote); returns the index of the
// closing quote or npos.
size_t FindStringEnd(std::string_view s, size_t p, char quote, bool triple, bool allow_newline) {
  size_t i = p + (triple ? 3 : 1);
  while (i < s.size()) {
    char c = s[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (c == '\n' && !allow_newline && !triple) return std::string_view::npos;
    if (c == quote) {
      if (!triple) return i;
      if (i + 2 < s.size() && s[i + 1] == quote && s[i + 2] == quote) return i;
    }
    ++i;
  }
  return std::string_view::npos;
}

}  // namespace

std::string DecodeEscapes(std::string_view body, Dialect dialect, bool raw, uint32_t pos) {
  std::string out;
  out.reserve(body.size());
  if (raw) {
    out.assign(body);
    return out;
  }
  size_t i = 0;
  while (i < body.size()) {
    char c = body[i];
    if (c != '\\') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= body.size()) Fail("\\ at end of string", pos);
    char e = body[i + 1];
    i += 2;
    switch (e) {
      case '\n':
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '\'':
        out.push_back('\'');
        break;
      case '"':
        out.push_back('"');
        break;
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case 'x':
      case 'u':
      case 'U': {
        size_t n = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
        uint32_t v = 0;
        for (size_t k = 0; k < n; ++k) {
          if (i + k >= body.size() || !IsHex(body[i + k])) {
            Fail(e == 'x'
                     ? "truncated \\xXX escape"
                     : (e == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape"),
                 pos);
          }
          char h = body[i + k];
          v = v * 16 + static_cast<uint32_t>(IsDigit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        if (v > 0x10FFFF) Fail("illegal Unicode character", pos);
        value::AppendUtf8(out, v);
        i += n;
        break;
      }
      case 'N': {
        if (i >= body.size() || body[i] != '{') Fail("malformed \\N character escape", pos);
        size_t close = body.find('}', i);
        if (close == std::string_view::npos) Fail("malformed \\N character escape", pos);
        std::string name(body.substr(i + 1, close - i - 1));
        UErrorCode err = U_ZERO_ERROR;
        UChar32 cp = u_charFromName(U_UNICODE_CHAR_NAME, name.c_str(), &err);
        if (U_FAILURE(err) || cp < 0) {
          err = U_ZERO_ERROR;
          cp = u_charFromName(U_CHAR_NAME_ALIAS, name.c_str(), &err);
        }
        if (U_FAILURE(err) || cp < 0) Fail("unknown Unicode character name", pos);
        value::AppendUtf8(out, static_cast<char32_t>(cp));
        i = close + 1;
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          uint32_t v = static_cast<uint32_t>(e - '0');
          for (int k = 0; k < 2 && i < body.size() && body[i] >= '0' && body[i] <= '7'; ++k) {
            v = v * 8 + static_cast<uint32_t>(body[i++] - '0');
          }
          value::AppendUtf8(out, v);
        } else if (static_cast<unsigned char>(e) >= 0x80 && dialect == Dialect::kJinja) {
          // Jinja escapes non-ASCII text as \xNN before decoding: a backslash before one keeps
          // the escape's text.
          const char* p = body.data() + i - 1;
          char32_t cp = value::DecodeUtf8(p, body.data() + body.size());
          out.push_back('\\');
          AppendHexEscapeText(out, cp);
          i = static_cast<size_t>(p - body.data());
        } else {
          out.push_back('\\');
          out.push_back(e);
        }
    }
  }
  return out;
}

void SkipSpace(std::string_view src, size_t& pos, Dialect dialect, bool newline_ok) {
  while (pos < src.size()) {
    unsigned char c = static_cast<unsigned char>(src[pos]);
    if (dialect == Dialect::kPython) {
      if (c == ' ' || c == '\t' || c == '\f') {
        ++pos;
      } else if (c == '\\' && pos + 1 < src.size() && src[pos + 1] == '\n') {
        pos += 2;
      } else if (c == '\\' && pos + 2 < src.size() && src[pos + 1] == '\r' &&
                 src[pos + 2] == '\n') {
        pos += 3;
      } else if (c == '#') {
        while (pos < src.size() && src[pos] != '\n') ++pos;
      } else if ((c == '\n' || c == '\r') && newline_ok) {
        ++pos;
      } else {
        return;
      }
      continue;
    }
    if (c < 0x80) {
      if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) {
        ++pos;
        continue;
      }
      return;
    }
    const char* p = src.data() + pos;
    char32_t cp = value::DecodeUtf8(p, src.data() + src.size());
    if (!value::IsSpace(cp)) return;
    pos = static_cast<size_t>(p - src.data());
  }
}

Token LexExpressionToken(std::string_view s, size_t& pos, Dialect dialect, value::Arena& arena) {
  Token tok;
  tok.pos = static_cast<uint32_t>(pos);
  size_t p = pos;
  char c = s[p];
  bool python = dialect == Dialect::kPython;
  auto finish = [&](T type, size_t len) {
    tok.type = type;
    tok.text = s.substr(p, len);
    pos = p + len;
    tok.end = static_cast<uint32_t>(pos);
    return tok;
  };
  if (!python) {
    if (size_t n = JinjaFloat(s, p)) {
      tok.value = MakeFloat(s.substr(p, n));
      return finish(T::kFloat, n);
    }
    int base = 10;
    if (size_t n = JinjaInteger(s, p, &base)) {
      std::string_view digits = s.substr(p, n);
      if (base != 10) digits.remove_prefix(2);
      tok.value = MakeInt(digits, base, arena, p);
      return finish(T::kInt, n);
    }
    if (size_t n = NameLength(s, p, false)) {
      std::string_view name = s.substr(p, n);
      const char* q = name.data();
      if (!value::IsIdentifierStart(value::DecodeUtf8(q, name.data() + name.size()))) {
        Fail("Invalid character in identifier", p);
      }
      return finish(T::kName, n);
    }
    if (c == '\'' || c == '"') {
      size_t close = FindStringEnd(s, p, c, false, true);
      if (close != std::string_view::npos) {
        std::string body(s.substr(p + 1, close - p - 1));
        // Newlines inside literals are normalised like template data.
        std::string norm;
        for (size_t i = 0; i < body.size(); ++i) {
          if (body[i] == '\r') {
            norm.push_back('\n');
            if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
          } else {
            norm.push_back(body[i]);
          }
        }
        tok.value = Value::Str(arena.CopyString(DecodeEscapes(norm, dialect, false, tok.pos)));
        return finish(T::kString, close - p + 1);
      }
    }
  } else {
    // Python: strings with prefixes first, then names, numbers.
    size_t prefix_len = 0;
    bool raw = false, fstr = false, bytes = false;
    while (p + prefix_len < s.size() && prefix_len < 2) {
      char x = static_cast<char>(s[p + prefix_len] | 0x20);
      if (x == 'r')
        raw = true;
      else if (x == 'f')
        fstr = true;
      else if (x == 'b')
        bytes = true;
      else if (x == 'u' && prefix_len == 0) {
      } else
        break;
      ++prefix_len;
    }
    if (p + prefix_len < s.size() && (s[p + prefix_len] == '\'' || s[p + prefix_len] == '"') &&
        !(fstr && bytes)) {
      size_t q = p + prefix_len;
      char quote = s[q];
      bool triple = q + 2 < s.size() && s[q + 1] == quote && s[q + 2] == quote;
      size_t close = FindStringEnd(s, q, quote, triple, false);
      if (close == std::string_view::npos) {
        Fail(triple ? "unterminated triple-quoted string literal" : "unterminated string literal",
             p);
      }
      size_t body_start = q + (triple ? 3 : 1);
      std::string_view body = s.substr(body_start, close - body_start);
      if (fstr) {
        tok.flags |= kTokFString;
        if (raw) tok.flags |= kTokRaw;
        tok.value = Value::Str(arena.CopyString(body));
      } else {
        if (bytes) tok.flags |= kTokBytes;
        tok.value = Value::Str(arena.CopyString(DecodeEscapes(body, dialect, raw, tok.pos)));
      }
      return finish(T::kString, close + (triple ? 3 : 1) - p);
    }
    if (size_t n = NameLength(s, p, true)) return finish(T::kName, n);
    if (IsDigit(c) || (c == '.' && p + 1 < s.size() && IsDigit(s[p + 1]))) {
      size_t i = p;
      int base = 10;
      bool is_float = false;
      if (c == '0' && p + 1 < s.size() &&
          ((s[p + 1] | 0x20) == 'x' || (s[p + 1] | 0x20) == 'o' || (s[p + 1] | 0x20) == 'b')) {
        char x = static_cast<char>(s[p + 1] | 0x20);
        base = x == 'x' ? 16 : (x == 'o' ? 8 : 2);
        bool (*ok)(char) = base == 16 ? IsHex : (base == 8 ? IsOct : IsBin);
        i = p + 2;
        if (i < s.size() && s[i] == '_') ++i;
        size_t n = DigitRun(s, i, ok);
        if (n == 0)
          Fail(fmt::format("invalid {} literal",
                           base == 16 ? "hexadecimal" : (base == 8 ? "octal" : "binary")),
               p);
        i += n;
      } else {
        i += DigitRun(s, i, [](char d) { return IsDigit(d); });
        if (i < s.size() && s[i] == '.') {
          is_float = true;
          ++i;
          i += DigitRun(s, i, [](char d) { return IsDigit(d); });
        }
        if (i < s.size() && (s[i] | 0x20) == 'e') {
          size_t j = i + 1;
          if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
          size_t n = DigitRun(s, j, [](char d) { return IsDigit(d); });
          if (n) {
            is_float = true;
            i = j + n;
          }
        }
      }
      if (i < s.size() && (s[i] | 0x20) == 'j') Fail("complex numbers are not supported", p);
      if (i < s.size() && value::IsIdentifierStart(static_cast<unsigned char>(s[i]))) {
        Fail("invalid decimal literal", p);
      }
      std::string_view text = s.substr(p, i - p);
      if (is_float) {
        tok.value = MakeFloat(text);
        return finish(T::kFloat, i - p);
      }
      if (base == 10 && text.size() > 1 && text[0] == '0' &&
          text.find_first_not_of("0_") != std::string_view::npos) {
        Fail(
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for "
            "octal integers",
            p);
      }
      tok.value = MakeInt(base == 10 ? text : text.substr(2), base, arena, p);
      return finish(T::kInt, i - p);
    }
  }
  for (const OpDef& op : kOps) {
    if (op.python_only && !python) continue;
    size_t n = std::strlen(op.text);
    if (s.compare(p, n, op.text) == 0) return finish(op.type, n);
  }
  if (python) {
    if (c == '\'' || c == '"') Fail("unterminated string literal", p);
    Fail("invalid syntax", p);
  }
  const char* q = s.data() + p;
  char32_t cp = value::DecodeUtf8(q, s.data() + s.size());
  std::string ch;
  value::AppendUtf8(ch, cp);
  std::string repr;
  repr = ch == "'" ? "\"'\"" : "'" + ch + "'";
  Fail(fmt::format("unexpected char {} at {}", repr, p), p);
}

std::vector<Token> LexPython(std::string_view src, value::Arena& arena) {
  std::vector<Token> out;
  size_t pos = 0;
  int depth = 0;
  while (true) {
    SkipSpace(src, pos, Dialect::kPython, depth > 0);
    if (pos >= src.size()) break;
    if (src[pos] == '\n' || src[pos] == '\r') {
      size_t rest = pos;
      SkipSpace(src, rest, Dialect::kPython, true);
      if (rest >= src.size()) break;
      Fail("invalid syntax", pos);
    }
    Token t = LexExpressionToken(src, pos, Dialect::kPython, arena);
    if (t.type == T::kLParen || t.type == T::kLBracket || t.type == T::kLBrace) ++depth;
    if ((t.type == T::kRParen || t.type == T::kRBracket || t.type == T::kRBrace) && depth > 0)
      --depth;
    out.push_back(t);
  }
  Token eof;
  eof.type = T::kEof;
  eof.pos = eof.end = static_cast<uint32_t>(src.size());
  out.push_back(eof);
  return out;
}

}  // namespace crier::expr
