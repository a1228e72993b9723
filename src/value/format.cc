// Python's three formatting languages. Floats go through std::to_chars, which rounds correctly
// exactly like CPython's dtoa, so `'%.2f' % 2.675` and `'{:.1e}'.format(x)` match byte for byte;
// fixed precision of values not near a rounding tie takes the integer path of round.h first.
#include "value/format.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>

#include "value/bigint.h"
#include "value/builtins.h"
#include "value/methods.h"
#include "value/ops.h"
#include "value/repr.h"
#include "value/round.h"
#include "value/unicode.h"

namespace crier::value {

void AppendEscaped(std::string& out, std::string_view s) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep;
    switch (s[i]) {
      case '&':
        rep = "&amp;";
        break;
      case '<':
        rep = "&lt;";
        break;
      case '>':
        rep = "&gt;";
        break;
      case '\'':
        rep = "&#39;";
        break;
      case '"':
        rep = "&#34;";
        break;
      default:
        continue;
    }
    out.append(s.substr(start, i - start));
    out += rep;
    start = i + 1;
  }
  out.append(s.substr(start));
}

Value Escape(Runtime& rt, const Value& v) {
  if (v.is_markup()) return v;
  std::string text;
  if (v.is_str()) {
    std::string_view s = v.str();
    if (s.find_first_of("&<>'\"") == std::string_view::npos) {
      return Value::StrRaw(s, static_cast<uint8_t>(v.flags() | kStrMarkup));
    }
    AppendEscaped(text, s);
  } else {
    std::string plain = ToStr(v);
    AppendEscaped(text, plain);
  }
  return rt.NewStr(text, kStrMarkup);
}

void AppendFloatDigits(std::string& out, double x, char type, int precision, bool alternate) {
  x = std::fabs(x);
  bool upper = type == 'E' || type == 'F' || type == 'G';
  if (std::isinf(x)) {
    out += upper ? "INF" : "inf";
    if (type == '%') out.push_back('%');
    return;
  }
  if (std::isnan(x)) {
    out += upper ? "NAN" : "nan";
    if (type == '%') out.push_back('%');
    return;
  }
  char buf[1100];
  auto emit = [&](std::chars_format f, int p) {
    auto r = std::to_chars(buf, buf + sizeof(buf), x, f, p);
    return std::string(buf, r.ptr);
  };
  double scaled;
  if ((type == 'f' || type == 'F') && precision >= 0 && ScaledRoundFast(x, precision, &scaled)) {
    // '%.2f' of an amount: the correctly rounded digits are those of x * 100 rounded (round.h).
    char* end = WriteFixedPadded(buf, static_cast<uint64_t>(scaled), precision);
    if (alternate && precision == 0) *end++ = '.';
    out.append(buf, static_cast<size_t>(end - buf));
    return;
  }
  if ((type == 'f' || type == 'F') && precision >= 0 && precision < 60 && x < 1e60) {
    // The common case ('%.2f', '{:.2f}'): straight into the output.
    auto r = std::to_chars(buf, buf + sizeof(buf), x, std::chars_format::fixed, precision);
    out.append(buf, r.ptr);
    if (alternate && precision == 0) out.push_back('.');
    return;
  }
  std::string s;
  switch (type) {
    case 'r': {
      std::string repr;
      AppendFloatRepr(repr, x);
      out += repr;
      return;
    }
    case 'f':
    case 'F':
    case '%': {
      if (type == '%') x *= 100;
      s = emit(std::chars_format::fixed, precision < 0 ? 6 : precision);
      if (alternate && s.find('.') == std::string::npos) s.push_back('.');
      if (type == '%') s.push_back('%');
      break;
    }
    case 'e':
    case 'E': {
      s = emit(std::chars_format::scientific, precision < 0 ? 6 : precision);
      if (alternate && s.find('.') == std::string::npos) s.insert(s.find('e'), ".");
      break;
    }
    case 'g':
    case 'G':
    case 'n':
    case 'Z': {  // 'Z': the spec type '' with a precision: like g, but keeps one decimal digit
      int p = precision < 0 ? 6 : (precision == 0 ? 1 : precision);
      std::string sci = emit(std::chars_format::scientific, p - 1);
      int exp = std::atoi(sci.c_str() + sci.find('e') + 1);
      if (x == 0.0) exp = 0;
      if (exp >= -4 && exp < (type == 'Z' && precision < 0 ? 16 : p)) {
        s = emit(std::chars_format::fixed, p - 1 - exp);
        if (!alternate && s.find('.') != std::string::npos) {
          while (s.back() == '0') s.pop_back();
          if (s.back() == '.') s.pop_back();
        }
        if (type == 'Z' && s.find('.') == std::string::npos) s += ".0";
        if (alternate && s.find('.') == std::string::npos) s.push_back('.');
      } else {
        std::string mant = sci.substr(0, sci.find('e'));
        std::string e = sci.substr(sci.find('e'));
        if (!alternate && mant.find('.') != std::string::npos) {
          while (mant.back() == '0') mant.pop_back();
          if (mant.back() == '.') mant.pop_back();
        }
        if (alternate && mant.find('.') == std::string::npos) mant.push_back('.');
        s = mant + e;
      }
      break;
    }
    default:
      s = emit(std::chars_format::general, precision);
      break;
  }
  if (upper) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  out += s;
}

