// Jinja2's template globals: range (capped by limits.max_range, as the sandbox's MAX_RANGE),
// dict, lipsum, cycler, joiner and namespace.
#include <fmt/format.h>

#include <random>
#include <unordered_map>

#include "tmpl/builtins.h"
#include "tmpl/objects.h"
#include "value/builtins.h"
#include "value/dict.h"
#include "value/format.h"
#include "value/methods.h"
#include "value/ops.h"
#include "value/repr.h"

namespace crier::tmpl {
namespace {

using value::Args;
using value::CallArgs;
using value::ErrorClass;
using value::Throw;
using value::Value;

int64_t RangeArg(const Value& v) {
  if (v.is_int() || v.is_bool()) return v.int_value();
  if (v.is_undefined()) value::FailUndefined(v);
  if (v.is_bigint())
    Throw(ErrorClass::kOverflowError, "Python int too large to convert to C ssize_t");
  Throw(ErrorClass::kTypeError,
        fmt::format("'{}' object cannot be interpreted as an integer", value::TypeName(v)));
}

Value FnRange(value::Runtime& rt, Value, const CallArgs& call) {
  if (!call.kw.empty()) Throw(ErrorClass::kTypeError, "range() takes no keyword arguments");
  if (call.pos.empty()) Throw(ErrorClass::kTypeError, "range expected at least 1 argument, got 0");
  if (call.pos.size() > 3) {
    Throw(ErrorClass::kTypeError,
          fmt::format("range expected at most 3 arguments, got {}", call.pos.size()));
  }
  auto* r = rt.arena.New<value::RangeObj>();
  r->start = 0;
  r->step = 1;
  if (call.pos.size() == 1) {
    r->stop = RangeArg(call.pos[0]);
  } else {
    r->start = RangeArg(call.pos[0]);
    r->stop = RangeArg(call.pos[1]);
    if (call.pos.size() == 3) r->step = RangeArg(call.pos[2]);
  }
  if (r->step == 0) Throw(ErrorClass::kValueError, "range() arg 3 must not be zero");
  Value v = Value::Range(r);
  if (value::Length(v) > rt.limits.max_range) {
    Throw(ErrorClass::kOverflowError,
          fmt::format("Range too big. The sandbox blocks ranges larger than MAX_RANGE ({}).",
                      rt.limits.max_range));
  }
  return v;
}

value::DictObj* DictFromArgs(value::Runtime& rt, const CallArgs& call, std::string_view fname) {
  if (call.pos.size() > 1) {
    Throw(ErrorClass::kTypeError,
          fmt::format("{} expected at most 1 argument, got {}", fname, call.pos.size()));
  }
  value::DictObj* d = rt.NewDict();
  if (!call.pos.empty()) {
    Value self = Value::Dict(d);
    Value out;
    value::CallArgs inner{call.pos.subspan(0, 1), {}};
    value::CallMethod(rt, self, "update", inner, &out);
  }
  for (const value::KwArg& kw : call.kw) {
    value::DictSet(rt.arena, d, Value::Str(rt.arena.CopyString(kw.name)), kw.value);
  }
  return d;
}

Value FnDict(value::Runtime& rt, Value, const CallArgs& call) {
  return Value::Dict(DictFromArgs(rt, call, "dict"));
}

Value FnNamespace(value::Runtime& rt, Value, const CallArgs& call) {
  auto* ns = rt.arena.New<NamespaceObj>();
  ns->attrs = DictFromArgs(rt, call, "Namespace");
  return Value::Host(ns);
}

Value FnCycler(value::Runtime& rt, Value, const CallArgs& call) {
  if (!call.kw.empty())
    Throw(ErrorClass::kTypeError, "Cycler() got an unexpected keyword argument");
  if (call.pos.empty()) Throw(ErrorClass::kRuntimeError, "at least one item has to be provided");
  auto* c = rt.arena.New<CyclerObj>();
  c->items = rt.NewList(call.pos.size());
  for (const Value& v : call.pos) c->items->items.Push(rt.arena, v);
  return Value::Host(c);
}

Value FnJoiner(value::Runtime& rt, Value, const CallArgs& call) {
  Args a("Joiner", call, {"sep"}, 0);
  auto* j = rt.arena.New<JoinerObj>();
  j->sep = a.get(0, Value::StrRaw(", ", value::kStrAscii));
  return Value::Host(j);
}

constexpr std::string_view kLoremWords =
    "a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue "
    "bibendum blandit class commodo condimentum congue consectetuer consequat conubia convallis "
    "cras cubilia cum curabitur curae cursus dapibus diam dictum dictumst dignissim dis dolor "
    "donec dui duis egestas eget eleifend elementum elit enim erat eros est et etiam eu euismod "
    "facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant "
    "habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum "
    "justo lacinia lacus laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas "
    "magna magnis malesuada massa mattis mauris metus mi molestie mollis montes morbi mus nam "
    "nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio "
    "orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat platea "
    "porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis "
    "quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus "
    "sit sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus "
    "tincidunt torquent tortor tristique turpis ullamcorper ultrices ultricies urna ut varius "
    "vehicula vel velit venenatis vestibulum vitae vivamus viverra volutpat vulputate ";

Value FnLipsum(value::Runtime& rt, Value, const CallArgs& call) {
  Args a("generate_lorem_ipsum", call, {"n", "html", "min", "max"}, 0);
  int64_t n = a.has(0) ? value::IndexValue(a[0], "n must be an integer") : 5;
  bool html = !a.has(1) || value::Truthy(a[1]);
  int64_t lo = a.has(2) ? value::IndexValue(a[2], "min must be an integer") : 20;
  int64_t hi = a.has(3) ? value::IndexValue(a[3], "max must be an integer") : 100;
  if (hi <= lo)
    Throw(ErrorClass::kValueError, fmt::format("empty range for randrange() ({}, {})", lo, hi));
  std::vector<std::string_view> words;
  for (size_t i = 0; i < kLoremWords.size();) {
    size_t sp = kLoremWords.find(' ', i);
    if (sp == std::string_view::npos) sp = kLoremWords.size();
    if (sp > i) words.push_back(kLoremWords.substr(i, sp - i));
    i = sp + 1;
  }
  std::mt19937_64 rng(0x5eed ^ static_cast<uint64_t>(n * 131 + lo * 7 + hi));
  auto randrange = [&](int64_t a0, int64_t b0) {
    return a0 + static_cast<int64_t>(rng() % static_cast<uint64_t>(b0 - a0));
  };
  std::vector<std::string> result;
  for (int64_t k = 0; k < n; ++k) {
    rt.Step();
    bool next_cap = true;
    int64_t last_comma = 0, last_fullstop = 0;
    std::string_view last;
    std::string p;
    int64_t count = randrange(lo, hi);
    for (int64_t idx = 0; idx < count; ++idx) {
      std::string_view w;
      do {
        w = words[rng() % words.size()];
      } while (w == last);
      last = w;
      std::string word(w);
      if (next_cap) {
        word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
        next_cap = false;
      }
      if (idx - randrange(3, 8) > last_comma) {
        last_comma = idx;
        last_fullstop += 2;
        word += ",";
      }
      if (idx - randrange(10, 20) > last_fullstop) {
        last_comma = last_fullstop = idx;
        word += ".";
        next_cap = true;
      }
      if (!p.empty()) p += " ";
      p += word;
    }
    if (!p.empty() && p.back() == ',')
      p.back() = '.';
    else if (p.empty() || p.back() != '.')
      p += ".";
    result.push_back(std::move(p));
    rt.CheckStringSize(result.size() * 800);
  }
  std::string out;
  for (size_t i = 0; i < result.size(); ++i) {
    if (html) {
      if (i) out += "\n";
      out += "<p>";
      value::AppendEscaped(out, result[i]);
      out += "</p>";
    } else {
      if (i) out += "\n\n";
      out += result[i];
    }
  }
  return rt.NewStr(out, html ? value::kStrMarkup : 0);
}

const value::Builtin kGlobals[] = {
    {"range", FnRange},   {"dict", FnDict},     {"lipsum", FnLipsum},
    {"cycler", FnCycler}, {"joiner", FnJoiner}, {"namespace", FnNamespace},
};

}  // namespace

const Value* FindBuiltinGlobal(std::string_view name) {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, Value>();
    for (const value::Builtin& b : kGlobals) t->emplace(b.name, value::StaticFunction(&b));
    return t;
  }();
  auto it = table->find(name);
  return it == table->end() ? nullptr : &it->second;
}

}  // namespace crier::tmpl
