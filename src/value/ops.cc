// Python 3.11's operator semantics on values. Integer arithmetic stays on int64 with overflow
// checks and moves to BigInt only when a result does not fit; float floor division and modulo
// follow CPython's float_divmod exactly.
#include "value/ops.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "value/bigint.h"
#include "value/dict.h"
#include "value/format.h"
#include "value/repr.h"
#include "value/unicode.h"

namespace crier::value {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

std::string_view BinOpSymbol(BinOp op) {
  switch (op) {
    case BinOp::kAdd:
      return "+";
    case BinOp::kSub:
      return "-";
    case BinOp::kMul:
      return "*";
    case BinOp::kDiv:
      return "/";
    case BinOp::kFloorDiv:
      return "//";
    case BinOp::kMod:
      return "%";
    case BinOp::kPow:
      return "** or pow()";
    case BinOp::kBitAnd:
      return "&";
    case BinOp::kBitOr:
      return "|";
    case BinOp::kBitXor:
      return "^";
    case BinOp::kLShift:
      return "<<";
    case BinOp::kRShift:
      return ">>";
    case BinOp::kMatMul:
      return "@";
  }
  return "?";
}

std::string_view CmpOpSymbol(CmpOp op) {
  switch (op) {
    case CmpOp::kEq:
      return "==";
    case CmpOp::kNe:
      return "!=";
    case CmpOp::kLt:
      return "<";
    case CmpOp::kLe:
      return "<=";
    case CmpOp::kGt:
      return ">";
    case CmpOp::kGe:
      return ">=";
    case CmpOp::kIn:
      return "in";
    case CmpOp::kNotIn:
      return "not in";
    case CmpOp::kIs:
      return "is";
    case CmpOp::kIsNot:
      return "is not";
  }
  return "?";
}

std::string_view TypeName(const Value& v) {
  switch (v.kind()) {
    case Kind::kUndefined:
      switch (v.undefined()->kind) {
        case UndefinedKind::kDebug:
          return "DebugUndefined";
        case UndefinedKind::kStrict:
          return "StrictUndefined";
        case UndefinedKind::kChainable:
          return "ChainableUndefined";
        default:
          return "Undefined";
      }
    case Kind::kNone:
      return "NoneType";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
    case Kind::kBigInt:
      return "int";
    case Kind::kFloat:
      return "float";
    case Kind::kStr:
      return v.is_markup() ? "Markup" : "str";
    case Kind::kList:
      return "list";
    case Kind::kTuple:
      return "tuple";
    case Kind::kDict:
      switch (v.dict()->mode) {
        case DictMode::kAttrDict:
          return "_dict";
        case DictMode::kDocument:
          return "Document";
        default:
          return "dict";
      }
    case Kind::kSet:
      return "set";
    case Kind::kRange:
      return "range";
    case Kind::kDictView:
      switch (v.view_kind()) {
        case ViewKind::kKeys:
          return "dict_keys";
        case ViewKind::kValues:
          return "dict_values";
        case ViewKind::kItems:
          return "dict_items";
      }
      return "dict_keys";
    case Kind::kIterator:
      return v.iter()->type_name;
    case Kind::kFunction:
      return "builtin_function_or_method";
    case Kind::kHost: {
      std::string_view name = v.host()->TypeName();
      size_t dot = name.rfind('.');
      return dot == std::string_view::npos ? name : name.substr(dot + 1);
    }
  }
  return "object";
}

// ---------------------------------------------------------------------------------------------
// Truthiness, equality, ordering, hashing.

bool Truthy(const Value& v) {
  switch (v.kind()) {
    case Kind::kUndefined:
      if (v.undefined()->kind == UndefinedKind::kStrict) FailUndefined(v);
      return false;
    case Kind::kNone:
      return false;
    case Kind::kBool:
    case Kind::kInt:
      return v.int_value() != 0;
    case Kind::kBigInt:
      return true;
    case Kind::kFloat:
      return v.float_value() != 0.0;
    case Kind::kStr:
      return !v.str().empty();
    case Kind::kList:
    case Kind::kTuple:
      return v.list()->items.size != 0;
    case Kind::kDict:
    case Kind::kSet:
    case Kind::kDictView:
      return v.dict()->entries.size != 0;
    case Kind::kRange:
      return Length(v) != 0;
    case Kind::kIterator:
    case Kind::kFunction:
      return true;
    case Kind::kHost:
      return v.host()->Truthy();
  }
  return true;
}

namespace {

// -1, 0, 1, or 2 when unordered (NaN). REQUIRES: both numbers.
int NumCompare(const Value& a, const Value& b) {
  bool af = a.is_float(), bf = b.is_float();
  if (!af && !bf) {
    if (!a.is_bigint() && !b.is_bigint()) {
      int64_t x = a.int_value(), y = b.int_value();
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    BigInt x = ToBig(a), y = ToBig(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (af && bf) {
    double x = a.float_value(), y = b.float_value();
    if (std::isnan(x) || std::isnan(y)) return 2;
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  bool swap = !af;  // make `a` the float
  const Value& f = swap ? b : a;
  const Value& i = swap ? a : b;
  double x = f.float_value();
  int r;
  if (std::isnan(x)) return 2;
  if (std::isinf(x)) {
    r = x > 0 ? 1 : -1;
  } else if (!i.is_bigint()) {
    long double lx = x, li = static_cast<long double>(i.int_value());
    r = lx < li ? -1 : (lx > li ? 1 : 0);
  } else {
    double fl = std::floor(x);
    BigInt big_floor(fl);
    const BigInt& bi = i.bigint()->v;
    if (big_floor < bi) {
      r = -1;
    } else if (big_floor > bi) {
      r = 1;
    } else {
      r = x > fl ? 1 : 0;
    }
  }
  return swap ? -r : r;
}

bool SequenceEqual(const ListObj* a, const ListObj* b) {
  if (a == b) return true;
  if (a->items.size != b->items.size) return false;
  for (uint32_t i = 0; i < a->items.size; ++i) {
    if (!Equal(a->items[i], b->items[i])) return false;
  }
  return true;
}

bool DictEqual(const DictObj* a, const DictObj* b, bool compare_values) {
  if (a == b) return true;
  if (a->entries.size != b->entries.size) return false;
  for (const DictEntry& e : a->entries) {
    int64_t j = DictFind(b, e.key, e.hash);
    if (j < 0) return false;
    if (compare_values && !Equal(e.value, b->entries[static_cast<size_t>(j)].value)) return false;
  }
  return true;
}

int64_t RangeLength(const RangeObj* r) {
  if (r->step > 0 && r->start < r->stop) {
    return static_cast<int64_t>(
        (static_cast<UInt128>(r->stop - r->start) - 1) / static_cast<UInt128>(r->step) + 1);
  }
  if (r->step < 0 && r->start > r->stop) {
    return static_cast<int64_t>((static_cast<UInt128>(r->start - r->stop) - 1) /
                                    static_cast<UInt128>(-static_cast<Int128>(r->step)) +
                                1);
  }
  return 0;
}

thread_local int compare_depth = 0;

struct DepthGuard {
  DepthGuard() {
    if (++compare_depth > 400) {
      --compare_depth;
      Throw(ErrorClass::kRecursionError, "maximum recursion depth exceeded in comparison");
    }
  }
  ~DepthGuard() { --compare_depth; }
};

[[noreturn]] void OrderError(CmpOp op, const Value& a, const Value& b) {
  Throw(ErrorClass::kTypeError, fmt::format("'{}' not supported between instances of '{}' and '{}'",
                                            CmpOpSymbol(op), TypeName(a), TypeName(b)));
}

bool ApplyOrder(CmpOp op, int c) {
  switch (op) {
    case CmpOp::kLt:
      return c < 0;
    case CmpOp::kLe:
      return c <= 0;
    case CmpOp::kGt:
      return c > 0;
    case CmpOp::kGe:
      return c >= 0;
    default:
      return false;
  }
}

bool SetCompare(CmpOp op, const DictObj* a, const DictObj* b) {
  auto subset = [](const DictObj* x, const DictObj* y) {
    if (x->entries.size > y->entries.size) return false;
    for (const DictEntry& e : x->entries) {
      if (DictFind(y, e.key, e.hash) < 0) return false;
    }
    return true;
  };
  switch (op) {
    case CmpOp::kLe:
      return subset(a, b);
    case CmpOp::kLt:
      return a->entries.size < b->entries.size && subset(a, b);
    case CmpOp::kGe:
      return subset(b, a);
    case CmpOp::kGt:
      return b->entries.size < a->entries.size && subset(b, a);
    default:
      return false;
  }
}

}  // namespace

bool Equal(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kStr && kb == Kind::kStr) return SameText(a.str(), b.str());
  if (ka == Kind::kInt && kb == Kind::kInt) return a.int_value() == b.int_value();
  if (a.is_number() && b.is_number()) return NumCompare(a, b) == 0;
  if (ka == Kind::kUndefined || kb == Kind::kUndefined) {
    if (ka == Kind::kUndefined && a.undefined()->kind == UndefinedKind::kStrict) FailUndefined(a);
    if (kb == Kind::kUndefined && b.undefined()->kind == UndefinedKind::kStrict) FailUndefined(b);
    return ka == kb && a.undefined()->kind == b.undefined()->kind;
  }
  if (ka != kb) return false;
  switch (ka) {
    case Kind::kNone:
      return true;
    case Kind::kList:
    case Kind::kTuple: {
      DepthGuard guard;
      return SequenceEqual(a.list(), b.list());
    }
    case Kind::kDict: {
      DepthGuard guard;
      return DictEqual(a.dict(), b.dict(), true);
    }
    case Kind::kSet:
      return DictEqual(a.dict(), b.dict(), false);
    case Kind::kRange: {
      int64_t la = RangeLength(a.range()), lb = RangeLength(b.range());
      if (la != lb) return false;
      if (la == 0) return true;
      if (a.range()->start != b.range()->start) return false;
      return la == 1 || a.range()->step == b.range()->step;
    }
    case Kind::kFunction: {
      const FunctionObj* fa = a.function();
      const FunctionObj* fb = b.function();
      return fa == fb || (fa->builtin == fb->builtin && fa->bound == fb->bound &&
                          Identical(fa->self, fb->self));
    }
    case Kind::kDictView:
      return a.dict() == b.dict() && a.view_kind() == b.view_kind() &&
             a.view_kind() != ViewKind::kValues;
    default:
      return a.pointer() == b.pointer();
  }
}

bool Identical(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kNone:
      return true;
    case Kind::kBool:
      return a.bool_value() == b.bool_value();
    case Kind::kInt:
      return a.int_value() == b.int_value() && a.int_value() >= -5 && a.int_value() <= 256;
    case Kind::kFloat:
    case Kind::kBigInt:
      return false;
    case Kind::kStr:
      return a.str().data() == b.str().data() && a.str().size() == b.str().size();
    case Kind::kUndefined:
      return a.undefined() == b.undefined();
    case Kind::kDictView:
      return false;
    default:
      return a.pointer() == b.pointer();
  }
}

bool Compare(Runtime& rt, CmpOp op, const Value& a, const Value& b) {
  switch (op) {
    case CmpOp::kEq:
      return Equal(a, b);
    case CmpOp::kNe:
      return !Equal(a, b);
    case CmpOp::kIn:
      return Contains(rt, b, a);
    case CmpOp::kNotIn:
      return !Contains(rt, b, a);
    case CmpOp::kIs:
      return Identical(a, b);
    case CmpOp::kIsNot:
      return !Identical(a, b);
    default:
      break;
  }
  if (a.is_undefined()) FailUndefined(a);
  if (b.is_undefined()) FailUndefined(b);
  if (a.is_number() && b.is_number()) {
    int c = NumCompare(a, b);
    return c != 2 && ApplyOrder(op, c);
  }
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kStr && kb == Kind::kStr) {
    int c = a.str().compare(b.str());
    return ApplyOrder(op, c);
  }
  if ((ka == Kind::kList || ka == Kind::kTuple) && ka == kb) {
    DepthGuard guard;
    const ListObj* x = a.list();
    const ListObj* y = b.list();
    uint32_t n = std::min(x->items.size, y->items.size);
    for (uint32_t i = 0; i < n; ++i) {
      if (!Equal(x->items[i], y->items[i])) return Compare(rt, op, x->items[i], y->items[i]);
    }
    int c = x->items.size < y->items.size ? -1 : (x->items.size > y->items.size ? 1 : 0);
    return ApplyOrder(op, c);
  }
  if (ka == Kind::kSet && kb == Kind::kSet) return SetCompare(op, a.dict(), b.dict());
  OrderError(op, a, b);
}

uint64_t HashString(std::string_view s) {
  // 64-bit FNV-1a over 8-byte words, then a final avalanche; stable across runs.
  uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  if (n != 0) std::memcpy(&w, p, n);  // p may be null for the empty string
  h = (h ^ w) * 0x100000001b3ULL;
  h ^= h >> 32;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

namespace {

uint64_t MixInt(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

uint64_t HashBig(const BigInt& b) {
  return HashString(BigToString(b)) ^ 0x5bd1e995ULL;
}

}  // namespace

uint64_t Hash(const Value& v) {
  switch (v.kind()) {
    case Kind::kStr:
      return HashString(v.str());
    case Kind::kBool:
    case Kind::kInt:
      return MixInt(static_cast<uint64_t>(v.int_value()));
    case Kind::kBigInt:
      return HashBig(v.bigint()->v);
    case Kind::kFloat: {
      double d = v.float_value();
      if (std::isfinite(d) && d == std::floor(d)) {
        if (d >= -9.2e18 && d <= 9.2e18)
          return MixInt(static_cast<uint64_t>(static_cast<int64_t>(d)));
        return HashBig(BigInt(d));
      }
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return MixInt(bits ^ 0x9e3779b97f4a7c15ULL);
    }
    case Kind::kNone:
      return 0x2545F4914F6CDD1DULL;
    case Kind::kUndefined:
      if (v.undefined()->kind == UndefinedKind::kStrict) FailUndefined(v);
      return 0x1234567ULL + static_cast<uint64_t>(v.undefined()->kind);
    case Kind::kTuple: {
      uint64_t h = 0x345678ULL;
      for (const Value& item : v.list()->items) h = MixInt(h ^ Hash(item)) + 0x9e3779b9ULL;
      return h;
    }
    case Kind::kRange:
      return MixInt(static_cast<uint64_t>(v.range()->start) * 31 +
                    static_cast<uint64_t>(v.range()->stop) * 17 +
                    static_cast<uint64_t>(v.range()->step));
    case Kind::kList:
    case Kind::kDict:
    case Kind::kSet:
    case Kind::kDictView:
      Throw(ErrorClass::kTypeError, fmt::format("unhashable type: '{}'", TypeName(v)));
    default:
      return MixInt(reinterpret_cast<uintptr_t>(v.pointer()));
  }
}

// ---------------------------------------------------------------------------------------------
// Arithmetic.

double ToDouble(const Value& v) {
  switch (v.kind()) {
    case Kind::kFloat:
      return v.float_value();
    case Kind::kInt:
    case Kind::kBool:
      return static_cast<double>(v.int_value());
    case Kind::kBigInt:
      return BigToDouble(v.bigint()->v);
    default:
      Throw(ErrorClass::kTypeError, fmt::format("must be real number, not {}", TypeName(v)));
  }
}

namespace {

[[noreturn]] void OperandError(BinOp op, const Value& a, const Value& b) {
  Throw(ErrorClass::kTypeError, fmt::format("unsupported operand type(s) for {}: '{}' and '{}'",
                                            BinOpSymbol(op), TypeName(a), TypeName(b)));
}

Value BigOp(Runtime& rt, BinOp op, const Value& a, const Value& b) {
  try {
    BigInt x = ToBig(a), y = ToBig(b);
    switch (op) {
      case BinOp::kAdd:
        return FromBig(rt, x + y);
      case BinOp::kSub:
        return FromBig(rt, x - y);
      case BinOp::kMul: {
        if (x == 0 || y == 0) return Value::Int(0);  // msb() of zero throws.
        if (static_cast<int>(boost::multiprecision::msb(boost::multiprecision::abs(x)) +
                             boost::multiprecision::msb(boost::multiprecision::abs(y))) >
            rt.limits.max_int_bits + 2) {
          Throw(
              ErrorClass::kOverflowError,
              fmt::format("integer exceeds {} bits (limits.max_int_bits)", rt.limits.max_int_bits));
        }
        return FromBig(rt, x * y);
      }
      case BinOp::kFloorDiv:
      case BinOp::kMod: {
        if (y == 0) {
          Throw(ErrorClass::kZeroDivisionError, op == BinOp::kMod
                                                    ? "integer modulo by zero"
                                                    : "integer division or modulo by zero");
        }
        BigInt q = x / y;
        BigInt r = x - q * y;
        if (r != 0 && ((r < 0) != (y < 0))) {
          q -= 1;
          r += y;
        }
        return FromBig(rt, op == BinOp::kMod ? r : q);
      }
      case BinOp::kBitAnd:
        return FromBig(rt, BigAnd(x, y));
      case BinOp::kBitOr:
        return FromBig(rt, BigOr(x, y));
      case BinOp::kBitXor:
        return FromBig(rt, BigXor(x, y));
      default:
        break;
    }
  } catch (const std::overflow_error&) {
    Throw(ErrorClass::kOverflowError,
          fmt::format("integer exceeds {} bits (limits.max_int_bits)", rt.limits.max_int_bits));
  }
  OperandError(op, a, b);
}

Value IntPow(Runtime& rt, const Value& a, const Value& b) {
  if (b.is_bigint()) {
    if (b.bigint()->v < 0) return Value::Float(std::pow(ToDouble(a), ToDouble(b)));
    BigInt x = ToBig(a);
    if (x == 0 || x == 1) return a.is_bool() ? Value::Int(a.int_value()) : a;
    if (x == -1) return Value::Int(boost::multiprecision::bit_test(b.bigint()->v, 0) ? -1 : 1);
    Throw(ErrorClass::kOverflowError,
          fmt::format("integer exceeds {} bits (limits.max_int_bits)", rt.limits.max_int_bits));
  }
  int64_t e = b.int_value();
  if (e < 0) {
    double base = ToDouble(a);
    if (base == 0.0) {
      Throw(ErrorClass::kZeroDivisionError, "0.0 cannot be raised to a negative power");
    }
    return Value::Float(std::pow(base, static_cast<double>(e)));
  }
  if (!a.is_bigint()) {
    int64_t base = a.int_value();
    int64_t result = 1;
    int64_t x = base;
    int64_t n = e;
    bool overflow = false;
    while (n > 0) {
      if (n & 1) {
        if (__builtin_mul_overflow(result, x, &result)) {
          overflow = true;
          break;
        }
      }
      n >>= 1;
      if (n > 0 && __builtin_mul_overflow(x, x, &x)) {
        overflow = true;
        break;
      }
    }
    if (!overflow) return Value::Int(result);
  }
  BigInt base = ToBig(a);
  if (base == 0 || base == 1) return Value::Int(base == 0 ? (e == 0 ? 1 : 0) : 1);
  if (base == -1) return Value::Int(e % 2 ? -1 : 1);
  // log2 of the result, from the base's magnitude (exact enough for bases below 2**1000).
  double magnitude =
      static_cast<double>(boost::multiprecision::msb(boost::multiprecision::abs(base)));
  if (magnitude < 1000) magnitude = std::log2(std::fabs(base.convert_to<double>()));
  double bits = magnitude * static_cast<double>(e);
  if (bits > rt.limits.max_int_bits + 1) {
    Throw(ErrorClass::kOverflowError,
          fmt::format("integer exceeds {} bits (limits.max_int_bits)", rt.limits.max_int_bits));
  }
  try {
    return FromBig(rt, boost::multiprecision::pow(base, static_cast<unsigned>(e)));
  } catch (const std::overflow_error&) {
    Throw(ErrorClass::kOverflowError,
          fmt::format("integer exceeds {} bits (limits.max_int_bits)", rt.limits.max_int_bits));
  }
}

Value FloatPow(double x, double y) {
  if (x == 0.0 && y < 0.0) {
    Throw(ErrorClass::kZeroDivisionError, "0.0 cannot be raised to a negative power");
  }
  if (x < 0.0 && std::isfinite(x) && std::isfinite(y) && y != std::floor(y)) {
    Throw(ErrorClass::kValueError,
          "negative number cannot be raised to a fractional power (complex results are not "
          "supported)");
  }
  double r = std::pow(x, y);
  if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) {
    Throw(ErrorClass::kOverflowError, "(34, 'Numerical result out of range')");
  }
  return Value::Float(r);
}

void FloatDivMod(double vx, double wx, double* floordiv, double* mod) {
  double m = std::fmod(vx, wx);
  double div = (vx - m) / wx;
  if (m != 0.0) {
    if ((wx < 0) != (m < 0)) {
      m += wx;
      div -= 1.0;
    }
  } else {
    m = std::copysign(0.0, wx);
  }
  double fd;
  if (div != 0.0) {
    fd = std::floor(div);
    if (div - fd > 0.5) fd += 1.0;
  } else {
    fd = std::copysign(0.0, vx / wx);
  }
  *floordiv = fd;
  *mod = m;
}

Value NumberOp(Runtime& rt, BinOp op, const Value& a, const Value& b) {
  bool floats = a.is_float() || b.is_float();
  if (!floats) {
    if (!a.is_bigint() && !b.is_bigint()) {
      int64_t x = a.int_value(), y = b.int_value(), r;
      switch (op) {
        case BinOp::kAdd:
          if (!__builtin_add_overflow(x, y, &r)) return Value::Int(r);
          return BigOp(rt, op, a, b);
        case BinOp::kSub:
          if (!__builtin_sub_overflow(x, y, &r)) return Value::Int(r);
          return BigOp(rt, op, a, b);
        case BinOp::kMul:
          if (!__builtin_mul_overflow(x, y, &r)) return Value::Int(r);
          return BigOp(rt, op, a, b);
        case BinOp::kDiv: {
          if (y == 0) Throw(ErrorClass::kZeroDivisionError, "division by zero");
          if (std::abs(x) < (int64_t{1} << 53) && std::abs(y) < (int64_t{1} << 53)) {
            return Value::Float(static_cast<double>(x) / static_cast<double>(y));
          }
          return Value::Float(
              static_cast<double>(static_cast<long double>(x) / static_cast<long double>(y)));
        }
        case BinOp::kFloorDiv: {
          if (y == 0) Throw(ErrorClass::kZeroDivisionError, "integer division or modulo by zero");
          if (x == INT64_MIN && y == -1) return BigOp(rt, op, a, b);
          int64_t q = x / y;
          if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
          return Value::Int(q);
        }
        case BinOp::kMod: {
          if (y == 0) Throw(ErrorClass::kZeroDivisionError, "integer modulo by zero");
          if (y == -1) return Value::Int(0);
          int64_t m = x % y;
          if (m != 0 && ((m < 0) != (y < 0))) m += y;
          return Value::Int(m);
        }
        case BinOp::kPow:
          return IntPow(rt, a, b);
        case BinOp::kBitAnd:
          return a.is_bool() && b.is_bool() ? Value::Bool(x & y) : Value::Int(x & y);
        case BinOp::kBitOr:
          return a.is_bool() && b.is_bool() ? Value::Bool(x | y) : Value::Int(x | y);
        case BinOp::kBitXor:
          return a.is_bool() && b.is_bool() ? Value::Bool(x ^ y) : Value::Int(x ^ y);
        case BinOp::kLShift: {
          if (y < 0) Throw(ErrorClass::kValueError, "negative shift count");
          if (x == 0) return Value::Int(0);
          if (y < 63) {
            int64_t shifted = static_cast<int64_t>(static_cast<uint64_t>(x) << y);
            if ((shifted >> y) == x) return Value::Int(shifted);
          }
          if (y > rt.limits.max_int_bits) {
            Throw(ErrorClass::kOverflowError,
                  fmt::format("integer exceeds {} bits (limits.max_int_bits)",
                              rt.limits.max_int_bits));
          }
          try {
            return FromBig(rt, BigShiftLeft(BigInt(x), static_cast<unsigned>(y)));
          } catch (const std::overflow_error&) {
            Throw(ErrorClass::kOverflowError,
                  fmt::format("integer exceeds {} bits (limits.max_int_bits)",
                              rt.limits.max_int_bits));
          }
        }
        case BinOp::kRShift:
          if (y < 0) Throw(ErrorClass::kValueError, "negative shift count");
          return Value::Int(y >= 64 ? (x < 0 ? -1 : 0) : (x >> y));
        case BinOp::kMatMul:
          OperandError(op, a, b);
      }
    }
    switch (op) {
      case BinOp::kDiv: {
        BigInt y = ToBig(b);
        if (y == 0) Throw(ErrorClass::kZeroDivisionError, "division by zero");
        return Value::Float(BigToDouble(ToBig(a)) / BigToDouble(y));
      }
      case BinOp::kPow:
        return IntPow(rt, a, b);
      case BinOp::kLShift:
      case BinOp::kRShift: {
        BigInt x = ToBig(a);
        if (b.is_bigint()) {
          if (b.bigint()->v < 0) Throw(ErrorClass::kValueError, "negative shift count");
          if (op == BinOp::kRShift) return Value::Int(x < 0 ? -1 : 0);
          Throw(
              ErrorClass::kOverflowError,
              fmt::format("integer exceeds {} bits (limits.max_int_bits)", rt.limits.max_int_bits));
        }
        int64_t y = b.int_value();
        if (y < 0) Throw(ErrorClass::kValueError, "negative shift count");
        if (op == BinOp::kRShift) {
          if (y > 20000) return Value::Int(x < 0 ? -1 : 0);
          return FromBig(rt, BigShiftRight(x, static_cast<unsigned>(y)));
        }
        if (y > rt.limits.max_int_bits) {
          Throw(
              ErrorClass::kOverflowError,
              fmt::format("integer exceeds {} bits (limits.max_int_bits)", rt.limits.max_int_bits));
        }
        try {
          return FromBig(rt, BigShiftLeft(x, static_cast<unsigned>(y)));
        } catch (const std::overflow_error&) {
          Throw(
              ErrorClass::kOverflowError,
              fmt::format("integer exceeds {} bits (limits.max_int_bits)", rt.limits.max_int_bits));
        }
      }
      default:
        return BigOp(rt, op, a, b);
    }
  }
  double x = ToDouble(a), y = ToDouble(b);
  switch (op) {
    case BinOp::kAdd:
      return Value::Float(x + y);
    case BinOp::kSub:
      return Value::Float(x - y);
    case BinOp::kMul:
      return Value::Float(x * y);
    case BinOp::kDiv:
      if (y == 0.0) Throw(ErrorClass::kZeroDivisionError, "float division by zero");
      return Value::Float(x / y);
    case BinOp::kFloorDiv:
    case BinOp::kMod: {
      if (y == 0.0) {
        Throw(ErrorClass::kZeroDivisionError,
              op == BinOp::kMod ? "float modulo" : "float floor division by zero");
      }
      double fd, m;
      FloatDivMod(x, y, &fd, &m);
      return Value::Float(op == BinOp::kMod ? m : fd);
    }
    case BinOp::kPow:
      return FloatPow(x, y);
    default:
      OperandError(op, a, b);
  }
}

Value Repeat(Runtime& rt, const Value& seq, const Value& count) {
  if (count.is_bigint()) {
    if (count.bigint()->v < 0) {
      return seq.is_str() ? Value::StrRaw({}, seq.flags() & kStrMarkup) : Value::List(rt.NewList());
    }
    Throw(ErrorClass::kOverflowError, "cannot fit 'int' into an index-sized integer");
  }
  int64_t n = count.int_value();
  if (n < 0) n = 0;
  if (seq.is_str()) {
    std::string_view s = seq.str();
    if (n == 0 || s.empty()) return Value::StrRaw({}, kStrAscii | (seq.flags() & kStrMarkup));
    if (static_cast<uint64_t>(n) > rt.limits.max_string_bytes / s.size() + 1) {
      rt.CheckStringSize(rt.limits.max_string_bytes + 1);
    }
    rt.CheckStringSize(s.size() * static_cast<size_t>(n));
    size_t total = s.size() * static_cast<size_t>(n);
    char* p = static_cast<char*>(rt.arena.Allocate(total, 1));
    for (int64_t i = 0; i < n; ++i)
      std::memcpy(p + s.size() * static_cast<size_t>(i), s.data(), s.size());
    return Value::StrRaw({p, total}, seq.flags());
  }
  const ListObj* l = seq.list();
  size_t items = l->items.size;
  if (items != 0 && static_cast<uint64_t>(n) > rt.limits.max_list_items / items + 1) {
    rt.CheckListSize(rt.limits.max_list_items + 1);
  }
  rt.CheckListSize(items * static_cast<size_t>(n));
  ListObj* out = rt.NewList(items * static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    for (uint32_t j = 0; j < items; ++j) out->items.Push(rt.arena, l->items[j]);
  }
  return seq.is_tuple() ? Value::Tuple(out) : Value::List(out);
}

Value Concat(Runtime& rt, const Value& a, const Value& b) {
  if (a.is_markup() || b.is_markup()) {
    std::string out;
    if (a.is_markup()) {
      out.append(a.str());
    } else {
      AppendEscaped(out, a.str());
    }
    if (b.is_markup()) {
      out.append(b.str());
    } else {
      AppendEscaped(out, b.str());
    }
    return rt.NewStr(out, kStrMarkup);
  }
  std::string_view x = a.str(), y = b.str();
  if (y.empty()) return a;
  if (x.empty()) return b;
  rt.CheckStringSize(x.size() + y.size());
  char* p = static_cast<char*>(rt.arena.Allocate(x.size() + y.size(), 1));
  std::memcpy(p, x.data(), x.size());
  std::memcpy(p + x.size(), y.data(), y.size());
  return Value::StrRaw({p, x.size() + y.size()}, a.flags() & b.flags() & kStrAscii);
}

Value SetOp(Runtime& rt, BinOp op, const DictObj* a, const DictObj* b) {
  DictObj* out = rt.NewDict();
  switch (op) {
    case BinOp::kBitOr:
      for (const DictEntry& e : a->entries) DictSet(rt.arena, out, e.key, Value(), e.hash);
      for (const DictEntry& e : b->entries) DictSet(rt.arena, out, e.key, Value(), e.hash);
      break;
    case BinOp::kBitAnd:
      for (const DictEntry& e : a->entries) {
        if (DictFind(b, e.key, e.hash) >= 0) DictSet(rt.arena, out, e.key, Value(), e.hash);
      }
      break;
    case BinOp::kSub:
      for (const DictEntry& e : a->entries) {
        if (DictFind(b, e.key, e.hash) < 0) DictSet(rt.arena, out, e.key, Value(), e.hash);
      }
      break;
    case BinOp::kBitXor:
      for (const DictEntry& e : a->entries) {
        if (DictFind(b, e.key, e.hash) < 0) DictSet(rt.arena, out, e.key, Value(), e.hash);
      }
      for (const DictEntry& e : b->entries) {
        if (DictFind(a, e.key, e.hash) < 0) DictSet(rt.arena, out, e.key, Value(), e.hash);
      }
      break;
    default:
      break;
  }
  return Value::Set(out);
}

}  // namespace

Value Binary(Runtime& rt, BinOp op, const Value& a, const Value& b) {
  if (op == BinOp::kMatMul) OperandError(op, a, b);
  if (a.is_number() && b.is_number()) return NumberOp(rt, op, a, b);
  if (a.is_undefined()) FailUndefined(a);
  if (b.is_undefined()) FailUndefined(b);
  switch (op) {
    case BinOp::kAdd:
      if (a.is_str() && b.is_str()) return Concat(rt, a, b);
      if (a.kind() == b.kind() && a.is_list_like()) {
        const ListObj* x = a.list();
        const ListObj* y = b.list();
        rt.CheckListSize(size_t{x->items.size} + y->items.size);
        ListObj* out = rt.NewList(size_t{x->items.size} + y->items.size);
        for (const Value& v : x->items) out->items.Push(rt.arena, v);
        for (const Value& v : y->items) out->items.Push(rt.arena, v);
        return a.is_tuple() ? Value::Tuple(out) : Value::List(out);
      }
      if (a.is_str()) {
        Throw(ErrorClass::kTypeError,
              fmt::format("can only concatenate str (not \"{}\") to str", TypeName(b)));
      }
      if (a.is_list_like()) {
        Throw(ErrorClass::kTypeError, fmt::format("can only concatenate {} (not \"{}\") to {}",
                                                  TypeName(a), TypeName(b), TypeName(a)));
      }
      break;
    case BinOp::kMul:
      if ((a.is_str() || a.is_list_like()) && b.is_integral()) return Repeat(rt, a, b);
      if ((b.is_str() || b.is_list_like()) && a.is_integral()) return Repeat(rt, b, a);
      if (a.is_str() || a.is_list_like() || b.is_str() || b.is_list_like()) {
        const Value& other = (a.is_str() || a.is_list_like()) ? b : a;
        Throw(ErrorClass::kTypeError,
              fmt::format("can't multiply sequence by non-int of type '{}'", TypeName(other)));
      }
      break;
    case BinOp::kMod:
      if (a.is_str()) return PercentFormat(rt, a, b);
      break;
    case BinOp::kSub:
    case BinOp::kBitAnd:
    case BinOp::kBitOr:
    case BinOp::kBitXor:
      if (a.is_set() && b.is_set()) return SetOp(rt, op, a.dict(), b.dict());
      if (op == BinOp::kBitOr && a.is_dict() && b.is_dict()) {
        DictObj* out = DictCopy(rt.arena, a.dict());
        out->mode = DictMode::kDict;
        for (const DictEntry& e : b.dict()->entries) DictSet(rt.arena, out, e.key, e.value, e.hash);
        return Value::Dict(out);
      }
      break;
    default:
      break;
  }
  OperandError(op, a, b);
}

Value Unary(Runtime& rt, UnOp op, const Value& a) {
  if (a.is_undefined()) FailUndefined(a);
  switch (op) {
    case UnOp::kNeg:
      if (a.is_float()) return Value::Float(-a.float_value());
      if (a.is_int() || a.is_bool()) {
        if (a.int_value() == INT64_MIN) return FromBig(rt, -BigInt(a.int_value()));
        return Value::Int(-a.int_value());
      }
      if (a.is_bigint()) return FromBig(rt, -a.bigint()->v);
      Throw(ErrorClass::kTypeError, fmt::format("bad operand type for unary -: '{}'", TypeName(a)));
    case UnOp::kPos:
      if (a.is_float() || a.is_int() || a.is_bigint()) return a;
      if (a.is_bool()) return Value::Int(a.int_value());
      Throw(ErrorClass::kTypeError, fmt::format("bad operand type for unary +: '{}'", TypeName(a)));
    case UnOp::kInvert:
      if (a.is_int() || a.is_bool()) return Value::Int(~a.int_value());
      if (a.is_bigint()) return FromBig(rt, -a.bigint()->v - 1);
      Throw(ErrorClass::kTypeError, fmt::format("bad operand type for unary ~: '{}'", TypeName(a)));
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// Sequences: length, membership, indexing, slicing, iteration.

int64_t StrLength(const Value& s) {
  if (s.str_ascii()) return static_cast<int64_t>(s.str().size());
  return static_cast<int64_t>(CountCodePoints(s.str()));
}

int64_t Length(const Value& v) {
  switch (v.kind()) {
    case Kind::kStr:
      return StrLength(v);
    case Kind::kList:
    case Kind::kTuple:
      return v.list()->items.size;
    case Kind::kDict:
    case Kind::kSet:
    case Kind::kDictView:
      return v.dict()->entries.size;
    case Kind::kRange:
      return RangeLength(v.range());
    case Kind::kUndefined:
      if (v.undefined()->kind == UndefinedKind::kStrict) FailUndefined(v);
      return 0;
    default:
      Throw(ErrorClass::kTypeError, fmt::format("object of type '{}' has no len()", TypeName(v)));
  }
}

bool Contains(Runtime& rt, const Value& container, const Value& item) {
  switch (container.kind()) {
    case Kind::kStr:
      if (!item.is_str()) {
        if (item.is_undefined()) FailUndefined(item);
        Throw(ErrorClass::kTypeError,
              fmt::format("'in <string>' requires string as left operand, not {}", TypeName(item)));
      }
      return container.str().find(item.str()) != std::string_view::npos;
    case Kind::kList:
    case Kind::kTuple:
      for (const Value& v : container.list()->items) {
        if (Identical(v, item) || Equal(v, item)) return true;
      }
      return false;
    case Kind::kDict:
    case Kind::kSet:
      return DictFind(container.dict(), item) >= 0;
    case Kind::kDictView: {
      const DictObj* d = container.dict();
      switch (container.view_kind()) {
        case ViewKind::kKeys:
          return DictFind(d, item) >= 0;
        case ViewKind::kValues:
          for (const DictEntry& e : d->entries) {
            if (Equal(e.value, item)) return true;
          }
          return false;
        case ViewKind::kItems: {
          if (!item.is_tuple() || item.list()->items.size != 2) return false;
          int64_t i = DictFind(d, item.list()->items[0]);
          return i >= 0 && Equal(d->entries[static_cast<size_t>(i)].value, item.list()->items[1]);
        }
      }
      return false;
    }
    case Kind::kRange: {
      const RangeObj* r = container.range();
      if (item.is_int() || item.is_bool()) {
        int64_t x = item.int_value();
        if (r->step > 0 ? (x < r->start || x >= r->stop) : (x > r->start || x <= r->stop)) {
          return false;
        }
        return (static_cast<Int128>(x) - r->start) % r->step == 0;
      }
      break;
    }
    case Kind::kUndefined:
      if (container.undefined()->kind == UndefinedKind::kStrict) FailUndefined(container);
      return false;
    default:
      break;
  }
  if (container.kind() == Kind::kIterator || container.kind() == Kind::kRange) {
    Iter it(rt, container);
    Value v;
    while (it.Next(&v)) {
      if (Equal(v, item)) return true;
    }
    return false;
  }
  Throw(ErrorClass::kTypeError,
        fmt::format("argument of type '{}' is not iterable", TypeName(container)));
}

int64_t IndexValue(const Value& v, std::string_view what) {
  if (v.is_int() || v.is_bool()) return v.int_value();
  if (v.is_bigint()) {
    Throw(ErrorClass::kIndexError, fmt::format("cannot fit 'int' into an index-sized integer"));
  }
  Throw(ErrorClass::kTypeError, fmt::format("{}, not {}", what, TypeName(v)));
}

namespace {

Value StrAt(Runtime& rt, const Value& s, int64_t index) {
  (void)rt;
  std::string_view text = s.str();
  if (s.str_ascii()) {
    return Value::StrRaw(text.substr(static_cast<size_t>(index), 1), kStrAscii);
  }
  size_t start = CodePointOffset(text, static_cast<size_t>(index));
  size_t end = CodePointOffset(text.substr(start), 1) + start;
  return Value::Str(text.substr(start, end - start));
}

// Python's PySlice_AdjustIndices. Returns the slice length.
int64_t AdjustSlice(int64_t length, const Value& vstart, const Value& vstop, const Value& vstep,
                    int64_t* start, int64_t* stop, int64_t* step) {
  auto index_of = [](const Value& v) -> int64_t {
    if (v.is_bigint()) return v.bigint()->v < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
    if (v.is_int() || v.is_bool()) {
      int64_t x = v.int_value();
      return std::clamp<int64_t>(x, INT64_MIN / 2, INT64_MAX / 2);
    }
    Throw(ErrorClass::kTypeError,
          "slice indices must be integers or None or have an __index__ method");
  };
  *step = vstep.is_none() ? 1 : index_of(vstep);
  if (*step == 0) Throw(ErrorClass::kValueError, "slice step cannot be zero");
  bool neg = *step < 0;
  if (vstart.is_none()) {
    *start = neg ? length - 1 : 0;
  } else {
    *start = index_of(vstart);
    if (*start < 0) {
      *start += length;
      if (*start < 0) *start = neg ? -1 : 0;
    } else if (*start >= length) {
      *start = neg ? length - 1 : length;
    }
  }
  if (vstop.is_none()) {
    *stop = neg ? -1 : length;
  } else {
    *stop = index_of(vstop);
    if (*stop < 0) {
      *stop += length;
      if (*stop < 0) *stop = neg ? -1 : 0;
    } else if (*stop >= length) {
      *stop = neg ? length - 1 : length;
    }
  }
  if (neg) {
    if (*stop < *start) return (*start - *stop - 1) / (-*step) + 1;
  } else {
    if (*start < *stop) return (*stop - *start - 1) / *step + 1;
  }
  return 0;
}

}  // namespace

Value GetItem(Runtime& rt, const Value& obj, const Value& key) {
  switch (obj.kind()) {
    case Kind::kList:
    case Kind::kTuple: {
      const ListObj* l = obj.list();
      int64_t i = IndexValue(key, obj.is_list() ? "list indices must be integers or slices"
                                                : "tuple indices must be integers or slices");
      int64_t n = l->items.size;
      if (i < 0) i += n;
      if (i < 0 || i >= n) {
        Throw(ErrorClass::kIndexError,
              obj.is_list() ? "list index out of range" : "tuple index out of range");
      }
      return l->items[static_cast<size_t>(i)];
    }
    case Kind::kStr: {
      if (!key.is_int() && !key.is_bool() && !key.is_bigint()) {
        Throw(ErrorClass::kTypeError,
              fmt::format("string indices must be integers, not '{}'", TypeName(key)));
      }
      int64_t i = IndexValue(key, "string indices must be integers");
      int64_t n = StrLength(obj);
      if (i < 0) i += n;
      if (i < 0 || i >= n) Throw(ErrorClass::kIndexError, "string index out of range");
      return StrAt(rt, obj, i);
    }
    case Kind::kDict: {
      int64_t i = DictFind(obj.dict(), key);
      if (i < 0) Throw(ErrorClass::kKeyError, ToRepr(key));
      return obj.dict()->entries[static_cast<size_t>(i)].value;
    }
    case Kind::kRange: {
      const RangeObj* r = obj.range();
      int64_t i = IndexValue(key, "range indices must be integers or slices");
      int64_t n = RangeLength(r);
      if (i < 0) i += n;
      if (i < 0 || i >= n) Throw(ErrorClass::kIndexError, "range object index out of range");
      return Value::Int(r->start + i * r->step);
    }
    case Kind::kUndefined:
      FailUndefined(obj);
    default:
      Throw(ErrorClass::kTypeError, fmt::format("'{}' object is not subscriptable", TypeName(obj)));
  }
}

bool TryGetItem(Runtime& rt, const Value& obj, const Value& key, Value* out) {
  switch (obj.kind()) {
    case Kind::kDict: {
      if (key.is_str()) {
        int64_t i = DictFindStr(obj.dict(), key.str());
        if (i < 0) return false;
        *out = obj.dict()->entries[static_cast<size_t>(i)].value;
        return true;
      }
      if (key.is_list() || key.is_dict() || key.is_set()) return false;
      int64_t i = DictFind(obj.dict(), key);
      if (i < 0) return false;
      *out = obj.dict()->entries[static_cast<size_t>(i)].value;
      return true;
    }
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kStr:
    case Kind::kRange:
      if (!key.is_int() && !key.is_bool()) return false;
      {
        int64_t n = Length(obj);
        int64_t i = key.int_value();
        if (i < 0) i += n;
        if (i < 0 || i >= n) return false;
      }
      *out = GetItem(rt, obj, key);
      return true;
    default:
      return false;
  }
}

Value GetSlice(Runtime& rt, const Value& obj, const Value& vstart, const Value& vstop,
               const Value& vstep) {
  int64_t start, stop, step;
  switch (obj.kind()) {
    case Kind::kList:
    case Kind::kTuple: {
      const ListObj* l = obj.list();
      int64_t n = AdjustSlice(l->items.size, vstart, vstop, vstep, &start, &stop, &step);
      ListObj* out = rt.NewList(static_cast<size_t>(n));
      for (int64_t i = 0, j = start; i < n; ++i, j += step) {
        out->items.Push(rt.arena, l->items[static_cast<size_t>(j)]);
      }
      return obj.is_tuple() ? Value::Tuple(out) : Value::List(out);
    }
    case Kind::kStr: {
      std::string_view s = obj.str();
      if (obj.str_ascii()) {
        int64_t n =
            AdjustSlice(static_cast<int64_t>(s.size()), vstart, vstop, vstep, &start, &stop, &step);
        if (step == 1)
          return Value::StrRaw(s.substr(static_cast<size_t>(start), static_cast<size_t>(n)),
                               obj.flags());
        std::string out;
        out.reserve(static_cast<size_t>(n));
        for (int64_t i = 0, j = start; i < n; ++i, j += step)
          out.push_back(s[static_cast<size_t>(j)]);
        return rt.NewStr(out, obj.flags() & kStrMarkup);
      }
      if (vstep.is_none() || (vstep.is_int() && vstep.int_value() == 1)) {
        // Contiguous: two offset walks, no copy.
        int64_t len = StrLength(obj);
        int64_t n = AdjustSlice(len, vstart, vstop, vstep, &start, &stop, &step);
        size_t b = CodePointOffset(s, static_cast<size_t>(start));
        size_t e = b + CodePointOffset(s.substr(b), static_cast<size_t>(n));
        return Value::Str(s.substr(b, e - b), obj.flags() & kStrMarkup);
      }
      // Code-point offsets, then copy.
      std::vector<uint32_t> offsets;
      offsets.reserve(s.size() + 1);
      for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80)
          offsets.push_back(static_cast<uint32_t>(i));
      }
      offsets.push_back(static_cast<uint32_t>(s.size()));
      int64_t len = static_cast<int64_t>(offsets.size()) - 1;
      int64_t n = AdjustSlice(len, vstart, vstop, vstep, &start, &stop, &step);
      std::string out;
      for (int64_t i = 0, j = start; i < n; ++i, j += step) {
        size_t b = offsets[static_cast<size_t>(j)];
        out.append(s.substr(b, offsets[static_cast<size_t>(j) + 1] - b));
      }
      return rt.NewStr(out, obj.flags() & kStrMarkup);
    }
    case Kind::kRange: {
      const RangeObj* r = obj.range();
      int64_t n = AdjustSlice(RangeLength(r), vstart, vstop, vstep, &start, &stop, &step);
      auto* out = rt.arena.New<RangeObj>();
      out->start = r->start + start * r->step;
      out->step = r->step * step;
      out->stop = out->start + n * out->step;
      return Value::Range(out);
    }
    case Kind::kUndefined:
      FailUndefined(obj);
    default:
      Throw(ErrorClass::kTypeError, fmt::format("'{}' object is not subscriptable", TypeName(obj)));
  }
}

Iter::Iter(Runtime& rt, const Value& v) : rt_(rt), v_(v) {
  switch (v.kind()) {
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kDict:
    case Kind::kSet:
    case Kind::kDictView:
    case Kind::kStr:
      break;
    case Kind::kRange:
      pos_ = v.range()->start;
      end_ = RangeLength(v.range());
      step_ = v.range()->step;
      break;
    case Kind::kIterator:
      break;
    case Kind::kUndefined:
      if (v.undefined()->kind == UndefinedKind::kStrict) FailUndefined(v);
      break;
    default:
      Throw(ErrorClass::kTypeError, fmt::format("'{}' object is not iterable", TypeName(v)));
  }
}

bool Iter::Next(Value* out) {
  switch (v_.kind()) {
    case Kind::kList:
    case Kind::kTuple: {
      const ListObj* l = v_.list();
      if (pos_ >= l->items.size) return false;
      *out = l->items[static_cast<size_t>(pos_++)];
      return true;
    }
    case Kind::kDict:
    case Kind::kSet: {
      const DictObj* d = v_.dict();
      if (pos_ >= d->entries.size) return false;
      *out = d->entries[static_cast<size_t>(pos_++)].key;
      return true;
    }
    case Kind::kDictView: {
      const DictObj* d = v_.dict();
      if (pos_ >= d->entries.size) return false;
      const DictEntry& e = d->entries[static_cast<size_t>(pos_++)];
      switch (v_.view_kind()) {
        case ViewKind::kKeys:
          *out = e.key;
          break;
        case ViewKind::kValues:
          *out = e.value;
          break;
        case ViewKind::kItems:
          *out = rt_.NewTuple({e.key, e.value});
          break;
      }
      return true;
    }
    case Kind::kStr: {
      std::string_view s = v_.str();
      if (static_cast<size_t>(pos_) >= s.size()) return false;
      size_t start = static_cast<size_t>(pos_);
      if (static_cast<unsigned char>(s[start]) < 0x80) {
        ++pos_;
        *out = Value::StrRaw(s.substr(start, 1), kStrAscii);
        return true;
      }
      const char* p = s.data() + start;
      DecodeUtf8(p, s.data() + s.size());
      pos_ = p - s.data();
      *out = Value::StrRaw(s.substr(start, static_cast<size_t>(pos_) - start), 0);
      return true;
    }
    case Kind::kRange:
      if (end_ <= 0) return false;
      *out = Value::Int(pos_);
      pos_ += step_;
      --end_;
      return true;
    case Kind::kIterator: {
      IterObj* it = v_.iter();
      if (it->pos >= it->items->items.size) return false;
      *out = it->items->items[it->pos++];
      return true;
    }
    default:
      return false;
  }
}

int64_t Iter::SizeHint() const {
  switch (v_.kind()) {
    case Kind::kList:
    case Kind::kTuple:
      return v_.list()->items.size - pos_;
    case Kind::kDict:
    case Kind::kSet:
    case Kind::kDictView:
      return v_.dict()->entries.size - pos_;
    case Kind::kRange:
      return end_;
    case Kind::kIterator:
      return v_.iter()->items->items.size - v_.iter()->pos;
    default:
      return -1;
  }
}

ListObj* ToList(Runtime& rt, const Value& iterable) {
  Iter it(rt, iterable);
  int64_t hint = it.SizeHint();
  if (hint > 0) rt.CheckListSize(static_cast<size_t>(hint));
  ListObj* out = rt.NewList(hint > 0 ? static_cast<size_t>(hint) : 0);
  Value v;
  while (it.Next(&v)) {
    out->items.Push(rt.arena, v);
    if (out->items.size > rt.limits.max_list_items) rt.CheckListSize(out->items.size);
  }
  return out;
}

const ArenaVec<Value>& ItemsOf(Runtime& rt, const Value& iterable) {
  if (iterable.is_list_like()) return iterable.list()->items;
  return ToList(rt, iterable)->items;
}

}  // namespace crier::value
