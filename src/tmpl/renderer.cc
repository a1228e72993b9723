// Statement execution, following the behaviour of the Python code Jinja's code generator emits
// (compiler.py): frames are entered by running their slot initialisations, loops re-enter theirs
// on every iteration, macros run in a frame whose parent is the frame they were defined in.
#include "tmpl/renderer.h"

#include <fmt/format.h>

#include "expr/lexer.h"
#include "tmpl/compile.h"
#include "tmpl/objects.h"
#include "value/dict.h"
#include "value/format.h"
#include "value/methods.h"
#include "value/ops.h"
#include "value/repr.h"

namespace crier::tmpl {

using expr::NodeKind;
using expr::NodeList;
using value::ErrorClass;
using value::PyError;
using value::Throw;

namespace {

// Restores the renderer's frame, program, context and output on scope exit.
struct StateGuard {
  explicit StateGuard(Renderer* r, Frame*& frame, Output*& out, RenderContext*& ctx,
                      const Program*& program, std::string_view& source, bool& autoescape)
      : frame_ref(frame),
        out_ref(out),
        ctx_ref(ctx),
        program_ref(program),
        source_ref(source),
        autoescape_ref(autoescape),
        frame_saved(frame),
        out_saved(out),
        ctx_saved(ctx),
        program_saved(program),
        source_saved(source),
        autoescape_saved(autoescape) {
    (void)r;
  }
  ~StateGuard() {
    frame_ref = frame_saved;
    out_ref = out_saved;
    ctx_ref = ctx_saved;
    program_ref = program_saved;
    source_ref = source_saved;
    autoescape_ref = autoescape_saved;
  }
  Frame*& frame_ref;
  Output*& out_ref;
  RenderContext*& ctx_ref;
  const Program*& program_ref;
  std::string_view& source_ref;
  bool& autoescape_ref;
  Frame* frame_saved;
  Output* out_saved;
  RenderContext* ctx_saved;
  const Program* program_saved;
  std::string_view source_saved;
  bool autoescape_saved;
};

#define CRIER_SAVE_STATE() \
  StateGuard state_guard_(this, frame_, out_, ctx_, program_, source, autoescape)

value::DictObj* NewSet(value::Runtime& rt) {
  return rt.NewDict();
}

}  // namespace

Renderer::Renderer(const Environment& env, const value::Context& user, value::Arena& arena_in)
    : Evaluator(arena_in, env.options().limits, expr::Dialect::kJinja),
      env_(env),
      user_(user),
      max_output_bytes_(env.options().limits.max_output_bytes) {
  undefined_kind = env.options().undefined;
  autoescape = env.options().autoescape;
  now = user.now();
  site = user.site();
}

void Renderer::Enter() {
  if (++depth_ > limits.max_recursion_depth) {
    --depth_;
    Throw(ErrorClass::kRecursionError,
          fmt::format("maximum recursion depth of {} exceeded (limits.max_recursion_depth)",
                      limits.max_recursion_depth));
  }
}

void Renderer::OutputLimitReached() const {
  Throw(ErrorClass::kLimitError,
        fmt::format("output exceeds {} bytes (limits.max_output_bytes)", limits.max_output_bytes));
}

void Renderer::AppendOutput(Output& out, const Value& v) {
  if (!autoescape) {
    // What value::AppendStr prints, written in place for the kinds templates print most.
    switch (v.kind()) {
      case value::Kind::kStr:
        return out.Append(v.str());
      case value::Kind::kInt: {
        int64_t i = v.int_value();
        char* p = out.Room(32);  // a sign, up to 20 digits and WriteFixedPadded's 8 bytes
        char* q = p;
        if (i < 0) *q++ = '-';
        auto magnitude = i < 0 ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
        return out.Commit(static_cast<size_t>(value::WriteFixedPadded(q, magnitude, 0) - p));
      }
      case value::Kind::kFloat: {
        char* p = out.Room(value::kFloatReprMax);
        return out.Commit(static_cast<size_t>(value::WriteFloatRepr(p, v) - p));
      }
      default:
        break;
    }
  }
  std::string text;
  if (!autoescape) {
    value::AppendStr(text, v);
  } else if (v.is_markup()) {
    text = v.str();
  } else if (v.is_str()) {
    value::AppendEscaped(text, v.str());
  } else {
    std::string plain = value::ToStr(v);
    value::AppendEscaped(text, plain);
  }
  out.Append(text);
}

Value Renderer::Undefined(std::string_view hint, std::string_view name) {
  return MakeUndefined(arena.CopyString(name), {}, false, arena.CopyString(hint));
}

Value Renderer::Resolve(const RenderContext* ctx, std::string_view name) const {
  for (const RenderContext* c = ctx; c; c = c->parent) {
    if (c->vars) {
      int64_t i = value::DictFindStr(c->vars, name);
      if (i >= 0) return c->vars->entries[static_cast<size_t>(i)].value;
    }
    if (c->locals) {
      int64_t i = value::DictFindStr(c->locals, name);
      if (i >= 0) return c->locals->entries[static_cast<size_t>(i)].value;
    }
    if (!c->parent && c->user_vars) {
      if (const Value* v = user_.Find(name)) return *v;
    }
  }
  if (const Value* v = env_.FindGlobal(name)) return *v;
  return expr::MissingValue();
}

Value Renderer::LoadGlobal(const Node* n) {
  Value v = Resolve(ctx_, n->name());
  if (expr::IsMissing(v)) return LoadMissing(n);
  return v;
}

Value Renderer::LoadMissing(const Node* n) {
  if (n->fn) return Value::Undefined(static_cast<const value::UndefinedInfo*>(n->fn));
  return MakeUndefined(n->name());
}

// ---------------------------------------------------------------------------------------------
// Frames.

void Renderer::InitScope(const Scope& scope, Frame* f) {
  for (uint32_t i = 0; i < scope.nslots; ++i) f->slots[i] = expr::MissingValue();
  for (const SlotInit& init : scope.inits) {
    switch (init.kind) {
      case SlotInit::kParam:
      case SlotInit::kUndefined:
        break;
      case SlotInit::kResolve:
        f->slots[init.slot] = Resolve(ctx_, init.name);
        break;
      case SlotInit::kAlias: {
        Frame* g = f;
        for (uint32_t d = 0; d < init.alias_depth && g; ++d) g = g->parent;
        if (g) f->slots[init.slot] = g->slots[init.alias_slot];
        break;
      }
    }
  }
}

Frame* Renderer::EnterScope(const Scope& scope, Frame* parent) {
  auto* f = arena.New<Frame>();
  f->size = scope.nslots;
  f->slots = arena.NewArray<Value>(scope.nslots == 0 ? 1 : scope.nslots);
  f->parent = parent;
  InitScope(scope, f);
  return f;
}

// ---------------------------------------------------------------------------------------------
// Entry points.

std::string Renderer::RenderMain(const Template& t) {
  Output out(t.program().output_hint.load(std::memory_order_relaxed));
  out_ = &out;
  auto* ctx = arena.New<RenderContext>();
  ctx->program = &t.program();
  ctx->vars = NewDict();
  ctx->exported = NewSet(*this);
  blocks_store_.emplace_back();
  ctx->blocks = &blocks_store_.back();
  for (const auto& [name, node] : t.program().blocks) {
    (*ctx->blocks)[node->name()].push_back(BlockEntry{&t.program(), node});
  }
  ctx->autoescape = autoescape;
  RenderRoot(&t.program(), ctx);
  if (out.size() > t.program().output_hint.load(std::memory_order_relaxed)) {
    t.program().output_hint.store(out.size(), std::memory_order_relaxed);
  }
  return out.Take();
}

void Renderer::RenderRoot(const Program* program, RenderContext* ctx) {
  Enter();
  CRIER_SAVE_STATE();
  const Program* saved_parent = parent_template_;
  parent_template_ = nullptr;
  program_ = program;
  source = program->source;
  ctx_ = ctx;
  try {
    frame_ = EnterScope(program->root, nullptr);
    if (program->root_self_slot >= 0) {
      auto* self = arena.New<TemplateRefObj>();
      self->ctx = ctx;
      self->template_name = program->name;
      frame_->slots[program->root_self_slot] = Value::Host(self);
    }
    Exec(program->body);
  } catch (PyError& e) {
    if (e.template_name.empty()) e.template_name = program->name;
    parent_template_ = saved_parent;
    Leave();
    throw;
  }
  const Program* parent = parent_template_;
  parent_template_ = saved_parent;
  Leave();
  if (parent) RenderRoot(parent, ctx);
}

void Renderer::Exec(const NodeList& body) {
  for (const Node* n : body) {
    try {
      ExecNode(n);
    } catch (PyError& e) {
      if (e.line == 0) expr::LineColumn(source, n->pos, &e.line, &e.column);
      throw;
    }
  }
}

void Renderer::ExecNode(const Node* n) {
  switch (n->kind) {
    case NodeKind::kOutput:
      return ExecOutput(n);
    case NodeKind::kIf: {
      if (EvalBool(n->a)) return Exec(n->list);
      for (const Node* elif : n->list3) {
        if (EvalBool(elif->a)) return Exec(elif->list);
      }
      return Exec(n->list2);
    }
    case NodeKind::kFor:
      return ExecFor(n);
    case NodeKind::kAssign:
      return ExecSet(n);
    case NodeKind::kAssignBlock:
      return ExecSetBlock(n);
    case NodeKind::kMacro:
      return ExecMacro(n);
    case NodeKind::kCallBlock:
      return ExecCallBlock(n);
    case NodeKind::kFilterBlock:
      return ExecFilterBlock(n);
    case NodeKind::kWith:
      return ExecWith(n);
    case NodeKind::kBlock:
      return ExecBlock(n);
    case NodeKind::kExtends:
      return ExecExtends(n);
    case NodeKind::kInclude:
      return ExecInclude(n);
    case NodeKind::kImport:
      return ExecImport(n);
    case NodeKind::kFromImport:
      return ExecFromImport(n);
    case NodeKind::kAutoescape:
      return ExecAutoescape(n);
    default:
      Eval(n);
      return;
  }
}

void Renderer::ExecOutput(const Node* n) {
  if ((n->flags & kFlagOutputCheck) && parent_template_ != nullptr) return;
  for (const Node* item : n->list) {
    if (item->kind == NodeKind::kConst && (item->flags & expr::kFlagData)) {
      Write(item->value.str());
      continue;
    }
    Value v = Eval(item);
    AppendOutput(*out_, v);
    if (out_->size() > max_output_bytes_) OutputLimitReached();
  }
}

// ---------------------------------------------------------------------------------------------
// Assignment.

void Renderer::Assign(const Node* t, const Value& v) {
  switch (t->kind) {
    case NodeKind::kName: {
      Frame* f = frame_;
      for (int32_t d = 0; d < t->depth; ++d) f = f->parent;
      f->slots[t->slot] = v;
      if (t->flags & expr::kFlagWithContext) {
        value::DictSet(arena, ctx_->vars, Value::Str(t->name()), v);
        if (t->name()[0] != '_')
          value::DictSet(arena, ctx_->exported, Value::Str(t->name()), Value());
      }
      return;
    }
    case NodeKind::kTuple: {
      if (!v.is_list_like() && !v.is_str() && !v.is_dict() && !v.is_set() &&
          v.kind() != value::Kind::kRange && v.kind() != value::Kind::kIterator &&
          v.kind() != value::Kind::kDictView && !v.is_undefined()) {
        Throw(ErrorClass::kTypeError,
              fmt::format("cannot unpack non-iterable {} object", value::TypeName(v)));
      }
      const value::ArenaVec<Value>& items = value::ItemsOf(*this, v);
      if (items.size != t->list.size) {
        if (items.size > t->list.size) {
          Throw(ErrorClass::kValueError,
                fmt::format("too many values to unpack (expected {})", t->list.size));
        }
        Throw(ErrorClass::kValueError,
              fmt::format("not enough values to unpack (expected {}, got {})", t->list.size,
                          items.size));
      }
      for (uint32_t i = 0; i < t->list.size; ++i) Assign(t->list[i], items[i]);
      return;
    }
    case NodeKind::kNsRef: {
      Value ns = Eval(t->a);
      if (ns.kind() == value::Kind::kHost) {
        if (auto* nso = dynamic_cast<NamespaceObj*>(ns.host())) {
          nso->SetAttr(*this, t->name(), v);
          return;
        }
      }
      Throw(ErrorClass::kTemplateRuntimeError, "cannot assign attribute on non-namespace object");
    }
    default:
      Throw(ErrorClass::kTemplateRuntimeError, "cannot assign to this target");
  }
}

void Renderer::ExecSet(const Node* n) {
  Assign(n->a, Eval(n->b));
}

Value Renderer::Capture(const NodeList& body, Frame* frame) {
  Output buf;
  {
    CRIER_SAVE_STATE();
    out_ = &buf;
    frame_ = frame;
    Exec(body);
  }
  return NewStr(buf.view(), autoescape ? value::kStrMarkup : 0);
}

namespace {

const Node* InnermostFilter(const Node* chain) {
  while (chain->a) chain = chain->a;
  return chain;
}

}  // namespace

// Applies a filter chain whose innermost input is `input` (filter blocks, set blocks).
static Value ApplyChain(Renderer& r, const Node* chain, Value input,
                        Value (Renderer::*apply)(const Node*, const Value&)) {
  if (chain->a) input = ApplyChain(r, chain->a, input, apply);
  return (r.*apply)(chain, input);
}

void Renderer::ExecSetBlock(const Node* n) {
  Frame* bf = EnterScope(*static_cast<const Scope*>(n->fn), frame_);
  Value v = Capture(n->list, bf);
  if (n->c) {
    CRIER_SAVE_STATE();
    frame_ = bf;
    (void)InnermostFilter;
    v = ApplyChain(*this, n->c, v, &Renderer::ApplyFilter);
  }
  Assign(n->a, v);
}

void Renderer::ExecFilterBlock(const Node* n) {
  Frame* ff = EnterScope(*static_cast<const Scope*>(n->fn), frame_);
  Value v = Capture(n->list, ff);
  {
    CRIER_SAVE_STATE();
    frame_ = ff;
    v = ApplyChain(*this, n->a, v, &Renderer::ApplyFilter);
  }
  if (!v.is_str()) {
    Throw(ErrorClass::kTypeError,
          fmt::format("sequence item 0: expected str instance, {} found", value::TypeName(v)));
  }
  Write(v.str());
}

void Renderer::ExecWith(const Node* n) {
  Frame* wf = EnterScope(*static_cast<const Scope*>(n->fn), frame_);
  CRIER_SAVE_STATE();
  for (uint32_t i = 0; i < n->list.size; ++i) {
    Value v = Eval(n->list2[i]);
    frame_ = wf;
    Assign(n->list[i], v);
    frame_ = state_guard_.frame_saved;
  }
  frame_ = wf;
  Exec(n->list3);
}

void Renderer::ExecAutoescape(const Node* n) {
  Frame* sf = EnterScope(*static_cast<const Scope*>(n->fn), frame_);
  CRIER_SAVE_STATE();
  frame_ = sf;
  autoescape = EvalBool(n->a);
  Exec(n->list);
}

// ---------------------------------------------------------------------------------------------
// Loops.

void Renderer::ExecFor(const Node* n) {
  RunLoop(n, Eval(n->b), 0, nullptr);
}

void Renderer::RunLoop(const Node* n, Value iterable, int depth0, LoopObj*) {
  const auto* info = static_cast<const ForInfo*>(n->fn);
  if (iterable.is_undefined() && iterable.undefined()->kind == value::UndefinedKind::kStrict) {
    value::FailUndefined(iterable);
  }
  // A frozen list (the context's) cannot change while the body runs: iterate it in place.
  value::ListObj* items = iterable.is_list() && iterable.list()->frozen
                              ? iterable.list()
                              : value::ToList(*this, iterable);
  Frame* outer = frame_;
  if (n->c) {
    Frame* tf = EnterScope(info->test, outer);
    value::ListObj* kept = NewList(items->items.size);
    CRIER_SAVE_STATE();
    frame_ = tf;
    for (const Value& item : items->items) {
      // Bind the target in the test frame.
      size_t k = 0;
      std::function<void(const Node*, const Value&)> bind = [&](const Node* t, const Value& v) {
        if (t->kind == NodeKind::kName) {
          tf->slots[info->test_slots[k++]] = v;
          return;
        }
        const value::ArenaVec<Value>& parts = value::ItemsOf(*this, v);
        if (parts.size != t->list.size) {
          Throw(ErrorClass::kValueError,
                fmt::format("not enough values to unpack (expected {}, got {})", t->list.size,
                            parts.size));
        }
        for (uint32_t i = 0; i < t->list.size; ++i) bind(t->list[i], parts[i]);
      };
      bind(n->a, item);
      if (EvalBool(n->c)) kept->items.Push(arena, item);
    }
    items = kept;
  }
  Frame* lf = arena.New<Frame>();
  lf->size = info->body.nslots;
  lf->slots = arena.NewArray<Value>(info->body.nslots == 0 ? 1 : info->body.nslots);
  lf->parent = outer;
  LoopObj* loop = nullptr;
  if (info->extended) {
    loop = arena.New<LoopObj>();
    loop->node = n;
    loop->items = items;
    loop->depth0 = depth0;
  }
  // The common shapes, decided once: a body frame whose slots all start missing (no names to
  // resolve or alias) and a plain local target (`for it in ...`).
  bool params_only = true;
  for (const SlotInit& init : info->body.inits) {
    if (init.kind != SlotInit::kParam && init.kind != SlotInit::kUndefined) params_only = false;
  }
  const Node* target = n->a;
  bool local_target = target->kind == NodeKind::kName && target->depth == 0 &&
                      !(target->flags & expr::kFlagWithContext);
  bool iterated = false;
  {
    CRIER_SAVE_STATE();
    for (uint32_t i = 0; i < items->items.size; ++i) {
      if (++iterations_ > limits.max_loop_iterations) {
        Throw(ErrorClass::kLimitError,
              fmt::format("more than {} loop iterations (limits.max_loop_iterations)",
                          limits.max_loop_iterations));
      }
      Step();
      if (params_only) {
        for (uint32_t k = 0; k < info->body.nslots; ++k) lf->slots[k] = expr::MissingValue();
      } else {
        frame_ = outer;
        InitScope(info->body, lf);
      }
      if (loop) {
        loop->index0 = i;
        lf->slots[info->loop_slot] = Value::Host(loop);
      }
      frame_ = lf;
      if (i + 1 < items->items.size && items->items[i + 1].is_dict()) {
        // Rows of a table are dicts the body reads: start loading the next one's entries.
        const value::DictObj* next = items->items[i + 1].dict();
        __builtin_prefetch(next);
        __builtin_prefetch(next->entries.data);
      }
      if (local_target) {
        lf->slots[target->slot] = items->items[i];
      } else {
        Assign(target, items->items[i]);
      }
      Exec(n->list);
      iterated = true;
    }
  }
  if (!iterated && !n->list2.empty()) {
    Frame* ef = EnterScope(info->else_scope, outer);
    CRIER_SAVE_STATE();
    frame_ = ef;
    Exec(n->list2);
  }
}

Value Renderer::CallLoop(LoopObj& loop, Value iterable) {
  if (!(loop.node->flags & expr::kFlagRecursive)) {
    Throw(ErrorClass::kTypeError,
          "The loop must have the 'recursive' marker to be called recursively.");
  }
  Enter();
  Output buf;
  try {
    CRIER_SAVE_STATE();
    out_ = &buf;
    RunLoop(loop.node, iterable, loop.depth0 + 1, &loop);
  } catch (...) {
    Leave();
    throw;
  }
  Leave();
  return NewStr(buf.view(), autoescape ? value::kStrMarkup : 0);
}

// ---------------------------------------------------------------------------------------------
// Macros and call blocks.

void Renderer::ExecMacro(const Node* n) {
  auto* m = arena.New<MacroObj>();
  m->node = n;
  m->info = static_cast<const MacroInfo*>(n->fn);
  m->closure = frame_;
  m->ctx = ctx_;
  m->program = program_;
  m->autoescape = autoescape;
  Assign(n->a, Value::Host(m));
}

Value Renderer::CallMacro(const MacroObj& m, const value::CallArgs& args) {
  Enter();
  struct LeaveGuard {
    Renderer* r;
    ~LeaveGuard() { r->Leave(); }
  } leave{this};
  Step();
  const MacroInfo* info = m.info;
  const Node* node = m.node;
  uint32_t nparams = node->list.size;
  std::vector<value::KwArg> kw(args.kw.begin(), args.kw.end());
  auto pop_kw = [&](std::string_view name, Value* out) {
    for (size_t i = 0; i < kw.size(); ++i) {
      if (kw[i].name == name) {
        *out = kw[i].value;
        kw.erase(kw.begin() + static_cast<long>(i));
        return true;
      }
    }
    return false;
  };
  CRIER_SAVE_STATE();
  ctx_ = m.ctx;
  program_ = m.program;
  source = m.program->source;
  Frame* f = EnterScope(info->scope, m.closure);
  size_t npos = std::min<size_t>(args.pos.size(), nparams);
  for (size_t i = 0; i < npos; ++i) f->slots[info->param_slots[i]] = args.pos[i];
  bool found_caller = false;
  if (npos != nparams) {
    for (size_t i = npos; i < nparams; ++i) {
      std::string_view name = node->list[i]->name();
      Value v = expr::MissingValue();
      pop_kw(name, &v);
      if (name == "caller") found_caller = true;
      f->slots[info->param_slots[i]] = v;
    }
  } else {
    found_caller = info->explicit_caller >= 0;
  }
  if (info->accesses_caller && !found_caller) {
    Value caller;
    if (!pop_kw("caller", &caller) || caller.is_none()) {
      caller = Undefined("No caller defined", "caller");
    }
    if (info->caller_slot >= 0) f->slots[info->caller_slot] = caller;
  }
  if (info->accesses_kwargs) {
    value::DictObj* d = NewDict();
    for (const value::KwArg& k : kw) value::DictSet(arena, d, Value::Str(k.name), k.value);
    f->slots[info->kwargs_slot] = Value::Dict(d);
  } else if (!kw.empty()) {
    for (const value::KwArg& k : kw) {
      if (k.name == "caller") {
        Throw(ErrorClass::kTypeError,
              fmt::format("macro '{}' was invoked with two values for the special caller "
                          "argument. This is most likely a bug.",
                          info->name));
      }
    }
    Throw(ErrorClass::kTypeError,
          fmt::format("macro '{}' takes no keyword argument '{}'", info->name, kw[0].name));
  }
  if (info->accesses_varargs) {
    value::ListObj* rest = NewList();
    for (size_t i = nparams; i < args.pos.size(); ++i) rest->items.Push(arena, args.pos[i]);
    f->slots[info->varargs_slot] = Value::Tuple(rest);
  } else if (args.pos.size() > nparams) {
    Throw(ErrorClass::kTypeError,
          fmt::format("macro '{}' takes not more than {} argument(s)", info->name, nparams));
  }
  frame_ = f;
  uint32_t ndefaults = node->list2.size;
  for (uint32_t i = 0; i < nparams; ++i) {
    Value& slot = f->slots[info->param_slots[i]];
    if (!expr::IsMissing(slot)) continue;
    int64_t di = static_cast<int64_t>(i) - static_cast<int64_t>(nparams - ndefaults);
    if (di >= 0) {
      slot = Eval(node->list2[static_cast<uint32_t>(di)]);
    } else {
      std::string name(node->list[i]->name());
      slot = Undefined(fmt::format("parameter '{}' was not provided", name), name);
    }
  }
  autoescape = m.autoescape;
  Output buf;
  out_ = &buf;
  Exec(node->list3);
  return NewStr(buf.view(), m.autoescape ? value::kStrMarkup : 0);
}

void Renderer::ExecCallBlock(const Node* n) {
  auto* caller = arena.New<MacroObj>();
  caller->node = n;
  caller->info = static_cast<const MacroInfo*>(n->fn);
  caller->closure = frame_;
  caller->ctx = ctx_;
  caller->program = program_;
  caller->autoescape = autoescape;
  const Node* call = n->a;
  Value callee;
  expr::ArgBuffer buf;
  if (call->a->kind == NodeKind::kAttr) {
    Value obj = Eval(call->a->a);
    callee = JinjaGetAttr(obj, call->a->name());
  } else {
    callee = Eval(call->a);
  }
  EvalCallArgs(call, buf);
  buf.AddKeyword("caller", Value::Host(caller));
  Value result = Call(callee, buf.Args());
  if (!result.is_str()) {
    Throw(ErrorClass::kTypeError,
          fmt::format("sequence item 0: expected str instance, {} found", value::TypeName(result)));
  }
  Write(result.str());
}

// ---------------------------------------------------------------------------------------------
// Inheritance, includes, imports.

Value Renderer::RenderBlockAt(RenderContext* ctx, std::string_view name, size_t index) {
  auto it = ctx->blocks->find(name);
  if (it == ctx->blocks->end() || index >= it->second.size()) {
    return Undefined(fmt::format("there is no parent block called '{}'.", name), "super");
  }
  const BlockEntry& entry = it->second[index];
  const auto* info = static_cast<const BlockInfo*>(entry.node->fn);
  Enter();
  Output buf;
  try {
    CRIER_SAVE_STATE();
    ctx_ = ctx;
    program_ = entry.program;
    source = entry.program->source;
    out_ = &buf;
    frame_ = EnterScope(info->scope, nullptr);
    if (info->self_slot >= 0) {
      auto* self = arena.New<TemplateRefObj>();
      self->ctx = ctx;
      self->template_name = entry.program->name;
      frame_->slots[info->self_slot] = Value::Host(self);
    }
    if (info->super_slot >= 0) {
      if (index + 1 < it->second.size()) {
        auto* sup = arena.New<BlockRefObj>();
        sup->ctx = ctx;
        sup->name = it->first;
        sup->index = index + 1;
        frame_->slots[info->super_slot] = Value::Host(sup);
      } else {
        frame_->slots[info->super_slot] =
            Undefined(fmt::format("there is no parent block called '{}'.", name), "super");
      }
    }
    Exec(entry.node->list);
  } catch (PyError& e) {
    if (e.template_name.empty()) e.template_name = entry.program->name;
    Leave();
    throw;
  }
  Leave();
  return NewStr(buf.view(), autoescape ? value::kStrMarkup : 0);
}

void Renderer::ExecBlock(const Node* n) {
  if ((n->flags & kFlagOutputCheck) && parent_template_ != nullptr) return;
  RenderContext* ctx = ctx_;
  if (n->flags & expr::kFlagScoped) {
    auto* derived = arena.New<RenderContext>();
    *derived = *ctx_;
    derived->vars = NewDict();
    derived->exported = NewSet(*this);
    derived->locals = DumpLocals(n);
    derived->parent = ctx_;
    ctx = derived;
  }
  if (n->flags & expr::kFlagRequired) {
    auto it = ctx->blocks->find(n->name());
    if (it == ctx->blocks->end() || it->second.size() <= 1) {
      Throw(ErrorClass::kTemplateRuntimeError,
            fmt::format("Required block '{}' not found", n->name()));
    }
  }
  Value text = RenderBlockAt(ctx, n->name(), 0);
  Write(text.str());
}

const Template* Renderer::LoadTemplate(const Value& name, bool ignore_missing) {
  auto load = [&](std::string_view n) -> const Template* {
    auto t = env_.GetTemplate(n);
    if (!t.ok()) {
      if (t.error().cls == ErrorClass::kTemplateNotFound) return nullptr;
      PyError e(t.error().cls, t.error().message);
      e.line = t.error().line;
      e.column = t.error().column;
      e.template_name = t.error().template_name;
      throw e;
    }
    templates_.push_back(*t);
    return t->get();
  };
  if (name.is_list_like()) {
    std::string tried;
    for (const Value& v : name.list()->items) {
      if (!v.is_str()) continue;
      if (const Template* t = load(v.str())) return t;
    }
    if (ignore_missing) return nullptr;
    if (name.list()->items.size == 0) {
      Throw(ErrorClass::kTemplateNotFound, "Tried to select from an empty list of templates.");
    }
    Throw(ErrorClass::kTemplateNotFound,
          fmt::format("none of the templates given were found: {}", value::ToStr(name)));
  }
  if (!env_.has_loader()) Throw(ErrorClass::kTypeError, "no loader for this environment specified");
  std::string key = name.is_str() ? std::string(name.str()) : value::ToStr(name);
  if (name.is_undefined() && name.undefined()->kind == value::UndefinedKind::kStrict) {
    value::FailUndefined(name);
  }
  const Template* t = name.is_str() ? load(key) : nullptr;
  if (t == nullptr && !ignore_missing) Throw(ErrorClass::kTemplateNotFound, key);
  return t;
}

value::DictObj* Renderer::DumpLocals(const Node* n) {
  value::DictObj* d = NewDict();
  if (n->index < 0) return d;
  for (const LocalRef& ref : program_->local_dumps[static_cast<size_t>(n->index)]) {
    Frame* f = frame_;
    for (uint32_t i = 0; i < ref.depth && f; ++i) f = f->parent;
    if (!f) continue;
    Value v = f->slots[ref.slot];
    if (expr::IsMissing(v)) continue;
    value::DictSet(arena, d, Value::Str(ref.name), v);
  }
  return d;
}

void Renderer::ExecExtends(const Node* n) {
  if (parent_template_ != nullptr) {
    Throw(ErrorClass::kTemplateRuntimeError, "extended multiple times");
  }
  const Template* t = LoadTemplate(Eval(n->a), false);
  for (const auto& [name, node] : t->program().blocks) {
    (*ctx_->blocks)[node->name()].push_back(BlockEntry{&t->program(), node});
  }
  parent_template_ = &t->program();
}

void Renderer::ExecInclude(const Node* n) {
  const Template* t = LoadTemplate(Eval(n->a), n->flags & expr::kFlagIgnoreMissing);
  if (t == nullptr) return;
  auto* ctx = arena.New<RenderContext>();
  ctx->program = &t->program();
  ctx->vars = NewDict();
  ctx->exported = NewSet(*this);
  blocks_store_.emplace_back();
  ctx->blocks = &blocks_store_.back();
  for (const auto& [name, node] : t->program().blocks) {
    (*ctx->blocks)[node->name()].push_back(BlockEntry{&t->program(), node});
  }
  if (n->flags & expr::kFlagWithContext) {
    ctx->locals = DumpLocals(n);
    ctx->parent = ctx_;
    ctx->user_vars = true;
  } else {
    ctx->user_vars = false;
  }
  RenderRoot(&t->program(), ctx);
}

Value Renderer::MakeModule(const Template* t, bool with_context, const Node* n) {
  auto* ctx = arena.New<RenderContext>();
  ctx->program = &t->program();
  ctx->vars = NewDict();
  ctx->exported = NewSet(*this);
  blocks_store_.emplace_back();
  ctx->blocks = &blocks_store_.back();
  for (const auto& [name, node] : t->program().blocks) {
    (*ctx->blocks)[node->name()].push_back(BlockEntry{&t->program(), node});
  }
  if (with_context) {
    ctx->locals = DumpLocals(n);
    ctx->parent = ctx_;
  } else {
    ctx->user_vars = false;
  }
  Output buf;
  {
    CRIER_SAVE_STATE();
    out_ = &buf;
    autoescape = env_.options().autoescape;
    RenderRoot(&t->program(), ctx);
  }
  auto* m = arena.New<ModuleObj>();
  m->name = arena.CopyString(t->name());
  m->body = arena.CopyString(buf.view());
  m->exports = NewDict();
  for (const value::DictEntry& e : ctx->vars->entries) {
    if (value::DictFind(ctx->exported, e.key, e.hash) >= 0) {
      value::DictSet(arena, m->exports, e.key, e.value, e.hash);
    }
  }
  return Value::Host(m);
}

void Renderer::ExecImport(const Node* n) {
  const Template* t = LoadTemplate(Eval(n->a), false);
  Value module = MakeModule(t, n->flags & expr::kFlagWithContext, n);
  Assign(n->b, module);
}

void Renderer::ExecFromImport(const Node* n) {
  const Template* t = LoadTemplate(Eval(n->a), false);
  Value module = MakeModule(t, n->flags & expr::kFlagWithContext, n);
  auto* m = static_cast<ModuleObj*>(module.host());
  int line = 0, column = 0;
  expr::LineColumn(source, n->pos, &line, &column);
  for (const Node* name : n->list) {
    const Node* target = name->b ? name->b : name;
    int64_t i = value::DictFindStr(m->exports, name->name());
    Value v;
    if (i >= 0) {
      v = m->exports->entries[static_cast<size_t>(i)].value;
    } else {
      v = Undefined(fmt::format("the template '{}' (imported on line {}) does not export the "
                                "requested name '{}'",
                                t->name(), line, name->name()),
                    name->name());
    }
    Assign(target, v);
  }
}

// ---------------------------------------------------------------------------------------------
// Filters and tests.

Value Renderer::ApplyFilter(const Node* n, const Value& input) {
  const auto* def = static_cast<const FilterDef*>(n->fn);
  if (def == nullptr) {
    Throw(ErrorClass::kTemplateRuntimeError, fmt::format("No filter named '{}' found.", n->name()));
  }
  if (n->flags & expr::kFlagPlainArgs) {
    // A few plain positional arguments (`truncate(30)`, `format(x)`): evaluated on the stack.
    union Args {
      Args() {}  // NOLINT: left uninitialised, only the first n->list.size are read
      Value items[expr::kMaxPlainArgs];
    } args;
    for (uint32_t i = 0; i < n->list.size; ++i) args.items[i] = Eval(n->list[i]);
    Step();
    return def->fn(*this, input, value::CallArgs{{args.items, n->list.size}, {}});
  }
  return ApplyFilterWithArgBuffer(def, n, input);
}

Value Renderer::ApplyFilterWithArgBuffer(const FilterDef* def, const Node* n, const Value& input) {
  expr::ArgBuffer buf;
  EvalCallArgs(n, buf);
  Step();
  return def->fn(*this, input, buf.Args());
}

Value Renderer::ApplyTest(const Node* n, const Value& input) {
  const auto* def = static_cast<const TestDef*>(n->fn);
  if (def == nullptr) {
    Throw(ErrorClass::kTemplateRuntimeError, fmt::format("No test named '{}' found.", n->name()));
  }
  expr::ArgBuffer buf;
  EvalCallArgs(n, buf);
  return Value::Bool(def->fn(*this, input, buf.Args()));
}

Value Renderer::CallFilter(std::string_view name, Value input, const value::CallArgs& args) {
  const FilterDef* def = env_.FindFilter(name);
  if (def == nullptr) {
    Throw(ErrorClass::kTemplateRuntimeError, fmt::format("No filter named '{}'.", name));
  }
  return def->fn(*this, input, args);
}

bool Renderer::CallTest(std::string_view name, Value input, const value::CallArgs& args) {
  const TestDef* def = env_.FindTest(name);
  if (def == nullptr) {
    Throw(ErrorClass::kTemplateRuntimeError, fmt::format("No test named '{}'.", name));
  }
  return def->fn(*this, input, args);
}

}  // namespace crier::tmpl
