// Python's builtin functions with CPython 3.11 semantics and messages.
#include "value/builtins.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <unordered_map>

#include "value/bigint.h"
#include "value/methods.h"
#include "value/ops.h"
#include "value/repr.h"
#include "value/round.h"
#include "value/unicode.h"

namespace crier::value {

Value StaticFunction(const Builtin* builtin) {
  auto* f = new FunctionObj{builtin, Value(), false};  // lives for the process, immutable
  return Value::Function(f);
}

bool ParsePyFloat(std::string_view text, double* out) {
  // Strip Python whitespace.
  std::string s;
  {
    const char* p = text.data();
    const char* end = p + text.size();
    std::string tmp;
    while (p < end) {
      const char* start = p;
      char32_t c = DecodeUtf8(p, end);
      if (c >= 0x80 && IsDecimal(c)) {
        tmp.push_back(static_cast<char>('0' + DecimalValue(c)));
      } else if (IsSpace(c)) {
        tmp.push_back(' ');
      } else {
        tmp.append(start, static_cast<size_t>(p - start));
      }
    }
    size_t b = tmp.find_first_not_of(' ');
    size_t e = tmp.find_last_not_of(' ');
    if (b == std::string::npos) return false;
    s = tmp.substr(b, e - b + 1);
  }
  std::string lower = s;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view body = lower;
  bool neg = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "inf" || body == "infinity") {
    *out = neg ? -INFINITY : INFINITY;
    return true;
  }
  if (body == "nan") {
    *out = NAN;
    return true;
  }
  // Underscores only between digits.
  std::string clean;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '_') {
      if (i == 0 || i + 1 >= body.size() ||
          !std::isdigit(static_cast<unsigned char>(body[i - 1])) ||
          !std::isdigit(static_cast<unsigned char>(body[i + 1]))) {
        return false;
      }
      continue;
    }
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == '+' ||
          c == '-')) {
      return false;
    }
    clean.push_back(c);
  }
  if (clean.empty()) return false;
  // Grammar: digits [. digits] [e [+-] digits] with at least one digit in the mantissa.
  size_t i = 0;
  size_t mant_digits = 0;
  while (i < clean.size() && std::isdigit(static_cast<unsigned char>(clean[i]))) ++i, ++mant_digits;
  if (i < clean.size() && clean[i] == '.') {
    ++i;
    while (i < clean.size() && std::isdigit(static_cast<unsigned char>(clean[i])))
      ++i, ++mant_digits;
  }
  if (mant_digits == 0) return false;
  if (i < clean.size() && clean[i] == 'e') {
    ++i;
    if (i < clean.size() && (clean[i] == '+' || clean[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < clean.size() && std::isdigit(static_cast<unsigned char>(clean[i])))
      ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != clean.size()) return false;
  double d = 0;
  auto r = std::from_chars(clean.data(), clean.data() + clean.size(), d);
  if (r.ec == std::errc::result_out_of_range) {
    // Overflow gives inf, underflow 0, as Python.
    bool big = clean.find('e') == std::string::npos || clean[clean.find('e') + 1] != '-';
    d = big ? INFINITY : 0.0;
  } else if (r.ec != std::errc()) {
    return false;
  }
  *out = neg ? -d : d;
  return true;
}

namespace {

Value ParseIntText(Runtime& rt, const Value& v, int base) {
  std::string_view text = v.str();
  std::string s;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const char* start = p;
    char32_t c = DecodeUtf8(p, end);
    if (c >= 0x80 && IsDecimal(c))
      s.push_back(static_cast<char>('0' + DecimalValue(c)));
    else if (IsSpace(c))
      s.push_back(' ');
    else
      s.append(start, static_cast<size_t>(p - start));
  }
  auto invalid = [&]() -> Value {
    Throw(ErrorClass::kValueError, fmt::format("invalid literal for int() with base {}: {}",
                                               base < 0 ? 10 : base, ToRepr(v)));
  };
  size_t b = s.find_first_not_of(' ');
  size_t e = s.find_last_not_of(' ');
  if (b == std::string::npos) return invalid();
  std::string_view body(s.data() + b, e - b + 1);
  bool neg = false;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  int radix = base < 0 ? 10 : base;
  if (body.size() >= 2 && body[0] == '0') {
    char x = static_cast<char>(std::tolower(static_cast<unsigned char>(body[1])));
    int prefixed = x == 'x' ? 16 : x == 'o' ? 8 : x == 'b' ? 2 : 0;
    if (prefixed && (radix == prefixed || radix == 0)) {
      radix = prefixed;
      body.remove_prefix(2);
      if (!body.empty() && body[0] == '_') body.remove_prefix(1);
    }
  }
  if (radix == 0) {
    radix = 10;
    // Base 0 forbids leading zeros in non-zero decimals.
    if (body.size() > 1 && body[0] == '0' &&
        body.find_first_not_of("0_") != std::string_view::npos) {
      return invalid();
    }
  }
  if (body.empty() || body.front() == '_' || body.back() == '_') return invalid();
  BigInt acc = 0;
  int64_t small = 0;
  bool big = false;
  size_t digits = 0;
  char prev = 0;
  for (char c : body) {
    if (c == '_') {
      if (prev == '_') return invalid();
      prev = c;
      continue;
    }
    prev = c;
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (std::isalpha(static_cast<unsigned char>(c)))
      d = std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    else
      return invalid();
    if (d >= radix) return invalid();
    ++digits;
    if (!big) {
      int64_t next;
      if (__builtin_mul_overflow(small, radix, &next) || __builtin_add_overflow(next, d, &next)) {
        big = true;
        acc = small;
      } else {
        small = next;
        continue;
      }
    }
    acc = acc * radix + d;
  }
  if (radix == 10 && digits > 4300) {
    Throw(ErrorClass::kValueError,
          "Exceeds the limit (4300 digits) for integer string conversion: value has more digits; "
          "use sys.set_int_max_str_digits() to increase the limit");
  }
  if (!big) return Value::Int(neg ? -small : small);
  try {
    return FromBig(rt, neg ? BigInt(-acc) : acc);
  } catch (const std::overflow_error&) {
    Throw(ErrorClass::kOverflowError, "integer too large");
  }
}

}  // namespace

