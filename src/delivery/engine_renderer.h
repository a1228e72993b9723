// The real template engine (src/tmpl, Jinja2 semantics) behind the channels' TemplateRenderer, for
// Generic webhooks' body templates. Compiled templates are cached by source, so a webhook's
// template is compiled once however many messages it sends.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/clock.h"
#include "channels/template_renderer.h"
#include "tmpl/template.h"

namespace crier {

class EngineRenderer final : public TemplateRenderer {
 public:
  // Templates see Frappe's globals (frappe.utils, nowdate...) with `clock` as "now".
  explicit EngineRenderer(const Clock& clock);

  // Renders with one variable per top-level key of `context`. Errors:
  // kUnprocessable "<Class>: <message> (line L, column C)". Thread-safe.
  Result<std::string> Render(std::string_view source, const nlohmann::json& context) const override;

 private:
  const Clock& clock_;
  tmpl::Environment env_;
  mutable std::mutex mu_;  // Guards cache_.
  mutable std::map<std::string, std::shared_ptr<const tmpl::Template>, std::less<>> cache_;
};

}  // namespace crier
