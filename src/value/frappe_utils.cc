// frappe.utils helpers, ported from Frappe's documented behaviour (frappe/utils/data.py) to values:
// date arithmetic on ISO strings, Frappe's number parsing and legacy banker's rounding, its money
// and date formatting, and document URLs.
#include "value/frappe_utils.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <vector>

#include "base/time.h"
#include "value/builtins.h"
#include "value/ops.h"
#include "value/repr.h"
#include "value/round.h"

namespace crier::value {
namespace {

const NowInfo& RequireNow(Runtime& rt, std::string_view fname) {
  if (rt.now == nullptr) {
    Throw(ErrorClass::kValueError,
          fmt::format("{}() needs the current time, which this evaluation was not given", fname));
  }
  return *rt.now;
}

// A date or datetime argument: ISO text, or None for "now".
struct When {
  DateTime dt;
  bool has_time = false;
};

When ParseWhen(Runtime& rt, const Value& v, std::string_view fname) {
  if (v.is_none() || (v.is_str() && v.str().empty())) {
    return When{RequireNow(rt, fname).now, true};
  }
  if (!v.is_str()) {
    Throw(ErrorClass::kTypeError,
          fmt::format("{}() expects a date string, not {}", fname, TypeName(v)));
  }
  std::string_view s = v.str();
  auto dt = ParseDateTime(s);
  if (!dt) {
    Throw(ErrorClass::kValueError, fmt::format("{} is not a valid date string", ToRepr(v)));
  }
  return When{*dt, s.find(' ') != std::string_view::npos || s.find('T') != std::string_view::npos};
}

std::string FormatFull(const DateTime& dt) {
  return fmt::format("{} {:02d}:{:02d}:{:02d}.{:06d}", FormatDate(dt.date), dt.hour, dt.minute,
                     dt.second, dt.microsecond);
}

Value FnNowdate(Runtime& rt, Value, const CallArgs& call) {
  NoArgs("nowdate", call);
  return Value::StrRaw(RequireNow(rt, "nowdate").date, kStrAscii);
}
Value FnToday(Runtime& rt, Value, const CallArgs& call) {
  NoArgs("today", call);
  return Value::StrRaw(RequireNow(rt, "today").date, kStrAscii);
}
Value FnNow(Runtime& rt, Value, const CallArgs& call) {
  NoArgs("now", call);
  return Value::StrRaw(RequireNow(rt, "now").datetime, kStrAscii);
}
Value FnNowtime(Runtime& rt, Value, const CallArgs& call) {
  NoArgs("nowtime", call);
  return Value::StrRaw(RequireNow(rt, "nowtime").time, kStrAscii);
}

Value FnGetdate(Runtime& rt, Value, const CallArgs& call) {
  Args a("getdate", call, {"string_date", "parse_day_first"}, 0);
  Value v = a.get(0, Value::None());
  if (v.is_str() && (v.str().starts_with("0001-01-01") || v.str().starts_with("0000-00-00"))) {
    return Value::None();
  }
  When w = ParseWhen(rt, v, "getdate");
  return rt.NewStr(FormatDate(w.dt.date));
}

// relativedelta-style addition, string in, string out (date or datetime per the input).
Value AddTo(Runtime& rt, const Value& date, double days, int64_t months, std::string_view fname) {
  When w = ParseWhen(rt, date, fname);
  DateTime dt = w.dt;
  if (std::isnan(days)) Throw(ErrorClass::kValueError, "cannot convert float NaN to integer");
  // Any shift past ten thousand years leaves year 1..9999 (and would overflow the arithmetic).
  if (std::fabs(days) > 4e6 || std::abs(months) > 120'000) {
    Throw(ErrorClass::kOverflowError, "date value out of range");
  }
  if (months != 0) dt.date = AddMonths(dt.date, months);
  if (days != 0) {
    double whole = std::floor(days);
    int64_t extra_us = static_cast<int64_t>(std::llround((days - whole) * 86400e6));
    dt.date = AddDays(dt.date, static_cast<long long>(whole));
    if (extra_us != 0) {
      int64_t day_us = ((dt.hour * 60LL + dt.minute) * 60 + dt.second) * 1000000LL + dt.microsecond;
      day_us += extra_us;
      int64_t carry = day_us / 86400000000LL;
      day_us %= 86400000000LL;
      dt.date = AddDays(dt.date, carry);
      dt.microsecond = static_cast<int>(day_us % 1000000);
      int64_t secs = day_us / 1000000;
      dt.second = static_cast<int>(secs % 60);
      dt.minute = static_cast<int>((secs / 60) % 60);
      dt.hour = static_cast<int>(secs / 3600);
    }
  }
  if (dt.date.year < 1 || dt.date.year > 9999) {
    Throw(ErrorClass::kOverflowError, "date value out of range");
  }
  return rt.NewStr(w.has_time ? FormatFull(dt) : FormatDate(dt.date));
}

double NumberArg(const Value& v, std::string_view fname) {
  if (!v.is_number()) {
    Throw(ErrorClass::kTypeError, fmt::format("{}() expects a number, not {}", fname, TypeName(v)));
  }
  return ToDouble(v);
}

int64_t WholeArg(const Value& v, std::string_view fname) {
  if ((v.is_int() || v.is_bool()) && std::abs(v.int_value()) <= 1'000'000'000) {
    return v.int_value();
  }
  double d = NumberArg(v, fname);
  if (d != std::floor(d)) {
    Throw(ErrorClass::kValueError,
          "Non-integer years and months are ambiguous and not currently supported.");
  }
  // Past a billion the date is out of range anyway (and the cast or the * 12 would overflow).
  if (std::fabs(d) > 1e9) Throw(ErrorClass::kOverflowError, "date value out of range");
  return static_cast<int64_t>(d);
}

Value FnAddDays(Runtime& rt, Value, const CallArgs& call) {
  Args a("add_days", call, {"date", "days"}, 2);
  return AddTo(rt, a[0], NumberArg(a[1], "add_days"), 0, "add_days");
}
Value FnAddMonths(Runtime& rt, Value, const CallArgs& call) {
  Args a("add_months", call, {"date", "months"}, 2);
  return AddTo(rt, a[0], 0, WholeArg(a[1], "add_months"), "add_months");
}
Value FnAddYears(Runtime& rt, Value, const CallArgs& call) {
  Args a("add_years", call, {"date", "years"}, 2);
  return AddTo(rt, a[0], 0, WholeArg(a[1], "add_years") * 12, "add_years");
}

Value FnDateDiff(Runtime& rt, Value, const CallArgs& call) {
  Args a("date_diff", call, {"string_ed_date", "string_st_date"}, 2);
  When e = ParseWhen(rt, a[0], "date_diff");
  When s = ParseWhen(rt, a[1], "date_diff");
  return Value::Int(DaysFromCivil(e.dt.date) - DaysFromCivil(s.dt.date));
}

// Frappe's _bankers_rounding_legacy.
Value Rounded(Runtime& rt, double num, int64_t precision) {
  double multiplier = std::pow(10.0, static_cast<double>(precision));
  num = RoundDouble(precision ? num * multiplier : num, 8);
  double floor_num = std::floor(num);
  double decimal_part = num - floor_num;
  Value result;
  if (!precision && decimal_part == 0.5) {
    result = std::fmod(floor_num, 2.0) == 0 ? Value::Float(floor_num) : Value::Float(floor_num + 1);
    result = PyInt(rt, result);
  } else if (decimal_part == 0.5) {
    result = PyInt(rt, Value::Float(floor_num + 1));
  } else {
    result = PyRound(rt, Value::Float(num), Value::None());
  }
  if (precision) return Value::Float(ToDouble(result) / multiplier);
  return result;
}

Value FnFlt(Runtime& rt, Value, const CallArgs& call) {
  Args a("flt", call, {"s", "precision", "rounding_method"}, 1);
  return Flt(rt, a[0], a.get(1, Value::None()));
}
Value FnCint(Runtime& rt, Value, const CallArgs& call) {
  Args a("cint", call, {"s", "default"}, 1);
  return Cint(rt, a[0], a.get(1, Value::Int(0)));
}
Value FnCstr(Runtime& rt, Value, const CallArgs& call) {
  Args a("cstr", call, {"s", "encoding"}, 1);
  return Cstr(rt, a[0]);
}

struct NumberFormat {
  std::string decimal, comma;
  int precision;
};

NumberFormat NumberFormatInfo(std::string_view f) {
  static const std::pair<std::string_view, NumberFormat> kFormats[] = {
      {"#,###.##", {".", ",", 2}},    {"#.###,##", {",", ".", 2}},  {"# ###.##", {".", " ", 2}},
      {"# ###,##", {",", " ", 2}},    {"#'###.##", {".", "'", 2}},  {"#, ###.##", {".", ", ", 2}},
      {"#,##,###.##", {".", ",", 2}}, {"#,###.###", {".", ",", 3}}, {"#.###", {"", ".", 0}},
      {"#,###", {"", ",", 0}},        {"#.########", {".", "", 8}},
  };
  for (const auto& [name, info] : kFormats) {
    if (name == f) return info;
  }
  return {".", ",", 2};
}

Value FnFmtMoney(Runtime& rt, Value, const CallArgs& call) {
  Args a("fmt_money", call, {"amount", "precision", "currency", "format"}, 1);
  const SiteSettings defaults;
  const SiteSettings& site = rt.site ? *rt.site : defaults;
  std::string number_format = a.has(3) && a[3].is_str() && !a[3].str().empty()
                                  ? std::string(a[3].str())
                                  : site.number_format;
  NumberFormat info = NumberFormatInfo(number_format);
  int64_t precision = -1;
  if (a.has(1) && !a[1].is_none()) {
    precision = Cint(rt, a[1], Value::Int(0)).int_value();
  } else if (!site.currency_precision.empty()) {
    int64_t p = Cint(rt, rt.NewStr(site.currency_precision), Value::Int(0)).int_value();
    if (p) precision = p;
  }
  if (precision < 0) precision = info.precision;
  Value amount_v = a[0];
  if (amount_v.is_str()) amount_v = Flt(rt, amount_v, Value::Int(precision));
  double amount = amount_v.is_none() ? 0.0 : ToDouble(Flt(rt, amount_v, Value::None()));
  if (!info.decimal.empty()) {
    Value frac = Binary(rt, BinOp::kMod, amount_v.is_number() ? amount_v : Value::Float(amount),
                        Value::Int(1));
    std::string decimals_after = ToStr(PyRound(rt, frac, Value::Int(precision)));
    size_t dot = decimals_after.find('.');
    std::string decimals =
        dot == std::string::npos ? decimals_after : decimals_after.substr(dot + 1);
    if (precision > 2) {
      if (decimals.size() < 3) {
        // A currency's fraction units (100) give two digits; otherwise the format's precision.
        precision = a.has(2) && Truthy(a[2]) ? 2 : info.precision;
      } else if (static_cast<int64_t>(decimals.size()) < precision) {
        precision = static_cast<int64_t>(decimals.size());
      }
    }
  }
  std::string text =
      fmt::format("{:.{}f}", RoundDouble(amount, precision), static_cast<int>(precision));
  std::string decimals;
  if (size_t dot = text.find('.'); dot != std::string::npos) decimals = text.substr(dot + 1);
  std::string minus = std::stod(text) < 0 ? "-" : "";
  std::string whole = ToStr(Value::Float(std::fabs(std::stod(text))));
  whole = whole.substr(0, whole.find('.'));
  std::vector<std::string> parts;
  if (whole.size() > 3) {
    parts.push_back(whole.substr(whole.size() - 3));
    whole = whole.substr(0, whole.size() - 3);
    size_t val = number_format == "#,##,###.##" ? 2 : 3;
    while (whole.size() > val) {
      parts.push_back(whole.substr(whole.size() - val));
      whole = whole.substr(0, whole.size() - val);
    }
  }
  parts.push_back(whole);
  std::string out;
  for (size_t i = parts.size(); i-- > 0;) {
    out += parts[i];
    if (i) out += info.comma;
  }
  if (precision && !info.decimal.empty()) out += info.decimal + decimals;
  if (out != "0") out = minus + out;
  if (a.has(2) && a[2].is_str() && !a[2].str().empty()) {
    out = fmt::format("{} {}", a[2].str(), out);
  }
  return rt.NewStr(out);
}

Value FnFormatdate(Runtime& rt, Value, const CallArgs& call) {
  Args a("formatdate", call, {"string_date", "format_string", "parse_day_first"}, 0);
  if (!a.has(0) || !Truthy(a[0])) return Value::StrRaw({}, kStrAscii);
  When w = ParseWhen(rt, a[0], "formatdate");
  const SiteSettings defaults;
  const SiteSettings& site = rt.site ? *rt.site : defaults;
  std::string f =
      a.has(1) && a[1].is_str() && !a[1].str().empty() ? std::string(a[1].str()) : site.date_format;
  // Frappe turns its user format into a Babel pattern: mm -> MM, Y -> y.
  for (size_t p = 0; (p = f.find("mm", p)) != std::string::npos; p += 2) f.replace(p, 2, "MM");
  for (char& c : f) {
    if (c == 'Y') c = 'y';
  }
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  static constexpr const char* kDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};
  const Date& d = w.dt.date;
  long long days = DaysFromCivil(d);
  int weekday = static_cast<int>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
  std::string out;
  size_t i = 0;
  while (i < f.size()) {
    char c = f[i];
    if (c == '\'') {
      size_t end = f.find('\'', i + 1);
      if (end == std::string::npos) end = f.size();
      out += end == i + 1 ? "'" : f.substr(i + 1, end - i - 1);
      i = end + 1;
      continue;
    }
    size_t n = 1;
    while (i + n < f.size() && f[i + n] == c) ++n;
    if (c == 'd') {
      out += n >= 2 ? fmt::format("{:02d}", d.day) : fmt::format("{}", d.day);
    } else if (c == 'M' || c == 'L') {
      if (n >= 4)
        out += kMonths[d.month - 1];
      else if (n == 3)
        out += std::string(kMonths[d.month - 1]).substr(0, 3);
      else
        out += n == 2 ? fmt::format("{:02d}", d.month) : fmt::format("{}", d.month);
    } else if (c == 'y') {
      out += n == 2 ? fmt::format("{:02d}", d.year % 100)
                    : fmt::format("{:0{}d}", d.year, static_cast<int>(n));
    } else if (c == 'E') {
      out += n >= 4 ? kDays[weekday] : std::string(kDays[weekday]).substr(0, 3);
    } else {
      out.append(n, c);
    }
    i += n;
  }
  return rt.NewStr(out);
}

Value FnStripHtml(Runtime& rt, Value, const CallArgs& call) {
  Args a("strip_html", call, {"text"}, 1);
  if (!a[0].is_str()) {
    Throw(ErrorClass::kTypeError,
          fmt::format("expected string or bytes-like object, got '{}'", TypeName(a[0])));
  }
  std::string_view s = a[0].str();
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '<') {
      size_t end = s.find('>', i + 1);
      if (end != std::string_view::npos) {
        i = end + 1;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  return rt.NewStr(out);
}

std::string Quote(std::string_view s) {
  static constexpr std::string_view kSafe = "~@#$&()*!+=:;,.?/'_-";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || kSafe.find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Value FnGetUrlToForm(Runtime& rt, Value, const CallArgs& call) {
  Args a("get_url_to_form", call, {"doctype", "name"}, 2);
  std::string doctype = ToStr(Cstr(rt, a[0]));
  std::string slug;
  for (char c : doctype)
    slug.push_back(c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  const SiteSettings defaults;
  const SiteSettings& site = rt.site ? *rt.site : defaults;
  std::string base = site.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return rt.NewStr(fmt::format("{}/app/{}/{}", base, Quote(slug), Quote(ToStr(Cstr(rt, a[1])))));
}

const Builtin kUtils[] = {
    {"nowdate", FnNowdate},
    {"today", FnToday},
    {"now", FnNow},
    {"nowtime", FnNowtime},
    {"getdate", FnGetdate},
    {"add_days", FnAddDays},
    {"add_months", FnAddMonths},
    {"add_years", FnAddYears},
    {"date_diff", FnDateDiff},
    {"flt", FnFlt},
    {"cint", FnCint},
    {"cstr", FnCstr},
    {"fmt_money", FnFmtMoney},
    {"formatdate", FnFormatdate},
    {"strip_html", FnStripHtml},
    {"get_url_to_form", FnGetUrlToForm},
};

const std::unordered_map<std::string_view, Value>& UtilTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, Value>();
    for (const Builtin& b : kUtils) t->emplace(b.name, StaticFunction(&b));
    return t;
  }();
  return *table;
}

// `frappe.utils`: an immutable module object.
class UtilsModule final : public HostObject {
 public:
  std::string_view TypeName() const override { return "module"; }
  bool GetAttr(Runtime&, std::string_view name, Value* out) override {
    const Value* v = FindFrappeUtil(name);
    if (v == nullptr) return false;
    *out = *v;
    return true;
  }
  void Repr(std::string& out) const override { out += "<module 'frappe.utils'>"; }
};

class FrappeObject final : public HostObject {
 public:
  std::string_view TypeName() const override { return "module"; }
  bool GetAttr(Runtime&, std::string_view name, Value* out) override {
    static UtilsModule utils;
    if (name != "utils") return false;
    *out = Value::Host(&utils);
    return true;
  }
  void Repr(std::string& out) const override { out += "<module 'frappe'>"; }
};

}  // namespace

Value Flt(Runtime& rt, const Value& v, const Value& precision) {
  Value s = v;
  if (s.is_str()) {
    std::string text(s.str());
    text.erase(std::remove(text.begin(), text.end(), ','), text.end());
    s = rt.NewStr(text);
  }
  Value num;
  try {
    num = PyFloat(rt, s);
    if (!precision.is_none()) {
      num = Rounded(rt, num.float_value(), Cint(rt, precision, Value::Int(0)).int_value());
    }
  } catch (const PyError& e) {
    if (e.cls() == ErrorClass::kLimitError || e.cls() == ErrorClass::kMemoryError) throw;
    num = Value::Float(0.0);
  }
  return num;
}

Value Cint(Runtime& rt, const Value& v, const Value& dflt) {
  try {
    return PyInt(rt, PyFloat(rt, v));
  } catch (const PyError& e) {
    if (e.cls() == ErrorClass::kLimitError || e.cls() == ErrorClass::kMemoryError) throw;
    return dflt;
  }
}

Value Cstr(Runtime& rt, const Value& v) {
  if (v.is_str()) return v.is_markup() ? Value::StrRaw(v.str(), v.flags() & ~kStrMarkup) : v;
  if (v.is_none()) return Value::StrRaw({}, kStrAscii);
  return rt.NewStr(ToStr(v));
}

const Value* FindFrappeUtil(std::string_view name) {
  const auto& t = UtilTable();
  auto it = t.find(name);
  return it == t.end() ? nullptr : &it->second;
}

std::span<const std::string_view> FrappeUtilNames() {
  static const auto* names = [] {
    auto* v = new std::vector<std::string_view>();
    for (const Builtin& b : kUtils) v->push_back(b.name);
    return v;
  }();
  return *names;
}

Value FrappeModule() {
  static FrappeObject frappe;
  return Value::Host(&frappe);
}

}  // namespace crier::value
