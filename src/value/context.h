// The variables an expression or a template is evaluated with, plus the injected "now" and the site
// settings the frappe.utils helpers read. Built once (from JSON or by the host), then read by any
// number of concurrent evaluations.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "value/arena.h"
#include "value/runtime.h"
#include "value/value.h"

namespace crier::value {

// Thread-compatible: const methods may be called from many threads at once; values must then not
// be mutated by what is evaluated (build them with FromJsonOptions::freeze, or do not share).
class Context {
 public:
  Context();
  Context(Context&&) noexcept;
  Context& operator=(Context&&) noexcept;
  ~Context();

  // Where values owned by this context live.
  Arena& arena() { return *arena_; }

  // Defines (or replaces) a variable. `v` must live in arena() or be static.
  void Set(std::string_view name, Value v);
  // The variable `name`, or null.
  const Value* Find(std::string_view name) const;
  std::vector<std::string_view> Names() const;

  // Parses a JSON object and defines one variable per top-level key; JSON objects inside become
  // values of `mode` (kDict for templates, kAttrDict for conditions).
  Status LoadJson(std::string_view json_text, DictMode mode, bool freeze = false);

  void SetNow(const DateTime& now);
  const NowInfo* now() const { return now_ ? &*now_ : nullptr; }
  void SetSite(SiteSettings site) { site_ = std::move(site); }
  const SiteSettings* site() const { return site_ ? &*site_ : nullptr; }

 private:
  struct Var {
    std::string_view name;
    uint64_t hash;
    Value value;
  };
  std::unique_ptr<Arena> arena_;
  std::vector<Var> vars_;
  std::optional<NowInfo> now_;
  std::optional<SiteSettings> site_;
};

}  // namespace crier::value
