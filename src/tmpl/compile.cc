// Identifier tracking and resolution, mirroring Jinja's Symbols/FrameSymbolVisitor/RootVisitor and
// the way its code generator creates frames, so that scoping behaves exactly like Jinja's
// (`set` in a loop does not leak, `if` branches alias outer values, macros close over their
// defining frame...).
#include "tmpl/compile.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "expr/lexer.h"
#include "value/ops.h"

namespace crier::tmpl {

using expr::Node;
using expr::NodeKind;
using expr::NodeList;

namespace {

[[noreturn]] void Assertion(std::string message, uint32_t pos) {
  throw expr::SyntaxFailure{std::move(message), pos, true};
}

struct Load {
  SlotInit::Kind kind = SlotInit::kUndefined;
  int alias_level = 0;
  int alias_slot = 0;
  std::string name;
};

struct Ref {
  int level;
  int slot;
};

class Symbols {
 public:
  Symbols(Symbols* parent, Scope* scope) : parent_(parent), scope_(scope) {
    level_ = parent ? parent->level_ + 1 : 0;
  }
  Symbols(const Symbols&) = default;
  Symbols& operator=(const Symbols&) = default;

  int level() const { return level_; }
  Symbols* parent() const { return parent_; }
  Scope* scope() const { return scope_; }

  std::optional<Ref> FindRef(std::string_view name) const {
    auto it = refs_.find(std::string(name));
    if (it != refs_.end()) return Ref{level_, it->second};
    if (parent_) return parent_->FindRef(name);
    return std::nullopt;
  }

  const Load* FindLoad(const Ref& ref) const {
    if (ref.level == level_) {
      auto it = loads_.find(ref.slot);
      if (it != loads_.end()) return &it->second;
      return nullptr;
    }
    return parent_ ? parent_->FindLoad(ref) : nullptr;
  }

  int DefineRef(std::string_view name, std::optional<Load> load) {
    int slot = SlotFor(name);
    refs_[std::string(name)] = slot;
    if (load) loads_[slot] = *load;
    return slot;
  }

  void Store(std::string_view name) {
    stores_.insert(std::string(name));
    if (refs_.count(std::string(name))) return;
    if (parent_) {
      if (auto outer = parent_->FindRef(name)) {
        DefineRef(name, Load{SlotInit::kAlias, outer->level, outer->slot, {}});
        return;
      }
    }
    DefineRef(name, Load{SlotInit::kUndefined, 0, 0, {}});
  }

  int DeclareParameter(std::string_view name) {
    stores_.insert(std::string(name));
    return DefineRef(name, Load{SlotInit::kParam, 0, 0, {}});
  }

  void LoadName(std::string_view name) {
    if (!FindRef(name)) DefineRef(name, Load{SlotInit::kResolve, 0, 0, std::string(name)});
  }

  void BranchUpdate(const std::vector<Symbols>& branches) {
    std::map<std::string, size_t> counts;
    for (const Symbols& b : branches) {
      for (const std::string& target : b.stores_) {
        if (stores_.count(target)) continue;
        counts[target] += 1;
      }
    }
    for (const Symbols& b : branches) {
      for (const auto& [k, v] : b.refs_) refs_[k] = v;
      for (const auto& [k, v] : b.loads_) loads_[k] = v;
      stores_.insert(b.stores_.begin(), b.stores_.end());
    }
    for (const auto& [name, count] : counts) {
      if (count == branches.size()) continue;
      auto target = FindRef(name);
      if (!target) continue;
      if (parent_) {
        if (auto outer = parent_->FindRef(name)) {
          loads_[target->slot] = Load{SlotInit::kAlias, outer->level, outer->slot, {}};
          continue;
        }
      }
      loads_[target->slot] = Load{SlotInit::kResolve, 0, 0, name};
    }
  }

  // Names stored in this frame and its parents (Jinja's dump_stores), nearest first.
  std::vector<std::pair<std::string, Ref>> DumpStores() const {
    std::vector<std::pair<std::string, Ref>> out;
    std::set<std::string> seen;
    for (const Symbols* s = this; s; s = s->parent_) {
      for (const std::string& name : s->stores_) {
        if (seen.insert(name).second) out.push_back({name, *FindRef(name)});
      }
    }
    return out;
  }