namespace {

// Digits of |v| (an integral value) in `base`.
std::string IntDigits(const Value& v, int base, bool upper) {
  if (!v.is_bigint()) {
    int64_t i = v.int_value();
    uint64_t u =
        i < 0 ? static_cast<uint64_t>(0) - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
    char buf[72];
    auto r = std::to_chars(buf, buf + sizeof(buf), u, base);
    std::string s(buf, r.ptr);
    if (upper) {
      for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
  }
  BigInt b = boost::multiprecision::abs(v.bigint()->v);
  if (base == 10) return BigToString(b);
  std::string s;
  static constexpr char kLower[] = "0123456789abcdef";
  static constexpr char kUpper[] = "0123456789ABCDEF";
  while (b > 0) {
    unsigned d = static_cast<unsigned>(b % base);
    s.push_back(upper ? kUpper[d] : kLower[d]);
    b /= base;
  }
  return std::string(s.rbegin(), s.rend());
}

bool IsNegative(const Value& v) {
  if (v.is_float()) return std::signbit(v.float_value()) && !std::isnan(v.float_value());
  if (v.is_bigint()) return v.bigint()->v < 0;
  return v.int_value() < 0;
}

// Inserts a separator every `group` digits of the integer part of `digits` (which may contain a
// fractional part or exponent after the integer digits).
std::string Group(const std::string& digits, char sep, int group) {
  size_t end = 0;
  while (end < digits.size() && std::isalnum(static_cast<unsigned char>(digits[end])) &&
         digits[end] != 'e' && digits[end] != 'E') {
    ++end;
  }
  // Hex digits contain letters; callers pass only the integer digit run for integers.
  std::string head = digits.substr(0, end), tail = digits.substr(end);
  std::string out;
  int count = 0;
  for (size_t i = head.size(); i-- > 0;) {
    out.push_back(head[i]);
    if (++count % group == 0 && i > 0) out.push_back(sep);
  }
  return std::string(out.rbegin(), out.rend()) + tail;
}

// ---------------------------------------------------------------------------------------------
// printf-style.

struct PercentState {
  Runtime& rt;
  const Value* items;
  size_t count;
  size_t next = 0;
  const Value* mapping = nullptr;
  bool markup;

  Value NextArg() {
    if (next >= count) Throw(ErrorClass::kTypeError, "not enough arguments for format string");
    return items[next++];
  }
};

void PadTo(std::string& out, const std::string& body, int width, bool left, char fill) {
  int len = static_cast<int>(CountCodePoints(body));
  if (left) {
    out += body;
    if (width > len) out.append(static_cast<size_t>(width - len), ' ');
  } else {
    if (width > len) out.append(static_cast<size_t>(width - len), fill);
    out += body;
  }
}

// Formats a number per a printf conversion into sign+prefix and digits, then pads.
void PercentNumber(std::string& out, const std::string& prefix_sign, const std::string& digits,
                   int width, bool left, bool zero) {
  int len = static_cast<int>(CountCodePoints(prefix_sign) + digits.size());
  if (left) {
    out += prefix_sign + digits;
    if (width > len) out.append(static_cast<size_t>(width - len), ' ');
  } else if (zero) {
    out += prefix_sign;
    if (width > len) out.append(static_cast<size_t>(width - len), '0');
    out += digits;
  } else {
    if (width > len) out.append(static_cast<size_t>(width - len), ' ');
    out += prefix_sign + digits;
  }
}

Value ToIntForPercent(Runtime& rt, const Value& v, char type) {
  if (v.is_integral()) return v.is_bool() ? Value::Int(v.int_value()) : v;
  if (v.is_float() && (type == 'd' || type == 'i' || type == 'u')) return PyInt(rt, v);
  if (v.is_undefined()) FailUndefined(v);
  if (type == 'd' || type == 'i' || type == 'u') {
    Throw(ErrorClass::kTypeError,
          fmt::format("%{} format: a real number is required, not {}", type, TypeName(v)));
  }
  Throw(ErrorClass::kTypeError,
        fmt::format("%{} format: an integer is required, not {}", type, TypeName(v)));
}

// `fmtv % args` once the arguments are laid out in `st` (see PercentFormat).
// `'%.2f' % x`, the common case of the format filter: a plain format with a single `%[.N]f` and
// one int or float argument whose digits ScaledRoundFast decides. Writes the result straight
// into the arena and returns true; false (nothing done) for anything else.
bool PercentFixedFast(Runtime& rt, const Value& fmtv, const PercentState& st, Value* out) {
  if (st.markup || st.mapping != nullptr || st.count != 1) return false;
  const Value& arg = st.items[0];
  if (!arg.is_int() && !arg.is_float() && !arg.is_bool()) return false;
  std::string_view f = fmtv.str();
  size_t pct = 0;  // formats are short: a loop, not a memchr call
  while (pct < f.size() && f[pct] != '%') ++pct;
  if (pct == f.size()) return false;
  size_t i = pct + 1;
  int precision = 6;
  if (i < f.size() && f[i] == '.') {
    ++i;
    precision = 0;
    for (int n = 0; i < f.size() && f[i] >= '0' && f[i] <= '9'; ++i, ++n) {
      if (n == 2) return false;  // the fast path stops at 22 places
      precision = precision * 10 + (f[i] - '0');
    }
  }
  if (i >= f.size() || (f[i] != 'f' && f[i] != 'F')) return false;
  std::string_view suffix = f.substr(i + 1);
  for (char c : suffix) {
    if (c == '%') return false;
  }
  double x = arg.is_float() ? arg.float_value() : static_cast<double>(arg.int_value());
  double scaled;
  if (!ScaledRoundFast(x, precision, &scaled)) return false;
  auto k = static_cast<uint64_t>(scaled);
  auto ndigits = static_cast<size_t>(FixedLength(k, precision));
  bool minus = std::signbit(x);
  size_t size = pct + (minus ? 1 : 0) + ndigits + suffix.size();
  if (size > rt.limits.max_string_bytes) rt.CheckStringSize(size);
  char* p = rt.arena.NewArray<char>(size + 8);  // WriteFixedPadded's room
  CopyBytes(p, f.data(), pct);
  char* q = p + pct;
  if (minus) *q++ = '-';
  WriteFixedPadded(q, k, precision);
  CopyBytes(q + ndigits, suffix.data(), suffix.size());
  *out = Value::StrRaw({p, size}, fmtv.flags() & kStrAscii);
  return true;
}

Value PercentFormatState(Runtime& rt, const Value& fmtv, PercentState& st, bool is_mapping) {
  Value fast;
  if (PercentFixedFast(rt, fmtv, st, &fast)) return fast;
  std::string_view f = fmtv.str();
  bool markup = st.markup;
  std::string out;
  size_t i = 0;
  while (i < f.size()) {
    size_t pct = f.find('%', i);
    if (pct == std::string_view::npos) {
      out.append(f.substr(i));
      break;
    }
    out.append(f.substr(i, pct - i));
    i = pct + 1;
    if (i >= f.size()) Throw(ErrorClass::kValueError, "incomplete format");
    Value arg;
    bool have_arg = false;
    if (f[i] == '(') {
      if (st.mapping == nullptr) Throw(ErrorClass::kTypeError, "format requires a mapping");
      int depth = 1;
      size_t start = ++i;
      while (i < f.size() && depth > 0) {
        if (f[i] == '(') ++depth;
        if (f[i] == ')') --depth;
        ++i;
      }
      if (depth > 0) Throw(ErrorClass::kValueError, "incomplete format key");
      std::string_view key = f.substr(start, i - 1 - start);
      arg = GetItem(rt, *st.mapping, Value::Str(key));
      have_arg = true;
    }
    bool left = false, plus = false, space = false, alt = false, zero = false;
    for (; i < f.size(); ++i) {
      char c = f[i];
      if (c == '-')
        left = true;
      else if (c == '+')
        plus = true;
      else if (c == ' ')
        space = true;
      else if (c == '#')
        alt = true;
      else if (c == '0')
        zero = true;
      else
        break;
    }
    int width = -1, precision = -1;
    if (i < f.size() && f[i] == '*') {
      Value w = st.NextArg();
      if (!w.is_int()) Throw(ErrorClass::kTypeError, "* wants int");
      width = static_cast<int>(w.int_value());
      if (width < 0) {
        left = true;
        width = -width;
      }
      ++i;
    } else {
      while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
        width = (width < 0 ? 0 : width) * 10 + (f[i] - '0');
        if (width > 100000) Throw(ErrorClass::kValueError, "width too big");
        ++i;
      }
    }
    if (i < f.size() && f[i] == '.') {
      ++i;
      precision = 0;
      if (i < f.size() && f[i] == '*') {
        Value p = st.NextArg();
        if (!p.is_int()) Throw(ErrorClass::kTypeError, "* wants int");
        precision = std::max(0, static_cast<int>(p.int_value()));
        ++i;
      } else {
        while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
          precision = precision * 10 + (f[i] - '0');
          if (precision > 100000) Throw(ErrorClass::kValueError, "precision too big");
          ++i;
        }
      }
    }
    while (i < f.size() && (f[i] == 'h' || f[i] == 'l' || f[i] == 'L')) ++i;
    if (i >= f.size()) Throw(ErrorClass::kValueError, "incomplete format");
    char type = f[i++];
    if (type == '%') {
      out.push_back('%');
      continue;
    }
    if (!have_arg) arg = st.NextArg();
    std::string body;
    switch (type) {
      case 's':
      case 'r':
      case 'a': {
        if (type == 's') {
          if (markup) {
            body = std::string(Escape(rt, arg).str());
          } else {
            AppendStr(body, arg);
          }
        } else {
          AppendRepr(body, arg);
          if (type == 'a') {
            std::string ascii;
            const char* p = body.data();
            const char* end = p + body.size();
            while (p < end) {
              char32_t c = DecodeUtf8(p, end);
              if (c < 0x80)
                ascii.push_back(static_cast<char>(c));
              else if (c <= 0xFF)
                ascii += fmt::format("\\x{:02x}", static_cast<uint32_t>(c));
              else if (c <= 0xFFFF)
                ascii += fmt::format("\\u{:04x}", static_cast<uint32_t>(c));
              else
                ascii += fmt::format("\\U{:08x}", static_cast<uint32_t>(c));
            }
            body = ascii;
          }
          if (markup) {
            std::string esc;
            AppendEscaped(esc, body);
            body = esc;
          }
        }
        if (precision >= 0)
          body = body.substr(0, CodePointOffset(body, static_cast<size_t>(precision)));
        PadTo(out, body, width, left, ' ');
        break;
      }
      case 'd':
      case 'i':
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        Value n = ToIntForPercent(rt, arg, type);
        int base = type == 'x' || type == 'X' ? 16 : (type == 'o' ? 8 : 10);
        std::string digits = IntDigits(n, base, type == 'X');
        if (precision >= 0 && static_cast<int>(digits.size()) < precision) {
          digits.insert(0, static_cast<size_t>(precision) - digits.size(), '0');
        }
        std::string sign = IsNegative(n) ? "-" : (plus ? "+" : (space ? " " : ""));
        if (alt && base == 16) sign += type == 'X' ? "0X" : "0x";
        if (alt && base == 8) sign += "0o";
        PercentNumber(out, sign, digits, width, left, zero);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        if (!arg.is_number()) {
          if (arg.is_undefined()) FailUndefined(arg);
          Throw(ErrorClass::kTypeError, fmt::format("must be real number, not {}", TypeName(arg)));
        }
        double d = ToDouble(arg);
        if (width < 0 && !plus && !space) {
          // No padding or sign flags: write straight into the output.
          if (std::signbit(d) && !std::isnan(d)) out.push_back('-');
          AppendFloatDigits(out, d, type, precision < 0 ? 6 : precision, alt);
          break;
        }
        std::string digits;
        AppendFloatDigits(digits, d, type, precision < 0 ? 6 : precision, alt);
        std::string sign = IsNegative(Value::Float(d)) ? "-" : (plus ? "+" : (space ? " " : ""));
        PercentNumber(out, sign, digits, width, left, zero && std::isfinite(d));
        break;
      }
      case 'c': {
        std::string ch;
        if (arg.is_int() || arg.is_bool()) {
          int64_t c = arg.int_value();
          if (c < 0 || c > 0x10FFFF)
            Throw(ErrorClass::kOverflowError, "%c arg not in range(0x110000)");
          AppendUtf8(ch, static_cast<char32_t>(c));
        } else if (arg.is_str() && StrLength(arg) == 1) {
          ch = std::string(arg.str());
        } else {
          Throw(ErrorClass::kTypeError, "%c requires int or char");
        }
        PadTo(out, ch, width, left, ' ');
        break;
      }
      default:
        Throw(ErrorClass::kValueError,
              fmt::format("unsupported format character '{}' (0x{:x}) at index {}", type,
                          static_cast<unsigned char>(type), i - 1));
    }
  }
  if (st.next < st.count && !is_mapping) {
    Throw(ErrorClass::kTypeError, "not all arguments converted during string formatting");
  }
  return rt.NewStr(out, markup ? kStrMarkup : 0);
}

}  // namespace

