// Python's string formatting: printf-style `%` (str.__mod__), the format-spec mini-language
// (format(), f-strings, str.format fields), str.format itself, and HTML escaping for Markup.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "value/runtime.h"
#include "value/value.h"

namespace crier::value {

// markupsafe.escape of text: & < > ' " as &amp; &lt; &gt; &#39; &#34;.
void AppendEscaped(std::string& out, std::string_view s);
// escape(v): Markup values unchanged, anything else str() then escaped. Returns Markup.
Value Escape(Runtime& rt, const Value& v);

// `fmt % args` for a str (or Markup, whose arguments are escaped) `fmt`.
Value PercentFormat(Runtime& rt, const Value& fmt, const Value& args);
// `fmt % tuple(items)` without building the tuple (Jinja's format filter).
Value PercentFormatTuple(Runtime& rt, const Value& fmt, std::span<const Value> items);
// format(value, spec).
void AppendFormatted(Runtime& rt, std::string& out, const Value& value, std::string_view spec);
// str.format(*args, **kwargs) on `fmt`.
Value StrFormat(Runtime& rt, const Value& fmt, const CallArgs& args);

// Python float formatting used by both: type one of e E f F g G % r (repr), precision -1 for the
// default. Appends the digits of |x| without the sign ("inf"/"nan" for specials).
void AppendFloatDigits(std::string& out, double x, char type, int precision, bool alternate);

}  // namespace crier::value