  // Writes the frame's initialisation list into its Scope.
  void Finish(value::Arena& arena) const {
    scope_->inits.clear();
    for (const auto& [slot, load] : loads_) {
      SlotInit init;
      init.kind = load.kind;
      init.slot = static_cast<uint32_t>(slot);
      if (load.kind == SlotInit::kAlias) {
        init.alias_depth = static_cast<uint32_t>(level_ - load.alias_level);
        init.alias_slot = static_cast<uint32_t>(load.alias_slot);
      }
      if (load.kind == SlotInit::kResolve) init.name = arena.CopyString(load.name);
      scope_->inits.push_back(init);
    }
  }

 private:
  int SlotFor(std::string_view name) {
    for (size_t i = 0; i < scope_->names.size(); ++i) {
      if (scope_->names[i] == name) return static_cast<int>(i);
    }
    scope_->names.push_back(name);
    scope_->nslots = static_cast<uint32_t>(scope_->names.size());
    return static_cast<int>(scope_->names.size() - 1);
  }

  Symbols* parent_;
  Scope* scope_;
  int level_;
  std::map<std::string, int> refs_;
  std::map<int, Load> loads_;
  std::set<std::string> stores_;
};

enum class Ctx { kLoad, kStore, kParam };

// FrameSymbolVisitor: what one frame's statements load and store, without entering inner frames.
class SymbolVisitor {
 public:
  explicit SymbolVisitor(Symbols* symbols) : sym_(symbols) {}

  void Visit(Node* n) {
    switch (n->kind) {
      case NodeKind::kName:
        sym_->LoadName(n->name());
        return;
      case NodeKind::kIf: {
        Visit(n->a);
        Symbols* original = sym_;
        auto inner = [&](auto&& visit_body) {
          Symbols copy = *original;
          sym_ = &copy;
          visit_body();
          sym_ = original;
          return copy;
        };
        std::vector<Symbols> branches;
        branches.push_back(inner([&] {
          for (Node* s : n->list) Visit(s);
        }));
        branches.push_back(inner([&] {
          for (Node* s : n->list3) Visit(s);
        }));
        branches.push_back(inner([&] {
          for (Node* s : n->list2) Visit(s);
        }));
        sym_->BranchUpdate(branches);
        return;
      }
      case NodeKind::kMacro:
        sym_->Store(n->name());
        return;
      case NodeKind::kImport:
        Visit(n->a);
        sym_->Store(n->name());
        return;
      case NodeKind::kFromImport:
        Visit(n->a);
        for (Node* name : n->list) sym_->Store(name->b ? name->b->name() : name->name());
        return;
      case NodeKind::kAssign:
        Visit(n->b);
        Target(n->a, Ctx::kStore);
        return;
      case NodeKind::kFor:
        Visit(n->b);
        return;
      case NodeKind::kCallBlock:
        Visit(n->a);
        return;
      case NodeKind::kFilterBlock:
        Visit(n->a);
        return;
      case NodeKind::kWith:
        for (Node* v : n->list2) Visit(v);
        return;
      case NodeKind::kAssignBlock:
        Target(n->a, Ctx::kStore);
        return;
      case NodeKind::kAutoescape:
      case NodeKind::kBlock:
        return;
      default:
        expr::ForEachChild(n, [&](Node* c) { Visit(c); });
    }
  }

  void Target(Node* t, Ctx ctx) {
    switch (t->kind) {
      case NodeKind::kName:
        if (ctx == Ctx::kParam) {
          sym_->DeclareParameter(t->name());
        } else {
          sym_->Store(t->name());
        }
        return;
      case NodeKind::kTuple:
        for (Node* item : t->list) Target(item, ctx);
        return;
      case NodeKind::kNsRef:
        sym_->LoadName(t->a->name());
        return;
      default:
        return;
    }
  }