Value PyInt(Runtime& rt, const Value& v, int base) {
  if (base >= 0) {
    if (!v.is_str())
      Throw(ErrorClass::kTypeError, "int() can't convert non-string with explicit base");
    if (base == 1 || base > 36)
      Throw(ErrorClass::kValueError, "int() base must be >= 2 and <= 36, or 0");
    return ParseIntText(rt, v, base);
  }
  switch (v.kind()) {
    case Kind::kInt:
    case Kind::kBigInt:
      return v;
    case Kind::kBool:
      return Value::Int(v.int_value());
    case Kind::kFloat: {
      double d = v.float_value();
      if (std::isinf(d))
        Throw(ErrorClass::kOverflowError, "cannot convert float infinity to integer");
      if (std::isnan(d)) Throw(ErrorClass::kValueError, "cannot convert float NaN to integer");
      double t = std::trunc(d);
      if (std::fabs(t) < 9.2e18) return Value::Int(static_cast<int64_t>(t));
      return FromBig(rt, BigInt(t));
    }
    case Kind::kStr:
      return ParseIntText(rt, v, -1);
    default:
      if (v.is_undefined()) FailUndefined(v);
      Throw(ErrorClass::kTypeError,
            fmt::format("int() argument must be a string, a bytes-like object or a real number, "
                        "not '{}'",
                        TypeName(v)));
  }
}

Value PyFloat(Runtime&, const Value& v) {
  switch (v.kind()) {
    case Kind::kFloat:
      return v;
    case Kind::kInt:
    case Kind::kBool:
    case Kind::kBigInt:
      return Value::Float(ToDouble(v));
    case Kind::kStr: {
      double d;
      if (!ParsePyFloat(v.str(), &d)) {
        Throw(ErrorClass::kValueError,
              fmt::format("could not convert string to float: {}", ToRepr(v)));
      }
      return Value::Float(d);
    }
    default:
      if (v.is_undefined()) FailUndefined(v);
      Throw(
          ErrorClass::kTypeError,
          fmt::format("float() argument must be a string or a real number, not '{}'", TypeName(v)));
  }
}

