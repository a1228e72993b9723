// The template pipeline (normalise, lex, parse, compile) and the Environment's registries and
// template cache.
#include "tmpl/template.h"

#include <fmt/format.h>

#include "expr/lexer.h"
#include "tmpl/builtins.h"
#include "tmpl/compile.h"
#include "tmpl/lexer.h"
#include "tmpl/parser.h"
#include "tmpl/renderer.h"
#include "value/frappe_utils.h"

namespace crier::tmpl {

using value::EngineError;
using value::ErrorClass;
using value::Expected;

std::optional<std::string> MapLoader::Load(std::string_view name) const {
  auto it = sources_.find(name);
  if (it == sources_.end()) return std::nullopt;
  return it->second;
}

Environment::Environment(Options options, std::shared_ptr<const Loader> loader)
    : options_(std::move(options)), loader_(std::move(loader)) {}

Environment::~Environment() = default;

void Environment::AddGlobal(std::string name, value::Value v) {
  globals_[std::move(name)] = v;
}

void Environment::AddFilter(std::string name, FilterFn fn) {
  names_.push_back(name);
  extra_filters_[std::move(name)] = FilterDef{names_.back(), fn};
}

void Environment::AddTest(std::string name, TestFn fn) {
  names_.push_back(name);
  extra_tests_[std::move(name)] = TestDef{names_.back(), fn};
}

const FilterDef* Environment::FindFilter(std::string_view name) const {
  auto it = extra_filters_.find(name);
  if (it != extra_filters_.end()) return &it->second;
  return FindBuiltinFilter(name);
}

const TestDef* Environment::FindTest(std::string_view name) const {
  auto it = extra_tests_.find(name);
  if (it != extra_tests_.end()) return &it->second;
  return FindBuiltinTest(name);
}

const value::Value* Environment::FindGlobal(std::string_view name) const {
  auto it = globals_.find(name);
  if (it != globals_.end()) return &it->second;
  if (const value::Value* v = FindBuiltinGlobal(name)) return v;
  if (options_.frappe_globals) {
    if (const value::Value* v = value::FindFrappeUtil(name)) return v;
    if (name == "frappe") {
      static const value::Value frappe = value::FrappeModule();
      return &frappe;
    }
  }
  return nullptr;
}

Expected<std::shared_ptr<const Template>> Environment::Compile(std::string_view source,
                                                               std::string_view name) const {
  auto program = std::make_unique<Program>();
  program->name = std::string(name);
  if (source.size() > options_.limits.max_template_bytes) {
    EngineError e;
    e.cls = ErrorClass::kLimitError;
    e.message =
        fmt::format("template of {} bytes exceeds the limit of {} (limits.max_template_bytes)",
                    source.size(), options_.limits.max_template_bytes);
    e.template_name = program->name;
    return e;
  }
  program->source = NormalizeSource(source, options_.keep_trailing_newline);
  program->arena = std::make_unique<value::Arena>();
  try {
    LexOptions lex;
    lex.trim_blocks = options_.trim_blocks;
    lex.lstrip_blocks = options_.lstrip_blocks;
    lex.keep_trailing_newline = options_.keep_trailing_newline;
    std::vector<expr::Token> tokens = LexTemplate(program->source, lex, *program->arena);
    TemplateParser parser(program->source, std::move(tokens), expr::Dialect::kJinja,
                          *program->arena, options_.limits.max_nesting);
    program->body = parser.ParseTemplate();
    CompileEnv env;
    env.find_filter = [this](std::string_view n) { return FindFilter(n); };
    env.find_test = [this](std::string_view n) { return FindTest(n); };
    env.undefined_kind = options_.undefined;
    CompileProgram(*program, env);
  } catch (const expr::SyntaxFailure& f) {
    EngineError e;
    e.cls = f.assertion ? ErrorClass::kTemplateAssertionError : ErrorClass::kTemplateSyntaxError;
    e.message = f.message;
    e.template_name = program->name;
    expr::LineColumn(program->source, f.pos, &e.line, &e.column);
    return e;
  } catch (const value::PyError& err) {
    EngineError e = EngineError::From(err);
    e.template_name = program->name;
    return e;
  }
  return std::shared_ptr<const Template>(new Template(this, std::move(program)));
}

Expected<std::shared_ptr<const Template>> Environment::GetTemplate(std::string_view name) const {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = cache_.find(name);
    if (it != cache_.end()) return it->second;
  }
  std::optional<std::string> source;
  if (loader_) source = loader_->Load(name);
  if (!source) {
    EngineError e;
    e.cls = ErrorClass::kTemplateNotFound;
    e.message = std::string(name);
    return e;
  }
  auto compiled = Compile(*source, name);
  if (!compiled.ok()) return compiled;
  std::lock_guard<std::mutex> lock(cache_mu_);
  auto [it, inserted] = cache_.emplace(std::string(name), *compiled);
  return it->second;
}

Expected<std::string> Template::Render(const value::Context& context) const {
  value::Arena arena(env_->options().limits.max_memory_bytes);
  Renderer renderer(*env_, context, arena);
  try {
    return renderer.RenderMain(*this);
  } catch (const value::PyError& e) {
    EngineError err = EngineError::From(e);
    if (err.template_name.empty()) err.template_name = name();
    return err;
  } catch (const std::bad_alloc&) {
    EngineError err;
    err.cls = ErrorClass::kMemoryError;
    err.message = "out of memory";
    return err;
  }
}

}  // namespace crier::tmpl
