// Python's operators and protocols on values: truthiness, equality, ordering, hashing, arithmetic,
// membership, length, indexing and slicing, iteration. Errors are thrown as PyError with the class
// and message CPython 3.11 uses (TypeError, ZeroDivisionError, IndexError, KeyError...).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "value/runtime.h"
#include "value/value.h"

namespace crier::value {

enum class BinOp : uint8_t {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kFloorDiv,
  kMod,
  kPow,
  kBitAnd,
  kBitOr,
  kBitXor,
  kLShift,
  kRShift,
  kMatMul,
};
enum class UnOp : uint8_t { kNeg, kPos, kInvert };
enum class CmpOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn, kIs, kIsNot };

std::string_view BinOpSymbol(BinOp op);
std::string_view CmpOpSymbol(CmpOp op);

// Python's type name of a value ("int", "str", "NoneType", "dict", "Undefined"...).
std::string_view TypeName(const Value& v);

// Python bool(v). StrictUndefined raises UndefinedError.
bool Truthy(const Value& v);

// Python ==. Never raises except for StrictUndefined.
bool Equal(const Value& a, const Value& b);
// a < b etc.; TypeError for unorderable types.
bool Compare(Runtime& rt, CmpOp op, const Value& a, const Value& b);
// Python `is`: identity for singletons and containers; equal small ints (-5..256) and equal
// strings are identical, as CPython's caches make them.
bool Identical(const Value& a, const Value& b);

// A hash consistent with Equal (1, 1.0 and True hash alike); TypeError for unhashable values.
uint64_t Hash(const Value& v);
uint64_t HashString(std::string_view s);

Value Binary(Runtime& rt, BinOp op, const Value& a, const Value& b);
// Binary's result for + - * of an int or float and a float (either order), which cannot fail:
// true with `*out` set; false for anything else. Inline for template arithmetic (qty * rate).
inline bool FloatArithmetic(BinOp op, const Value& a, const Value& b, Value* out) {
  if (!(a.is_float() || a.is_int()) || !(b.is_float() || b.is_int())) return false;
  if (!a.is_float() && !b.is_float()) return false;
  double x = a.is_float() ? a.float_value() : static_cast<double>(a.int_value());
  double y = b.is_float() ? b.float_value() : static_cast<double>(b.int_value());
  switch (op) {
    case BinOp::kAdd:
      *out = Value::Float(x + y);
      return true;
    case BinOp::kSub:
      *out = Value::Float(x - y);
      return true;
    case BinOp::kMul:
      *out = Value::Float(x * y);
      return true;
    default:
      return false;
  }
}
Value Unary(Runtime& rt, UnOp op, const Value& a);

// `item in container`.
bool Contains(Runtime& rt, const Value& container, const Value& item);
// len(v); TypeError when v has no length.
int64_t Length(const Value& v);
// Number of code points of a UTF-8 string value.
int64_t StrLength(const Value& s);

// obj[key] with Python semantics (IndexError, KeyError, TypeError).
Value GetItem(Runtime& rt, const Value& obj, const Value& key);
// obj[start:stop:step]; missing bounds are nullopt (Python None).
Value GetSlice(Runtime& rt, const Value& obj, const Value& start, const Value& stop,
               const Value& step);
// As GetItem, but returns false instead of raising for a missing key/index (Jinja's lookup).
bool TryGetItem(Runtime& rt, const Value& obj, const Value& key, Value* out);

// Converts an index-like value (int, bool) to int64; TypeError otherwise.
int64_t IndexValue(const Value& v, std::string_view what);

// Iterates any iterable value. Strings yield one-character strings, dicts their keys.
class Iter {
 public:
  Iter(Runtime& rt, const Value& iterable);  // TypeError when not iterable
  bool Next(Value* out);
  // Items remaining when known cheaply (-1 otherwise).
  int64_t SizeHint() const;

 private:
  Runtime& rt_;
  Value v_;
  int64_t pos_ = 0;
  int64_t end_ = 0;
  int64_t step_ = 1;
};

// Materialises any iterable as a new list.
ListObj* ToList(Runtime& rt, const Value& iterable);
// The items of a list or tuple, or a new list for other iterables.
const ArenaVec<Value>& ItemsOf(Runtime& rt, const Value& iterable);

// Python int(), float() conversions of numbers (TypeError otherwise).
double ToDouble(const Value& v);

}  // namespace crier::value
