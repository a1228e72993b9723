// Builtin methods of str, list, tuple, dict, set, int, float and range, with CPython's argument
// rules and error messages. String positions are code points, as in Python.
#include "value/methods.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "value/bigint.h"
#include "value/dict.h"
#include "value/format.h"
#include "value/html.h"
#include "value/ops.h"
#include "value/repr.h"
#include "value/unicode.h"

namespace crier::value {
namespace {

std::string_view StrArg(const Value& v, std::string_view fname,
                        std::string_view what = "argument") {
  if (!v.is_str()) {
    if (v.is_undefined()) FailUndefined(v);
    Throw(ErrorClass::kTypeError,
          fmt::format("{}() {} must be str, not {}", fname, what, TypeName(v)));
  }
  return v.str();
}

// Result string of a str method: Markup in, Markup out (markupsafe wraps these methods).
Value StrResult(Runtime& rt, const Value& self, std::string_view s) {
  return rt.NewStr(s, self.is_markup() ? kStrMarkup : 0);
}

// Text of a string argument of a Markup method: escaped unless already Markup.
std::string ArgText(Runtime& rt, const Value& self, const Value& arg) {
  if (self.is_markup() && !arg.is_markup()) return std::string(Escape(rt, arg).str());
  return std::string(arg.str());
}

// Byte range of self[start:end] (code-point indices with Python slice rules) and the code-point
// index of its start.
struct SubRange {
  size_t begin = 0, end = 0;
  int64_t cp_begin = 0;
  bool empty_range = false;
};

SubRange Range(const Value& self, const Value& vstart, const Value& vend, bool has_start,
               bool has_end) {
  std::string_view s = self.str();
  int64_t len = StrLength(self);
  auto idx = [&](const Value& v, int64_t dflt) -> int64_t {
    if (v.is_none()) return dflt;
    int64_t x = IndexValue(v, "slice indices must be integers or None or have an __index__ method");
    if (x < 0) x = std::max<int64_t>(0, x + len);
    return std::min(x, len);
  };
  int64_t a = has_start ? idx(vstart, 0) : 0;
  int64_t b = has_end ? idx(vend, len) : len;
  SubRange r;
  if (has_start && !vstart.is_none()) {
    int64_t raw = vstart.is_bigint() ? 0 : vstart.int_value();
    if (raw > len) r.empty_range = true;
  }
  if (b < a) {
    r.empty_range = true;
    b = a;
  }
  r.cp_begin = a;
  if (self.str_ascii()) {
    r.begin = static_cast<size_t>(a);
    r.end = static_cast<size_t>(b);
  } else {
    r.begin = CodePointOffset(s, static_cast<size_t>(a));
    r.end = r.begin + CodePointOffset(s.substr(r.begin), static_cast<size_t>(b - a));
  }
  return r;
}

int64_t CpIndex(const Value& self, size_t byte_pos, const SubRange& r) {
  if (self.str_ascii()) return static_cast<int64_t>(byte_pos);
  return r.cp_begin +
         static_cast<int64_t>(CountCodePoints(self.str().substr(r.begin, byte_pos - r.begin)));
}

Value Find(Runtime& rt, Value self, const CallArgs& call, std::string_view name, bool reverse,
           bool raise) {
  (void)rt;
  Args a(name, call, {"sub", "start", "end"}, 1);
  std::string_view sub = StrArg(a[0], name);
  SubRange r = Range(self, a[1], a[2], a.has(1), a.has(2));
  if (r.empty_range && !(sub.empty() && r.begin == r.end && !a.has(1))) {
    if (raise) Throw(ErrorClass::kValueError, "substring not found");
    return Value::Int(-1);
  }
  std::string_view hay = self.str().substr(r.begin, r.end - r.begin);
  size_t pos = reverse ? hay.rfind(sub) : hay.find(sub);
  if (pos == std::string_view::npos) {
    if (raise) Throw(ErrorClass::kValueError, "substring not found");
    return Value::Int(-1);
  }
  return Value::Int(CpIndex(self, r.begin + pos, r));
}

Value StrFind(Runtime& rt, Value self, const CallArgs& a) {
  return Find(rt, self, a, "find", false, false);
}
Value StrRFind(Runtime& rt, Value self, const CallArgs& a) {
  return Find(rt, self, a, "rfind", true, false);
}
Value StrIndex(Runtime& rt, Value self, const CallArgs& a) {
  return Find(rt, self, a, "index", false, true);
}
Value StrRIndex(Runtime& rt, Value self, const CallArgs& a) {
  return Find(rt, self, a, "rindex", true, true);
}

Value StrCount(Runtime&, Value self, const CallArgs& call) {
  Args a("count", call, {"sub", "start", "end"}, 1);
  std::string_view sub = StrArg(a[0], "count");
  SubRange r = Range(self, a[1], a[2], a.has(1), a.has(2));
  if (r.empty_range) return Value::Int(0);
  std::string_view hay = self.str().substr(r.begin, r.end - r.begin);
  if (sub.empty()) return Value::Int(static_cast<int64_t>(CountCodePoints(hay)) + 1);
  int64_t n = 0;
  size_t pos = 0;
  while ((pos = hay.find(sub, pos)) != std::string_view::npos) {
    ++n;
    pos += sub.size();
  }
  return Value::Int(n);
}

Value StartsEnds(Runtime&, Value self, const CallArgs& call, bool ends) {
  std::string_view name = ends ? "endswith" : "startswith";
  Args a(name, call, {"prefix", "start", "end"}, 1);
  SubRange r = Range(self, a[1], a[2], a.has(1), a.has(2));
  if (r.empty_range) return Value::Bool(false);
  std::string_view hay = self.str().substr(r.begin, r.end - r.begin);
  auto test = [&](const Value& v) {
    if (!v.is_str()) {
      Throw(ErrorClass::kTypeError,
            fmt::format("tuple for {} must only contain str, not {}", name, TypeName(v)));
    }
    std::string_view p = v.str();
    if (p.size() > hay.size()) return false;
    return ends ? hay.substr(hay.size() - p.size()) == p : hay.substr(0, p.size()) == p;
  };
  if (a[0].is_tuple()) {
    for (const Value& v : a[0].list()->items) {
      if (test(v)) return Value::Bool(true);
    }
    return Value::Bool(false);
  }
  if (!a[0].is_str()) {
    Throw(ErrorClass::kTypeError,
          fmt::format("{} first arg must be str or a tuple of str, not {}", name, TypeName(a[0])));
  }
  return Value::Bool(test(a[0]));
}
Value StrStartswith(Runtime& rt, Value self, const CallArgs& a) {
  return StartsEnds(rt, self, a, false);
}
Value StrEndswith(Runtime& rt, Value self, const CallArgs& a) {
  return StartsEnds(rt, self, a, true);
}

Value StrUpper(Runtime& rt, Value self, const CallArgs& a) {
  NoArgs("upper", a);
  return StrResult(rt, self, PyUpper(self.str()));
}
Value StrLower(Runtime& rt, Value self, const CallArgs& a) {
  NoArgs("lower", a);
  return StrResult(rt, self, PyLower(self.str()));
}
Value StrCasefold(Runtime& rt, Value self, const CallArgs& a) {
  NoArgs("casefold", a);
  return StrResult(rt, self, PyCaseFold(self.str()));
}
Value StrTitle(Runtime& rt, Value self, const CallArgs& a) {
  NoArgs("title", a);
  return StrResult(rt, self, PyTitle(self.str()));
}
Value StrCapitalize(Runtime& rt, Value self, const CallArgs& a) {
  NoArgs("capitalize", a);
  return StrResult(rt, self, PyCapitalize(self.str()));
}
Value StrSwapcase(Runtime& rt, Value self, const CallArgs& a) {
  NoArgs("swapcase", a);
  return StrResult(rt, self, PySwapCase(self.str()));
}

// Code points of `chars` for strip(chars).
bool InChars(char32_t c, std::string_view chars) {
  const char* p = chars.data();
  const char* end = p + chars.size();
  while (p < end) {
    if (DecodeUtf8(p, end) == c) return true;
  }
  return false;
}

Value Strip(Runtime& rt, Value self, const CallArgs& call, std::string_view name, bool left,
            bool right) {
  Args a(name, call, {"chars"}, 0);
  bool whitespace = !a.has(0) || a[0].is_none();
  std::string_view chars;
  if (!whitespace) {
    if (!a[0].is_str()) {
      Throw(ErrorClass::kTypeError, fmt::format("{} arg must be None or str", name));
    }
    chars = a[0].str();
  }
  std::string_view s = self.str();
  auto strip_char = [&](char32_t c) { return whitespace ? IsSpace(c) : InChars(c, chars); };
  size_t b = 0, e = s.size();
  if (left) {
    while (b < e) {
      const char* p = s.data() + b;
      char32_t c = DecodeUtf8(p, s.data() + e);
      if (!strip_char(c)) break;
      b = static_cast<size_t>(p - s.data());
    }
  }
  if (right) {
    while (e > b) {
      size_t j = e - 1;
      while (j > b && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
      const char* p = s.data() + j;
      char32_t c = DecodeUtf8(p, s.data() + e);
      if (!strip_char(c)) break;
      e = j;
    }
  }
  (void)rt;
  return Value::StrRaw(s.substr(b, e - b), self.flags());
}
Value StrStrip(Runtime& rt, Value self, const CallArgs& a) {
  return Strip(rt, self, a, "strip", true, true);
}
Value StrLStrip(Runtime& rt, Value self, const CallArgs& a) {
  return Strip(rt, self, a, "lstrip", true, false);
}
Value StrRStrip(Runtime& rt, Value self, const CallArgs& a) {
  return Strip(rt, self, a, "rstrip", false, true);
}

Value MakeStrList(Runtime& rt, const Value& self, const std::vector<std::string_view>& parts) {
  ListObj* out = rt.NewList(parts.size());
  uint8_t flags = self.flags();
  for (std::string_view p : parts) {
    out->items.Push(rt.arena, (flags & kStrAscii) ? Value::StrRaw(p, flags)
                                                  : Value::Str(p, flags & kStrMarkup));
  }
  return Value::List(out);
}

Value Split(Runtime& rt, Value self, const CallArgs& call, bool reverse) {
  std::string_view name = reverse ? "rsplit" : "split";
  Args a(name, call, {"sep", "maxsplit"}, 0);
  int64_t maxsplit = a.has(1) ? IndexValue(a[1], "'maxsplit' must be an integer") : -1;
  std::string_view s = self.str();
  std::vector<std::string_view> parts;
  if (!a.has(0) || a[0].is_none()) {
    // Runs of whitespace; leading/trailing whitespace ignored.
    std::vector<std::pair<size_t, size_t>> words;  // byte ranges
    const char* base = s.data();
    const char* p = base;
    const char* end = base + s.size();
    while (p < end) {
      const char* q = p;
      char32_t c = DecodeUtf8(q, end);
      if (IsSpace(c)) {
        p = q;
        continue;
      }
      const char* start = p;
      while (p < end) {
        const char* r = p;
        if (IsSpace(DecodeUtf8(r, end))) break;
        p = r;
      }
      words.push_back({static_cast<size_t>(start - base), static_cast<size_t>(p - base)});
    }
    if (maxsplit < 0 || static_cast<size_t>(maxsplit) >= words.size()) {
      for (auto [b, e] : words) parts.push_back(s.substr(b, e - b));
    } else if (!reverse) {
      for (int64_t i = 0; i < maxsplit; ++i)
        parts.push_back(s.substr(words[i].first, words[i].second - words[i].first));
      if (static_cast<size_t>(maxsplit) < words.size()) {
        size_t b = words[static_cast<size_t>(maxsplit)].first;
        // The remainder keeps inner whitespace but not trailing whitespace? Python keeps trailing.
        std::string_view rest = s.substr(b);
        parts.push_back(rest);
        // CPython strips nothing from the right of the remainder for split().
      }
    } else {
      size_t keep = words.size() - static_cast<size_t>(maxsplit);
      std::vector<std::string_view> tail;
      for (size_t i = keep; i < words.size(); ++i)
        tail.push_back(s.substr(words[i].first, words[i].second - words[i].first));
      parts.push_back(s.substr(0, words[keep - 1].second));
      for (auto t : tail) parts.push_back(t);
    }
    // Python's split() with maxsplit strips leading whitespace of the remainder only.
    return MakeStrList(rt, self, parts);
  }
  std::string_view sep = StrArg(a[0], name);
  if (sep.empty()) Throw(ErrorClass::kValueError, "empty separator");
  if (!reverse) {
    size_t pos = 0;
    int64_t n = 0;
    while (maxsplit < 0 || n < maxsplit) {
      size_t f = s.find(sep, pos);
      if (f == std::string_view::npos) break;
      parts.push_back(s.substr(pos, f - pos));
      pos = f + sep.size();
      ++n;
    }
    parts.push_back(s.substr(pos));
  } else {
    size_t end = s.size();
    int64_t n = 0;
    std::vector<std::string_view> rev;
    while (maxsplit < 0 || n < maxsplit) {
      if (end < sep.size()) break;
      size_t f = s.substr(0, end).rfind(sep);
      if (f == std::string_view::npos) break;
      rev.push_back(s.substr(f + sep.size(), end - f - sep.size()));
      end = f;
      ++n;
    }
    rev.push_back(s.substr(0, end));
    parts.assign(rev.rbegin(), rev.rend());
  }
  return MakeStrList(rt, self, parts);
}
Value StrSplit(Runtime& rt, Value self, const CallArgs& a) {
  return Split(rt, self, a, false);
}
Value StrRSplit(Runtime& rt, Value self, const CallArgs& a) {
  return Split(rt, self, a, true);
}

Value StrSplitlines(Runtime& rt, Value self, const CallArgs& call) {
  Args a("splitlines", call, {"keepends"}, 0);
  bool keep = a.has(0) && Truthy(a[0]);
  std::string_view s = self.str();
  std::vector<std::string_view> parts;
  size_t start = 0, i = 0;
  while (i < s.size()) {
    const char* p = s.data() + i;
    char32_t c = DecodeUtf8(p, s.data() + s.size());
    size_t next = static_cast<size_t>(p - s.data());
    bool brk = c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D ||
               c == 0x1E || c == 0x85 || c == 0x2028 || c == 0x2029;
    if (brk) {
      size_t eol = next;
      if (c == '\r' && next < s.size() && s[next] == '\n') eol = next + 1;
      parts.push_back(s.substr(start, (keep ? eol : i) - start));
      start = eol;
      i = eol;
    } else {
      i = next;
    }
  }
  if (start < s.size()) parts.push_back(s.substr(start));
  return MakeStrList(rt, self, parts);
}

Value StrReplace(Runtime& rt, Value self, const CallArgs& call) {
  Args a("replace", call, {"old", "new", "count"}, 2);
  std::string_view old_s = StrArg(a[0], "replace", "argument 1");
  StrArg(a[1], "replace", "argument 2");
  std::string new_text = ArgText(rt, self, a[1]);
  std::string old_text = self.is_markup() ? ArgText(rt, self, a[0]) : std::string(old_s);
  int64_t count = a.has(2) ? IndexValue(a[2], "'count' must be an integer") : -1;
  std::string_view s = self.str();
  std::string out;
  if (old_text.empty()) {
    const char* p = s.data();
    const char* end = p + s.size();
    int64_t n = 0;
    while (count < 0 || n < count) {
      out += new_text;
      ++n;
      if (p >= end) break;
      const char* q = p;
      DecodeUtf8(q, end);
      out.append(p, static_cast<size_t>(q - p));
      p = q;
      rt.CheckStringSize(out.size());
    }
    out.append(p, static_cast<size_t>(end - p));
  } else {
    size_t pos = 0;
    int64_t n = 0;
    while (count < 0 || n < count) {
      size_t f = s.find(old_text, pos);
      if (f == std::string_view::npos) break;
      out.append(s.substr(pos, f - pos));
      out += new_text;
      pos = f + old_text.size();
      ++n;
      rt.CheckStringSize(out.size());
    }
    out.append(s.substr(pos));
  }
  return StrResult(rt, self, out);
}

int64_t WidthArg(const Value& v) {
  return IndexValue(v, "'width' must be an integer");
}

std::string FillChar(const Args& a, size_t i, std::string_view fname) {
  if (!a.has(i)) return " ";
  if (!a[i].is_str() || StrLength(a[i]) != 1) {
    Throw(ErrorClass::kTypeError, fmt::format("{}() argument 2 must be str of length 1, not {}",
                                              fname, a[i].is_str() ? "str" : TypeName(a[i])));
  }
  return std::string(a[i].str());
}

Value Justify(Runtime& rt, Value self, const CallArgs& call, std::string_view name, char how) {
  Args a(name, call, {"width", "fillchar"}, 1);
  int64_t width = WidthArg(a[0]);
  std::string fill = FillChar(a, 1, name);
  int64_t len = StrLength(self);
  if (width <= len) return self;
  rt.CheckStringSize(static_cast<size_t>(width) * fill.size());
  int64_t marg = width - len;
  int64_t left = 0;
  if (how == 'c')
    left = marg / 2 + (marg & width & 1);
  else if (how == 'r')
    left = marg;
  int64_t right = marg - left;
  std::string out;
  for (int64_t i = 0; i < left; ++i) out += fill;
  out.append(self.str());
  for (int64_t i = 0; i < right; ++i) out += fill;
  return StrResult(rt, self, out);
}
Value StrCenter(Runtime& rt, Value self, const CallArgs& a) {
  return Justify(rt, self, a, "center", 'c');
}
Value StrLjust(Runtime& rt, Value self, const CallArgs& a) {
  return Justify(rt, self, a, "ljust", 'l');
}
Value StrRjust(Runtime& rt, Value self, const CallArgs& a) {
  return Justify(rt, self, a, "rjust", 'r');
}

Value StrZfill(Runtime& rt, Value self, const CallArgs& call) {
  Args a("zfill", call, {"width"}, 1);
  int64_t width = WidthArg(a[0]);
  int64_t len = StrLength(self);
  if (width <= len) return self;
  rt.CheckStringSize(static_cast<size_t>(width));
  std::string_view s = self.str();
  std::string out;
  size_t sign = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  out.append(s.substr(0, sign));
  out.append(static_cast<size_t>(width - len), '0');
  out.append(s.substr(sign));
  return StrResult(rt, self, out);
}

Value StrExpandtabs(Runtime& rt, Value self, const CallArgs& call) {
  Args a("expandtabs", call, {"tabsize"}, 0);
  int64_t tab = a.has(0) ? IndexValue(a[0], "'tabsize' must be an integer") : 8;
  std::string out;
  int64_t col = 0;
  const char* p = self.str().data();
  const char* end = p + self.str().size();
  while (p < end) {
    const char* start = p;
    char32_t c = DecodeUtf8(p, end);
    if (c == '\t') {
      if (tab > 0) {
        int64_t n = tab - (col % tab);
        out.append(static_cast<size_t>(n), ' ');
        col += n;
      }
    } else {
      out.append(start, static_cast<size_t>(p - start));
      col = (c == '\n' || c == '\r') ? 0 : col + 1;
    }
    rt.CheckStringSize(out.size());
  }
  return StrResult(rt, self, out);
}

Value Partition(Runtime& rt, Value self, const CallArgs& call, bool reverse) {
  std::string_view name = reverse ? "rpartition" : "partition";
  PositionalOnly(name, call, 1, 1);
  std::string_view sep = StrArg(call.pos[0], name);
  if (sep.empty()) Throw(ErrorClass::kValueError, "empty separator");
  std::string_view s = self.str();
  size_t f = reverse ? s.rfind(sep) : s.find(sep);
  uint8_t flags = self.flags() & kStrMarkup;
  if (f == std::string_view::npos) {
    Value empty = Value::StrRaw({}, flags | kStrAscii);
    return reverse ? rt.NewTuple({empty, empty, self}) : rt.NewTuple({self, empty, empty});
  }
  return rt.NewTuple({Value::Str(s.substr(0, f), flags), Value::Str(sep, flags),
                      Value::Str(s.substr(f + sep.size()), flags)});
}
Value StrPartition(Runtime& rt, Value self, const CallArgs& a) {
  return Partition(rt, self, a, false);
}
Value StrRPartition(Runtime& rt, Value self, const CallArgs& a) {
  return Partition(rt, self, a, true);
}

Value StrRemovePrefix(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("removeprefix", call, 1, 1);
  std::string_view p = StrArg(call.pos[0], "removeprefix");
  std::string_view s = self.str();
  (void)rt;
  if (s.substr(0, p.size()) == p) return Value::Str(s.substr(p.size()), self.flags() & kStrMarkup);
  return self;
}
Value StrRemoveSuffix(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("removesuffix", call, 1, 1);
  std::string_view p = StrArg(call.pos[0], "removesuffix");
  std::string_view s = self.str();
  (void)rt;
  if (!p.empty() && s.size() >= p.size() && s.substr(s.size() - p.size()) == p) {
    return Value::Str(s.substr(0, s.size() - p.size()), self.flags() & kStrMarkup);
  }
  return self;
}

template <bool (*Pred)(char32_t)>
bool AllChars(std::string_view s) {
  if (s.empty()) return false;
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    if (!Pred(DecodeUtf8(p, end))) return false;
  }
  return true;
}
bool IsAlnumChar(char32_t c) {
  return IsAlpha(c) || IsDecimal(c) || IsDigit(c) || IsNumeric(c);
}
bool IsAsciiChar(char32_t c) {
  return c < 0x80;
}

Value StrIsalnum(Runtime&, Value self, const CallArgs& a) {
  NoArgs("isalnum", a);
  return Value::Bool(AllChars<IsAlnumChar>(self.str()));
}
Value StrIsalpha(Runtime&, Value self, const CallArgs& a) {
  NoArgs("isalpha", a);
  return Value::Bool(AllChars<IsAlpha>(self.str()));
}
Value StrIsdecimal(Runtime&, Value self, const CallArgs& a) {
  NoArgs("isdecimal", a);
  return Value::Bool(AllChars<IsDecimal>(self.str()));
}
Value StrIsdigit(Runtime&, Value self, const CallArgs& a) {
  NoArgs("isdigit", a);
  return Value::Bool(AllChars<IsDigit>(self.str()));
}
Value StrIsnumeric(Runtime&, Value self, const CallArgs& a) {
  NoArgs("isnumeric", a);
  return Value::Bool(AllChars<IsNumeric>(self.str()));
}
Value StrIsspace(Runtime&, Value self, const CallArgs& a) {
  NoArgs("isspace", a);
  return Value::Bool(AllChars<IsSpace>(self.str()));
}
Value StrIsascii(Runtime&, Value self, const CallArgs& a) {
  NoArgs("isascii", a);
  return Value::Bool(self.str().empty() || AllChars<IsAsciiChar>(self.str()));
}
Value StrIsprintable(Runtime&, Value self, const CallArgs& a) {
  NoArgs("isprintable", a);
  return Value::Bool(self.str().empty() || AllChars<IsPrintable>(self.str()));
}
Value StrIsidentifier(Runtime&, Value self, const CallArgs& a) {
  NoArgs("isidentifier", a);
  std::string_view s = self.str();
  if (s.empty()) return Value::Bool(false);
  const char* p = s.data();
  const char* end = p + s.size();
  if (!IsIdentifierStart(DecodeUtf8(p, end))) return Value::Bool(false);
  while (p < end) {
    if (!IsIdentifierContinue(DecodeUtf8(p, end))) return Value::Bool(false);
  }
  return Value::Bool(true);
}
Value StrIsupper(Runtime&, Value self, const CallArgs& a) {
  NoArgs("isupper", a);
  bool cased = false;
  const char* p = self.str().data();
  const char* end = p + self.str().size();
  while (p < end) {
    char32_t c = DecodeUtf8(p, end);
    if (IsLowerChar(c) || IsTitleChar(c)) return Value::Bool(false);
    if (IsUpperChar(c)) cased = true;
  }
  return Value::Bool(cased);
}
Value StrIslower(Runtime&, Value self, const CallArgs& a) {
  NoArgs("islower", a);
  bool cased = false;
  const char* p = self.str().data();
  const char* end = p + self.str().size();
  while (p < end) {
    char32_t c = DecodeUtf8(p, end);
    if (IsUpperChar(c) || IsTitleChar(c)) return Value::Bool(false);
    if (IsLowerChar(c)) cased = true;
  }
  return Value::Bool(cased);
}
Value StrIstitle(Runtime&, Value self, const CallArgs& a) {
  NoArgs("istitle", a);
  bool cased = false, previous_cased = false;
  const char* p = self.str().data();
  const char* end = p + self.str().size();
  while (p < end) {
    char32_t c = DecodeUtf8(p, end);
    if (IsUpperChar(c) || IsTitleChar(c)) {
      if (previous_cased) return Value::Bool(false);
      previous_cased = true;
      cased = true;
    } else if (IsLowerChar(c)) {
      if (!previous_cased) return Value::Bool(false);
      previous_cased = true;
      cased = true;
    } else {
      previous_cased = false;
    }
  }
  return Value::Bool(cased);
}

Value StrJoin(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("join", call, 1, 1);
  return JoinStrings(rt, self, call.pos[0]);
}

Value StrFormatMethod(Runtime& rt, Value self, const CallArgs& call) {
  return StrFormat(rt, self, call);
}

Value StrFormatMap(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("format_map", call, 1, 1);
  if (!call.pos[0].is_dict()) {
    Throw(ErrorClass::kTypeError, "format_map() argument must be a mapping");
  }
  std::vector<KwArg> kws;
  for (const DictEntry& e : call.pos[0].dict()->entries) {
    if (e.key.is_str()) kws.push_back({e.key.str(), e.value});
  }
  CallArgs inner{{}, kws};
  return StrFormat(rt, self, inner);
}

Value MarkupStriptags(Runtime& rt, Value self, const CallArgs& a);
Value MarkupUnescape(Runtime& rt, Value self, const CallArgs& a);

// ---------------------------------------------------------------------------------------------
// list / tuple

ListObj* MutableList(const Value& self) {
  ListObj* l = self.list();
  CheckMutable(l);
  return l;
}

Value ListAppend(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("append", call, 1, 1);
  ListObj* l = MutableList(self);
  rt.CheckListSize(size_t{l->items.size} + 1);
  l->items.Push(rt.arena, call.pos[0]);
  return Value::None();
}

Value ListExtend(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("extend", call, 1, 1);
  ListObj* l = MutableList(self);
  ListObj* items = ToList(rt, call.pos[0]);
  rt.CheckListSize(size_t{l->items.size} + items->items.size);
  for (const Value& v : items->items) l->items.Push(rt.arena, v);
  return Value::None();
}

Value ListInsert(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("insert", call, 2, 2);
  ListObj* l = MutableList(self);
  int64_t n = l->items.size;
  int64_t i = IndexValue(call.pos[0], "'index' must be an integer");
  if (i < 0) i = std::max<int64_t>(0, i + n);
  if (i > n) i = n;
  rt.CheckListSize(size_t{l->items.size} + 1);
  l->items.Insert(rt.arena, static_cast<size_t>(i), call.pos[1]);
  return Value::None();
}

Value ListPop(Runtime&, Value self, const CallArgs& call) {
  PositionalOnly("pop", call, 0, 1);
  ListObj* l = MutableList(self);
  if (l->items.size == 0) Throw(ErrorClass::kIndexError, "pop from empty list");
  int64_t n = l->items.size;
  int64_t i = call.pos.empty() ? -1 : IndexValue(call.pos[0], "'index' must be an integer");
  if (i < 0) i += n;
  if (i < 0 || i >= n) Throw(ErrorClass::kIndexError, "pop index out of range");
  Value v = l->items[static_cast<size_t>(i)];
  l->items.Erase(static_cast<size_t>(i));
  return v;
}

Value ListRemove(Runtime&, Value self, const CallArgs& call) {
  PositionalOnly("remove", call, 1, 1);
  ListObj* l = MutableList(self);
  for (uint32_t i = 0; i < l->items.size; ++i) {
    if (Equal(l->items[i], call.pos[0])) {
      l->items.Erase(i);
      return Value::None();
    }
  }
  Throw(ErrorClass::kValueError, "list.remove(x): x not in list");
}

Value ListClear(Runtime&, Value self, const CallArgs& call) {
  NoArgs("clear", call);
  MutableList(self)->items.size = 0;
  return Value::None();
}

Value ListCopy(Runtime& rt, Value self, const CallArgs& call) {
  NoArgs("copy", call);
  ListObj* out = rt.NewList(self.list()->items.size);
  for (const Value& v : self.list()->items) out->items.Push(rt.arena, v);
  return Value::List(out);
}

Value ListReverse(Runtime&, Value self, const CallArgs& call) {
  NoArgs("reverse", call);
  ListObj* l = MutableList(self);
  std::reverse(l->items.begin(), l->items.end());
  return Value::None();
}

Value ListSort(Runtime& rt, Value self, const CallArgs& call) {
  if (!call.pos.empty()) Throw(ErrorClass::kTypeError, "sort() takes no positional arguments");
  Args a("sort", call, {"key", "reverse"}, 0);
  ListObj* l = MutableList(self);
  SortValues(rt, l->items, a.get(0, Value::None()), a.has(1) && Truthy(a[1]));
  return Value::None();
}

Value SeqCount(Runtime&, Value self, const CallArgs& call) {
  PositionalOnly("count", call, 1, 1);
  int64_t n = 0;
  for (const Value& v : self.list()->items) n += Identical(v, call.pos[0]) || Equal(v, call.pos[0]);
  return Value::Int(n);
}

Value SeqIndex(Runtime&, Value self, const CallArgs& call) {
  PositionalOnly("index", call, 1, 3);
  const ListObj* l = self.list();
  int64_t n = l->items.size;
  auto clamp = [&](const Value& v, int64_t dflt) {
    int64_t x = v.is_none() ? dflt : IndexValue(v, "slice indices must be integers");
    if (x < 0) x = std::max<int64_t>(0, x + n);
    return std::min(x, n);
  };
  int64_t start = call.pos.size() > 1 ? clamp(call.pos[1], 0) : 0;
  int64_t stop = call.pos.size() > 2 ? clamp(call.pos[2], n) : n;
  for (int64_t i = start; i < stop; ++i) {
    if (Equal(l->items[static_cast<size_t>(i)], call.pos[0])) return Value::Int(i);
  }
  if (self.is_tuple()) Throw(ErrorClass::kValueError, "tuple.index(x): x not in tuple");
  Throw(ErrorClass::kValueError, fmt::format("{} is not in list", ToRepr(call.pos[0])));
}

// ---------------------------------------------------------------------------------------------
// dict

DictObj* MutableDict(const Value& self) {
  DictObj* d = self.dict();
  CheckMutable(d);
  return d;
}

Value DictGet(Runtime&, Value self, const CallArgs& call) {
  PositionalOnly("get", call, 1, 2);
  int64_t i = DictFind(self.dict(), call.pos[0]);
  if (i >= 0) return self.dict()->entries[static_cast<size_t>(i)].value;
  return call.pos.size() > 1 ? call.pos[1] : Value::None();
}
Value DictKeys(Runtime&, Value self, const CallArgs& call) {
  NoArgs("keys", call);
  return Value::View(self.dict(), ViewKind::kKeys);
}
Value DictValues(Runtime&, Value self, const CallArgs& call) {
  NoArgs("values", call);
  return Value::View(self.dict(), ViewKind::kValues);
}
Value DictItems(Runtime&, Value self, const CallArgs& call) {
  NoArgs("items", call);
  return Value::View(self.dict(), ViewKind::kItems);
}
Value DictPop(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("pop", call, 1, 2);
  DictObj* d = MutableDict(self);
  int64_t i = DictFind(d, call.pos[0]);
  if (i < 0) {
    if (call.pos.size() > 1) return call.pos[1];
    Throw(ErrorClass::kKeyError, ToRepr(call.pos[0]));
  }
  Value v = d->entries[static_cast<size_t>(i)].value;
  DictEraseAt(rt.arena, d, i);
  return v;
}
Value DictPopitem(Runtime& rt, Value self, const CallArgs& call) {
  NoArgs("popitem", call);
  DictObj* d = MutableDict(self);
  if (d->entries.size == 0) Throw(ErrorClass::kKeyError, "'popitem(): dictionary is empty'");
  DictEntry e = d->entries[d->entries.size - 1];
  DictEraseAt(rt.arena, d, d->entries.size - 1);
  return rt.NewTuple({e.key, e.value});
}
Value DictSetdefault(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("setdefault", call, 1, 2);
  DictObj* d = MutableDict(self);
  int64_t i = DictFind(d, call.pos[0]);
  if (i >= 0) return d->entries[static_cast<size_t>(i)].value;
  Value v = call.pos.size() > 1 ? call.pos[1] : Value::None();
  DictSet(rt.arena, d, call.pos[0], v);
  return v;
}

void UpdateFrom(Runtime& rt, DictObj* d, const Value& other) {
  if (other.is_dict()) {
    for (const DictEntry& e : other.dict()->entries) DictSet(rt.arena, d, e.key, e.value, e.hash);
    return;
  }
  Iter it(rt, other);
  Value item;
  int64_t index = 0;
  while (it.Next(&item)) {
    const ArenaVec<Value>& pair = ItemsOf(rt, item);
    if (pair.size != 2) {
      Throw(ErrorClass::kValueError,
            fmt::format("dictionary update sequence element #{} has length {}; 2 is required",
                        index, pair.size));
    }
    DictSet(rt.arena, d, pair[0], pair[1]);
    ++index;
  }
}

Value DictUpdate(Runtime& rt, Value self, const CallArgs& call) {
  if (call.pos.size() > 1) {
    Throw(ErrorClass::kTypeError,
          fmt::format("update expected at most 1 argument, got {}", call.pos.size()));
  }
  DictObj* d = MutableDict(self);
  if (!call.pos.empty()) UpdateFrom(rt, d, call.pos[0]);
  for (const KwArg& kw : call.kw) DictSet(rt.arena, d, Value::Str(kw.name), kw.value);
  return Value::None();
}
Value DictClearM(Runtime&, Value self, const CallArgs& call) {
  NoArgs("clear", call);
  DictClear(MutableDict(self));
  return Value::None();
}
Value DictCopyM(Runtime& rt, Value self, const CallArgs& call) {
  NoArgs("copy", call);
  DictObj* out = DictCopy(rt.arena, self.dict());
  return self.is_set() ? Value::Set(out) : Value::Dict(out);
}
Value DictFromkeys(Runtime& rt, Value, const CallArgs& call) {
  PositionalOnly("fromkeys", call, 1, 2);
  DictObj* out = rt.NewDict();
  Value v = call.pos.size() > 1 ? call.pos[1] : Value::None();
  Iter it(rt, call.pos[0]);
  Value k;
  while (it.Next(&k)) DictSet(rt.arena, out, k, v);
  return Value::Dict(out);
}

// ---------------------------------------------------------------------------------------------
// set

Value SetAdd(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("add", call, 1, 1);
  DictSet(rt.arena, MutableDict(self), call.pos[0], Value::None());
  return Value::None();
}
Value SetDiscardImpl(Runtime& rt, Value self, const CallArgs& call, bool raise) {
  PositionalOnly(raise ? "remove" : "discard", call, 1, 1);
  DictObj* d = MutableDict(self);
  int64_t i = DictFind(d, call.pos[0]);
  if (i < 0) {
    if (raise) Throw(ErrorClass::kKeyError, ToRepr(call.pos[0]));
    return Value::None();
  }
  DictEraseAt(rt.arena, d, i);
  return Value::None();
}
Value SetDiscard(Runtime& rt, Value self, const CallArgs& a) {
  return SetDiscardImpl(rt, self, a, false);
}
Value SetRemove(Runtime& rt, Value self, const CallArgs& a) {
  return SetDiscardImpl(rt, self, a, true);
}
Value SetPop(Runtime& rt, Value self, const CallArgs& call) {
  NoArgs("pop", call);
  DictObj* d = MutableDict(self);
  if (d->entries.size == 0) Throw(ErrorClass::kKeyError, "'pop from an empty set'");
  Value k = d->entries[0].key;
  DictEraseAt(rt.arena, d, 0);
  return k;
}

Value AsSet(Runtime& rt, const Value& v) {
  if (v.is_set()) return v;
  DictObj* d = rt.NewDict();
  Iter it(rt, v);
  Value k;
  while (it.Next(&k)) DictSet(rt.arena, d, k, Value::None());
  return Value::Set(d);
}

Value SetBinary(Runtime& rt, Value self, const CallArgs& call, BinOp op, std::string_view name) {
  if (!call.kw.empty())
    Throw(ErrorClass::kTypeError, fmt::format("{}() takes no keyword arguments", name));
  Value acc = Value::Set(DictCopy(rt.arena, self.dict()));
  for (const Value& other : call.pos) acc = Binary(rt, op, acc, AsSet(rt, other));
  return acc;
}
Value SetUnion(Runtime& rt, Value self, const CallArgs& a) {
  return SetBinary(rt, self, a, BinOp::kBitOr, "union");
}
Value SetIntersection(Runtime& rt, Value self, const CallArgs& a) {
  return SetBinary(rt, self, a, BinOp::kBitAnd, "intersection");
}
Value SetDifference(Runtime& rt, Value self, const CallArgs& a) {
  return SetBinary(rt, self, a, BinOp::kSub, "difference");
}
Value SetSymDiff(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("symmetric_difference", call, 1, 1);
  return Binary(rt, BinOp::kBitXor, self, AsSet(rt, call.pos[0]));
}
Value SetUpdate(Runtime& rt, Value self, const CallArgs& call) {
  DictObj* d = MutableDict(self);
  for (const Value& other : call.pos) {
    Iter it(rt, other);
    Value k;
    while (it.Next(&k)) DictSet(rt.arena, d, k, Value::None());
  }
  return Value::None();
}
Value SetIssubset(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("issubset", call, 1, 1);
  return Value::Bool(Compare(rt, CmpOp::kLe, self, AsSet(rt, call.pos[0])));
}
Value SetIssuperset(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("issuperset", call, 1, 1);
  return Value::Bool(Compare(rt, CmpOp::kGe, self, AsSet(rt, call.pos[0])));
}
Value SetIsdisjoint(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("isdisjoint", call, 1, 1);
  Value inter = Binary(rt, BinOp::kBitAnd, self, AsSet(rt, call.pos[0]));
  return Value::Bool(inter.dict()->entries.size == 0);
}

// ---------------------------------------------------------------------------------------------
// numbers and ranges

Value IntBitLength(Runtime&, Value self, const CallArgs& call) {
  NoArgs("bit_length", call);
  if (self.is_bigint()) {
    return Value::Int(static_cast<int64_t>(
        boost::multiprecision::msb(boost::multiprecision::abs(self.bigint()->v)) + 1));
  }
  int64_t v = self.int_value();
  uint64_t u =
      v < 0 ? static_cast<uint64_t>(0) - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  int n = 0;
  while (u) {
    ++n;
    u >>= 1;
  }
  return Value::Int(n);
}
Value NumConjugate(Runtime&, Value self, const CallArgs& call) {
  NoArgs("conjugate", call);
  return self.is_bool() ? Value::Int(self.int_value()) : self;
}
Value FloatIsInteger(Runtime&, Value self, const CallArgs& call) {
  NoArgs("is_integer", call);
  double d = self.float_value();
  return Value::Bool(std::isfinite(d) && d == std::floor(d));
}
Value RangeCount(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("count", call, 1, 1);
  return Value::Int(Contains(rt, self, call.pos[0]) ? 1 : 0);
}
Value RangeIndex(Runtime& rt, Value self, const CallArgs& call) {
  PositionalOnly("index", call, 1, 1);
  if (!Contains(rt, self, call.pos[0])) {
    Throw(ErrorClass::kValueError, fmt::format("{} is not in range", ToRepr(call.pos[0])));
  }
  return Value::Int((call.pos[0].int_value() - self.range()->start) / self.range()->step);
}

using Table = std::unordered_map<std::string_view, Builtin>;

Table MakeTable(std::string_view owner,
                std::initializer_list<std::pair<std::string_view, NativeFn>> fns,
                std::initializer_list<std::string_view> mutating = {}) {
  Table t;
  for (auto [name, fn] : fns) {
    bool mut = std::find(mutating.begin(), mutating.end(), name) != mutating.end();
    t.emplace(name, Builtin{name, fn, owner, mut});
  }
  return t;
}

const Table& StrMethods() {
  static const Table t = MakeTable("str", {{"capitalize", StrCapitalize},
                                           {"casefold", StrCasefold},
                                           {"center", StrCenter},
                                           {"count", StrCount},
                                           {"endswith", StrEndswith},
                                           {"expandtabs", StrExpandtabs},
                                           {"find", StrFind},
                                           {"format", StrFormatMethod},
                                           {"format_map", StrFormatMap},
                                           {"index", StrIndex},
                                           {"isalnum", StrIsalnum},
                                           {"isalpha", StrIsalpha},
                                           {"isascii", StrIsascii},
                                           {"isdecimal", StrIsdecimal},
                                           {"isdigit", StrIsdigit},
                                           {"isidentifier", StrIsidentifier},
                                           {"islower", StrIslower},
                                           {"isnumeric", StrIsnumeric},
                                           {"isprintable", StrIsprintable},
                                           {"isspace", StrIsspace},
                                           {"istitle", StrIstitle},
                                           {"isupper", StrIsupper},
                                           {"join", StrJoin},
                                           {"ljust", StrLjust},
                                           {"lower", StrLower},
                                           {"lstrip", StrLStrip},
                                           {"partition", StrPartition},
                                           {"removeprefix", StrRemovePrefix},
                                           {"removesuffix", StrRemoveSuffix},
                                           {"replace", StrReplace},
                                           {"rfind", StrRFind},
                                           {"rindex", StrRIndex},
                                           {"rjust", StrRjust},
                                           {"rpartition", StrRPartition},
                                           {"rsplit", StrRSplit},
                                           {"rstrip", StrRStrip},
                                           {"split", StrSplit},
                                           {"splitlines", StrSplitlines},
                                           {"startswith", StrStartswith},
                                           {"strip", StrStrip},
                                           {"swapcase", StrSwapcase},
                                           {"title", StrTitle},
                                           {"upper", StrUpper},
                                           {"zfill", StrZfill},
                                           {"striptags", MarkupStriptags},
                                           {"unescape", MarkupUnescape}});
  return t;
}

const Table& ListMethods() {
  static const Table t =
      MakeTable("list",
                {{"append", ListAppend},
                 {"clear", ListClear},
                 {"copy", ListCopy},
                 {"count", SeqCount},
                 {"extend", ListExtend},
                 {"index", SeqIndex},
                 {"insert", ListInsert},
                 {"pop", ListPop},
                 {"remove", ListRemove},
                 {"reverse", ListReverse},
                 {"sort", ListSort}},
                {"append", "clear", "extend", "insert", "pop", "remove", "reverse", "sort"});
  return t;
}

const Table& TupleMethods() {
  static const Table t = MakeTable("tuple", {{"count", SeqCount}, {"index", SeqIndex}});
  return t;
}

const Table& DictMethods() {
  static const Table t = MakeTable("dict",
                                   {{"clear", DictClearM},
                                    {"copy", DictCopyM},
                                    {"fromkeys", DictFromkeys},
                                    {"get", DictGet},
                                    {"items", DictItems},
                                    {"keys", DictKeys},
                                    {"pop", DictPop},
                                    {"popitem", DictPopitem},
                                    {"setdefault", DictSetdefault},
                                    {"update", DictUpdate},
                                    {"values", DictValues}},
                                   {"clear", "pop", "popitem", "setdefault", "update"});
  return t;
}

const Table& SetMethods() {
  static const Table t = MakeTable("set",
                                   {{"add", SetAdd},
                                    {"clear", DictClearM},
                                    {"copy", DictCopyM},
                                    {"difference", SetDifference},
                                    {"discard", SetDiscard},
                                    {"intersection", SetIntersection},
                                    {"isdisjoint", SetIsdisjoint},
                                    {"issubset", SetIssubset},
                                    {"issuperset", SetIssuperset},
                                    {"pop", SetPop},
                                    {"remove", SetRemove},
                                    {"symmetric_difference", SetSymDiff},
                                    {"union", SetUnion},
                                    {"update", SetUpdate}},
                                   {"add", "clear", "discard", "pop", "remove", "update"});
  return t;
}

const Table& IntMethods() {
  static const Table t =
      MakeTable("int", {{"bit_length", IntBitLength}, {"conjugate", NumConjugate}});
  return t;
}
const Table& FloatMethods() {
  static const Table t =
      MakeTable("float", {{"is_integer", FloatIsInteger}, {"conjugate", NumConjugate}});
  return t;
}
const Table& RangeMethods() {
  static const Table t = MakeTable("range", {{"count", RangeCount}, {"index", RangeIndex}});
  return t;
}

const Builtin* Lookup(const Table& t, std::string_view name) {
  auto it = t.find(name);
  return it == t.end() ? nullptr : &it->second;
}

// Data attributes of builtin types (int.real, range.start...).
bool DataAttribute(const Value& obj, std::string_view name, Value* out) {
  if (obj.is_integral()) {
    if (name == "real" || name == "numerator") {
      *out = obj.is_bool() ? Value::Int(obj.int_value()) : obj;
      return true;
    }
    if (name == "imag") {
      *out = Value::Int(0);
      return true;
    }
    if (name == "denominator") {
      *out = Value::Int(1);
      return true;
    }
  }
  if (obj.is_float()) {
    if (name == "real") {
      *out = obj;
      return true;
    }
    if (name == "imag") {
      *out = Value::Float(0.0);
      return true;
    }
  }
  if (obj.kind() == Kind::kRange) {
    if (name == "start")
      *out = Value::Int(obj.range()->start);
    else if (name == "stop")
      *out = Value::Int(obj.range()->stop);
    else if (name == "step")
      *out = Value::Int(obj.range()->step);
    else
      return false;
    return true;
  }
  return false;
}

}  // namespace

const Builtin* FindMethod(Kind kind, std::string_view name) {
  switch (kind) {
    case Kind::kStr:
      return Lookup(StrMethods(), name);
    case Kind::kList:
      return Lookup(ListMethods(), name);
    case Kind::kTuple:
      return Lookup(TupleMethods(), name);
    case Kind::kDict:
      return Lookup(DictMethods(), name);
    case Kind::kSet:
      return Lookup(SetMethods(), name);
    case Kind::kInt:
    case Kind::kBool:
    case Kind::kBigInt:
      return Lookup(IntMethods(), name);
    case Kind::kFloat:
      return Lookup(FloatMethods(), name);
    case Kind::kRange:
      return Lookup(RangeMethods(), name);
    default:
      return nullptr;
  }
}

namespace {

const Builtin* MethodOf(const Value& obj, std::string_view name) {
  const Builtin* b = FindMethod(obj.kind(), name);
  if (b != nullptr && obj.is_str() && !obj.is_markup() &&
      (name == "striptags" || name == "unescape")) {
    return nullptr;
  }
  return b;
}

}  // namespace

bool LookupAttribute(Runtime& rt, const Value& obj, std::string_view name, Value* out) {
  if (!name.empty() && name[0] == '_') return false;
  if (obj.is_dict()) {
    const DictObj* d = obj.dict();
    if (d->mode == DictMode::kDocument) {
      int64_t i = DictFindStr(d, name);
      if (i >= 0) {
        *out = d->entries[static_cast<size_t>(i)].value;
        return true;
      }
    }
    if (const Builtin* b = MethodOf(obj, name)) {
      *out = rt.BindMethod(b, obj);
      return true;
    }
    if (d->mode == DictMode::kAttrDict) {
      int64_t i = DictFindStr(d, name);
      *out = i >= 0 ? d->entries[static_cast<size_t>(i)].value : Value::None();
      return true;
    }
    return false;
  }
  if (obj.kind() == Kind::kHost) return obj.host()->GetAttr(rt, name, out);
  if (obj.is_tuple() && obj.list()->fields != nullptr) {
    for (uint32_t i = 0; i < obj.list()->items.size; ++i) {
      if (obj.list()->fields[i] == name) {
        *out = obj.list()->items[i];
        return true;
      }
    }
  }
  if (DataAttribute(obj, name, out)) return true;
  if (const Builtin* b = MethodOf(obj, name)) {
    *out = rt.BindMethod(b, obj);
    return true;
  }
  return false;
}

void NoAttribute(const Value& obj, std::string_view name) {
  Throw(ErrorClass::kAttributeError,
        fmt::format("'{}' object has no attribute '{}'", TypeName(obj), name));
}

Value GetAttribute(Runtime& rt, const Value& obj, std::string_view name) {
  Value out;
  if (LookupAttribute(rt, obj, name, &out)) return out;
  if (obj.is_undefined()) FailUndefined(obj);
  NoAttribute(obj, name);
}

bool CallMethod(Runtime& rt, const Value& obj, std::string_view name, const CallArgs& args,
                Value* out) {
  if (obj.is_dict() && obj.dict()->mode != DictMode::kDict) {
    // Fields of documents and _dicts may shadow methods; take the general path.
    if (DictFindStr(obj.dict(), name) >= 0) return false;
  }
  if (!name.empty() && name[0] == '_') return false;
  const Builtin* b = MethodOf(obj, name);
  if (b == nullptr) return false;
  *out = b->fn(rt, obj, args);
  return true;
}

Value JoinStrings(Runtime& rt, const Value& sep, const Value& iterable) {
  std::string out;
  std::string_view s = sep.str();
  bool markup = sep.is_markup();
  Iter it(rt, iterable);
  Value v;
  int64_t index = 0;
  while (it.Next(&v)) {
    if (index > 0) out.append(s);
    if (!v.is_str()) {
      Throw(ErrorClass::kTypeError,
            fmt::format("sequence item {}: expected str instance, {} found", index, TypeName(v)));
    }
    if (markup && !v.is_markup()) {
      AppendEscaped(out, v.str());
    } else {
      out.append(v.str());
    }
    rt.CheckStringSize(out.size());
    ++index;
  }
  return rt.NewStr(out, markup ? kStrMarkup : 0);
}

void SortValues(Runtime& rt, ArenaVec<Value>& items, const Value& key, bool reverse) {
  size_t n = items.size;
  if (n < 2) return;
  std::vector<Value> keys(n);
  for (size_t i = 0; i < n; ++i) {
    keys[i] = key.is_none() ? items[i] : rt.Call(key, {items[i]});
  }
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return reverse ? Compare(rt, CmpOp::kLt, keys[y], keys[x])
                   : Compare(rt, CmpOp::kLt, keys[x], keys[y]);
  });
  std::vector<Value> sorted(n);
  for (size_t i = 0; i < n; ++i) sorted[i] = items[order[i]];
  for (size_t i = 0; i < n; ++i) items[i] = sorted[i];
}

namespace {

Value MarkupStriptags(Runtime& rt, Value self, const CallArgs& a) {
  NoArgs("striptags", a);
  return rt.NewStr(StripTags(self.str()));
}

Value MarkupUnescape(Runtime& rt, Value self, const CallArgs& a) {
  NoArgs("unescape", a);
  return rt.NewStr(HtmlUnescape(self.str()));
}

}  // namespace
}  // namespace crier::value
