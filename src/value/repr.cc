// str() and repr() of every value kind, with cycle protection for self-containing containers.
#include "value/repr.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "value/bigint.h"
#include "value/ops.h"
#include "value/runtime.h"
#include "value/unicode.h"

namespace crier::value {
namespace {

// Containers being printed on this thread, to print `[...]` for cycles as Python does.
thread_local std::vector<const void*> printing;

struct PrintGuard {
  explicit PrintGuard(const void* p) {
    for (const void* q : printing) {
      if (q == p) {
        cycle = true;
        return;
      }
    }
    if (printing.size() > 500)
      Throw(ErrorClass::kRecursionError,
            "maximum recursion depth exceeded while getting the repr of an object");
    printing.push_back(p);
  }
  ~PrintGuard() {
    if (!cycle) printing.pop_back();
  }
  bool cycle = false;
};

void AppendHex(std::string& out, char prefix, uint32_t v, int digits) {
  out.push_back('\\');
  out.push_back(prefix);
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) out.push_back(kHex[(v >> (i * 4)) & 0xF]);
}

void AppendSequence(std::string& out, const ListObj* l, char open, char close, bool tuple) {
  PrintGuard guard(l);
  if (guard.cycle) {
    out.push_back(open);
    out += "...";
    out.push_back(close);
    return;
  }
  out.push_back(open);
  for (uint32_t i = 0; i < l->items.size; ++i) {
    if (i) out += ", ";
    AppendRepr(out, l->items[i]);
  }
  if (tuple && l->items.size == 1) out.push_back(',');
  out.push_back(close);
}

void AppendDict(std::string& out, const DictObj* d) {
  PrintGuard guard(d);
  if (guard.cycle) {
    out += "{...}";
    return;
  }
  out.push_back('{');
  bool first = true;
  for (const DictEntry& e : d->entries) {
    if (!first) out += ", ";
    first = false;
    AppendRepr(out, e.key);
    out += ": ";
    AppendRepr(out, e.value);
  }
  out.push_back('}');
}

void AppendSet(std::string& out, const DictObj* d) {
  if (d->entries.size == 0) {
    out += "set()";
    return;
  }
  PrintGuard guard(d);
  out.push_back('{');
  bool first = true;
  for (const DictEntry& e : d->entries) {
    if (!first) out += ", ";
    first = false;
    AppendRepr(out, e.key);
  }
  out.push_back('}');
}

void AppendView(std::string& out, const Value& v) {
  const DictObj* d = v.dict();
  switch (v.view_kind()) {
    case ViewKind::kKeys:
      out += "dict_keys([";
      break;
    case ViewKind::kValues:
      out += "dict_values([";
      break;
    case ViewKind::kItems:
      out += "dict_items([";
      break;
  }
  bool first = true;
  for (const DictEntry& e : d->entries) {
    if (!first) out += ", ";
    first = false;
    switch (v.view_kind()) {
      case ViewKind::kKeys:
        AppendRepr(out, e.key);
        break;
      case ViewKind::kValues:
        AppendRepr(out, e.value);
        break;
      case ViewKind::kItems:
        out.push_back('(');
        AppendRepr(out, e.key);
        out += ", ";
        AppendRepr(out, e.value);
        out.push_back(')');
        break;
    }
  }
  out += "])";
}

void AppendFunction(std::string& out, const FunctionObj* f) {
  if (f->bound) {
    out += fmt::format("<built-in method {} of {} object>", f->builtin->name, TypeName(f->self));
  } else {
    out += fmt::format("<built-in function {}>", f->builtin->name);
  }
}

void AppendOther(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::kNone:
      out += "None";
      break;
    case Kind::kBool:
      out += v.bool_value() ? "True" : "False";
      break;
    case Kind::kInt:
      AppendInt(out, v.int_value());
      break;
    case Kind::kBigInt: {
      std::string digits = BigToString(v.bigint()->v);
      if (digits.size() > 4300 + (digits[0] == '-')) {
        Throw(ErrorClass::kValueError,
              "Exceeds the limit (4300 digits) for integer string conversion; use "
              "sys.set_int_max_str_digits() to increase the limit");
      }
      out += digits;
      break;
    }
    case Kind::kFloat:
      AppendFloatRepr(out, v.float_value());
      break;
    case Kind::kList:
      AppendSequence(out, v.list(), '[', ']', false);
      break;
    case Kind::kTuple:
      AppendSequence(out, v.list(), '(', ')', true);
      break;
    case Kind::kDict:
      AppendDict(out, v.dict());
      break;
    case Kind::kSet:
      AppendSet(out, v.dict());
      break;
    case Kind::kRange: {
      const RangeObj* r = v.range();
      if (r->step == 1) {
        out += fmt::format("range({}, {})", r->start, r->stop);
      } else {
        out += fmt::format("range({}, {}, {})", r->start, r->stop, r->step);
      }
      break;
    }
    case Kind::kDictView:
      AppendView(out, v);
      break;
    case Kind::kIterator:
      out += fmt::format("<{} object>", v.iter()->type_name);
      break;
    case Kind::kFunction:
      AppendFunction(out, v.function());
      break;
    case Kind::kHost:
      v.host()->Repr(out);
      break;
    case Kind::kUndefined:
    case Kind::kStr:
      break;
  }
}

}  // namespace