 private:
  Symbols* sym_;
};

// Jinja's find_undeclared: which of `names` are loaded (not after being stored) in `nodes`,
// not looking into blocks.
std::set<std::string> FindUndeclared(const NodeList& nodes, std::set<std::string> names) {
  std::set<std::string> found;
  std::function<void(Node*, bool)> visit = [&](Node* n, bool store) {
    if (names.empty()) return;
    if (n->kind == NodeKind::kBlock) return;
    if (n->kind == NodeKind::kName) {
      std::string name(n->name());
      if (!store && names.count(name)) {
        found.insert(name);
      } else {
        names.erase(name);
      }
      return;
    }
    auto target = [&](Node* t) { visit(t, true); };
    switch (n->kind) {
      case NodeKind::kAssign:
        visit(n->b, false);
        target(n->a);
        return;
      case NodeKind::kFor:
        target(n->a);
        visit(n->b, false);
        if (n->c) visit(n->c, false);
        for (Node* s : n->list) visit(s, false);
        for (Node* s : n->list2) visit(s, false);
        return;
      case NodeKind::kAssignBlock:
        target(n->a);
        if (n->c) visit(n->c, false);
        for (Node* s : n->list) visit(s, false);
        return;
      case NodeKind::kMacro:
      case NodeKind::kCallBlock:
        if (n->a) visit(n->a, false);
        for (Node* p : n->list) target(p);
        for (Node* d : n->list2) visit(d, false);
        for (Node* s : n->list3) visit(s, false);
        return;
      case NodeKind::kWith:
        for (Node* t : n->list) target(t);
        for (Node* v : n->list2) visit(v, false);
        for (Node* s : n->list3) visit(s, false);
        return;
      default:
        expr::ForEachChild(n, [&](Node* c) { visit(c, false); });
    }
  };
  for (Node* n : nodes) visit(n, false);
  return found;
}

struct FrameCtx {
  Symbols* sym;
  bool toplevel = false;
  bool rootlevel = false;
  bool soft = false;
  bool loop = false;
  bool output_check = false;
};

class Compiler {
 public:
  Compiler(Program& p, const CompileEnv& env) : p_(p), env_(env) {}

  void Run() {
    CollectBlocks(p_.body);
    p_.has_extends = HasExtends(p_.body);
    Symbols root(nullptr, &p_.root);
    p_.root.toplevel = true;
    if (FindUndeclared(p_.body, {"self"}).count("self")) {
      p_.root_self_slot = root.DeclareParameter("self");
    }
    SymbolVisitor v(&root);
    for (Node* s : p_.body) v.Visit(s);
    root.Finish(*p_.arena);
    FrameCtx f{&root, true, true, false, false, p_.has_extends};
    Statements(p_.body, f);
    // Blocks: separate root frames.
    for (auto& [name, node] : p_.blocks) CompileBlock(const_cast<Node*>(node));
  }

 private:
  void CollectBlocks(const NodeList& nodes) {
    for (Node* n : nodes) CollectBlocksIn(n);
  }
  void CollectBlocksIn(Node* n) {
    if (n->kind == NodeKind::kBlock) {
      std::string name(n->name());
      if (p_.blocks.count(name)) Assertion(fmt::format("block '{}' defined twice", name), n->pos);
      p_.blocks.emplace(name, n);
    }
    expr::ForEachChild(n, [&](Node* c) { CollectBlocksIn(c); });
  }
  bool HasExtends(const NodeList& nodes) {
    bool found = false;
    std::function<void(Node*)> visit = [&](Node* n) {
      if (n->kind == NodeKind::kExtends) found = true;
      expr::ForEachChild(n, visit);
    };
    for (Node* n : nodes) visit(n);
    return found;
  }

  void CompileBlock(Node* n) {
    auto info = std::make_unique<BlockInfo>();
    info->name = n->name();
    Symbols sym(nullptr, &info->scope);
    std::set<std::string> undeclared = FindUndeclared(n->list, {"self", "super"});
    if (undeclared.count("self")) info->self_slot = sym.DeclareParameter("self");
    if (undeclared.count("super")) info->super_slot = sym.DeclareParameter("super");
    SymbolVisitor v(&sym);
    for (Node* s : n->list) v.Visit(s);
    sym.Finish(*p_.arena);
    FrameCtx f{&sym};
    Statements(n->list, f);
    n->fn = info.get();
    p_.block_infos.push_back(std::move(info));
  }

  Scope* NewScope() {
    p_.scopes.push_back(std::make_unique<Scope>());
    return p_.scopes.back().get();
  }

  void Statements(const NodeList& nodes, FrameCtx& f) {
    for (Node* n : nodes) Statement(n, f);
  }