Value PercentFormat(Runtime& rt, const Value& fmtv, const Value& args) {
  PercentState st{rt, nullptr, 0, 0, nullptr, fmtv.is_markup()};
  Value single = args;
  if (args.is_tuple()) {
    st.items = args.list()->items.data;
    st.count = args.list()->items.size;
  } else {
    st.items = &single;
    st.count = 1;
  }
  bool is_mapping = !args.is_tuple() && !args.is_str() &&
                    (args.is_dict() || args.is_list() || args.kind() == Kind::kRange ||
                     args.kind() == Kind::kDictView);
  if (is_mapping) st.mapping = &single;
  return PercentFormatState(rt, fmtv, st, is_mapping);
}

Value PercentFormatTuple(Runtime& rt, const Value& fmtv, std::span<const Value> items) {
  PercentState st{rt, items.data(), items.size(), 0, nullptr, fmtv.is_markup()};
  Value fast;
  if (PercentFixedFast(rt, fmtv, st, &fast)) return fast;
  return PercentFormatState(rt, fmtv, st, false);
}

// ---------------------------------------------------------------------------------------------
// The format-spec mini-language.

namespace {

struct Spec {
  char32_t fill = ' ';
  char align = 0;  // < > = ^ or 0
  char sign = 0;   // + - space or 0
  bool z = false;
  bool alt = false;
  bool zero = false;
  int width = -1;
  char grouping = 0;  // , _ or 0
  int precision = -1;
  char type = 0;
};

Spec ParseSpec(std::string_view s) {
  Spec spec;
  size_t i = 0;
  // [[fill]align]
  if (!s.empty()) {
    const char* p = s.data();
    const char* end = p + s.size();
    char32_t first = DecodeUtf8(p, end);
    size_t flen = static_cast<size_t>(p - s.data());
    if (flen < s.size() && (s[flen] == '<' || s[flen] == '>' || s[flen] == '=' || s[flen] == '^')) {
      spec.fill = first;
      spec.align = s[flen];
      i = flen + 1;
    } else if (s[0] == '<' || s[0] == '>' || s[0] == '=' || s[0] == '^') {
      spec.align = s[0];
      i = 1;
    }
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) spec.sign = s[i++];
  if (i < s.size() && s[i] == 'z') {
    spec.z = true;
    ++i;
  }
  if (i < s.size() && s[i] == '#') {
    spec.alt = true;
    ++i;
  }
  if (i < s.size() && s[i] == '0') {
    spec.zero = true;
    ++i;
  }
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    spec.width = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      spec.width = spec.width * 10 + (s[i++] - '0');
      if (spec.width > 100000)
        Throw(ErrorClass::kValueError, "Too many decimal digits in format string");
    }
  }
  if (i < s.size() && (s[i] == ',' || s[i] == '_')) spec.grouping = s[i++];
  if (i < s.size() && (s[i] == ',' || s[i] == '_')) {
    Throw(ErrorClass::kValueError, "Cannot specify both ',' and '_'.");
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i >= s.size() || s[i] < '0' || s[i] > '9') {
      Throw(ErrorClass::kValueError, "Format specifier missing precision");
    }
    spec.precision = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      spec.precision = spec.precision * 10 + (s[i++] - '0');
      if (spec.precision > 100000)
        Throw(ErrorClass::kValueError, "Too many decimal digits in format string");
    }
  }
  if (s.size() - i > 1) Throw(ErrorClass::kValueError, "Invalid format specifier");
  if (i < s.size()) spec.type = s[i];
  if (spec.zero && spec.align == 0) {
    spec.fill = '0';
    spec.align = '=';
  }
  return spec;
}