void AppendInt(std::string& out, int64_t i) {
  fmt::format_int f(i);
  out.append(f.data(), f.size());
}

void AppendFloatRepr(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "nan";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-inf" : "inf";
    return;
  }
  // CPython's repr: the shortest digits that read back as d (Dragonbox, as fmt's "{}" uses),
  // positional when the decimal exponent is in [-4, 16), else d.ddde+XX; ".0" on whole numbers.
  char buf[40];
  char* p = buf;
  if (std::signbit(d)) {
    *p++ = '-';
    d = -d;
  }
  if (d == 0.0) {
    std::memcpy(p, "0.0", 3);
    out.append(buf, static_cast<size_t>(p + 3 - buf));
    return;
  }
  auto dec = fmt::detail::dragonbox::to_decimal(d);
  uint64_t significand = dec.significand;
  int exponent = dec.exponent;
  while (significand % 10 == 0) {
    significand /= 10;
    ++exponent;
  }
  fmt::format_int digits(significand);
  const char* ds = digits.data();
  auto n = static_cast<int>(digits.size());
  int exp10 = exponent + n - 1;  // of the first digit
  if (exp10 < -4 || exp10 >= 16) {
    *p++ = ds[0];
    if (n > 1) {
      *p++ = '.';
      std::memcpy(p, ds + 1, static_cast<size_t>(n - 1));
      p += n - 1;
    }
    *p++ = 'e';
    *p++ = exp10 < 0 ? '-' : '+';
    int e = exp10 < 0 ? -exp10 : exp10;
    if (e >= 100) *p++ = static_cast<char>('0' + e / 100);
    *p++ = static_cast<char>('0' + e / 10 % 10);
    *p++ = static_cast<char>('0' + e % 10);
  } else if (exponent >= 0) {  // a whole number: digits, zeros, ".0"
    std::memcpy(p, ds, static_cast<size_t>(n));
    p += n;
    std::memset(p, '0', static_cast<size_t>(exponent));
    p += exponent;
    *p++ = '.';
    *p++ = '0';
  } else if (exp10 >= 0) {  // the point falls inside the digits
    std::memcpy(p, ds, static_cast<size_t>(exp10 + 1));
    p += exp10 + 1;
    *p++ = '.';
    std::memcpy(p, ds + exp10 + 1, static_cast<size_t>(n - exp10 - 1));
    p += n - exp10 - 1;
  } else {  // 0.000ddd
    *p++ = '0';
    *p++ = '.';
    std::memset(p, '0', static_cast<size_t>(-exp10 - 1));
    p += -exp10 - 1;
    std::memcpy(p, ds, static_cast<size_t>(n));
    p += n;
  }
  out.append(buf, static_cast<size_t>(p - buf));
}