Value PyRound(Runtime& rt, const Value& x, const Value& ndigits) {
  if (x.is_undefined()) FailUndefined(x);
  if (!x.is_number()) {
    Throw(ErrorClass::kTypeError,
          fmt::format("type {} doesn't define __round__ method", TypeName(x)));
  }
  if (ndigits.is_none()) {
    if (x.is_integral()) return x.is_bool() ? Value::Int(x.int_value()) : x;
    double d = x.float_value();
    if (std::isinf(d))
      Throw(ErrorClass::kOverflowError, "cannot convert float infinity to integer");
    if (std::isnan(d)) Throw(ErrorClass::kValueError, "cannot convert float NaN to integer");
    double r = std::nearbyint(d);
    if (std::fabs(r) < 9.2e18) return Value::Int(static_cast<int64_t>(r));
    return FromBig(rt, BigInt(r));
  }
  int64_t n = IndexValue(ndigits, "'float' object cannot be interpreted as an integer");
  if (x.is_integral()) {
    if (n >= 0) return x.is_bool() ? Value::Int(x.int_value()) : x;
    BigInt v = ToBig(x);
    // Past the number's own digits the result is 0 (|v| < 10**digits <= 10**-n / 2).
    const auto digits = static_cast<int64_t>(BigToString(boost::multiprecision::abs(v)).size());
    if (-n > digits) return Value::Int(0);
    BigInt pow10 = 1;
    for (int64_t i = 0; i < -n; ++i) pow10 *= 10;
    BigInt q = v / pow10;
    BigInt r = v - q * pow10;
    if (r < 0) {
      q -= 1;
      r += pow10;
    }
    BigInt twice = r * 2;
    if (twice > pow10 || (twice == pow10 && (q % 2 != 0))) q += 1;
    return FromBig(rt, q * pow10);
  }
  return Value::Float(RoundDouble(x.float_value(), n));
}

