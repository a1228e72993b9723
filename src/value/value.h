// The Python-like value shared by the template engine, the condition evaluator, the notification
// rules and the server: a 16-byte tagged record (None, bool, int, float, str view, or a pointer to
// an arena object) that is copied freely and never reference-counted, so values held by compiled
// templates can be read from many threads at once.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "value/arena.h"
#include "value/error.h"

namespace crier::value {

enum class Kind : uint8_t {
  kUndefined,  // Jinja's Undefined family (see UndefinedInfo)
  kNone,
  kBool,
  kInt,  // int64; larger magnitudes are kBigInt
  kFloat,
  kStr,     // UTF-8 bytes, not owned (arena, template or input storage); flag kMarkup
  kBigInt,  // never fits int64 (normalised)
  kList,
  kTuple,
  kDict,  // also frappe._dict and Frappe documents (DictMode)
  kSet,
  kRange,
  kDictView,  // dict.keys() / values() / items()
  kIterator,  // a one-shot iterator (Jinja filters that return generators)
  kFunction,  // a builtin function or bound builtin method
  kHost,      // an engine object (loop, macro, cycler, namespace, frappe...) behind HostObject
};

// How attribute access reads a dict-like object.
enum class DictMode : uint8_t {
  kDict,      // a Python dict: `d.x` finds only dict methods
  kAttrDict,  // frappe._dict: methods first, then the key, a missing key reads as None
  kDocument,  // a Frappe document: fields first; missing reads as None (conditions) or Undefined
};

enum class UndefinedKind : uint8_t { kDefault, kDebug, kStrict, kChainable };
enum class ViewKind : uint8_t { kKeys, kValues, kItems };

struct ListObj;
struct DictObj;
struct RangeObj;
struct IterObj;
struct FunctionObj;
struct BigIntObj;
struct UndefinedInfo;
class HostObject;

// Flags on string values.
inline constexpr uint8_t kStrMarkup = 1;  // jinja2.Markup: already escaped
inline constexpr uint8_t kStrAscii = 2;   // every byte < 0x80 (code point index = byte index)

bool IsAscii(const char* data, size_t size);

// Byte equality of two strings, inlined for the short keys and names compared on hot paths.
inline bool SameText(std::string_view a, std::string_view b) {
  size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  while (n > 8) {
    uint64_t x, y;
    std::memcpy(&x, p, 8);
    std::memcpy(&y, q, 8);
    if (x != y) return false;
    p += 8;
    q += 8;
    n -= 8;
  }
  // The last 1..8 bytes: two overlapping words of 4 (or 1..3 single bytes).
  if (n >= 4) {
    uint32_t x0, y0, x1, y1;
    std::memcpy(&x0, p, 4);
    std::memcpy(&y0, q, 4);
    std::memcpy(&x1, p + n - 4, 4);
    std::memcpy(&y1, q + n - 4, 4);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  if (n == 0) return true;
  return p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1];
}

// memcpy for the short strings of hot paths (a few digits, a key, the text between two tags):
// overlapping fixed-size moves instead of a library call below 17 bytes.
inline void CopyBytes(char* dst, const char* src, size_t n) {
  if (n >= 8 && n <= 16) {
    std::memcpy(dst, src, 8);
    std::memcpy(dst + n - 8, src + n - 8, 8);
  } else if (n >= 4 && n < 8) {
    std::memcpy(dst, src, 4);
    std::memcpy(dst + n - 4, src + n - 4, 4);
  } else if (n > 0 && n < 4) {
    dst[0] = src[0];
    dst[n / 2] = src[n / 2];
    dst[n - 1] = src[n - 1];
  } else if (n > 16) {
    std::memcpy(dst, src, n);
  }
}

class Value {
 public:
  constexpr Value() : kind_(Kind::kNone), flags_(0), aux16_(0), len_(0), i_(0) {}

  static constexpr Value None() { return Value(); }
  static constexpr Value Bool(bool b) { return Value(Kind::kBool, 0, 0, b ? 1 : 0); }
  static constexpr Value Int(int64_t i) { return Value(Kind::kInt, 0, 0, i); }
  static Value Float(double d) {
    Value v(Kind::kFloat, 0, 0, 0);
    v.f_ = d;
    return v;
  }
  // A float that is the double nearest to k / 10**places for an integer k (what round(x, places)
  // computes on its fast path), remembered so that printing it can skip the search for its
  // shortest digits. The value is the same float in every other respect.
  static Value FloatRounded(double d, int places) {
    Value v = Float(d);
    v.len_ = static_cast<uint32_t>(places) + 1;
    return v;
  }
  // A string view; the bytes must outlive every use of the value.
  static Value Str(std::string_view s, uint8_t flags = 0) {
    if (!(flags & kStrAscii) && IsAscii(s.data(), s.size())) flags |= kStrAscii;
    return StrRaw(s, flags);
  }
  static Value Markup(std::string_view s) { return Str(s, kStrMarkup); }
  // As Str, trusting `flags` (kStrAscii is not recomputed).
  static Value StrRaw(std::string_view s, uint8_t flags) {
    Value v(Kind::kStr, flags, 0, 0);
    v.p_ = s.data();
    v.len_ = static_cast<uint32_t>(s.size());
    return v;
  }
  static Value Undefined(const UndefinedInfo* info) { return Ptr(Kind::kUndefined, info); }
  static Value BigInt(const BigIntObj* b) { return Ptr(Kind::kBigInt, b); }
  static Value List(ListObj* l) { return Ptr(Kind::kList, l); }
  static Value Tuple(ListObj* l) { return Ptr(Kind::kTuple, l); }
  static Value Dict(DictObj* d) { return Ptr(Kind::kDict, d); }
  static Value Set(DictObj* d) { return Ptr(Kind::kSet, d); }
  static Value Range(const RangeObj* r) { return Ptr(Kind::kRange, r); }
  static Value View(DictObj* d, ViewKind which) {
    Value v = Ptr(Kind::kDictView, d);
    v.flags_ = static_cast<uint8_t>(which);
    return v;
  }
  static Value Iterator(IterObj* it) { return Ptr(Kind::kIterator, it); }
  static Value Function(const FunctionObj* f) { return Ptr(Kind::kFunction, f); }
  static Value Host(HostObject* h) { return Ptr(Kind::kHost, h); }

