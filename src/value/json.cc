// JSON in (through nlohmann's SAX parser, straight into arena values, keeping integers of any
// size) and Python-compatible JSON out.
#include "value/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "value/bigint.h"
#include "value/dict.h"
#include "value/ops.h"
#include "value/repr.h"
#include "value/unicode.h"

namespace crier::value {
namespace {

Value MakeBig(Arena& arena, const BigInt& b) {
  static const BigInt kMin(INT64_MIN);
  static const BigInt kMax(INT64_MAX);
  if (b >= kMin && b <= kMax) return Value::Int(static_cast<int64_t>(b));
  auto* obj = arena.New<BigIntObj>();
  obj->v = b;
  return Value::BigInt(obj);
}

class Builder : public nlohmann::json_sax<nlohmann::json> {
 public:
  Builder(Arena& arena, const FromJsonOptions& options) : arena_(arena), options_(options) {}

  bool null() override { return Add(Value::None()); }
  bool boolean(bool b) override { return Add(Value::Bool(b)); }
  bool number_integer(number_integer_t v) override { return Add(Value::Int(v)); }
  bool number_unsigned(number_unsigned_t v) override {
    if (v <= static_cast<uint64_t>(INT64_MAX)) return Add(Value::Int(static_cast<int64_t>(v)));
    return Add(MakeBig(arena_, BigInt(v)));
  }
  bool number_float(number_float_t v, const string_t& text) override {
    if (text.find_first_of(".eE") == std::string::npos) {
      // An integer too large for 64 bits: Python keeps it exact.
      try {
        return Add(MakeBig(arena_, BigInt(text)));
      } catch (const std::exception&) {
        error_ = "integer too large";
        return false;
      }
    }
    return Add(Value::Float(v));
  }
  bool string(string_t& s) override { return Add(Value::Str(arena_.CopyString(s))); }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override {
    if (static_cast<int>(stack_.size()) >= options_.max_depth) {
      error_ = fmt::format("nesting deeper than {}", options_.max_depth);
      return false;
    }
    auto* d = arena_.New<DictObj>();
    d->mode = options_.object_mode;
    d->frozen = options_.freeze;
    Value v = Value::Dict(d);
    Add(v);
    stack_.push_back({v, {}});
    return true;
  }
  bool key(string_t& k) override {
    stack_.back().key = Value::Str(arena_.CopyString(k));
    return true;
  }
  bool end_object() override {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    if (static_cast<int>(stack_.size()) >= options_.max_depth) {
      error_ = fmt::format("nesting deeper than {}", options_.max_depth);
      return false;
    }
    auto* l = arena_.New<ListObj>();
    l->frozen = options_.freeze;
    Value v = Value::List(l);
    Add(v);
    stack_.push_back({v, {}});
    return true;
  }
  bool end_array() override {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    error_ = fmt::format("invalid JSON at byte {}: {}", position, e.what());
    return false;
  }

  Value root() const { return root_; }
  const std::string& error() const { return error_; }

 private:
  struct Frame {
    Value container;
    Value key;
  };

  bool Add(Value v) {
    if (stack_.empty()) {
      root_ = v;
      return true;
    }
    Frame& f = stack_.back();
    if (f.container.is_list()) {
      f.container.list()->items.Push(arena_, v);
    } else {
      DictSet(arena_, f.container.dict(), f.key, v);
    }
    return true;
  }

  Arena& arena_;
  const FromJsonOptions& options_;
  std::vector<Frame> stack_;
  Value root_;
  std::string error_;
};

}  // namespace

Expected<Value> ParseJson(Arena& arena, std::string_view text, const FromJsonOptions& options) {
  Builder builder(arena, options);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                   nlohmann::json::input_format_t::json, true, false);
  } catch (const PyError& e) {
    return EngineError::From(e);
  } catch (const std::exception& e) {
    EngineError err;
    err.message = e.what();
    return err;
  }
  if (!ok) {
    EngineError err;
    err.cls = ErrorClass::kValueError;
    err.message = builder.error().empty() ? "invalid JSON" : builder.error();
    return err;
  }
  return builder.root();
}

Value FromJson(Arena& arena, const nlohmann::json& j, const FromJsonOptions& options) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return Value::None();
    case nlohmann::json::value_t::boolean:
      return Value::Bool(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value::Int(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u <= static_cast<uint64_t>(INT64_MAX)) return Value::Int(static_cast<int64_t>(u));
      return MakeBig(arena, BigInt(u));
    }
    case nlohmann::json::value_t::number_float:
      return Value::Float(j.get<double>());
    case nlohmann::json::value_t::string:
      return Value::Str(arena.CopyString(j.get_ref<const std::string&>()));
    case nlohmann::json::value_t::array: {
      auto* l = arena.New<ListObj>();
      l->frozen = options.freeze;
      l->items.Reserve(arena, j.size());
      for (const auto& item : j) l->items.Push(arena, FromJson(arena, item, options));
      return Value::List(l);
    }
    case nlohmann::json::value_t::object: {
      auto* d = arena.New<DictObj>();
      d->mode = options.object_mode;
      d->frozen = options.freeze;
      for (const auto& [k, item] : j.items()) {
        DictSet(arena, d, Value::Str(arena.CopyString(k)), FromJson(arena, item, options));
      }
      return Value::Dict(d);
    }
    default:
      return Value::None();
  }
}