void Align(std::string& out, const std::string& sign, const std::string& body, const Spec& spec,
           char default_align) {
  char align = spec.align ? spec.align : default_align;
  int len = static_cast<int>(CountCodePoints(sign) + CountCodePoints(body));
  int pad = spec.width > len ? spec.width - len : 0;
  std::string fill;
  AppendUtf8(fill, spec.fill);
  auto repeat = [&](int n) {
    for (int k = 0; k < n; ++k) out += fill;
  };
  switch (align) {
    case '<':
      out += sign + body;
      repeat(pad);
      break;
    case '^':
      repeat(pad / 2);
      out += sign + body;
      repeat(pad - pad / 2);
      break;
    case '=':
      out += sign;
      repeat(pad);
      out += body;
      break;
    default:
      repeat(pad);
      out += sign + body;
      break;
  }
}

[[noreturn]] void UnknownCode(char type, const Value& v) {
  Throw(ErrorClass::kValueError,
        fmt::format("Unknown format code '{}' for object of type '{}'", type, TypeName(v)));
}

void FormatInt(std::string& out, const Value& v, const Spec& spec) {
  if (spec.precision >= 0)
    Throw(ErrorClass::kValueError, "Precision not allowed in integer format specifier");
  char type = spec.type ? spec.type : 'd';
  if (type == 'c') {
    if (spec.sign)
      Throw(ErrorClass::kValueError, "Sign not allowed with integer format specifier 'c'");
    std::string ch;
    int64_t c = v.int_value();
    if (v.is_bigint() || c < 0 || c > 0x10FFFF)
      Throw(ErrorClass::kOverflowError, "%c arg not in range(0x110000)");
    AppendUtf8(ch, static_cast<char32_t>(c));
    Align(out, "", ch, spec, '>');
    return;
  }
  int base = 10;
  switch (type) {
    case 'd':
    case 'n':
      base = 10;
      break;
    case 'x':
    case 'X':
      base = 16;
      break;
    case 'o':
      base = 8;
      break;
    case 'b':
      base = 2;
      break;
    default:
      UnknownCode(type, v);
  }
  std::string digits = IntDigits(v, base, type == 'X');
  if (spec.grouping) {
    if (spec.grouping == ',' && base != 10) {
      Throw(ErrorClass::kValueError, fmt::format("Cannot specify ',' with '{}'.", type));
    }
    digits = Group(digits, spec.grouping, base == 10 ? 3 : 4);
  }
  std::string sign = IsNegative(v) ? "-" : (spec.sign == '+' ? "+" : (spec.sign == ' ' ? " " : ""));
  if (spec.alt) {
    if (base == 16) sign += type == 'X' ? "0X" : "0x";
    if (base == 8) sign += "0o";
    if (base == 2) sign += "0b";
  }
  if (spec.align == '=' && spec.fill == '0' && spec.grouping && spec.width > 0) {
    // Zero padding inserts separators into the padding too.
    int body_len = static_cast<int>(sign.size());
    std::string raw = IntDigits(v, base, type == 'X');
    int group = base == 10 ? 3 : 4;
    while (true) {
      std::string g = Group(raw, spec.grouping, group);
      if (static_cast<int>(g.size()) + body_len >= spec.width) {
        out += sign + g;
        return;
      }
      raw.insert(0, "0");
    }
  }
  Align(out, sign, digits, spec, '>');
}