namespace {

Value FnInt(Runtime& rt, Value, const CallArgs& call) {
  Args a("int", call, {"x", "base"}, 0);
  if (!a.has(0)) {
    if (a.has(1)) Throw(ErrorClass::kTypeError, "int() missing string argument");
    return Value::Int(0);
  }
  if (a.has(1)) {
    int64_t base = IndexValue(a[1], "'base' must be an integer");
    return PyInt(rt, a[0], static_cast<int>(std::clamp<int64_t>(base, -1, 37)));
  }
  return PyInt(rt, a[0]);
}

Value FnFloat(Runtime& rt, Value, const CallArgs& call) {
  PositionalOnly("float", call, 0, 1);
  if (call.pos.empty()) return Value::Float(0.0);
  return PyFloat(rt, call.pos[0]);
}

Value FnRound(Runtime& rt, Value, const CallArgs& call) {
  Args a("round", call, {"number", "ndigits"}, 1);
  return PyRound(rt, a[0], a.get(1, Value::None()));
}

Value FnLen(Runtime&, Value, const CallArgs& call) {
  PositionalOnly("len", call, 1, 1);
  return Value::Int(Length(call.pos[0]));
}

Value FnStr(Runtime& rt, Value, const CallArgs& call) {
  Args a("str", call, {"object"}, 0);
  if (!a.has(0)) return Value::StrRaw({}, kStrAscii);
  if (a[0].is_str() && !a[0].is_markup()) return a[0];
  return rt.NewStr(ToStr(a[0]));
}

Value FnBool(Runtime&, Value, const CallArgs& call) {
  PositionalOnly("bool", call, 0, 1);
  return Value::Bool(!call.pos.empty() && Truthy(call.pos[0]));
}

Value FnAbs(Runtime& rt, Value, const CallArgs& call) {
  PositionalOnly("abs", call, 1, 1);
  const Value& v = call.pos[0];
  if (v.is_float()) return Value::Float(std::fabs(v.float_value()));
  if (v.is_int() || v.is_bool()) {
    if (v.int_value() == INT64_MIN) return FromBig(rt, -BigInt(v.int_value()));
    return Value::Int(std::abs(v.int_value()));
  }
  if (v.is_bigint()) return FromBig(rt, boost::multiprecision::abs(v.bigint()->v));
  Throw(ErrorClass::kTypeError, fmt::format("bad operand type for abs(): '{}'", TypeName(v)));
}

Value MinMax(Runtime& rt, const CallArgs& call, bool is_max) {
  std::string_view name = is_max ? "max" : "min";
  Value key, dflt;
  bool has_default = false;
  for (const KwArg& kw : call.kw) {
    if (kw.name == "key")
      key = kw.value;
    else if (kw.name == "default") {
      dflt = kw.value;
      has_default = true;
    } else {
      Throw(ErrorClass::kTypeError,
            fmt::format("{}() got an unexpected keyword argument '{}'", name, kw.name));
    }
  }
  if (call.pos.empty()) {
    Throw(ErrorClass::kTypeError, fmt::format("{} expected at least 1 argument, got 0", name));
  }
  Value best, best_key;
  bool have = false;
  auto consider = [&](const Value& v) {
    Value k = key.is_none() ? v : rt.Call(key, {v});
    if (!have || Compare(rt, is_max ? CmpOp::kGt : CmpOp::kLt, k, best_key)) {
      best = v;
      best_key = k;
      have = true;
    }
  };
  if (call.pos.size() == 1) {
    Iter it(rt, call.pos[0]);
    Value v;
    while (it.Next(&v)) consider(v);
    if (!have) {
      if (has_default) return dflt;
      Throw(ErrorClass::kValueError, fmt::format("{}() arg is an empty sequence", name));
    }
    return best;
  }
  if (has_default) {
    Throw(
        ErrorClass::kTypeError,
        fmt::format("Cannot specify a default for {}() with multiple positional arguments", name));
  }
  for (const Value& v : call.pos) consider(v);
  return best;
}

Value FnMin(Runtime& rt, Value, const CallArgs& call) {
  return MinMax(rt, call, false);
}
Value FnMax(Runtime& rt, Value, const CallArgs& call) {
  return MinMax(rt, call, true);
}

Value FnSum(Runtime& rt, Value, const CallArgs& call) {
  Args a("sum", call, {"iterable", "start"}, 1);
  Value acc = a.get(1, Value::Int(0));
  if (acc.is_str())
    Throw(ErrorClass::kTypeError, "sum() can't sum strings [use ''.join(seq) instead]");
  Iter it(rt, a[0]);
  Value v;
  while (it.Next(&v)) {
    rt.Step();
    acc = Binary(rt, BinOp::kAdd, acc, v);
  }
  return acc;
}

Value FnAny(Runtime& rt, Value, const CallArgs& call) {
  PositionalOnly("any", call, 1, 1);
  Iter it(rt, call.pos[0]);
  Value v;
  while (it.Next(&v)) {
    if (Truthy(v)) return Value::Bool(true);
  }
  return Value::Bool(false);
}

Value FnAll(Runtime& rt, Value, const CallArgs& call) {
  PositionalOnly("all", call, 1, 1);
  Iter it(rt, call.pos[0]);
  Value v;
  while (it.Next(&v)) {
    if (!Truthy(v)) return Value::Bool(false);
  }
  return Value::Bool(true);
}

Value FnSorted(Runtime& rt, Value, const CallArgs& call) {
  if (call.pos.size() != 1) {
    Throw(ErrorClass::kTypeError,
          fmt::format("sorted expected 1 argument, got {}", call.pos.size()));
  }
  Value key;
  bool reverse = false;
  for (const KwArg& kw : call.kw) {
    if (kw.name == "key")
      key = kw.value;
    else if (kw.name == "reverse")
      reverse = Truthy(kw.value);
    else {
      Throw(ErrorClass::kTypeError,
            fmt::format("sort() got an unexpected keyword argument '{}'", kw.name));
    }
  }
  ListObj* l = ToList(rt, call.pos[0]);
  SortValues(rt, l->items, key, reverse);
  return Value::List(l);
}

const Builtin kBuiltins[] = {
    {"int", FnInt},   {"float", FnFloat}, {"round", FnRound},   {"len", FnLen}, {"str", FnStr},
    {"bool", FnBool}, {"abs", FnAbs},     {"min", FnMin},       {"max", FnMax}, {"sum", FnSum},
    {"any", FnAny},   {"all", FnAll},     {"sorted", FnSorted},
};

}  // namespace

const Value* FindPythonBuiltin(std::string_view name) {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, Value>();
    for (const Builtin& b : kBuiltins) t->emplace(b.name, StaticFunction(&b));
    return t;
  }();
  auto it = table->find(name);
  return it == table->end() ? nullptr : &it->second;
}

}  // namespace crier::value
