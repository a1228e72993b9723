// Rendering body templates with the Jinja engine.
#include "delivery/engine_renderer.h"

#include "base/time.h"
#include "value/context.h"
#include "value/json.h"

namespace crier {
namespace {

tmpl::Options BodyOptions() {
  tmpl::Options options;
  options.frappe_globals = true;
  return options;
}

// Bodies are rendered per message; a cache of this many distinct sources is plenty (one per
// Generic webhook), and is simply cleared when exceeded.
constexpr size_t kMaxCachedTemplates = 256;

}  // namespace

EngineRenderer::EngineRenderer(const Clock& clock) : clock_(clock), env_(BodyOptions()) {}

Result<std::string> EngineRenderer::Render(std::string_view source,
                                           const nlohmann::json& context) const {
  std::shared_ptr<const tmpl::Template> compiled;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(source);
    if (it != cache_.end()) compiled = it->second;
  }
  if (compiled == nullptr) {
    auto result = env_.Compile(source, "body_template");
    if (!result.ok()) return Status(StatusCode::kUnprocessable, result.error().ToString());
    compiled = *result;
    std::lock_guard<std::mutex> lock(mu_);
    if (cache_.size() >= kMaxCachedTemplates) cache_.clear();
    cache_.emplace(std::string(source), compiled);
  }
  value::Context ctx;
  if (context.is_object()) {
    for (const auto& [name, v] : context.items()) {
      ctx.Set(name, value::FromJson(ctx.arena(), v));
    }
  }
  ctx.SetNow(ToLocal(clock_.Now()));
  auto out = compiled->Render(ctx);
  if (!out.ok()) return Status(StatusCode::kUnprocessable, out.error().ToString());
  return std::move(out).value();
}

}  // namespace crier
