// Executes compiled templates: statements, frames, output buffers, inheritance, includes and
// imports, macros and loops. One Renderer per render (and per thread); it owns nothing shared.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "expr/evaluator.h"
#include "tmpl/output.h"
#include "tmpl/program.h"
#include "tmpl/template.h"
#include "value/context.h"

namespace crier::tmpl {

using expr::Frame;
using expr::Node;
using value::Value;

struct BlockEntry {
  const Program* program;
  const Node* node;
};

// Jinja's runtime Context: top-level variables of one template render, where names resolve.
struct RenderContext {
  const Program* program = nullptr;
  value::DictObj* vars = nullptr;         // top-level assignments (context.vars)
  value::DictObj* exported = nullptr;     // names exported to importers (a set)
  value::DictObj* locals = nullptr;       // locals passed by an include / import with context
  const RenderContext* parent = nullptr;  // the including context
  bool user_vars = true;                  // see the render's variables (not for plain imports)
  std::map<std::string_view, std::vector<BlockEntry>>* blocks = nullptr;
  bool autoescape = false;
};

class MacroObj;
class LoopObj;

class Renderer final : public expr::Evaluator {
 public:
  Renderer(const Environment& env, const value::Context& user, value::Arena& arena);

  // Renders `t` as the main template; throws PyError.
  std::string RenderMain(const Template& t);

  const Environment& env() const { return env_; }
  RenderContext* context() const { return ctx_; }

  // For filters and globals.
  Value CallFilter(std::string_view name, Value input, const value::CallArgs& args);
  bool CallTest(std::string_view name, Value input, const value::CallArgs& args);
  Value CallMacro(const MacroObj& macro, const value::CallArgs& args);
  Value CallLoop(LoopObj& loop, Value iterable);
  Value RenderBlockAt(RenderContext* ctx, std::string_view name, size_t index);
  Value Resolve(const RenderContext* ctx, std::string_view name) const;
  // Output text of a value as `{{ }}` prints it (escaped when autoescape is on).
  void AppendOutput(Output& out, const Value& v);
  Value Undefined(std::string_view hint, std::string_view name = {});

 protected:
  Value LoadGlobal(const Node* n) override;
  Value LoadMissing(const Node* n) override;
  Value ApplyFilter(const Node* n, const Value& input) override;
  Value ApplyTest(const Node* n, const Value& input) override;

 private:
  friend class LoopObj;
  void RenderRoot(const Program* program, RenderContext* ctx);
  void Exec(const expr::NodeList& body);
  void ExecNode(const Node* n);
  void ExecOutput(const Node* n);
  void ExecFor(const Node* n);
  void RunLoop(const Node* n, Value iterable, int depth0, LoopObj* outer_loop_for_call);
  void ExecSet(const Node* n);
  void Assign(const Node* target, const Value& v);
  void ExecSetBlock(const Node* n);
  void ExecMacro(const Node* n);
  void ExecCallBlock(const Node* n);
  void ExecFilterBlock(const Node* n);
  void ExecWith(const Node* n);
  void ExecBlock(const Node* n);
  void ExecExtends(const Node* n);
  void ExecInclude(const Node* n);
  void ExecImport(const Node* n);
  void ExecFromImport(const Node* n);
  void ExecAutoescape(const Node* n);
  Frame* EnterScope(const Scope& scope, Frame* parent);
  void InitScope(const Scope& scope, Frame* f);
  value::DictObj* DumpLocals(const Node* n);
  const Template* LoadTemplate(const Value& name, bool ignore_missing);
  Value MakeModule(const Template* t, bool with_context, const Node* n);
  // ApplyFilter for calls with keywords, *args, **kwargs or more than a few arguments.
  Value ApplyFilterWithArgBuffer(const FilterDef* def, const Node* n, const Value& input);
  // Appends template text to the current output (LimitError past limits.max_output_bytes).
  void Write(std::string_view text) {
    out_->Append(text);
    if (out_->size() > max_output_bytes_) OutputLimitReached();
  }
  [[noreturn]] void OutputLimitReached() const;
  void Enter();
  void Leave() { --depth_; }
  Value Capture(const expr::NodeList& body, Frame* frame);

  const Environment& env_;
  const value::Context& user_;
  std::deque<std::map<std::string_view, std::vector<BlockEntry>>> blocks_store_;
  std::vector<std::shared_ptr<const Template>> templates_;  // keeps loaded templates alive
  Output* out_ = nullptr;
  RenderContext* ctx_ = nullptr;
  const Program* program_ = nullptr;
  const Program* parent_template_ = nullptr;
  int depth_ = 0;
  int64_t iterations_ = 0;
  size_t max_output_bytes_;  // limits.max_output_bytes, read on every write
};

}  // namespace crier::tmpl
