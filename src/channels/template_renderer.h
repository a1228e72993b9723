// The one thing the Generic channel needs from the template engine: render a Jinja template
// against a JSON context. Kept as an interface so that channels do not depend on the engine's
// internals, and tests can render with a fake.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"

namespace crier {

class TemplateRenderer {
 public:
  virtual ~TemplateRenderer() = default;

  // Renders `source` with the variables of `context` (a JSON object). On a template error,
  // kUnprocessable with "<Kind>: <message> (line L, column C)". Thread-safe.
  virtual Result<std::string> Render(std::string_view source,
                                     const nlohmann::json& context) const = 0;
};

}  // namespace crier
