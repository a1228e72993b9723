// The boundary between JSON and values: documents and contexts come in as JSON (objects become
// dicts, frappe._dicts or documents, integers ints of any size, other numbers floats) and results
// go out as Python's json.dumps would write them.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "value/arena.h"
#include "value/value.h"

namespace crier::value {

struct FromJsonOptions {
  DictMode object_mode = DictMode::kDict;
  // Marks containers read-only, for values shared by concurrent renders.
  bool freeze = false;
  int max_depth = 256;
};

// Parses JSON text into values allocated in `arena`. Errors (syntax, depth) come back as an
// EngineError of class ValueError with the byte position in the message.
Expected<Value> ParseJson(Arena& arena, std::string_view text, const FromJsonOptions& options = {});
// Converts an already parsed document.
Value FromJson(Arena& arena, const nlohmann::json& json, const FromJsonOptions& options = {});

struct ToJsonOptions {
  bool ensure_ascii = false;
  bool sort_keys = false;
  int indent = -1;             // -1: one line with ", " and ": " separators
  bool sets_as_arrays = true;  // false: sets are not serializable, as in json.dumps
};

// json.dumps(v, ...) with tuples and sets written as arrays. Throws PyError TypeError for values
// JSON cannot hold (functions, Undefined...).
std::string ToJsonText(const Value& v, const ToJsonOptions& options = {});
// The same value as an nlohmann::json document (throws PyError as ToJsonText).
nlohmann::json ToJson(const Value& v);

}  // namespace crier::value