void FormatFloat(std::string& out, double d, const Spec& spec, const Value& original) {
  char type = spec.type;
  if (type == 'n') type = 'g';
  if (type != 0 && type != 'e' && type != 'E' && type != 'f' && type != 'F' && type != 'g' &&
      type != 'G' && type != '%') {
    UnknownCode(type, original);
  }
  std::string digits;
  if (type == 0) {
    if (spec.precision < 0) {
      AppendFloatDigits(digits, d, 'r', -1, spec.alt);
    } else {
      AppendFloatDigits(digits, d, 'Z', spec.precision, spec.alt);
    }
  } else {
    AppendFloatDigits(digits, d, type, spec.precision < 0 ? 6 : spec.precision, spec.alt);
  }
  bool neg = std::signbit(d) && !std::isnan(d);
  if (neg && spec.z) {
    bool all_zero = true;
    for (char c : digits) {
      if (c >= '1' && c <= '9') all_zero = false;
    }
    if (all_zero) neg = false;
  }
  if (spec.grouping && std::isfinite(d)) {
    size_t int_end = 0;
    while (int_end < digits.size() && digits[int_end] >= '0' && digits[int_end] <= '9') ++int_end;
    digits = Group(digits.substr(0, int_end), spec.grouping, 3) + digits.substr(int_end);
  }
  std::string sign = neg ? "-" : (spec.sign == '+' ? "+" : (spec.sign == ' ' ? " " : ""));
  if (spec.align == '=' && spec.fill == '0' && spec.grouping && spec.width > 0 &&
      std::isfinite(d)) {
    size_t int_end = 0;
    std::string raw;
    AppendFloatDigits(raw, d, type == 0 ? (spec.precision < 0 ? 'r' : 'Z') : type,
                      spec.precision < 0 && type != 0 ? 6 : spec.precision, spec.alt);
    while (int_end < raw.size() && raw[int_end] >= '0' && raw[int_end] <= '9') ++int_end;
    std::string ip = raw.substr(0, int_end), rest = raw.substr(int_end);
    while (true) {
      std::string g = Group(ip, spec.grouping, 3) + rest;
      if (static_cast<int>(g.size() + sign.size()) >= spec.width) {
        out += sign + g;
        return;
      }
      ip.insert(0, "0");
    }
  }
  Align(out, sign, digits, spec, '>');
}

}  // namespace

