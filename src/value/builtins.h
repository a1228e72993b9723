// Python's builtin functions that conditions may call (int float round len str bool abs min max
// sum any all sorted), as immutable function values shared by every evaluation.
#pragma once

#include <string_view>

#include "value/runtime.h"
#include "value/value.h"

namespace crier::value {

// The builtin named `name`, or null. The returned value is static and thread-safe to share.
const Value* FindPythonBuiltin(std::string_view name);

// Python int(x) / int(text, base) and float(x) conversions (ValueError / TypeError as CPython).
Value PyInt(Runtime& rt, const Value& v, int base = -1);
Value PyFloat(Runtime& rt, const Value& v);
// Parses Python float syntax (whitespace, underscores, inf/nan); false when invalid.
bool ParsePyFloat(std::string_view text, double* out);
// Python round(x, ndigits): `ndigits` None gives an int (half to even).
Value PyRound(Runtime& rt, const Value& x, const Value& ndigits);

// Makes a static function value for a builtin (for tables of globals).
Value StaticFunction(const Builtin* builtin);

}  // namespace crier::value
