// Jinja's root/tag/comment/raw lexer states. Positions are byte offsets into the normalised source.
#include "tmpl/lexer.h"

#include <fmt/format.h>

#include "expr/lexer.h"
#include "value/unicode.h"

namespace crier::tmpl {

using expr::SyntaxFailure;
using expr::T;
using expr::Token;

std::string NormalizeSource(std::string_view source, bool keep_trailing_newline) {
  std::string out;
  out.reserve(source.size());
  for (size_t i = 0; i < source.size(); ++i) {
    char c = source[i];
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
    } else {
      out.push_back(c);
    }
  }
  if (!keep_trailing_newline && !out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

namespace {

// Python's str.isspace() for the code point at s[i]; sets `len` to its byte length.
bool SpaceAt(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *len = 1;
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
  }
  const char* p = s.data() + i;
  char32_t cp = value::DecodeUtf8(p, s.data() + s.size());
  *len = static_cast<size_t>(p - (s.data() + i));
  return value::IsSpace(cp);
}

// End of a run of whitespace starting at i.
size_t SkipWhitespace(std::string_view s, size_t i) {
  size_t len;
  while (i < s.size() && SpaceAt(s, i, &len)) i += len;
  return i;
}

// Python's str.rstrip() on s[begin, end): the new end.
size_t RStrip(std::string_view s, size_t begin, size_t end) {
  while (end > begin) {
    size_t j = end - 1;
    while (j > begin && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
    size_t len;
    if (!SpaceAt(s, j, &len)) break;
    end = j;
  }
  return end;
}

bool AllSpace(std::string_view s, size_t begin, size_t end) {
  if (begin >= end) return false;  // \s+ needs one character
  size_t i = begin;
  size_t len;
  while (i < end) {
    if (!SpaceAt(s, i, &len)) return false;
    i += len;
  }
  return true;
}

class TemplateLexer {
 public:
  TemplateLexer(std::string_view src, const LexOptions& options, value::Arena& arena)
      : s_(src), o_(options), arena_(arena) {}

  std::vector<Token> Run() {
    while (pos_ < s_.size()) Root();
    Token eof;
    eof.type = T::kEof;
    eof.pos = eof.end = static_cast<uint32_t>(s_.size());
    out_.push_back(eof);
    return std::move(out_);
  }

 private:
  enum class Tag { kVariable, kBlock, kComment, kRaw };

  void Emit(T type, size_t begin, size_t end) {
    Token t;
    t.type = type;
    t.pos = static_cast<uint32_t>(begin);
    t.end = static_cast<uint32_t>(end);
    t.text = s_.substr(begin, end - begin);
    out_.push_back(t);
  }

  [[noreturn]] void Fail(std::string message, size_t pos) {
    throw SyntaxFailure{std::move(message), static_cast<uint32_t>(pos)};
  }

  // Tries to match raw_begin at i: `{%` sign? \s* raw \s* (-%}\s* | %}). Returns the end or npos.
  size_t MatchRawBegin(size_t i, char* sign) {
    size_t j = i + 2;
    *sign = 0;
    if (j < s_.size() && (s_[j] == '-' || s_[j] == '+')) *sign = s_[j++];
    j = SkipWhitespace(s_, j);
    if (s_.compare(j, 3, "raw") != 0) return std::string_view::npos;
    j = SkipWhitespace(s_, j + 3);
    if (s_.compare(j, 3, "-%}") == 0) return SkipWhitespace(s_, j + 3);
    if (s_.compare(j, 2, "%}") == 0) return j + 2;
    return std::string_view::npos;
  }

  // Applies the begin tag's whitespace control to the data s[begin, end); emits it.
  void EmitData(size_t begin, size_t end, char sign, bool is_variable) {
    if (sign == '-') {
      end = RStrip(s_, begin, end);
    } else if (sign != '+' && o_.lstrip_blocks && !is_variable) {
      size_t nl = s_.rfind('\n', end == 0 ? 0 : end - 1);
      size_t l_pos = (nl == std::string_view::npos || nl < begin) ? begin : nl + 1;
      if (l_pos > begin || line_starting_) {
        if (AllSpace(s_, l_pos, end)) end = l_pos;
      }
    }
    if (end > begin) Emit(T::kData, begin, end);
  }

  void Root() {
    size_t i = pos_;
    while (true) {
      size_t brace = s_.find('{', i);
      if (brace == std::string_view::npos || brace + 1 >= s_.size()) {
        Emit(T::kData, pos_, s_.size());
        line_starting_ = s_.back() == '\n';
        pos_ = s_.size();
        return;
      }
      char next = s_[brace + 1];
      if (next == '%') {
        char sign;
        size_t raw_end = MatchRawBegin(brace, &sign);
        if (raw_end != std::string_view::npos) {
          EmitData(pos_, brace, sign, false);
          line_starting_ = s_[raw_end - 1] == '\n';
          pos_ = raw_end;
          Raw();
          return;
        }
      }
      if (next == '{' || next == '%' || next == '#') {
        size_t after = brace + 2;
        char sign = 0;
        if (after < s_.size() && (s_[after] == '-' || s_[after] == '+')) sign = s_[after++];
        EmitData(pos_, brace, sign, next == '{');
        line_starting_ = false;
        pos_ = after;
        if (next == '#') {
          Comment();
        } else {
          Emit(next == '{' ? T::kVariableBegin : T::kBlockBegin, brace, after);
          InTag(next == '{' ? Tag::kVariable : Tag::kBlock);
        }
        return;
      }
      i = brace + 1;
    }
  }

  // Matches the block end at i: +%} | -%}\s* | %}\n? (trim_blocks). Returns the end or npos.
  size_t MatchBlockEnd(size_t i) {
    if (s_.compare(i, 3, "+%}") == 0) return i + 3;
    if (s_.compare(i, 3, "-%}") == 0) return SkipWhitespace(s_, i + 3);
    if (s_.compare(i, 2, "%}") == 0) {
      size_t e = i + 2;
      if (o_.trim_blocks && e < s_.size() && s_[e] == '\n') ++e;
      return e;
    }
    return std::string_view::npos;
  }

  size_t MatchVariableEnd(size_t i) {
    if (s_.compare(i, 3, "-}}") == 0) return SkipWhitespace(s_, i + 3);
    if (s_.compare(i, 2, "}}") == 0) return i + 2;
    return std::string_view::npos;
  }

  void InTag(Tag tag) {
    std::vector<char> balance;
    while (pos_ < s_.size()) {
      if (balance.empty()) {
        size_t end = tag == Tag::kBlock ? MatchBlockEnd(pos_) : MatchVariableEnd(pos_);
        if (end != std::string_view::npos) {
          Emit(tag == Tag::kBlock ? T::kBlockEnd : T::kVariableEnd, pos_, end);
          line_starting_ = s_[end - 1] == '\n';
          pos_ = end;
          return;
        }
      }
      size_t ws = SkipWhitespace(s_, pos_);
      if (ws != pos_) {
        line_starting_ = s_[ws - 1] == '\n';
        pos_ = ws;
        continue;
      }
      size_t start = pos_;
      Token t = expr::LexExpressionToken(s_, pos_, expr::Dialect::kJinja, arena_);
      line_starting_ = s_[pos_ - 1] == '\n';
      if (t.type == T::kLParen) balance.push_back(')');
      if (t.type == T::kLBracket) balance.push_back(']');
      if (t.type == T::kLBrace) balance.push_back('}');
      if (t.type == T::kRParen || t.type == T::kRBracket || t.type == T::kRBrace) {
        char c = s_[start];
        if (balance.empty()) Fail(fmt::format("unexpected '{}'", c), start);
        char expected = balance.back();
        balance.pop_back();
        if (expected != c) Fail(fmt::format("unexpected '{}', expected '{}'", c, expected), start);
      }
      out_.push_back(t);
    }
  }

  void Comment() {
    size_t i = pos_;
    while (true) {
      size_t close = s_.find("#}", i);
      if (close == std::string_view::npos) Fail("Missing end of comment tag", pos_);
      size_t end;
      if (close > pos_ && s_[close - 1] == '+') {
        end = close + 2;
      } else if (close > pos_ && s_[close - 1] == '-') {
        end = SkipWhitespace(s_, close + 2);
      } else {
        end = close + 2;
        if (o_.trim_blocks && end < s_.size() && s_[end] == '\n') ++end;
      }
      line_starting_ = s_[end - 1] == '\n';
      pos_ = end;
      return;
    }
  }

  void Raw() {
    size_t i = pos_;
    while (true) {
      size_t open = s_.find("{%", i);
      if (open == std::string_view::npos) Fail("Missing end of raw directive", pos_);
      size_t j = open + 2;
      char sign = 0;
      if (j < s_.size() && (s_[j] == '-' || s_[j] == '+')) sign = s_[j++];
      j = SkipWhitespace(s_, j);
      if (s_.compare(j, 6, "endraw") == 0) {
        size_t k = SkipWhitespace(s_, j + 6);
        size_t end = MatchBlockEnd(k);
        if (end != std::string_view::npos) {
          EmitData(pos_, open, sign, false);
          line_starting_ = s_[end - 1] == '\n';
          pos_ = end;
          return;
        }
      }
      i = open + 1;
    }
  }

  std::string_view s_;
  const LexOptions& o_;
  value::Arena& arena_;
  size_t pos_ = 0;
  bool line_starting_ = true;
  std::vector<Token> out_;
};

}  // namespace

std::vector<Token> LexTemplate(std::string_view source, const LexOptions& options,
                               value::Arena& arena) {
  return TemplateLexer(source, options, arena).Run();
}

}  // namespace crier::tmpl