void AppendFormatted(Runtime& rt, std::string& out, const Value& value,
                     std::string_view spec_text) {
  if (spec_text.empty()) {
    AppendStr(out, value);
    return;
  }
  Spec spec = ParseSpec(spec_text);
  if (value.is_integral()) {
    char t = spec.type;
    if (t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == '%') {
      FormatFloat(out, ToDouble(value), spec, value);
      return;
    }
    if (t == 's') UnknownCode(t, value);
    FormatInt(out, value.is_bool() ? Value::Int(value.int_value()) : value, spec);
    return;
  }
  if (value.is_float()) {
    FormatFloat(out, value.float_value(), spec, value);
    return;
  }
  if (value.is_str()) {
    if (spec.type != 0 && spec.type != 's') UnknownCode(spec.type, value);
    if (spec.sign) Throw(ErrorClass::kValueError, "Sign not allowed in string format specifier");
    if (spec.alt)
      Throw(ErrorClass::kValueError, "Alternate form (#) not allowed in string format specifier");
    if (spec.align == '=')
      Throw(ErrorClass::kValueError, "'=' alignment not allowed in string format specifier");
    if (spec.grouping)
      Throw(ErrorClass::kValueError, fmt::format("Cannot specify '{}' with 's'.", spec.grouping));
    std::string_view s = value.str();
    if (spec.precision >= 0)
      s = s.substr(0, CodePointOffset(s, static_cast<size_t>(spec.precision)));
    Align(out, "", std::string(s), spec, '<');
    return;
  }
  if (value.is_undefined()) {
    // Jinja's Undefined has no __format__: object.__format__ refuses non-empty specs.
  }
  (void)rt;
  Throw(ErrorClass::kTypeError,
        fmt::format("unsupported format string passed to {}.__format__", TypeName(value)));
}