  // Resolves a store target in frame f.
  void StoreTarget(Node* t, FrameCtx& f) {
    if (t->kind == NodeKind::kName) {
      auto ref = f.sym->FindRef(t->name());
      if (!ref) ref = Ref{f.sym->level(), f.sym->DefineRef(t->name(), std::nullopt)};
      t->slot = ref->slot;
      t->depth = f.sym->level() - ref->level;
      if (f.toplevel) t->flags |= expr::kFlagWithContext;  // export to the context
      return;
    }
    if (t->kind == NodeKind::kTuple) {
      for (Node* item : t->list) StoreTarget(item, f);
      return;
    }
    if (t->kind == NodeKind::kNsRef) Expr(t->a, f);
  }

  FrameCtx Inner(FrameCtx& f, Symbols* sym) {
    FrameCtx inner{sym};
    inner.output_check = f.output_check;
    return inner;
  }

  void Statement(Node* n, FrameCtx& f) {
    switch (n->kind) {
      case NodeKind::kOutput:
        if (f.output_check) n->flags |= kFlagOutputCheck;
        for (Node* c : n->list) {
          if (!(c->kind == NodeKind::kConst && (c->flags & expr::kFlagData))) Expr(c, f);
        }
        return;
      case NodeKind::kIf: {
        FrameCtx soft = f;
        soft.soft = true;
        soft.rootlevel = false;
        Expr(n->a, soft);
        Statements(n->list, soft);
        for (Node* elif : n->list3) {
          Expr(elif->a, soft);
          Statements(elif->list, soft);
        }
        Statements(n->list2, soft);
        return;
      }
      case NodeKind::kFor:
        return For(n, f);
      case NodeKind::kAssign:
        Expr(n->b, f);
        StoreTarget(n->a, f);
        return;
      case NodeKind::kAssignBlock: {
        Scope* scope = NewScope();
        Symbols sym(f.sym, scope);
        SymbolVisitor v(&sym);
        for (Node* s : n->list) v.Visit(s);
        sym.Finish(*p_.arena);
        FrameCtx inner = Inner(f, &sym);
        inner.output_check = false;
        Statements(n->list, inner);
        if (n->c) Expr(n->c, inner);
        n->fn = scope;
        StoreTarget(n->a, f);
        return;
      }
      case NodeKind::kMacro:
      case NodeKind::kCallBlock:
        return Macro(n, f);
      case NodeKind::kFilterBlock: {
        Scope* scope = NewScope();
        Symbols sym(f.sym, scope);
        SymbolVisitor v(&sym);
        for (Node* s : n->list) v.Visit(s);
        v.Visit(n->a);
        sym.Finish(*p_.arena);
        FrameCtx inner = Inner(f, &sym);
        Statements(n->list, inner);
        Expr(n->a, inner);
        n->fn = scope;
        return;
      }
      case NodeKind::kWith: {
        Scope* scope = NewScope();
        Symbols sym(f.sym, scope);
        SymbolVisitor v(&sym);
        for (Node* t : n->list) v.Target(t, Ctx::kParam);
        for (Node* s : n->list3) v.Visit(s);
        sym.Finish(*p_.arena);
        for (Node* value : n->list2) Expr(value, f);
        FrameCtx inner = Inner(f, &sym);
        for (Node* t : n->list) StoreTarget(t, inner);
        Statements(n->list3, inner);
        n->fn = scope;
        return;
      }
      case NodeKind::kAutoescape: {
        Scope* scope = NewScope();
        Symbols sym(f.sym, scope);
        SymbolVisitor v(&sym);
        v.Visit(n->a);
        for (Node* s : n->list) v.Visit(s);
        sym.Finish(*p_.arena);
        FrameCtx inner = Inner(f, &sym);
        Expr(n->a, inner);
        Statements(n->list, inner);
        n->fn = scope;
        return;
      }
      case NodeKind::kBlock:
        if (f.toplevel && f.output_check) n->flags |= kFlagOutputCheck;
        if (n->flags & expr::kFlagScoped) DumpLocals(n, f);
        return;
      case NodeKind::kExtends:
        if (!f.toplevel) Assertion("cannot use extend from a non top-level scope", n->pos);
        Expr(n->a, f);
        return;
      case NodeKind::kInclude:
        Expr(n->a, f);
        DumpLocals(n, f);
        return;
      case NodeKind::kImport: {
        Expr(n->a, f);
        DumpLocals(n, f);
        StoreTarget(n->b, f);
        return;
      }
      case NodeKind::kFromImport:
        Expr(n->a, f);
        DumpLocals(n, f);
        for (Node* name : n->list) StoreTarget(name->b ? name->b : name, f);
        return;
      default:
        Expr(n, f);
    }
  }

