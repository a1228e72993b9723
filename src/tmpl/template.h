// Jinja2 3.1 templates, compiled once and rendered any number of times from any number of threads.
//
//   tmpl::Environment env;                                  // SandboxedEnvironment defaults
//   auto t = env.Compile("Bonjour {{ doc.customer }} !");   // Expected<shared_ptr<const Template>>
//   std::string text = (*t)->Render(context).value();
//
// Behaviour matches Python's jinja2.sandbox.SandboxedEnvironment (autoescape off, the chosen
// Undefined), with resource limits (value::Limits); docs/template-compat.md lists the differences.
#pragma once

#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "tmpl/program.h"
#include "value/context.h"
#include "value/error.h"
#include "value/runtime.h"

namespace crier::tmpl {

struct Options {
  bool trim_blocks = false;
  bool lstrip_blocks = false;
  bool keep_trailing_newline = false;
  bool autoescape = false;
  value::UndefinedKind undefined = value::UndefinedKind::kDefault;
  // Adds Frappe's template globals: `frappe` (frappe.utils.*) and the helpers by name
  // (nowdate, add_days, fmt_money...). Off for plain Jinja2 compatibility.
  bool frappe_globals = false;
  value::Limits limits;
};

// Named template sources for include / import / extends. No file system access.
class Loader {
 public:
  virtual ~Loader() = default;
  // The source of template `name`, or nullopt when there is none. Must be thread-safe.
  virtual std::optional<std::string> Load(std::string_view name) const = 0;
};

// A Loader over an in-memory map (Jinja's DictLoader).
class MapLoader final : public Loader {
 public:
  explicit MapLoader(std::map<std::string, std::string, std::less<>> sources)
      : sources_(std::move(sources)) {}
  std::optional<std::string> Load(std::string_view name) const override;

 private:
  std::map<std::string, std::string, std::less<>> sources_;
};

class Environment;

// A compiled template. Immutable; Render is thread-safe.
class Template {
 public:
  // Renders with the context's variables. Errors carry the Python class Jinja2 would raise, the
  // template name, line and column.
  value::Expected<std::string> Render(const value::Context& context) const;
  const std::string& name() const { return program_->name; }
  const Program& program() const { return *program_; }
  const Environment& environment() const { return *env_; }

 private:
  friend class Environment;
  Template(const Environment* env, std::unique_ptr<Program> program)
      : env_(env), program_(std::move(program)) {}
  const Environment* env_;
  std::unique_ptr<Program> program_;
};

// Options, the loader, registered globals and filters, and a cache of templates loaded by name.
// Thread-safe after configuration (AddGlobal/AddFilter/AddTest before the first Compile).
// Must outlive the templates it compiles.
class Environment {
 public:
  explicit Environment(Options options = {}, std::shared_ptr<const Loader> loader = nullptr);
  ~Environment();

  value::Expected<std::shared_ptr<const Template>> Compile(std::string_view source,
                                                           std::string_view name = {}) const;
  // Loads (once, then from the cache) and compiles the template `name` from the loader.
  // TemplateNotFound when the loader has no such template.
  value::Expected<std::shared_ptr<const Template>> GetTemplate(std::string_view name) const;

  // Host extensions. `value` must be static or otherwise immutable and outlive the environment.
  void AddGlobal(std::string name, value::Value v);
  void AddFilter(std::string name, FilterFn fn);
  void AddTest(std::string name, TestFn fn);

  const Options& options() const { return options_; }
  bool has_loader() const { return loader_ != nullptr; }
  const FilterDef* FindFilter(std::string_view name) const;
  const TestDef* FindTest(std::string_view name) const;
  const value::Value* FindGlobal(std::string_view name) const;

 private:
  Options options_;
  std::shared_ptr<const Loader> loader_;
  std::map<std::string, value::Value, std::less<>> globals_;
  std::map<std::string, FilterDef, std::less<>> extra_filters_;
  std::map<std::string, TestDef, std::less<>> extra_tests_;
  std::list<std::string> names_;  // storage for registered names
  mutable std::mutex cache_mu_;
  mutable std::map<std::string, std::shared_ptr<const Template>, std::less<>> cache_;  // cache_mu_
};

}  // namespace crier::tmpl
