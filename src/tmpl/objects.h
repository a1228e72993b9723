// The objects templates see at runtime: loop, macros and callers, namespaces, cyclers, joiners,
// imported template modules, `self` and `super()`. Arena-allocated HostObjects (see
// value/runtime.h).
#pragma once

#include <string_view>

#include "expr/ast.h"
#include "expr/evaluator.h"
#include "tmpl/program.h"
#include "value/runtime.h"

namespace crier::tmpl {

struct RenderContext;

class LoopObj final : public value::HostObject {
 public:
  std::string_view TypeName() const override { return "jinja2.runtime.LoopContext"; }
  bool GetAttr(value::Runtime& rt, std::string_view name, value::Value* out) override;
  bool IsCallable() const override { return true; }
  value::Value Call(value::Runtime& rt, const value::CallArgs& args) override;
  void Repr(std::string& out) const override;

  const expr::Node* node = nullptr;  // the for statement
  value::ListObj* items = nullptr;
  int64_t index0 = -1;
  int depth0 = 0;
  value::Value last_changed;
  bool has_changed = false;
};

class MacroObj final : public value::HostObject {
 public:
  std::string_view TypeName() const override { return "jinja2.runtime.Macro"; }
  bool GetAttr(value::Runtime& rt, std::string_view name, value::Value* out) override;
  bool IsCallable() const override { return true; }
  value::Value Call(value::Runtime& rt, const value::CallArgs& args) override;
  void Repr(std::string& out) const override;

  const expr::Node* node = nullptr;
  const MacroInfo* info = nullptr;
  expr::Frame* closure = nullptr;
  RenderContext* ctx = nullptr;
  const Program* program = nullptr;
  bool autoescape = false;
};

class NamespaceObj final : public value::HostObject {
 public:
  std::string_view TypeName() const override { return "jinja2.utils.Namespace"; }
  bool GetAttr(value::Runtime& rt, std::string_view name, value::Value* out) override;
  bool SetAttr(value::Runtime& rt, std::string_view name, value::Value v) override;
  void Repr(std::string& out) const override;

  value::DictObj* attrs = nullptr;
};

class CyclerObj final : public value::HostObject {
 public:
  std::string_view TypeName() const override { return "jinja2.utils.Cycler"; }
  bool GetAttr(value::Runtime& rt, std::string_view name, value::Value* out) override;

  value::ListObj* items = nullptr;
  uint32_t pos = 0;
};

class JoinerObj final : public value::HostObject {
 public:
  std::string_view TypeName() const override { return "jinja2.utils.Joiner"; }
  bool IsCallable() const override { return true; }
  value::Value Call(value::Runtime& rt, const value::CallArgs& args) override;

  value::Value sep;
  bool used = false;
};

class ModuleObj final : public value::HostObject {
 public:
  std::string_view TypeName() const override { return "jinja2.environment.TemplateModule"; }
  bool GetAttr(value::Runtime& rt, std::string_view name, value::Value* out) override;
  void Repr(std::string& out) const override;
  void Str(std::string& out) const override { out.append(body); }

  std::string_view name;
  std::string_view body;  // the rendered output: str(module)
  value::DictObj* exports = nullptr;
};

// `self` in a template: self.blockname() renders a block.
class TemplateRefObj final : public value::HostObject {
 public:
  std::string_view TypeName() const override { return "jinja2.runtime.TemplateReference"; }
  bool GetAttr(value::Runtime& rt, std::string_view name, value::Value* out) override;
  void Repr(std::string& out) const override;

  RenderContext* ctx = nullptr;
  std::string_view template_name;
};

// A block at a position of the inheritance chain: calling it renders it; .super is the next one.
class BlockRefObj final : public value::HostObject {
 public:
  std::string_view TypeName() const override { return "jinja2.runtime.BlockReference"; }
  bool GetAttr(value::Runtime& rt, std::string_view name, value::Value* out) override;
  bool IsCallable() const override { return true; }
  value::Value Call(value::Runtime& rt, const value::CallArgs& args) override;

  RenderContext* ctx = nullptr;
  std::string_view name;
  size_t index = 0;
};

}  // namespace crier::tmpl