void AppendStrRepr(std::string& out, std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  out.push_back(quote);
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    auto b = static_cast<unsigned char>(*p);
    if (b < 0x80) {
      ++p;
      if (b == static_cast<unsigned char>(quote) || b == '\\') {
        out.push_back('\\');
        out.push_back(static_cast<char>(b));
      } else if (b == '\t') {
        out += "\\t";
      } else if (b == '\n') {
        out += "\\n";
      } else if (b == '\r') {
        out += "\\r";
      } else if (b < 0x20 || b == 0x7F) {
        AppendHex(out, 'x', b, 2);
      } else {
        out.push_back(static_cast<char>(b));
      }
      continue;
    }
    const char* start = p;
    char32_t c = DecodeUtf8(p, end);
    if (IsPrintable(c)) {
      out.append(start, static_cast<size_t>(p - start));
    } else if (c <= 0xFF) {
      AppendHex(out, 'x', c, 2);
    } else if (c <= 0xFFFF) {
      AppendHex(out, 'u', c, 4);
    } else {
      AppendHex(out, 'U', c, 8);
    }
  }
  out.push_back(quote);
}

std::string UndefinedMessage(const UndefinedInfo& info) {
  if (!info.hint.empty()) return std::string(info.hint);
  if (!info.has_obj) return fmt::format("'{}' is undefined", info.name);
  if (info.name_is_repr) return fmt::format("{} has no element {}", info.obj_repr, info.name);
  return fmt::format("'{}' has no attribute '{}'", info.obj_repr, info.name);
}

void FailUndefined(const Value& v) {
  const UndefinedInfo* info = v.undefined();
  Throw(info->error, UndefinedMessage(*info));
}

void AppendStr(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::kStr:
      out.append(v.str());
      return;
    case Kind::kUndefined: {
      const UndefinedInfo* info = v.undefined();
      switch (info->kind) {
        case UndefinedKind::kDefault:
        case UndefinedKind::kChainable:
          return;
        case UndefinedKind::kStrict:
          FailUndefined(v);
        case UndefinedKind::kDebug:
          if (!info->hint.empty()) {
            out += fmt::format("{{{{ undefined value printed: {} }}}}", info->hint);
          } else if (!info->has_obj) {
            out += fmt::format("{{{{ {} }}}}", info->name);
          } else {
            out += fmt::format(
                fmt::runtime(info->name_is_repr ? "{{{{ no such element: {}[{}] }}}}"
                                                : "{{{{ no such element: {}['{}'] }}}}"),
                info->obj_repr, info->name);
          }
          return;
      }
      return;
    }
    default:
      AppendOther(out, v);
  }
}

void AppendRepr(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::kStr:
      if (v.is_markup()) {
        out += "Markup(";
        AppendStrRepr(out, v.str());
        out.push_back(')');
      } else {
        AppendStrRepr(out, v.str());
      }
      return;
    case Kind::kUndefined:
      out += "Undefined";
      return;
    default:
      AppendOther(out, v);
  }
}

std::string ToStr(const Value& v) {
  std::string out;
  AppendStr(out, v);
  return out;
}

std::string ToRepr(const Value& v) {
  std::string out;
  AppendRepr(out, v);
  return out;
}

std::string ObjectTypeRepr(const Value& v) {
  if (v.is_none()) return "None";
  if (v.kind() == Kind::kHost) return fmt::format("{} object", v.host()->TypeName());
  if (v.is_dict() && v.dict()->mode == DictMode::kAttrDict) return "frappe._dict object";
  return fmt::format("{} object", TypeName(v));
}

}  // namespace crier::value
