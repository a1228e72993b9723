// Attribute lookup on values and the Python methods of str, list, tuple, dict, set, int, float and
// range that people use in templates and conditions (`name.strip().lower()`, `d.get('k', 0)`).
#pragma once

#include <string_view>

#include "value/runtime.h"
#include "value/value.h"

namespace crier::value {

// Looks up `obj.name` as Python would: methods and data attributes of builtin types, fields of
// _dicts (missing → None) and documents, attributes of host objects. False when there is none.
// Names starting with '_' are never found.
bool LookupAttribute(Runtime& rt, const Value& obj, std::string_view name, Value* out);
// As LookupAttribute, raising AttributeError ("'int' object has no attribute 'x'") when missing.
Value GetAttribute(Runtime& rt, const Value& obj, std::string_view name);
[[noreturn]] void NoAttribute(const Value& obj, std::string_view name);

// Calls method `name` of `obj` without allocating a bound method. False when `obj` has no such
// builtin method (the caller then looks the attribute up and calls it).
bool CallMethod(Runtime& rt, const Value& obj, std::string_view name, const CallArgs& args,
                Value* out);

// The builtin method `name` of values of `kind` (dict methods for documents too), or null.
const Builtin* FindMethod(Kind kind, std::string_view name);

// Python's str.join, list.sort, sorted key logic, reused by filters.
Value JoinStrings(Runtime& rt, const Value& sep, const Value& iterable);
// Sorts `items` in place with Python's stable sort; `key` may be None.
void SortValues(Runtime& rt, ArenaVec<Value>& items, const Value& key, bool reverse);

}  // namespace crier::value
