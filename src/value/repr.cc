// str() and repr() of every value kind, with cycle protection for self-containing containers.
#include "value/repr.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

#include "value/bigint.h"
#include "value/ops.h"
#include "value/round.h"
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

namespace {

constexpr char kPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

uint64_t Pair(uint32_t n) {
  uint16_t two;
  std::memcpy(&two, kPairs + 2 * n, 2);
  return two;
}

}  // namespace

char* WriteFixedPadded(char* out, uint64_t k, int places) {
  int length = FixedLength(k, places);
  if (std::endian::native != std::endian::little || k >= 100000000 || places > 7) {
    return WriteFixed(out, k, places);
  }
  // The eight digits of k (zero-padded) in one register, first digit in the lowest byte, from
  // two independent halves: a short chain of multiplications instead of one per digit pair.
  auto n = static_cast<uint32_t>(k);
  uint32_t hi = n / 10000, lo = n - hi * 10000;
  uint32_t hh = hi / 100, hl = hi - hh * 100, lh = lo / 100, ll = lo - lh * 100;
  uint64_t eight = Pair(hh) | Pair(hl) << 16 | Pair(lh) << 32 | Pair(ll) << 48;
  int digits = length - (places > 0 ? 1 : 0);
  uint64_t wanted = eight >> (8 * (8 - digits));  // drop the padding zeros
  int whole = digits - places;
  std::memcpy(out, &wanted, 8);
  if (places > 0) {
    out[whole] = '.';
    uint64_t fraction = wanted >> (8 * whole);  // whole is 1..7 here
    std::memcpy(out + whole + 1, &fraction, 8);
  }
  return out + length;
}

char* WriteFixed(char* out, uint64_t k, int places) {
  // Straight into `out`, right to left, two digits at a time unless the point falls between
  // them (no scratch buffer: reading back freshly stored bytes would stall the copy).
  char* end = out + FixedLength(k, places);
  int digits = static_cast<int>(end - out) - (places > 0 ? 1 : 0);
  char* p = end;
  for (int i = 0; i < digits;) {
    if (places > 0 && i == places) *--p = '.';
    if (i + 1 < digits && i + 1 != places) {
      uint64_t q = k / 100;
      p -= 2;
      std::memcpy(p, kPairs + 2 * (k - q * 100), 2);
      k = q;
      i += 2;
    } else {
      uint64_t q = k / 10;
      *--p = static_cast<char>('0' + (k - q * 10));
      k = q;
      ++i;
    }
  }
  return end;
}

char* WriteFloatRepr(char* p, double d) {
  if (std::isnan(d)) {
    std::memcpy(p, "nan", 3);
    return p + 3;
  }
  if (std::isinf(d)) {
    if (d < 0) *p++ = '-';
    std::memcpy(p, "inf", 3);
    return p + 3;
  }
  // CPython's repr: the shortest digits that read back as d (Dragonbox, as fmt's "{}" uses),
  // positional when the decimal exponent is in [-4, 16), else d.ddde+XX; ".0" on whole numbers.
  if (std::signbit(d)) {
    *p++ = '-';
    d = -d;
  }
  if (d == 0.0) {
    std::memcpy(p, "0.0", 3);
    return p + 3;
  }
  if (d >= 1e-4 && d < 1e15) {
    // Amounts (20548.16): the fewest decimals p for which an integer k gives k / 10**p == d.
    // Division by an exact power of ten rounds correctly, so the decimal k * 10**-p reads back as
    // d; with at most 15 significant digits no other decimal that short does (DBL_DIG), so these
    // are the shortest digits, and d in [1e-4, 1e15) prints them positionally.
    for (int places = 0; places <= 6; ++places) {
      double y = d * kExactPow10[places];
      if (y >= 1e15) break;
      auto k = static_cast<uint64_t>(y + 0.5);  // a candidate; the division decides
      double kd = static_cast<double>(k);
      if (std::fabs(y - kd) > y * 0x1p-50 || kd / kExactPow10[places] != d) continue;
      p = WriteFixedPadded(p, k, places);
      if (places == 0) {
        *p++ = '.';
        *p++ = '0';
      }
      return p;
    }
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
  return p;
}

char* WriteFloatRepr(char* out, const Value& v) {
  double d = v.float_value();
  int places = v.float_places();
  double a = d < 0 ? -d : d;
  if (places >= 0 && a >= 1e-4) {
    // d is the double nearest to k / 10**places: d * 10**places is within k * 2**-52 of k, so
    // rounding it gives k back when k < 2**51 (checked through k < 10**15, which also makes
    // k / 10**places the shortest digits, see the amounts path of WriteFloatRepr(char*, double)).
    double y = a * kExactPow10[places];
    if (y < 1e15) {
      auto k = static_cast<uint64_t>(y + 0.5);
      while (places > 0 && k % 10 == 0) {
        k /= 10;
        --places;
      }
      if (std::signbit(d)) *out++ = '-';
      out = WriteFixedPadded(out, k, places);
      if (places == 0) {
        *out++ = '.';
        *out++ = '0';
      }
      return out;
    }
  }
  return WriteFloatRepr(out, d);
}

void AppendFloatRepr(std::string& out, double d) {
  char buf[kFloatReprMax];
  out.append(buf, static_cast<size_t>(WriteFloatRepr(buf, d) - buf));
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
