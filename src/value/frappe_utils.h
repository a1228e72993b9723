// The frappe.utils helpers that notification conditions and templates call (nowdate, add_days,
// flt, fmt_money...), implemented natively with Frappe's semantics. Dates are ISO strings in and
// out (docs/template-compat.md); "now" comes from Runtime::now, never from the system clock.
#pragma once

#include <span>
#include <string_view>

#include "value/runtime.h"
#include "value/value.h"

namespace crier::value {

// The helper named `name` (nowdate, today, now, nowtime, getdate, add_days, add_months,
// add_years, date_diff, flt, cint, cstr, fmt_money, formatdate, strip_html, get_url_to_form), or
// null. Returned values are static and safe to share between threads.
const Value* FindFrappeUtil(std::string_view name);
std::span<const std::string_view> FrappeUtilNames();
// The `frappe` object: `frappe.utils.<helper>`.
Value FrappeModule();

// Python's frappe.utils.flt / cint / cstr on values (also used as Jinja filters by hosts).
Value Flt(Runtime& rt, const Value& v, const Value& precision);
Value Cint(Runtime& rt, const Value& v, const Value& dflt);
Value Cstr(Runtime& rt, const Value& v);

}  // namespace crier::value