// ---------------------------------------------------------------------------------------------
// str.format.

namespace {

// A field number or an item index of str.format ("{12}", "{0[3]}"): all digits. Python refuses
// more than fits a Py_ssize_t.
int64_t FieldIndex(std::string_view digits) {
  int64_t v = 0;
  if (std::from_chars(digits.data(), digits.data() + digits.size(), v).ec != std::errc()) {
    Throw(ErrorClass::kValueError, "Too many decimal digits in format string");
  }
  return v;
}

Value ResolveField(Runtime& rt, std::string_view field, const CallArgs& args, int* auto_index,
                   bool* manual) {
  size_t i = 0;
  while (i < field.size() && field[i] != '.' && field[i] != '[') ++i;
  std::string_view head = field.substr(0, i);
  Value obj;
  if (head.empty()) {
    if (*manual) {
      Throw(ErrorClass::kValueError,
            "cannot switch from manual field specification to automatic field numbering");
    }
    *auto_index += 1;
    size_t idx = static_cast<size_t>(*auto_index - 1);
    if (idx >= args.pos.size()) {
      Throw(ErrorClass::kIndexError,
            fmt::format("Replacement index {} out of range for positional args tuple", idx));
    }
    obj = args.pos[idx];
  } else if (std::all_of(head.begin(), head.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (*auto_index > 0) {
      Throw(ErrorClass::kValueError,
            "cannot switch from automatic field numbering to manual field specification");
    }
    *manual = true;
    size_t idx = static_cast<size_t>(FieldIndex(head));
    if (idx >= args.pos.size()) {
      Throw(ErrorClass::kIndexError,
            fmt::format("Replacement index {} out of range for positional args tuple", idx));
    }
    obj = args.pos[idx];
  } else {
    bool found = false;
    for (const KwArg& kw : args.kw) {
      if (kw.name == head) {
        obj = kw.value;
        found = true;
      }
    }
    if (!found) Throw(ErrorClass::kKeyError, fmt::format("'{}'", head));
  }
  while (i < field.size()) {
    if (field[i] == '.') {
      size_t start = ++i;
      while (i < field.size() && field[i] != '.' && field[i] != '[') ++i;
      std::string_view name = field.substr(start, i - start);
      if (name.empty()) Throw(ErrorClass::kValueError, "Empty attribute in format string");
      obj = rt.FormatGetAttr(obj, name);
    } else {
      size_t close = field.find(']', i);
      if (close == std::string_view::npos)
        Throw(ErrorClass::kValueError, "Missing ']' in format string");
      std::string_view key = field.substr(i + 1, close - i - 1);
      if (key.empty()) Throw(ErrorClass::kValueError, "Empty attribute in format string");
      bool digits =
          std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
      Value k = digits ? Value::Int(FieldIndex(key)) : rt.NewStr(key);
      obj = rt.FormatGetItem(obj, k);
      i = close + 1;
      if (i < field.size() && field[i] != '.' && field[i] != '[') {
        Throw(ErrorClass::kValueError, "Only '.' or '[' may follow ']' in format field specifier");
      }
    }
  }
  return obj;
}

void FormatInto(Runtime& rt, std::string& out, std::string_view f, const CallArgs& args,
                int* auto_index, bool* manual, int depth, bool markup) {
  if (depth > 2) Throw(ErrorClass::kValueError, "Max string recursion exceeded");
  size_t i = 0;
  while (i < f.size()) {
    char c = f[i];
    if (c == '}') {
      if (i + 1 < f.size() && f[i + 1] == '}') {
        out.push_back('}');
        i += 2;
        continue;
      }
      Throw(ErrorClass::kValueError, "Single '}' encountered in format string");
    }
    if (c != '{') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 < f.size() && f[i + 1] == '{') {
      out.push_back('{');
      i += 2;
      continue;
    }
    // Find the matching close brace (format specs may nest one level of braces).
    size_t j = i + 1;
    int level = 1;
    size_t bracket = 0;
    while (j < f.size()) {
      if (f[j] == '[')
        ++bracket;
      else if (f[j] == ']' && bracket)
        --bracket;
      else if (f[j] == '{' && !bracket)
        ++level;
      else if (f[j] == '}' && !bracket) {
        if (--level == 0) break;
      }
      ++j;
    }
    if (j >= f.size()) {
      Throw(ErrorClass::kValueError,
            level > 1 ? "unmatched '{' in format spec" : "expected '}' before end of string");
    }
    std::string_view body = f.substr(i + 1, j - i - 1);
    i = j + 1;
    // field_name [! conversion] [: spec]
    size_t k = 0;
    size_t br = 0;
    while (k < body.size()) {
      if (body[k] == '[')
        ++br;
      else if (body[k] == ']' && br)
        --br;
      else if (!br && (body[k] == '!' || body[k] == ':'))
        break;
      ++k;
    }
    std::string_view field = body.substr(0, k);
    char conversion = 0;
    std::string_view spec;
    if (k < body.size() && body[k] == '!') {
      if (k + 1 >= body.size())
        Throw(ErrorClass::kValueError, "end of string while looking for conversion specifier");
      conversion = body[k + 1];
      k += 2;
      if (k < body.size() && body[k] != ':')
        Throw(ErrorClass::kValueError, "expected ':' after conversion specifier");
    }
    if (k < body.size() && body[k] == ':') spec = body.substr(k + 1);
    Value v = ResolveField(rt, field, args, auto_index, manual);
    if (conversion) {
      std::string conv;
      switch (conversion) {
        case 's':
          AppendStr(conv, v);
          break;
        case 'r':
        case 'a':
          AppendRepr(conv, v);
          break;
        default:
          Throw(ErrorClass::kValueError,
                fmt::format("Unknown conversion specifier {}", conversion));
      }
      v = rt.NewStr(conv);
    }
    std::string spec_text;
    if (spec.find('{') != std::string_view::npos) {
      FormatInto(rt, spec_text, spec, args, auto_index, manual, depth + 1, false);
      spec = spec_text;
    }
    std::string piece;
    AppendFormatted(rt, piece, v, spec);
    if (markup && !v.is_markup()) {
      AppendEscaped(out, piece);
    } else {
      out += piece;
    }
    rt.CheckStringSize(out.size());
  }
}

}  // namespace

Value StrFormat(Runtime& rt, const Value& fmtv, const CallArgs& args) {
  std::string out;
  int auto_index = 0;
  bool manual = false;
  FormatInto(rt, out, fmtv.str(), args, &auto_index, &manual, 0, fmtv.is_markup());
  return rt.NewStr(out, fmtv.is_markup() ? kStrMarkup : 0);
}

}  // namespace crier::value