namespace {

void AppendJsonString(std::string& out, std::string_view s, bool ensure_ascii) {
  out.push_back('"');
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    auto b = static_cast<unsigned char>(*p);
    if (b < 0x80) {
      ++p;
      switch (b) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          if (b < 0x20 || (ensure_ascii && b == 0x7F)) {
            out += fmt::format("\\u{:04x}", b);
          } else {
            out.push_back(static_cast<char>(b));
          }
      }
      continue;
    }
    const char* start = p;
    char32_t c = DecodeUtf8(p, end);
    if (!ensure_ascii) {
      out.append(start, static_cast<size_t>(p - start));
    } else if (c < 0x10000) {
      out += fmt::format("\\u{:04x}", static_cast<uint32_t>(c));
    } else {
      uint32_t v = static_cast<uint32_t>(c) - 0x10000;
      out += fmt::format("\\u{:04x}\\u{:04x}", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
    }
  }
  out.push_back('"');
}

void AppendJsonFloat(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "NaN";
  } else if (std::isinf(d)) {
    out += d > 0 ? "Infinity" : "-Infinity";
  } else {
    AppendFloatRepr(out, d);
  }
}

std::string KeyText(const Value& k) {
  switch (k.kind()) {
    case Kind::kStr:
      return std::string(k.str());
    case Kind::kBool:
      return k.bool_value() ? "true" : "false";
    case Kind::kNone:
      return "null";
    case Kind::kInt:
    case Kind::kBigInt:
      return ToStr(k);
    case Kind::kFloat: {
      std::string s;
      AppendJsonFloat(s, k.float_value());
      return s;
    }
    default:
      Throw(ErrorClass::kTypeError,
            fmt::format("keys must be str, int, float, bool or None, not {}", TypeName(k)));
  }
}

class Writer {
 public:
  explicit Writer(const ToJsonOptions& o) : o_(o) {}

  void Write(std::string& out, const Value& v, int level) {
    switch (v.kind()) {
      case Kind::kNone:
        out += "null";
        return;
      case Kind::kBool:
        out += v.bool_value() ? "true" : "false";
        return;
      case Kind::kInt:
      case Kind::kBigInt:
        AppendStr(out, v);
        return;
      case Kind::kFloat:
        AppendJsonFloat(out, v.float_value());
        return;
      case Kind::kStr:
        AppendJsonString(out, v.str(), o_.ensure_ascii);
        return;
      case Kind::kList:
      case Kind::kTuple: {
        Enter(v.pointer());
        const ListObj* l = v.list();
        if (l->items.size == 0) {
          out += "[]";
        } else {
          out.push_back('[');
          for (uint32_t i = 0; i < l->items.size; ++i) {
            Separator(out, i == 0, level + 1);
            Write(out, l->items[i], level + 1);
          }
          Close(out, level);
          out.push_back(']');
        }
        Leave();
        return;
      }
      case Kind::kSet: {
        if (!o_.sets_as_arrays) {
          Throw(ErrorClass::kTypeError, "Object of type set is not JSON serializable");
        }
        Enter(v.pointer());
        const DictObj* d = v.dict();
        if (d->entries.size == 0) {
          out += "[]";
        } else {
          out.push_back('[');
          for (uint32_t i = 0; i < d->entries.size; ++i) {
            Separator(out, i == 0, level + 1);
            Write(out, d->entries[i].key, level + 1);
          }
          Close(out, level);
          out.push_back(']');
        }
        Leave();
        return;
      }
      case Kind::kDict: {
        Enter(v.pointer());
        const DictObj* d = v.dict();
        if (d->entries.size == 0) {
          out += "{}";
          Leave();
          return;
        }
        std::vector<const DictEntry*> entries;
        for (const DictEntry& e : d->entries) entries.push_back(&e);
        if (o_.sort_keys) {
          Arena scratch;
          Limits limits;
          Runtime rt(scratch, limits);
          std::stable_sort(entries.begin(), entries.end(),
                           [&](const DictEntry* a, const DictEntry* b) {
                             return Compare(rt, CmpOp::kLt, a->key, b->key);
                           });
        }
        out.push_back('{');
        bool first = true;
        for (const DictEntry* e : entries) {
          Separator(out, first, level + 1);
          first = false;
          AppendJsonString(out, KeyText(e->key), o_.ensure_ascii);
          out += ": ";
          Write(out, e->value, level + 1);
        }
        Close(out, level);
        out.push_back('}');
        Leave();
        return;
      }
      default:
        Throw(ErrorClass::kTypeError,
              fmt::format("Object of type {} is not JSON serializable", TypeName(v)));
    }
  }

 private:
  void Separator(std::string& out, bool first, int level) {
    if (o_.indent < 0) {
      if (!first) out += ", ";
      return;
    }
    if (!first) out.push_back(',');
    out.push_back('\n');
    out.append(static_cast<size_t>(o_.indent * level), ' ');
  }
  void Close(std::string& out, int level) {
    if (o_.indent < 0) return;
    out.push_back('\n');
    out.append(static_cast<size_t>(o_.indent * level), ' ');
  }
  void Enter(const void* p) {
    if (std::find(active_.begin(), active_.end(), p) != active_.end()) {
      Throw(ErrorClass::kValueError, "Circular reference detected");
    }
    if (active_.size() > 500)
      Throw(ErrorClass::kRecursionError,
            "maximum recursion depth exceeded while encoding a JSON object");
    active_.push_back(p);
  }
  void Leave() { active_.pop_back(); }

  const ToJsonOptions& o_;
  std::vector<const void*> active_;
};

}  // namespace

std::string ToJsonText(const Value& v, const ToJsonOptions& options) {
  std::string out;
  Writer(options).Write(out, v, 0);
  return out;
}

nlohmann::json ToJson(const Value& v) {
  return nlohmann::json::parse(ToJsonText(v));
}

}  // namespace crier::value
