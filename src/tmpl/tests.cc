// Jinja2's builtin tests (tests.py), 39 names.
#include <fmt/format.h>

#include <unordered_map>

#include "tmpl/builtins.h"
#include "tmpl/objects.h"
#include "tmpl/renderer.h"
#include "value/methods.h"
#include "value/ops.h"
#include "value/repr.h"

namespace crier::tmpl {
namespace {

using value::Args;
using value::CallArgs;
using value::Kind;
using value::Value;

bool NoArg(std::string_view name, const CallArgs& a) {
  value::NoArgs(name, a);
  return true;
}

bool TestOdd(Renderer& r, Value v, const CallArgs& a) {
  NoArg("test_odd", a);
  return value::Equal(value::Binary(r, value::BinOp::kMod, v, Value::Int(2)), Value::Int(1));
}
bool TestEven(Renderer& r, Value v, const CallArgs& a) {
  NoArg("test_even", a);
  return value::Equal(value::Binary(r, value::BinOp::kMod, v, Value::Int(2)), Value::Int(0));
}
bool TestDivisibleBy(Renderer& r, Value v, const CallArgs& call) {
  Args a("test_divisibleby", call, {"num"}, 1);
  return value::Equal(value::Binary(r, value::BinOp::kMod, v, a[0]), Value::Int(0));
}
bool TestDefined(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_defined", a);
  return !v.is_undefined();
}
bool TestUndefined(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_undefined", a);
  return v.is_undefined();
}
bool TestFilter(Renderer& r, Value v, const CallArgs& a) {
  NoArg("test_filter", a);
  return v.is_str() && r.env().FindFilter(v.str()) != nullptr;
}
bool TestTest(Renderer& r, Value v, const CallArgs& a) {
  NoArg("test_test", a);
  return v.is_str() && r.env().FindTest(v.str()) != nullptr;
}
bool TestNone(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_none", a);
  return v.is_none();
}
bool TestBoolean(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_boolean", a);
  return v.is_bool();
}
bool TestFalse(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_false", a);
  return v.is_bool() && !v.bool_value();
}
bool TestTrue(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_true", a);
  return v.is_bool() && v.bool_value();
}
bool TestInteger(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_integer", a);
  return v.is_int() || v.is_bigint();
}
bool TestFloat(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_float", a);
  return v.is_float();
}
bool TestLower(Renderer& r, Value v, const CallArgs& a) {
  NoArg("test_lower", a);
  Value s = r.NewStr(value::ToStr(v));
  Value out;
  value::CallMethod(r, s, "islower", {}, &out);
  return out.bool_value();
}
bool TestUpper(Renderer& r, Value v, const CallArgs& a) {
  NoArg("test_upper", a);
  Value s = r.NewStr(value::ToStr(v));
  Value out;
  value::CallMethod(r, s, "isupper", {}, &out);
  return out.bool_value();
}
bool TestString(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_string", a);
  return v.is_str();
}
bool TestMapping(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_mapping", a);
  return v.is_dict();
}
bool TestNumber(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_number", a);
  return v.is_number();
}
bool TestSequence(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_sequence", a);
  switch (v.kind()) {
    case Kind::kStr:
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kDict:
    case Kind::kRange:
      return true;
    case Kind::kUndefined:
      return v.undefined()->kind != value::UndefinedKind::kStrict;
    default:
      return false;
  }
}
bool TestIterable(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_iterable", a);
  switch (v.kind()) {
    case Kind::kStr:
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kDict:
    case Kind::kSet:
    case Kind::kRange:
    case Kind::kDictView:
    case Kind::kIterator:
      return true;
    case Kind::kUndefined:
      return v.undefined()->kind != value::UndefinedKind::kStrict;
    default:
      return false;
  }
}
bool TestCallable(Renderer&, Value v, const CallArgs& a) {
  NoArg("callable", a);
  if (v.kind() == Kind::kFunction || v.is_undefined()) return true;
  if (v.kind() == Kind::kHost) return v.host()->IsCallable();
  return false;
}
bool TestSameas(Renderer&, Value v, const CallArgs& call) {
  Args a("test_sameas", call, {"other"}, 1);
  return value::Identical(v, a[0]);
}
bool TestEscaped(Renderer&, Value v, const CallArgs& a) {
  NoArg("test_escaped", a);
  return v.is_markup();
}
bool TestIn(Renderer& r, Value v, const CallArgs& call) {
  Args a("test_in", call, {"seq"}, 1);
  return value::Contains(r, a[0], v);
}

template <value::CmpOp Op>
bool TestCompare(Renderer& r, Value v, const CallArgs& call) {
  value::PositionalOnly("comparison", call, 1, 1);
  return value::Compare(r, Op, v, call.pos[0]);
}

const TestDef kTests[] = {
    {"odd", TestOdd},
    {"even", TestEven},
    {"divisibleby", TestDivisibleBy},
    {"defined", TestDefined},
    {"undefined", TestUndefined},
    {"filter", TestFilter},
    {"test", TestTest},
    {"none", TestNone},
    {"boolean", TestBoolean},
    {"false", TestFalse},
    {"true", TestTrue},
    {"integer", TestInteger},
    {"float", TestFloat},
    {"lower", TestLower},
    {"upper", TestUpper},
    {"string", TestString},
    {"mapping", TestMapping},
    {"number", TestNumber},
    {"sequence", TestSequence},
    {"iterable", TestIterable},
    {"callable", TestCallable},
    {"sameas", TestSameas},
    {"escaped", TestEscaped},
    {"in", TestIn},
    {"==", TestCompare<value::CmpOp::kEq>},
    {"eq", TestCompare<value::CmpOp::kEq>},
    {"equalto", TestCompare<value::CmpOp::kEq>},
    {"!=", TestCompare<value::CmpOp::kNe>},
    {"ne", TestCompare<value::CmpOp::kNe>},
    {">", TestCompare<value::CmpOp::kGt>},
    {"gt", TestCompare<value::CmpOp::kGt>},
    {"greaterthan", TestCompare<value::CmpOp::kGt>},
    {"ge", TestCompare<value::CmpOp::kGe>},
    {">=", TestCompare<value::CmpOp::kGe>},
    {"<", TestCompare<value::CmpOp::kLt>},
    {"lt", TestCompare<value::CmpOp::kLt>},
    {"lessthan", TestCompare<value::CmpOp::kLt>},
    {"<=", TestCompare<value::CmpOp::kLe>},
    {"le", TestCompare<value::CmpOp::kLe>},
};

}  // namespace

const TestDef* FindBuiltinTest(std::string_view name) {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, const TestDef*>();
    for (const TestDef& d : kTests) t->emplace(d.name, &d);
    return t;
  }();
  auto it = table->find(name);
  return it == table->end() ? nullptr : it->second;
}

std::vector<std::string_view> BuiltinTestNames() {
  std::vector<std::string_view> out;
  for (const TestDef& d : kTests) out.push_back(d.name);
  return out;
}

}  // namespace crier::tmpl