  Kind kind() const { return kind_; }
  uint8_t flags() const { return flags_; }
  bool is_undefined() const { return kind_ == Kind::kUndefined; }
  bool is_none() const { return kind_ == Kind::kNone; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_int() const { return kind_ == Kind::kInt; }
  bool is_float() const { return kind_ == Kind::kFloat; }
  bool is_str() const { return kind_ == Kind::kStr; }
  bool is_markup() const { return kind_ == Kind::kStr && (flags_ & kStrMarkup); }
  bool is_bigint() const { return kind_ == Kind::kBigInt; }
  bool is_list() const { return kind_ == Kind::kList; }
  bool is_tuple() const { return kind_ == Kind::kTuple; }
  bool is_dict() const { return kind_ == Kind::kDict; }
  bool is_set() const { return kind_ == Kind::kSet; }
  // int, bool or big int (Python's numbers.Integral).
  bool is_integral() const {
    return kind_ == Kind::kInt || kind_ == Kind::kBool || kind_ == Kind::kBigInt;
  }
  bool is_number() const { return is_integral() || kind_ == Kind::kFloat; }
  bool is_list_like() const { return kind_ == Kind::kList || kind_ == Kind::kTuple; }

  bool bool_value() const { return i_ != 0; }
  int64_t int_value() const { return i_; }  // REQUIRES: is_int() or is_bool()
  double float_value() const { return f_; }
  // For a float made by FloatRounded: its `places`; -1 when unknown.
  int float_places() const { return static_cast<int>(len_) - 1; }
  std::string_view str() const { return {static_cast<const char*>(p_), len_}; }
  bool str_ascii() const { return flags_ & kStrAscii; }
  const UndefinedInfo* undefined() const { return static_cast<const UndefinedInfo*>(p_); }
  const BigIntObj* bigint() const { return static_cast<const BigIntObj*>(p_); }
  ListObj* list() const { return static_cast<ListObj*>(const_cast<void*>(p_)); }
  DictObj* dict() const { return static_cast<DictObj*>(const_cast<void*>(p_)); }
  const RangeObj* range() const { return static_cast<const RangeObj*>(p_); }
  ViewKind view_kind() const { return static_cast<ViewKind>(flags_); }
  IterObj* iter() const { return static_cast<IterObj*>(const_cast<void*>(p_)); }
  const FunctionObj* function() const { return static_cast<const FunctionObj*>(p_); }
  HostObject* host() const { return static_cast<HostObject*>(const_cast<void*>(p_)); }
  const void* pointer() const { return p_; }

 private:
  constexpr Value(Kind k, uint8_t flags, uint32_t len, int64_t i)
      : kind_(k), flags_(flags), aux16_(0), len_(len), i_(i) {}
  static Value Ptr(Kind k, const void* p) {
    Value v(k, 0, 0, 0);
    v.p_ = p;
    return v;
  }

  Kind kind_;
  uint8_t flags_;
  [[maybe_unused]] uint16_t aux16_;  // padding, kept zero
  uint32_t len_;
  union {
    int64_t i_;
    double f_;
    const void* p_;
  };
};
static_assert(sizeof(Value) == 16);
static_assert(std::is_trivially_copyable_v<Value>);

// A list or a tuple. `frozen` containers came from a shared context and refuse mutation.
struct ListObj {
  ArenaVec<Value> items;
  bool frozen = false;
  // A named tuple's field names (Jinja's groupby results: grouper, list), or null.
  const std::string_view* fields = nullptr;
};

struct DictEntry {
  Value key;
  Value value;
  uint64_t hash;
};

// An insertion-ordered hash map (or set, with values unused) with Python key equality: 1, 1.0 and
// True are one key. Operations live in dict.h.
struct DictObj {
  ArenaVec<DictEntry> entries;
  int32_t* index = nullptr;  // open addressing over entries, built past kLinearMax entries
  uint32_t index_mask = 0;
  DictMode mode = DictMode::kDict;
  bool frozen = false;
};

struct RangeObj {
  int64_t start, stop, step;
};

// A one-shot iterator over precomputed items; `type_name` is what Python would call it
// ("generator", "list_reverseiterator").
struct IterObj {
  ListObj* items;
  uint32_t pos = 0;
  std::string_view type_name;
};

// Where a Jinja Undefined came from, for its messages and DebugUndefined's text.
struct UndefinedInfo {
  std::string_view name;      // the missing name or attribute ("" when none)
  std::string_view obj_repr;  // object_type_repr of the object it was looked up on, or ""
  std::string_view hint;      // an explicit message, when given
  UndefinedKind kind = UndefinedKind::kDefault;
  ErrorClass error = ErrorClass::kUndefinedError;  // SecurityError for refused attributes
  bool has_obj = false;
  bool name_is_repr = false;  // `name` is the repr of a non-string key (item lookups)
};

}  // namespace crier::value