  void For(Node* n, FrameCtx& f) {
    auto info = std::make_unique<ForInfo>();
    // The iterable is evaluated in the enclosing frame.
    Expr(n->b, f);
    NodeList body_only = n->list;
    bool scoped_block = false;
    std::function<void(Node*)> find_scoped = [&](Node* c) {
      if (c->kind == NodeKind::kBlock && (c->flags & expr::kFlagScoped)) scoped_block = true;
      expr::ForEachChild(c, find_scoped);
    };
    expr::ForEachChild(n, find_scoped);
    info->extended = (n->flags & expr::kFlagRecursive) ||
                     FindUndeclared(body_only, {"loop"}).count("loop") || scoped_block;
    // Loop body frame.
    Symbols body(f.sym, &info->body);
    if (info->extended) info->loop_slot = body.DeclareParameter("loop");
    {
      SymbolVisitor v(&body);
      v.Target(n->a, Ctx::kParam);
      for (Node* s : n->list) v.Visit(s);
    }
    body.Finish(*p_.arena);
    std::function<void(Node*)> check_loop = [&](Node* t) {
      if (t->kind == NodeKind::kName && t->name() == "loop") {
        Assertion("Can't assign to special loop variable in for-loop target", t->pos);
      }
      if (t->kind == NodeKind::kTuple) {
        for (Node* item : t->list) check_loop(item);
      }
    };
    check_loop(n->a);
    FrameCtx inner = Inner(f, &body);
    inner.loop = true;
    StoreTarget(n->a, inner);
    Statements(n->list, inner);
    // Else frame.
    if (!n->list2.empty()) {
      Symbols els(f.sym, &info->else_scope);
      SymbolVisitor v(&els);
      for (Node* s : n->list2) v.Visit(s);
      els.Finish(*p_.arena);
      FrameCtx e = Inner(f, &els);
      Statements(n->list2, e);
    }
    // Filter test frame.
    if (n->c) {
      Symbols test(f.sym, &info->test);
      SymbolVisitor v(&test);
      v.Target(n->a, Ctx::kParam);
      v.Visit(n->c);
      test.Finish(*p_.arena);
      FrameCtx t = Inner(f, &test);
      // The target is bound in the test frame too: resolve a copy of its slots there.
      Expr(n->c, t);
      // Record the test frame's slots for the target names (ordered as in the body frame).
      std::function<void(Node*)> collect = [&](Node* tgt) {
        if (tgt->kind == NodeKind::kName) {
          info->test_slots.push_back(test.FindRef(tgt->name())->slot);
        }
        if (tgt->kind == NodeKind::kTuple) {
          for (Node* item : tgt->list) collect(item);
        }
      };
      collect(n->a);
    }
    n->fn = info.get();
    p_.fors.push_back(std::move(info));
  }

