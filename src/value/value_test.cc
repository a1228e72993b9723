// Value semantics against CPython 3.11: printing, equality and hashing, arithmetic, ordering,
// indexing and slicing, string methods and formatting. Expected values were produced by CPython.
#include <gtest/gtest.h>

#include <cmath>

#include "value/builtins.h"
#include "value/dict.h"
#include "value/format.h"
#include "value/json.h"
#include "value/methods.h"
#include "value/ops.h"
#include "value/repr.h"

namespace crier::value {
namespace {

class ValueTest : public ::testing::Test {
 protected:
  Arena arena_;
  Limits limits_;
  Runtime rt_{arena_, limits_};

  Value S(std::string_view s) { return rt_.NewStr(s); }
  Value L(std::initializer_list<Value> items) {
    ListObj* l = rt_.NewList();
    for (const Value& v : items) l->items.Push(arena_, v);
    return Value::List(l);
  }
  Value Call(std::string_view method, Value self, std::initializer_list<Value> args) {
    CallArgs call{std::span<const Value>(args.begin(), args.size()), {}};
    Value out;
    EXPECT_TRUE(CallMethod(rt_, self, method, call, &out)) << method;
    return out;
  }
  std::string Str(std::string_view method, std::string_view self,
                  std::initializer_list<Value> args = {}) {
    return ToStr(Call(method, S(self), args));
  }
  ErrorClass ErrorOf(const std::function<void()>& f) {
    try {
      f();
    } catch (const PyError& e) {
      return e.cls();
    }
    ADD_FAILURE() << "no error raised";
    return ErrorClass::kStopIteration;
  }
};

TEST_F(ValueTest, FloatsPrintLikePythonRepr) {
  struct Case {
    double d;
    const char* text;
  } cases[] = {
      {1.0, "1.0"},       {0.1 + 0.2, "0.30000000000000004"},
      {1e16, "1e+16"},    {1e15, "1000000000000000.0"},
      {1e-5, "1e-05"},    {0.0001, "0.0001"},
      {-0.0, "-0.0"},     {1e20, "1e+20"},
      {5e-324, "5e-324"}, {123456789.125, "123456789.125"},
      {INFINITY, "inf"},  {-INFINITY, "-inf"},
      {NAN, "nan"},       {2.5, "2.5"},
  };
  for (const Case& c : cases) EXPECT_EQ(ToStr(Value::Float(c.d)), c.text);
}

TEST_F(ValueTest, ContainersUseReprOfItems) {
  Value list = L({Value::Int(1), S("a"), Value::None(), Value::Bool(true), Value::Float(1.5)});
  EXPECT_EQ(ToStr(list), "[1, 'a', None, True, 1.5]");
  EXPECT_EQ(ToStr(rt_.NewTuple({Value::Int(1)})), "(1,)");
  DictObj* d = rt_.NewDict();
  DictSet(arena_, d, S("k"), S("it's"));
  EXPECT_EQ(ToStr(Value::Dict(d)), "{'k': \"it's\"}");
  EXPECT_EQ(ToRepr(S("a\nb\\'\"")), "'a\\nb\\\\\\'\"'");
  EXPECT_EQ(ToRepr(S("é\x01")), "'é\\x01'");
  EXPECT_EQ(ToStr(Value::Set(rt_.NewDict())), "set()");
}

TEST_F(ValueTest, SelfContainingListPrintsEllipsis) {
  Value list = L({Value::Int(1)});
  list.list()->items.Push(arena_, list);
  EXPECT_EQ(ToStr(list), "[1, [...]]");
}

TEST_F(ValueTest, NumbersAreEqualAcrossTypesAndHashAlike) {
  EXPECT_TRUE(Equal(Value::Int(1), Value::Float(1.0)));
  EXPECT_TRUE(Equal(Value::Int(1), Value::Bool(true)));
  EXPECT_FALSE(Equal(Value::Int(1), S("1")));
  EXPECT_FALSE(Equal(Value::None(), Value::Int(0)));
  EXPECT_EQ(Hash(Value::Int(1)), Hash(Value::Float(1.0)));
  EXPECT_EQ(Hash(Value::Int(1)), Hash(Value::Bool(true)));
  DictObj* d = rt_.NewDict();
  DictSet(arena_, d, Value::Int(1), S("int"));
  DictSet(arena_, d, Value::Float(1.0), S("float"));
  DictSet(arena_, d, Value::Bool(true), S("bool"));
  EXPECT_EQ(ToStr(Value::Dict(d)), "{1: 'bool'}");
  EXPECT_EQ(ErrorOf([&] { Hash(L({})); }), ErrorClass::kTypeError);
}

TEST_F(ValueTest, LargeDictsStayOrderedAndIndexed) {
  DictObj* d = rt_.NewDict();
  for (int i = 0; i < 100; ++i)
    DictSet(arena_, d, rt_.NewStr("k" + std::to_string(i)), Value::Int(i));
  EXPECT_EQ(DictFindStr(d, "k57"), 57);
  DictEraseAt(arena_, d, 10);
  EXPECT_EQ(DictFindStr(d, "k57"), 56);
  EXPECT_EQ(DictFindStr(d, "k10"), -1);
  EXPECT_EQ(d->entries[10].key.str(), "k11");
}

TEST_F(ValueTest, IntegerArithmeticFollowsPython) {
  auto bin = [&](BinOp op, int64_t a, int64_t b) {
    return ToStr(Binary(rt_, op, Value::Int(a), Value::Int(b)));
  };
  EXPECT_EQ(bin(BinOp::kFloorDiv, -7, 2), "-4");
  EXPECT_EQ(bin(BinOp::kMod, -7, 3), "2");
  EXPECT_EQ(bin(BinOp::kMod, 7, -3), "-2");
  EXPECT_EQ(bin(BinOp::kDiv, 4, 2), "2.0");
  EXPECT_EQ(bin(BinOp::kPow, 2, 64), "18446744073709551616");
  EXPECT_EQ(bin(BinOp::kPow, 2, -1), "0.5");
  EXPECT_EQ(bin(BinOp::kMul, INT64_MAX, 2), "18446744073709551614");
  EXPECT_EQ(bin(BinOp::kFloorDiv, INT64_MIN, -1), "9223372036854775808");
  EXPECT_EQ(bin(BinOp::kMod, INT64_MIN, -1), "0");
  Value big = Binary(rt_, BinOp::kPow, Value::Int(10), Value::Int(30));
  EXPECT_EQ(ToStr(Binary(rt_, BinOp::kSub, big, big)), "0");
  EXPECT_TRUE(Binary(rt_, BinOp::kSub, big, big).is_int());
  EXPECT_EQ(ErrorOf([&] { Binary(rt_, BinOp::kFloorDiv, Value::Int(1), Value::Int(0)); }),
            ErrorClass::kZeroDivisionError);
  EXPECT_EQ(ErrorOf([&] { Binary(rt_, BinOp::kPow, Value::Int(9), Value::Int(1000000)); }),
            ErrorClass::kOverflowError);
}

TEST_F(ValueTest, FloatArithmeticFollowsCPython) {
  auto f = [&](BinOp op, double a, double b) {
    return ToStr(Binary(rt_, op, Value::Float(a), Value::Float(b)));
  };
  EXPECT_EQ(f(BinOp::kFloorDiv, -7.5, 2), "-4.0");
  EXPECT_EQ(f(BinOp::kMod, -7.5, 2), "0.5");
  EXPECT_EQ(f(BinOp::kMod, 7.5, -2), "-0.5");
  EXPECT_EQ(f(BinOp::kMul, 1e300, 1e300), "inf");
  EXPECT_EQ(ErrorOf([&] { Binary(rt_, BinOp::kDiv, Value::Float(1), Value::Float(0)); }),
            ErrorClass::kZeroDivisionError);
  EXPECT_EQ(ErrorOf([&] { Binary(rt_, BinOp::kPow, Value::Float(10), Value::Float(400)); }),
            ErrorClass::kOverflowError);
}

TEST_F(ValueTest, OperatorTypeErrors) {
  EXPECT_EQ(ErrorOf([&] { Binary(rt_, BinOp::kAdd, S("a"), Value::Int(1)); }),
            ErrorClass::kTypeError);
  EXPECT_EQ(ErrorOf([&] { Compare(rt_, CmpOp::kGt, S("5"), Value::Int(3)); }),
            ErrorClass::kTypeError);
  EXPECT_EQ(ErrorOf([&] { Compare(rt_, CmpOp::kLt, Value::None(), Value::Int(1)); }),
            ErrorClass::kTypeError);
  EXPECT_EQ(ErrorOf([&] { Contains(rt_, S("abc"), Value::Int(1)); }), ErrorClass::kTypeError);
  EXPECT_EQ(ToStr(Binary(rt_, BinOp::kMul, S("ab"), Value::Int(3))), "ababab");
  EXPECT_EQ(ToStr(Binary(rt_, BinOp::kAdd, Value::Int(1), Value::Bool(true))), "2");
  EXPECT_TRUE(Compare(rt_, CmpOp::kLt, S("2024-01-05"), S("2024-01-10")));
  EXPECT_TRUE(Compare(rt_, CmpOp::kLt, S("10"), S("9")));
  EXPECT_TRUE(Compare(rt_, CmpOp::kLt, L({Value::Int(1), Value::Int(2)}),
                      L({Value::Int(1), Value::Int(3)})));
}

TEST_F(ValueTest, StringsIndexByCodePoint) {
  Value s = S("héllo");
  EXPECT_EQ(Length(s), 5);
  EXPECT_EQ(ToStr(GetItem(rt_, s, Value::Int(1))), "é");
  EXPECT_EQ(ToStr(GetItem(rt_, s, Value::Int(-1))), "o");
  EXPECT_EQ(ToStr(GetSlice(rt_, s, Value::None(), Value::None(), Value::Int(-1))), "olléh");
  EXPECT_EQ(ToStr(GetSlice(rt_, s, Value::Int(1), Value::Int(3), Value::None())), "él");
  EXPECT_EQ(ErrorOf([&] { GetItem(rt_, s, Value::Int(9)); }), ErrorClass::kIndexError);
}

TEST_F(ValueTest, UnicodeCaseMappingMatchesPython) {
  EXPECT_EQ(Str("upper", "straße"), "STRASSE");
  EXPECT_EQ(Str("lower", "ΟΔΟΣ"), "οδος");
  EXPECT_EQ(Str("title", "n° 42 élan vital"), "N° 42 Élan Vital");
  EXPECT_EQ(Str("title", "they're bill's"), "They'Re Bill'S");
  EXPECT_EQ(Str("capitalize", "éCOLE"), "École");
  EXPECT_EQ(Str("swapcase", "Straße"), "sTRASSE");
  EXPECT_EQ(Str("casefold", "Straße"), "strasse");
}

TEST_F(ValueTest, StringMethods) {
  EXPECT_EQ(ToStr(Call("split", S("  a b  c "), {})), "['a', 'b', 'c']");
  EXPECT_EQ(ToStr(Call("split", S("a,b,,c"), {S(",")})), "['a', 'b', '', 'c']");
  EXPECT_EQ(ToStr(Call("rsplit", S("a,b,c"), {S(","), Value::Int(1)})), "['a,b', 'c']");
  EXPECT_EQ(Str("strip", "  x  "), "x");
  EXPECT_EQ(Str("strip", "xxhixx", {S("x")}), "hi");
  EXPECT_EQ(Str("center", "ab", {Value::Int(7), S("*")}), "***ab**");
  EXPECT_EQ(Str("zfill", "-42", {Value::Int(6)}), "-00042");
  EXPECT_EQ(Str("replace", "aaa", {S("a"), S("b"), Value::Int(2)}), "bba");
  EXPECT_EQ(ToStr(Call("find", S("héllo"), {S("l")})), "2");
  EXPECT_EQ(ToStr(Call("startswith", S("hello"), {rt_.NewTuple({S("x"), S("he")})})), "True");
  EXPECT_EQ(ToStr(Call("isdigit", S("123"), {})), "True");
  EXPECT_EQ(ToStr(Call("partition", S("a=b=c"), {S("=")})), "('a', '=', 'b=c')");
  EXPECT_EQ(ToStr(Call("splitlines", S("a\r\nb\nc"), {})), "['a', 'b', 'c']");
  EXPECT_EQ(ErrorOf([&] { Call("join", S(","), {L({Value::Int(1)})}); }), ErrorClass::kTypeError);
}

TEST_F(ValueTest, PercentFormatting) {
  auto pct = [&](std::string_view f, Value args) { return ToStr(PercentFormat(rt_, S(f), args)); };
  EXPECT_EQ(pct("%s-%d-%.2f", rt_.NewTuple({S("a"), Value::Int(5), Value::Float(2.675)})),
            "a-5-2.67");
  EXPECT_EQ(pct("%s", L({Value::Int(1), Value::Int(2)})), "[1, 2]");
  EXPECT_EQ(pct("%5.1f|%-4d|%04d|%x|%#o",
                rt_.NewTuple({Value::Float(3.14159), Value::Int(7), Value::Int(-42),
                              Value::Int(255), Value::Int(8)})),
            "  3.1|7   |-042|ff|0o10");
  EXPECT_EQ(pct("%d%%", Value::Float(3.9)), "3%");
  DictObj* d = rt_.NewDict();
  DictSet(arena_, d, S("a"), Value::Int(1));
  EXPECT_EQ(pct("%(a)s!", Value::Dict(d)), "1!");
  EXPECT_EQ(ErrorOf([&] { pct("%d", S("x")); }), ErrorClass::kTypeError);
  EXPECT_EQ(ErrorOf([&] { pct("%s %s", rt_.NewTuple({S("x")})); }), ErrorClass::kTypeError);
  EXPECT_EQ(ErrorOf([&] { pct("%s", rt_.NewTuple({S("x"), S("y")})); }), ErrorClass::kTypeError);
}

TEST_F(ValueTest, FormatSpecMiniLanguage) {
  auto f = [&](Value v, std::string_view spec) {
    std::string out;
    AppendFormatted(rt_, out, v, spec);
    return out;
  };
  EXPECT_EQ(f(Value::Float(1234567.891), ",.2f"), "1,234,567.89");
  EXPECT_EQ(f(Value::Int(42), "03d"), "042");
  EXPECT_EQ(f(Value::Int(1234567), "_"), "1_234_567");
  EXPECT_EQ(f(Value::Float(0.25), ".1%"), "25.0%");
  EXPECT_EQ(f(Value::Float(1e16), ""), "1e+16");
  EXPECT_EQ(f(Value::Float(1234.5), ".3"), "1.23e+03");
  EXPECT_EQ(f(Value::Float(1.0), ".3"), "1.0");
  EXPECT_EQ(f(Value::Float(0.00001234), "g"), "1.234e-05");
  EXPECT_EQ(f(S("ab"), "*^6"), "**ab**");
  EXPECT_EQ(f(S("abc"), ".2"), "ab");
  EXPECT_EQ(f(Value::Int(255), "#x"), "0xff");
  EXPECT_EQ(f(Value::Int(-5), "=+8"), "-      5");
  EXPECT_EQ(f(Value::Bool(true), "d"), "1");
  EXPECT_EQ(f(Value::Int(1234), "08,"), "0,001,234");
  EXPECT_EQ(ErrorOf([&] { f(S("x"), "d"); }), ErrorClass::kValueError);
  EXPECT_EQ(ErrorOf([&] { f(Value::None(), ">5"); }), ErrorClass::kTypeError);
}

TEST_F(ValueTest, StrFormat) {
  auto fmt = [&](std::string_view f, std::initializer_list<Value> pos) {
    CallArgs call{std::span<const Value>(pos.begin(), pos.size()), {}};
    return ToStr(StrFormat(rt_, S(f), call));
  };
  EXPECT_EQ(fmt("{} {}", {S("a"), Value::Int(1)}), "a 1");
  EXPECT_EQ(fmt("{1}{0}{{}}", {S("a"), S("b")}), "ba{}");
  EXPECT_EQ(fmt("{0[1]}", {L({S("x"), S("y")})}), "y");
  EXPECT_EQ(fmt("{:>{}}", {S("a"), Value::Int(3)}), "  a");
  EXPECT_EQ(fmt("{!r}", {S("a")}), "'a'");
  EXPECT_EQ(ErrorOf([&] { fmt("{} {}", {S("a")}); }), ErrorClass::kIndexError);
  EXPECT_EQ(ErrorOf([&] { fmt("{0} {}", {S("a"), S("b")}); }), ErrorClass::kValueError);
}

TEST_F(ValueTest, BuiltinConversions) {
  EXPECT_EQ(ToStr(PyInt(rt_, S(" 42 "))), "42");
  EXPECT_EQ(ToStr(PyInt(rt_, S("1_000"))), "1000");
  EXPECT_EQ(ErrorOf([&] { PyInt(rt_, S("3.7")); }), ErrorClass::kValueError);
  EXPECT_EQ(ToStr(PyInt(rt_, S("0x1A"), 16)), "26");
  EXPECT_EQ(ToStr(PyFloat(rt_, S("1e3"))), "1000.0");
  EXPECT_EQ(ToStr(PyFloat(rt_, S("-Infinity"))), "-inf");
  EXPECT_EQ(ToStr(PyRound(rt_, Value::Float(2.5), Value::None())), "2");
  EXPECT_EQ(ToStr(PyRound(rt_, Value::Float(3.5), Value::None())), "4");
  EXPECT_EQ(ToStr(PyRound(rt_, Value::Float(2.675), Value::Int(2))), "2.67");
  EXPECT_EQ(ToStr(PyRound(rt_, Value::Float(0.125), Value::Int(2))), "0.12");
  EXPECT_EQ(ToStr(PyRound(rt_, Value::Float(1250.0), Value::Int(-2))), "1200.0");
  EXPECT_EQ(ToStr(PyRound(rt_, Value::Int(1350), Value::Int(-2))), "1400");
}

TEST_F(ValueTest, JsonRoundTrip) {
  auto parsed = ParseJson(
      arena_, R"({"a": [1, 2.5, "é", null, true], "big": 123456789012345678901234567890})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(ToStr(*parsed),
            "{'a': [1, 2.5, 'é', None, True], 'big': 123456789012345678901234567890}");
  EXPECT_EQ(ToJsonText(*parsed),
            R"({"a": [1, 2.5, "é", null, true], "big": 123456789012345678901234567890})");
  EXPECT_EQ(ToJsonText(rt_.NewTuple({Value::Float(1e16), Value::Float(NAN)})), "[1e+16, NaN]");
  ToJsonOptions ascii;
  ascii.ensure_ascii = true;
  ascii.sort_keys = true;
  auto doc = ParseJson(arena_, R"({"b": "é", "a": 1})");
  EXPECT_EQ(ToJsonText(*doc, ascii), R"({"a": 1, "b": "\u00e9"})");
  EXPECT_FALSE(ParseJson(arena_, "{").ok());
  EXPECT_EQ(ErrorOf([&] {
              ToJsonText(Value::Range(arena_.New<RangeObj>(RangeObj{0, 1, 1})));
            }),
            ErrorClass::kTypeError);
}

TEST_F(ValueTest, AttrDictReadsMissingKeysAsNone) {
  auto doc = ParseJson(arena_, R"({"status": "Open"})", {DictMode::kAttrDict});
  Value out;
  ASSERT_TRUE(LookupAttribute(rt_, *doc, "status", &out));
  EXPECT_EQ(out.str(), "Open");
  ASSERT_TRUE(LookupAttribute(rt_, *doc, "missing", &out));
  EXPECT_TRUE(out.is_none());
  ASSERT_TRUE(LookupAttribute(rt_, *doc, "get", &out));
  EXPECT_EQ(out.kind(), Kind::kFunction);
  EXPECT_FALSE(LookupAttribute(rt_, *doc, "_private", &out));
}

TEST_F(ValueTest, ArenaLimitIsAMemoryError) {
  Arena small(64 << 10);
  EXPECT_EQ(ErrorOf([&] {
              for (int i = 0; i < 1000; ++i) small.Allocate(1024);
            }),
            ErrorClass::kMemoryError);
}

}  // namespace
}  // namespace crier::value
