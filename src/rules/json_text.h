// Reading a string field of a document or of a method's arguments, where anything else (missing,
// null, a number) reads as "": the one helper the engine's files share for it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace crier::rules {

inline std::string TextOf(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace crier::rules