  void Macro(Node* n, FrameCtx& f) {
    auto info = std::make_unique<MacroInfo>();
    info->name = n->kind == NodeKind::kMacro ? n->name() : std::string_view("caller");
    Symbols sym(f.sym, &info->scope);
    if (n->kind == NodeKind::kCallBlock) Expr(n->a, f);
    SymbolVisitor v(&sym);
    for (Node* param : n->list) v.Target(param, Ctx::kParam);
    for (Node* d : n->list2) v.Visit(d);
    for (Node* s : n->list3) v.Visit(s);
    bool skip_kwargs = false, skip_varargs = false;
    for (size_t i = 0; i < n->list.size; ++i) {
      std::string_view name = n->list[i]->name();
      if (name == "caller") info->explicit_caller = static_cast<int32_t>(i);
      if (name == "kwargs") skip_kwargs = true;
      if (name == "varargs") skip_varargs = true;
      auto ref = sym.FindRef(name);
      info->param_slots.push_back(ref ? ref->slot : -1);
    }
    std::set<std::string> undeclared = FindUndeclared(n->list3, {"caller", "kwargs", "varargs"});
    if (undeclared.count("caller")) {
      if (info->explicit_caller >= 0) {
        int64_t default_index = info->explicit_caller - static_cast<int64_t>(n->list.size) +
                                static_cast<int64_t>(n->list2.size);
        if (default_index < 0) {
          Assertion(
              "When defining macros or call blocks the special \"caller\" argument must be "
              "omitted or be given a default.",
              n->pos);
        }
      } else {
        info->caller_slot = sym.DeclareParameter("caller");
      }
      info->accesses_caller = true;
    }
    if (undeclared.count("kwargs") && !skip_kwargs) {
      info->kwargs_slot = sym.DeclareParameter("kwargs");
      info->accesses_kwargs = true;
    }
    if (undeclared.count("varargs") && !skip_varargs) {
      info->varargs_slot = sym.DeclareParameter("varargs");
      info->accesses_varargs = true;
    }
    sym.Finish(*p_.arena);
    FrameCtx inner = Inner(f, &sym);
    inner.output_check = false;
    for (Node* param : n->list) StoreTarget(param, inner);
    for (Node* d : n->list2) Expr(d, inner);
    Statements(n->list3, inner);
    n->fn = info.get();
    p_.macros.push_back(std::move(info));
    if (n->kind == NodeKind::kMacro) {
      // The macro's name is a store in the enclosing frame.
      Node* target = p_.arena->New<Node>();
      target->kind = NodeKind::kName;
      target->pos = n->pos;
      target->value = n->value;
      StoreTarget(target, f);
      n->a = target;
    }
  }

  void Expr(Node* n, FrameCtx& f) {
    switch (n->kind) {
      case NodeKind::kName: {
        auto ref = f.sym->FindRef(n->name());
        if (ref) {
          n->slot = ref->slot;
          n->depth = f.sym->level() - ref->level;
          const Load* load = f.sym->FindLoad(*ref);
          if (load && load->kind == SlotInit::kParam) n->flags |= expr::kFlagParam;
        }
        auto* info = p_.arena->New<value::UndefinedInfo>();
        info->name = n->name();
        info->kind = env_.undefined_kind;
        n->fn = info;
        return;
      }
      case NodeKind::kCondExpr: {
        FrameCtx soft = f;
        soft.soft = true;
        Expr(n->a, soft);
        Expr(n->b, soft);
        if (n->c) Expr(n->c, soft);
        return;
      }
      case NodeKind::kFilter:
      case NodeKind::kTest: {
        bool filter = n->kind == NodeKind::kFilter;
        const void* def = filter ? static_cast<const void*>(env_.find_filter(n->name()))
                                 : static_cast<const void*>(env_.find_test(n->name()));
        if (def == nullptr) {
          if (!f.soft) {
            Assertion(fmt::format("No {} named '{}'.", filter ? "filter" : "test", n->name()),
                      n->pos);
          }
          n->flags |= expr::kFlagSoft;
        }
        n->fn = def;
        if (filter && n->nkwargs == 0 && n->dyn_args == nullptr && n->dyn_kwargs == nullptr &&
            n->list.size <= expr::kMaxPlainArgs &&
            std::none_of(n->list.begin(), n->list.end(),
                         [](const Node* arg) { return arg->kind == NodeKind::kStarred; })) {
          n->flags |= expr::kFlagPlainArgs;
        }
        expr::ForEachChild(n, [&](Node* c) { Expr(c, f); });
        return;
      }
      default:
        expr::ForEachChild(n, [&](Node* c) { Expr(c, f); });
    }
  }

  // Records the stored names visible in frame f for a node that passes its locals on.
  void DumpLocals(Node* n, FrameCtx& f) {
    std::vector<LocalRef> refs;
    for (const auto& [name, ref] : f.sym->DumpStores()) {
      refs.push_back(LocalRef{p_.arena->CopyString(name),
                              static_cast<uint32_t>(f.sym->level() - ref.level),
                              static_cast<uint32_t>(ref.slot)});
    }
    n->index = static_cast<int32_t>(p_.local_dumps.size());
    p_.local_dumps.push_back(std::move(refs));
  }

  Program& p_;
  const CompileEnv& env_;
};

}  // namespace

void CompileProgram(Program& program, const CompileEnv& env) {
  Compiler(program, env).Run();
}

}  // namespace crier::tmpl
