// Both expression grammars. Jinja's functions mirror parser.py one for one (same precedence, same
// error messages); Python's follow the language reference's expression grammar.
#include "expr/parser.h"

#include <fmt/format.h>

#include <cstring>

#include "value/methods.h"
#include "value/ops.h"

namespace crier::expr {

using value::BinOp;
using value::CmpOp;
using value::UnOp;
using value::Value;

Parser::Parser(std::string_view source, std::vector<Token> tokens, Dialect dialect,
               value::Arena& arena, int max_nesting)
    : source_(source),
      tokens_(std::move(tokens)),
      dialect_(dialect),
      arena_(arena),
      max_nesting_(max_nesting) {
  if (tokens_.empty() || tokens_.back().type != T::kEof) {
    Token eof;
    eof.type = T::kEof;
    eof.pos = eof.end = static_cast<uint32_t>(source.size());
    tokens_.push_back(eof);
  }
}

Parser::Nest::Nest(Parser* parser) : p(parser) {
  if (++p->nesting_ > p->max_nesting_) {
    --p->nesting_;
    p->Fail(
        fmt::format("expression nested more than {} levels (limits.max_nesting)", p->max_nesting_));
  }
}

void Parser::Fail(std::string message, uint32_t pos) const {
  throw SyntaxFailure{std::move(message), pos};
}

void Parser::Grow(int* chain) {
  // Left-associative chains (a + b + c..., a.b.c..., x|f|g...) build trees as deep as they are
  // long: they count against limits.max_nesting like brackets do.
  if (++*chain + nesting_ > max_nesting_) {
    Fail(fmt::format("expression nested more than {} levels (limits.max_nesting)", max_nesting_));
  }
}

bool Parser::SkipIf(T type) {
  if (!Is(type)) return false;
  Next();
  return true;
}

bool Parser::SkipIfName(std::string_view name) {
  if (!IsName(name)) return false;
  Next();
  return true;
}

std::string Parser::Describe(const Token& t) const {
  if (t.type == T::kName) return std::string(t.text);
  return std::string(DescribeTokenType(t.type));
}

Token Parser::Expect(T type) {
  if (!Is(type)) {
    if (dialect_ == Dialect::kPython) Fail("invalid syntax");
    std::string expected(DescribeTokenType(type));
    if (Is(T::kEof)) Fail(fmt::format("unexpected end of template, expected '{}'.", expected));
    Fail(fmt::format("expected token '{}', got '{}'", expected, Describe(cur())));
  }
  Token t = cur();
  Next();
  return t;
}

Token Parser::ExpectName(std::string_view name) {
  if (!IsName(name)) {
    if (Is(T::kEof)) Fail(fmt::format("unexpected end of template, expected 'name:{}'.", name));
    Fail(fmt::format("expected token 'name:{}', got '{}'", name, Describe(cur())));
  }
  Token t = cur();
  Next();
  return t;
}

Node* Parser::NewNode(NodeKind kind, uint32_t pos) {
  Node* n = arena_.New<Node>();
  n->kind = kind;
  n->pos = pos;
  return n;
}

NodeList Parser::MakeList(const std::vector<Node*>& nodes) {
  NodeList list;
  if (nodes.empty()) return list;
  list.data = arena_.NewArray<Node*>(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) list.data[i] = nodes[i];
  list.size = static_cast<uint32_t>(nodes.size());
  return list;
}

Value Parser::NameValue(std::string_view name) {
  return Value::Str(arena_.CopyString(name));
}

namespace {

Node* MakeBinary(Parser* p, BinOp op, Node* left, Node* right, uint32_t pos) {
  Node* n = p->NewNode(NodeKind::kBinary, pos);
  n->op = static_cast<uint8_t>(op);
  n->a = left;
  n->b = right;
  return n;
}

Node* MakeNamed(Parser* p, NodeKind kind, std::string_view name, uint32_t pos) {
  Node* n = p->NewNode(kind, pos);
  n->value = p->NameValue(name);
  n->hash = value::HashString(name);
  if (kind == NodeKind::kAttr && !name.empty() && name[0] != '_' &&
      !value::IsDictMethodName(name)) {
    n->flags |= kFlagPlainKey;
  }
  return n;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Jinja.

Node* Parser::ParseExpression(bool with_condexpr) {
  Nest nest(this);
  return with_condexpr ? ParseCondExpr() : ParseOr();
}

Node* Parser::ParseCondExpr() {
  uint32_t pos = cur().pos;
  Node* expr1 = ParseOr();
  while (SkipIfName("if")) {
    Node* expr2 = ParseOr();
    Node* expr3 = nullptr;
    if (SkipIfName("else")) expr3 = ParseCondExpr();
    Node* n = NewNode(NodeKind::kCondExpr, pos);
    n->a = expr2;
    n->b = expr1;
    n->c = expr3;
    expr1 = n;
    pos = cur().pos;
  }
  return expr1;
}

Node* Parser::ParseOr() {
  Node* left = ParseAnd();
  int chain = 0;
  while (IsName("or")) {
    Grow(&chain);
    uint32_t pos = cur().pos;
    Next();
    Node* n = NewNode(NodeKind::kOr, pos);
    n->a = left;
    n->b = ParseAnd();
    left = n;
  }
  return left;
}

Node* Parser::ParseAnd() {
  Node* left = ParseNot();
  int chain = 0;
  while (IsName("and")) {
    Grow(&chain);
    uint32_t pos = cur().pos;
    Next();
    Node* n = NewNode(NodeKind::kAnd, pos);
    n->a = left;
    n->b = ParseNot();
    left = n;
  }
  return left;
}

Node* Parser::ParseNot() {
  if (IsName("not")) {
    Nest nest(this);
    uint32_t pos = cur().pos;
    Next();
    Node* n = NewNode(NodeKind::kNot, pos);
    n->a = ParseNot();
    return n;
  }
  return ParseCompare();
}

Node* Parser::ParseCompare() {
  uint32_t pos = cur().pos;
  Node* expr = ParseMath1();
  std::vector<Node*> operands;
  std::vector<uint8_t> ops;
  while (true) {
    CmpOp op;
    switch (cur().type) {
      case T::kEq:
        op = CmpOp::kEq;
        break;
      case T::kNe:
        op = CmpOp::kNe;
        break;
      case T::kLt:
        op = CmpOp::kLt;
        break;
      case T::kLtEq:
        op = CmpOp::kLe;
        break;
      case T::kGt:
        op = CmpOp::kGt;
        break;
      case T::kGtEq:
        op = CmpOp::kGe;
        break;
      default:
        if (IsName("in")) {
          op = CmpOp::kIn;
        } else if (IsName("not") && look().type == T::kName && look().text == "in") {
          Next();
          op = CmpOp::kNotIn;
        } else {
          goto done;
        }
    }
    Next();
    ops.push_back(static_cast<uint8_t>(op));
    operands.push_back(ParseMath1());
  }
done:
  if (ops.empty()) return expr;
  Node* n = NewNode(NodeKind::kCompare, pos);
  n->a = expr;
  n->list = MakeList(operands);
  auto* op_array = arena_.NewArray<uint8_t>(ops.size());
  std::memcpy(op_array, ops.data(), ops.size());
  n->ops = op_array;
  return n;
}

Node* Parser::ParseMath1() {
  Node* left = ParseConcat();
  int chain = 0;
  while (Is(T::kAdd) || Is(T::kSub)) {
    Grow(&chain);
    BinOp op = Is(T::kAdd) ? BinOp::kAdd : BinOp::kSub;
    uint32_t pos = cur().pos;
    Next();
    left = MakeBinary(this, op, left, ParseConcat(), pos);
  }
  return left;
}

Node* Parser::ParseConcat() {
  uint32_t pos = cur().pos;
  std::vector<Node*> args{ParseMath2()};
  while (Is(T::kTilde)) {
    Next();
    args.push_back(ParseMath2());
  }
  if (args.size() == 1) return args[0];
  Node* n = NewNode(NodeKind::kConcat, pos);
  n->list = MakeList(args);
  return n;
}

Node* Parser::ParseMath2() {
  Node* left = ParsePow();
  int chain = 0;
  while (true) {
    BinOp op;
    switch (cur().type) {
      case T::kMul:
        op = BinOp::kMul;
        break;
      case T::kDiv:
        op = BinOp::kDiv;
        break;
      case T::kFloorDiv:
        op = BinOp::kFloorDiv;
        break;
      case T::kMod:
        op = BinOp::kMod;
        break;
      default:
        return left;
    }
    Grow(&chain);
    uint32_t pos = cur().pos;
    Next();
    left = MakeBinary(this, op, left, ParsePow(), pos);
  }
}

Node* Parser::ParsePow() {
  Node* left = ParseUnary();
  int chain = 0;
  while (Is(T::kPow)) {
    Grow(&chain);
    uint32_t pos = cur().pos;
    Next();
    left = MakeBinary(this, BinOp::kPow, left, ParseUnary(), pos);
  }
  return left;
}

Node* Parser::ParseUnary(bool with_filter) {
  Nest nest(this);
  uint32_t pos = cur().pos;
  Node* node;
  if (Is(T::kSub) || Is(T::kAdd)) {
    UnOp op = Is(T::kSub) ? UnOp::kNeg : UnOp::kPos;
    Next();
    node = NewNode(NodeKind::kUnary, pos);
    node->op = static_cast<uint8_t>(op);
    node->a = ParseUnary(false);
  } else {
    node = ParsePrimary();
  }
  node = ParsePostfix(node);
  if (with_filter) node = ParseFilterExpr(node);
  return node;
}

Node* Parser::ParsePrimary() {
  const Token& tok = cur();
  Node* node = nullptr;
  switch (tok.type) {
    case T::kName: {
      std::string_view v = tok.text;
      if (v == "true" || v == "false" || v == "True" || v == "False") {
        node = NewNode(NodeKind::kConst, tok.pos);
        node->value = Value::Bool(v == "true" || v == "True");
      } else if (v == "none" || v == "None") {
        node = NewNode(NodeKind::kConst, tok.pos);
      } else {
        node = MakeNamed(this, NodeKind::kName, v, tok.pos);
      }
      Next();
      return node;
    }
    case T::kString: {
      uint32_t pos = tok.pos;
      Value first = tok.value;
      std::string joined(first.str());
      Next();
      bool several = false;
      while (Is(T::kString)) {
        joined += cur().value.str();
        several = true;
        Next();
      }
      node = NewNode(NodeKind::kConst, pos);
      node->value = several ? Value::Str(arena_.CopyString(joined)) : first;
      return node;
    }
    case T::kInt:
    case T::kFloat:
      node = NewNode(NodeKind::kConst, tok.pos);
      node->value = tok.value;
      Next();
      return node;
    case T::kLParen: {
      Next();
      node = ParseTuple(false, true, {}, true);
      Expect(T::kRParen);
      return node;
    }
    case T::kLBracket:
      return ParseList();
    case T::kLBrace:
      return ParseDict();
    default:
      Fail(fmt::format("unexpected '{}'", Describe(tok)));
  }
}

bool Parser::IsTupleEnd(std::initializer_list<std::string_view> extra_end) const {
  if (Is(T::kVariableEnd) || Is(T::kBlockEnd) || Is(T::kRParen)) return true;
  for (std::string_view rule : extra_end) {
    if (IsName(rule)) return true;
  }
  return false;
}

Node* Parser::ParseTuple(bool simplified, bool with_condexpr,
                         std::initializer_list<std::string_view> extra_end,
                         bool explicit_parentheses) {
  uint32_t pos = cur().pos;
  std::vector<Node*> args;
  bool is_tuple = false;
  while (true) {
    if (!args.empty()) Expect(T::kComma);
    if (IsTupleEnd(extra_end)) break;
    if (simplified) {
      args.push_back(ParsePrimary());
    } else {
      args.push_back(ParseExpression(with_condexpr));
    }
    if (Is(T::kComma)) {
      is_tuple = true;
    } else {
      break;
    }
  }
  if (!is_tuple) {
    if (!args.empty()) return args[0];
    if (!explicit_parentheses) {
      Fail(fmt::format("Expected an expression, got '{}'", Describe(cur())));
    }
  }
  Node* n = NewNode(NodeKind::kTuple, pos);
  n->list = MakeList(args);
  return n;
}

Node* Parser::ParseList() {
  Token tok = Expect(T::kLBracket);
  std::vector<Node*> items;
  while (!Is(T::kRBracket)) {
    if (!items.empty()) Expect(T::kComma);
    if (Is(T::kRBracket)) break;
    items.push_back(ParseExpression());
  }
  Expect(T::kRBracket);
  Node* n = NewNode(NodeKind::kList, tok.pos);
  n->list = MakeList(items);
  return n;
}

Node* Parser::ParseDict() {
  Token tok = Expect(T::kLBrace);
  std::vector<Node*> keys, values;
  while (!Is(T::kRBrace)) {
    if (!keys.empty()) Expect(T::kComma);
    if (Is(T::kRBrace)) break;
    keys.push_back(ParseExpression());
    Expect(T::kColon);
    values.push_back(ParseExpression());
  }
  Expect(T::kRBrace);
  Node* n = NewNode(NodeKind::kDict, tok.pos);
  n->list = MakeList(keys);
  n->list2 = MakeList(values);
  return n;
}

Node* Parser::ParsePostfix(Node* node) {
  int chain = 0;
  while (true) {
    Grow(&chain);
    if (Is(T::kDot) || Is(T::kLBracket)) {
      node = ParseSubscript(node);
    } else if (Is(T::kLParen)) {
      Node* call = NewNode(NodeKind::kCall, cur().pos);
      call->a = node;
      ParseCallArgs(call);
      node = call;
    } else {
      return node;
    }
  }
}

Node* Parser::ParseFilterExpr(Node* node) {
  int chain = 0;
  while (true) {
    Grow(&chain);
    if (Is(T::kPipe)) {
      node = ParseFilter(node, false);
    } else if (IsName("is")) {
      node = ParseTest(node);
    } else if (Is(T::kLParen)) {
      Node* call = NewNode(NodeKind::kCall, cur().pos);
      call->a = node;
      ParseCallArgs(call);
      node = call;
    } else {
      return node;
    }
  }
}

Node* Parser::ParseSubscript(Node* node) {
  Token tok = cur();
  Next();
  if (tok.type == T::kDot) {
    Token attr = cur();
    Next();
    if (attr.type == T::kName) {
      Node* n = MakeNamed(this, NodeKind::kAttr, attr.text, tok.pos);
      n->a = node;
      return n;
    }
    if (attr.type != T::kInt) Fail("expected name or number", attr.pos);
    Node* arg = NewNode(NodeKind::kConst, attr.pos);
    arg->value = attr.value;
    Node* n = NewNode(NodeKind::kItem, tok.pos);
    n->a = node;
    n->b = arg;
    return n;
  }
  std::vector<Node*> args;
  while (!Is(T::kRBracket)) {
    if (!args.empty()) Expect(T::kComma);
    args.push_back(ParseSubscribed());
  }
  Expect(T::kRBracket);
  Node* arg;
  if (args.size() == 1) {
    arg = args[0];
  } else {
    arg = NewNode(NodeKind::kTuple, tok.pos);
    arg->list = MakeList(args);
  }
  Node* n = NewNode(NodeKind::kItem, tok.pos);
  n->a = node;
  n->b = arg;
  return n;
}

Node* Parser::ParseSubscribed() {
  uint32_t pos = cur().pos;
  Node* start = nullptr;
  if (Is(T::kColon)) {
    Next();
  } else {
    Node* node = ParseExpression();
    if (!Is(T::kColon)) return node;
    Next();
    start = node;
  }
  Node* slice = NewNode(NodeKind::kSlice, pos);
  slice->a = start;
  if (Is(T::kColon)) {
    slice->b = nullptr;
  } else if (!Is(T::kRBracket) && !Is(T::kComma)) {
    slice->b = ParseExpression();
  }
  if (Is(T::kColon)) {
    Next();
    if (!Is(T::kRBracket) && !Is(T::kComma)) slice->c = ParseExpression();
  }
  return slice;
}

void Parser::ParseCallArgs(Node* call) {
  if (dialect_ == Dialect::kPython) {
    PyCallArgs(call);
    return;
  }
  Token tok = Expect(T::kLParen);
  std::vector<Node*> args;
  std::vector<Keyword> kwargs;
  bool require_comma = false;
  auto ensure = [&](bool ok) {
    if (!ok) Fail("invalid syntax for function call expression", tok.pos);
  };
  while (!Is(T::kRParen)) {
    if (require_comma) {
      Expect(T::kComma);
      if (Is(T::kRParen)) break;
    }
    if (Is(T::kMul)) {
      ensure(call->dyn_args == nullptr && call->dyn_kwargs == nullptr);
      Next();
      call->dyn_args = ParseExpression();
    } else if (Is(T::kPow)) {
      ensure(call->dyn_kwargs == nullptr);
      Next();
      call->dyn_kwargs = ParseExpression();
    } else if (Is(T::kName) && look().type == T::kAssign) {
      ensure(call->dyn_kwargs == nullptr);
      std::string_view key = cur().text;
      Next();
      Next();
      kwargs.push_back(Keyword{arena_.CopyString(key), ParseExpression()});
    } else {
      ensure(call->dyn_args == nullptr && call->dyn_kwargs == nullptr && kwargs.empty());
      args.push_back(ParseExpression());
    }
    require_comma = true;
  }
  Expect(T::kRParen);
  call->list = MakeList(args);
  if (!kwargs.empty()) {
    call->kwargs = arena_.NewArray<Keyword>(kwargs.size());
    for (size_t i = 0; i < kwargs.size(); ++i) call->kwargs[i] = kwargs[i];
    call->nkwargs = static_cast<uint32_t>(kwargs.size());
  }
}

Node* Parser::ParseFilter(Node* node, bool start_inline) {
  while (Is(T::kPipe) || start_inline) {
    if (!start_inline) Next();
    Token tok = Expect(T::kName);
    std::string name(tok.text);
    while (Is(T::kDot)) {
      Next();
      name += ".";
      name += Expect(T::kName).text;
    }
    Node* f = MakeNamed(this, NodeKind::kFilter, name, tok.pos);
    f->a = node;
    if (Is(T::kLParen)) ParseCallArgs(f);
    node = f;
    start_inline = false;
  }
  return node;
}

Node* Parser::ParseTest(Node* node) {
  Token is_tok = cur();
  Next();
  bool negated = SkipIfName("not");
  Token tok = Expect(T::kName);
  std::string name(tok.text);
  while (Is(T::kDot)) {
    Next();
    name += ".";
    name += Expect(T::kName).text;
  }
  Node* t = MakeNamed(this, NodeKind::kTest, name, is_tok.pos);
  t->a = node;
  if (Is(T::kLParen)) {
    ParseCallArgs(t);
  } else if ((Is(T::kName) || Is(T::kString) || Is(T::kInt) || Is(T::kFloat) || Is(T::kLParen) ||
              Is(T::kLBracket) || Is(T::kLBrace)) &&
             !IsName("else") && !IsName("or") && !IsName("and")) {
    if (IsName("is")) Fail("You cannot chain multiple tests with is");
    Node* arg = ParsePostfix(ParsePrimary());
    t->list = MakeList({arg});
  }
  if (!negated) return t;
  Node* n = NewNode(NodeKind::kNot, is_tok.pos);
  n->a = t;
  return n;
}

Node* Parser::ParseAssignTarget(bool with_tuple, bool name_only,
                                std::initializer_list<std::string_view> extra_end,
                                bool with_namespace) {
  Node* target;
  if (with_namespace && look().type == T::kDot) {
    Token name = Expect(T::kName);
    Next();
    Token attr = Expect(T::kName);
    target = MakeNamed(this, NodeKind::kNsRef, attr.text, name.pos);
    target->a = MakeNamed(this, NodeKind::kName, name.text, name.pos);
    return target;
  }
  if (name_only) {
    Token name = Expect(T::kName);
    return MakeNamed(this, NodeKind::kName, name.text, name.pos);
  }
  target = with_tuple ? ParseTuple(true, true, extra_end) : ParsePrimary();
  auto can_assign = [](const Node* n, auto&& self) -> bool {
    if (n->kind == NodeKind::kName) return true;
    if (n->kind == NodeKind::kTuple) {
      for (const Node* item : n->list) {
        if (!self(item, self)) return false;
      }
      return true;
    }
    return false;
  };
  if (!can_assign(target, can_assign)) {
    std::string_view kind = target->kind == NodeKind::kConst   ? "const"
                            : target->kind == NodeKind::kTuple ? "tuple"
                            : target->kind == NodeKind::kList  ? "list"
                            : target->kind == NodeKind::kDict  ? "dict"
                                                               : "expression";
    Fail(fmt::format("can't assign to '{}'", kind), target->pos);
  }
  return target;
}

// ---------------------------------------------------------------------------------------------
// Python.

namespace {

bool IsPyKeyword(std::string_view s) {
  static constexpr std::string_view kKeywords[] = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  for (std::string_view k : kKeywords) {
    if (k == s) return true;
  }
  return false;
}

}  // namespace

void Parser::CheckName(const Token& t, bool attribute) const {
  if (t.text.size() > 1 && t.text[0] == '_') {
    Fail(fmt::format("\"{}\" is an invalid {} name because it starts with \"_\"", t.text,
                     attribute ? "attribute" : "variable"),
         t.pos);
  }
  if (t.text == "_" && attribute) {
    Fail("\"_\" is an invalid attribute name because it starts with \"_\"", t.pos);
  }
}

Node* Parser::ParsePythonInput() {
  if (Is(T::kEof)) Fail("invalid syntax");
  Node* node = PyStarExpressions(T::kEof);
  if (!Is(T::kEof)) {
    if (Is(T::kWalrus)) Fail("assignment expressions (:=) are not allowed");
    if (Is(T::kAssign)) Fail("invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    Fail("invalid syntax");
  }
  return node;
}

// expression (',' expression)* [','] up to `closer`: a tuple when there are commas.
// An element of a list/tuple/set display: an expression or `*iterable`.
Node* Parser::PyStarItem() {
  if (Is(T::kMul)) {
    uint32_t pos = cur().pos;
    Next();
    Node* star = NewNode(NodeKind::kStarred, pos);
    star->a = PyBitOr();
    return star;
  }
  return PyTest();
}

Node* Parser::PyStarExpressions(T closer) {
  uint32_t pos = cur().pos;
  std::vector<Node*> items{PyStarItem()};
  bool tuple = false;
  while (Is(T::kComma)) {
    tuple = true;
    Next();
    if (Is(closer) || Is(T::kEof)) break;
    items.push_back(PyStarItem());
  }
  if (!tuple && items[0]->kind == NodeKind::kStarred) {
    Fail("can't use starred expression here", items[0]->pos);
  }
  if (!tuple) return items[0];
  Node* n = NewNode(NodeKind::kTuple, pos);
  n->list = MakeList(items);
  return n;
}

Node* Parser::PyTest() {
  Nest nest(this);
  if (IsName("lambda")) Fail("lambda expressions are not allowed in conditions");
  uint32_t pos = cur().pos;
  Node* body = PyOr();
  if (Is(T::kWalrus)) Fail("assignment expressions (:=) are not allowed");
  if (IsName("if")) {
    Next();
    Node* test = PyOr();
    if (!IsName("else")) Fail("expected 'else' after 'if' expression");
    Next();
    Node* orelse = PyTest();
    Node* n = NewNode(NodeKind::kCondExpr, pos);
    n->a = test;
    n->b = body;
    n->c = orelse;
    return n;
  }
  return body;
}

Node* Parser::PyOr() {
  Node* left = PyAnd();
  int chain = 0;
  while (IsName("or")) {
    Grow(&chain);
    uint32_t pos = cur().pos;
    Next();
    Node* n = NewNode(NodeKind::kOr, pos);
    n->a = left;
    n->b = PyAnd();
    left = n;
  }
  return left;
}

Node* Parser::PyAnd() {
  Node* left = PyNot();
  int chain = 0;
  while (IsName("and")) {
    Grow(&chain);
    uint32_t pos = cur().pos;
    Next();
    Node* n = NewNode(NodeKind::kAnd, pos);
    n->a = left;
    n->b = PyNot();
    left = n;
  }
  return left;
}

Node* Parser::PyNot() {
  if (IsName("not")) {
    Nest nest(this);
    uint32_t pos = cur().pos;
    Next();
    Node* n = NewNode(NodeKind::kNot, pos);
    n->a = PyNot();
    return n;
  }
  return PyComparison();
}

Node* Parser::PyComparison() {
  uint32_t pos = cur().pos;
  Node* expr = PyBitOr();
  std::vector<Node*> operands;
  std::vector<uint8_t> ops;
  while (true) {
    CmpOp op;
    switch (cur().type) {
      case T::kEq:
        op = CmpOp::kEq;
        break;
      case T::kNe:
        op = CmpOp::kNe;
        break;
      case T::kLt:
        op = CmpOp::kLt;
        break;
      case T::kLtEq:
        op = CmpOp::kLe;
        break;
      case T::kGt:
        op = CmpOp::kGt;
        break;
      case T::kGtEq:
        op = CmpOp::kGe;
        break;
      default:
        if (IsName("in")) {
          op = CmpOp::kIn;
        } else if (IsName("not") && look().type == T::kName && look().text == "in") {
          Next();
          op = CmpOp::kNotIn;
        } else if (IsName("is")) {
          if (look().type == T::kName && look().text == "not") {
            Next();
            op = CmpOp::kIsNot;
          } else {
            op = CmpOp::kIs;
          }
        } else {
          goto done;
        }
    }
    Next();
    ops.push_back(static_cast<uint8_t>(op));
    operands.push_back(PyBitOr());
  }
done:
  if (ops.empty()) return expr;
  Node* n = NewNode(NodeKind::kCompare, pos);
  n->a = expr;
  n->list = MakeList(operands);
  auto* op_array = arena_.NewArray<uint8_t>(ops.size());
  std::memcpy(op_array, ops.data(), ops.size());
  n->ops = op_array;
  return n;
}

#define CRIER_PY_BINARY_LEVEL(Name, Operand, ...)        \
  Node* Parser::Name() {                                 \
    Node* left = Operand();                              \
    int chain = 0;                                       \
    while (true) {                                       \
      BinOp op;                                          \
      switch (cur().type) {                              \
        __VA_ARGS__                                      \
        default:                                         \
          return left;                                   \
      }                                                  \
      Grow(&chain);                                      \
      uint32_t pos = cur().pos;                          \
      this->Next();                                      \
      left = MakeBinary(this, op, left, Operand(), pos); \
    }                                                    \
  }

// clang-format off
CRIER_PY_BINARY_LEVEL(PyBitOr, PyBitXor, case T::kPipe: op = BinOp::kBitOr; break;)
CRIER_PY_BINARY_LEVEL(PyBitXor, PyBitAnd, case T::kCaret: op = BinOp::kBitXor; break;)
CRIER_PY_BINARY_LEVEL(PyBitAnd, PyShift, case T::kAmp: op = BinOp::kBitAnd; break;)
CRIER_PY_BINARY_LEVEL(PyShift, PyArith,
                      case T::kLShift: op = BinOp::kLShift; break;
                      case T::kRShift: op = BinOp::kRShift; break;)
CRIER_PY_BINARY_LEVEL(PyArith, PyTerm,
                      case T::kAdd: op = BinOp::kAdd; break;
                      case T::kSub: op = BinOp::kSub; break;)
CRIER_PY_BINARY_LEVEL(PyTerm, PyFactor,
                      case T::kMul: op = BinOp::kMul; break;
                      case T::kDiv: op = BinOp::kDiv; break;
                      case T::kFloorDiv: op = BinOp::kFloorDiv; break;
                      case T::kMod: op = BinOp::kMod; break;
                      case T::kAt: op = BinOp::kMatMul; break;)
// clang-format on
#undef CRIER_PY_BINARY_LEVEL

Node* Parser::PyFactor() {
  Nest nest(this);
  if (Is(T::kSub) || Is(T::kAdd) || Is(T::kTilde)) {
    UnOp op = Is(T::kSub) ? UnOp::kNeg : (Is(T::kAdd) ? UnOp::kPos : UnOp::kInvert);
    uint32_t pos = cur().pos;
    Next();
    Node* operand = PyFactor();
    if (op == UnOp::kNeg && operand->kind == NodeKind::kConst && operand->value.is_number() &&
        !operand->value.is_bool()) {
      // Fold -literal (keeps -9223372036854775808 an int64, as CPython folds it).
      value::Arena& a = arena_;
      value::Limits limits;
      value::Runtime rt(a, limits);
      operand->value = value::Unary(rt, UnOp::kNeg, operand->value);
      operand->pos = pos;
      return operand;
    }
    Node* n = NewNode(NodeKind::kUnary, pos);
    n->op = static_cast<uint8_t>(op);
    n->a = operand;
    return n;
  }
  return PyPower();
}

Node* Parser::PyPower() {
  Node* base = PyPrimary();
  if (Is(T::kPow)) {
    uint32_t pos = cur().pos;
    Next();
    return MakeBinary(this, BinOp::kPow, base, PyFactor(), pos);
  }
  return base;
}

Node* Parser::PyPrimary() {
  return PyTrailers(PyAtom());
}

Node* Parser::PyTrailers(Node* node) {
  int chain = 0;
  while (true) {
    Grow(&chain);
    if (Is(T::kDot)) {
      uint32_t pos = cur().pos;
      Next();
      if (!Is(T::kName) || IsPyKeyword(cur().text)) Fail("invalid syntax");
      CheckName(cur(), true);
      Node* n = MakeNamed(this, NodeKind::kAttr, cur().text, pos);
      n->a = node;
      Next();
      node = n;
    } else if (Is(T::kLParen)) {
      Node* call = NewNode(NodeKind::kCall, cur().pos);
      call->a = node;
      PyCallArgs(call);
      node = call;
    } else if (Is(T::kLBracket)) {
      uint32_t pos = cur().pos;
      Next();
      Node* n = NewNode(NodeKind::kItem, pos);
      n->a = node;
      n->b = PySubscript();
      Expect(T::kRBracket);
      node = n;
    } else {
      return node;
    }
  }
}

Node* Parser::PySliceItem() {
  uint32_t pos = cur().pos;
  Node* start = nullptr;
  if (!Is(T::kColon)) {
    start = PyTest();
    if (!Is(T::kColon)) return start;
  }
  Next();  // ':'
  Node* slice = NewNode(NodeKind::kSlice, pos);
  slice->a = start;
  if (!Is(T::kColon) && !Is(T::kRBracket) && !Is(T::kComma)) slice->b = PyTest();
  if (SkipIf(T::kColon)) {
    if (!Is(T::kRBracket) && !Is(T::kComma)) slice->c = PyTest();
  }
  return slice;
}

Node* Parser::PySubscript() {
  uint32_t pos = cur().pos;
  std::vector<Node*> items{PySliceItem()};
  bool tuple = false;
  while (Is(T::kComma)) {
    tuple = true;
    Next();
    if (Is(T::kRBracket)) break;
    items.push_back(PySliceItem());
  }
  if (!tuple) return items[0];
  Node* n = NewNode(NodeKind::kTuple, pos);
  n->list = MakeList(items);
  return n;
}

void Parser::PyCallArgs(Node* call) {
  Expect(T::kLParen);
  std::vector<Node*> args;
  std::vector<Keyword> kwargs;
  while (!Is(T::kRParen)) {
    uint32_t pos = cur().pos;
    if (Is(T::kMul)) {
      Next();
      Node* star = NewNode(NodeKind::kStarred, pos);
      star->a = PyTest();
      if (!kwargs.empty() && kwargs.back().name.empty()) {
        Fail("iterable argument unpacking follows keyword argument unpacking", pos);
      }
      args.push_back(star);
    } else if (Is(T::kPow)) {
      Next();
      kwargs.push_back(Keyword{{}, PyTest()});
    } else if (Is(T::kName) && look().type == T::kAssign) {
      CheckName(cur(), false);
      std::string_view key = arena_.CopyString(cur().text);
      Next();
      Next();
      for (const Keyword& k : kwargs) {
        if (k.name == key) Fail(fmt::format("keyword argument repeated: {}", key), pos);
      }
      kwargs.push_back(Keyword{key, PyTest()});
    } else {
      Node* arg = PyTest();
      if (IsName("for")) {
        arg = PyComprehension(kGenExp, arg, nullptr, pos);
        if (!args.empty() || !kwargs.empty() || Is(T::kComma)) {
          if (!(Is(T::kRParen) && args.empty() && kwargs.empty())) {
            Fail("Generator expression must be parenthesized", pos);
          }
        }
      } else if (!kwargs.empty()) {
        Fail(kwargs.back().name.empty() ? "positional argument follows keyword argument unpacking"
                                        : "positional argument follows keyword argument",
             pos);
      }
      args.push_back(arg);
    }
    if (!SkipIf(T::kComma)) break;
  }
  Expect(T::kRParen);
  call->list = MakeList(args);
  if (!kwargs.empty()) {
    call->kwargs = arena_.NewArray<Keyword>(kwargs.size());
    for (size_t i = 0; i < kwargs.size(); ++i) call->kwargs[i] = kwargs[i];
    call->nkwargs = static_cast<uint32_t>(kwargs.size());
  }
}

// A comprehension target: a name or a (possibly parenthesized) tuple of targets.
Node* Parser::PyTargetList() {
  uint32_t pos = cur().pos;
  std::vector<Node*> items;
  bool tuple = false;
  while (true) {
    Node* item;
    if (Is(T::kLParen) || Is(T::kLBracket)) {
      T closer = Is(T::kLParen) ? T::kRParen : T::kRBracket;
      Next();
      item = PyTargetList();
      Expect(closer);
      if (item->kind != NodeKind::kTuple) {
        // (x) is just x
      }
    } else {
      if (!Is(T::kName) || IsPyKeyword(cur().text)) Fail("invalid syntax");
      CheckName(cur(), false);
      item = MakeNamed(this, NodeKind::kName, cur().text, cur().pos);
      Next();
    }
    items.push_back(item);
    if (!Is(T::kComma)) break;
    tuple = true;
    Next();
    if (IsName("in") || Is(T::kRParen) || Is(T::kRBracket)) break;
  }
  if (!tuple) return items[0];
  Node* n = NewNode(NodeKind::kTuple, pos);
  n->list = MakeList(items);
  return n;
}

Node* Parser::PyComprehension(uint8_t kind, Node* element, Node* value_node, uint32_t pos) {
  std::vector<Clause> clauses;
  while (IsName("for")) {
    Next();
    Clause c{};
    c.target = PyTargetList();
    ExpectName("in");
    c.iter = PyOr();
    std::vector<Node*> ifs;
    while (IsName("if")) {
      Next();
      ifs.push_back(PyOr());
    }
    c.ifs = MakeList(ifs);
    clauses.push_back(c);
  }
  Node* n = NewNode(NodeKind::kComprehension, pos);
  n->op = kind;
  n->a = element;
  n->b = value_node;
  n->clauses = arena_.NewArray<Clause>(clauses.size());
  for (size_t i = 0; i < clauses.size(); ++i) n->clauses[i] = clauses[i];
  n->nclauses = static_cast<uint32_t>(clauses.size());
  return n;
}

Node* Parser::PyAtom() {
  const Token& tok = cur();
  uint32_t pos = tok.pos;
  switch (tok.type) {
    case T::kName: {
      std::string_view v = tok.text;
      Node* node;
      if (v == "True" || v == "False") {
        node = NewNode(NodeKind::kConst, pos);
        node->value = Value::Bool(v == "True");
      } else if (v == "None") {
        node = NewNode(NodeKind::kConst, pos);
      } else if (v == "lambda") {
        Fail("lambda expressions are not allowed in conditions");
      } else if (IsPyKeyword(v)) {
        Fail("invalid syntax");
      } else {
        CheckName(tok, false);
        node = MakeNamed(this, NodeKind::kName, v, pos);
      }
      Next();
      return node;
    }
    case T::kInt:
    case T::kFloat: {
      Node* node = NewNode(NodeKind::kConst, pos);
      node->value = tok.value;
      Next();
      return node;
    }
    case T::kString:
      return PyStrings();
    case T::kEllipsis:
      Fail("Ellipsis is not supported");
    case T::kLParen: {
      Next();
      if (SkipIf(T::kRParen)) {
        Node* n = NewNode(NodeKind::kTuple, pos);
        return n;
      }
      Node* first = PyStarItem();
      if (IsName("for") && first->kind != NodeKind::kStarred) {
        Node* g = PyComprehension(kGenExp, first, nullptr, pos);
        Expect(T::kRParen);
        return g;
      }
      if (Is(T::kWalrus)) Fail("assignment expressions (:=) are not allowed");
      if (!Is(T::kComma)) {
        if (first->kind == NodeKind::kStarred)
          Fail("cannot use starred expression here", first->pos);
        Expect(T::kRParen);
        return first;
      }
      std::vector<Node*> items{first};
      while (SkipIf(T::kComma)) {
        if (Is(T::kRParen)) break;
        items.push_back(PyStarItem());
      }
      Expect(T::kRParen);
      Node* n = NewNode(NodeKind::kTuple, pos);
      n->list = MakeList(items);
      return n;
    }
    case T::kLBracket: {
      Next();
      std::vector<Node*> items;
      if (!Is(T::kRBracket)) {
        Node* first = PyStarItem();
        if (IsName("for") && first->kind != NodeKind::kStarred) {
          Node* c = PyComprehension(kListComp, first, nullptr, pos);
          Expect(T::kRBracket);
          return c;
        }
        items.push_back(first);
        while (SkipIf(T::kComma)) {
          if (Is(T::kRBracket)) break;
          items.push_back(PyStarItem());
        }
      }
      Expect(T::kRBracket);
      Node* n = NewNode(NodeKind::kList, pos);
      n->list = MakeList(items);
      return n;
    }
    case T::kLBrace: {
      Next();
      if (SkipIf(T::kRBrace)) return NewNode(NodeKind::kDict, pos);
      Node* first = nullptr;
      Node* val = nullptr;
      bool is_dict = false;
      if (Is(T::kPow)) {
        Next();
        val = PyBitOr();
        is_dict = true;
      } else {
        first = PyStarItem();
        if (first->kind != NodeKind::kStarred && SkipIf(T::kColon)) {
          val = PyTest();
          is_dict = true;
          if (IsName("for")) {
            Node* c = PyComprehension(kDictComp, first, val, pos);
            Expect(T::kRBrace);
            return c;
          }
        }
      }
      if (is_dict) {
        std::vector<Node*> keys{first}, values{val};
        while (SkipIf(T::kComma)) {
          if (Is(T::kRBrace)) break;
          if (SkipIf(T::kPow)) {
            keys.push_back(nullptr);
            values.push_back(PyBitOr());
            continue;
          }
          keys.push_back(PyTest());
          Expect(T::kColon);
          values.push_back(PyTest());
        }
        Expect(T::kRBrace);
        Node* n = NewNode(NodeKind::kDict, pos);
        n->list = MakeList(keys);
        n->list2 = MakeList(values);
        return n;
      }
      if (IsName("for") && first->kind != NodeKind::kStarred) {
        Node* c = PyComprehension(kSetComp, first, nullptr, pos);
        Expect(T::kRBrace);
        return c;
      }
      std::vector<Node*> items{first};
      while (SkipIf(T::kComma)) {
        if (Is(T::kRBrace)) break;
        items.push_back(PyStarItem());
      }
      Expect(T::kRBrace);
      Node* n = NewNode(NodeKind::kSet, pos);
      n->list = MakeList(items);
      return n;
    }
    case T::kWalrus:
      Fail("assignment expressions (:=) are not allowed");
    default:
      Fail("invalid syntax");
  }
}

Node* Parser::PyStrings() {
  uint32_t pos = cur().pos;
  std::vector<Node*> parts;
  bool any_f = false;
  std::string plain;
  while (Is(T::kString)) {
    const Token& tok = cur();
    if (tok.flags & kTokBytes) Fail("bytes literals are not supported", tok.pos);
    if (tok.flags & kTokFString) {
      any_f = true;
      // Body offset: after the prefix letters and the opening quote(s).
      size_t q = 0;
      while (q < tok.text.size() && tok.text[q] != '\'' && tok.text[q] != '"') ++q;
      bool triple = tok.text.size() >= q + 6 && tok.text[q + 1] == tok.text[q] &&
                    tok.text[q + 2] == tok.text[q];
      uint32_t body_pos = tok.pos + static_cast<uint32_t>(q + (triple ? 3 : 1));
      Node* f = PyFString(tok, tok.value.str(), body_pos, tok.flags & kTokRaw);
      for (Node* part : f->list) parts.push_back(part);
    } else {
      Node* c = NewNode(NodeKind::kConst, tok.pos);
      c->value = tok.value;
      parts.push_back(c);
    }
    Next();
  }
  if (!any_f) {
    std::string joined;
    for (Node* p : parts) joined += p->value.str();
    Node* n = NewNode(NodeKind::kConst, pos);
    n->value = parts.size() == 1 ? parts[0]->value : Value::Str(arena_.CopyString(joined));
    return n;
  }
  Node* n = NewNode(NodeKind::kFString, pos);
  n->list = MakeList(parts);
  return n;
}

Node* Parser::PyFString(const Token& tok, std::string_view body, uint32_t body_pos, bool raw) {
  (void)tok;
  size_t i = 0;
  Node* n = PyFStringPart(body, body_pos, raw, i, false);
  return n;
}

// Parses f-string text from body[i] up to the end (or, inside a format spec, up to the closing
// brace, which is left at body[i]).
Node* Parser::PyFStringPart(std::string_view body, uint32_t body_pos, bool raw, size_t& i,
                            bool in_spec) {
  Nest nest(this);
  std::vector<Node*> parts;
  std::string literal;
  auto flush = [&] {
    if (literal.empty()) return;
    Node* c = NewNode(NodeKind::kConst, body_pos + static_cast<uint32_t>(i));
    std::string decoded = DecodeEscapes(literal, Dialect::kPython, raw, body_pos);
    c->value = Value::Str(arena_.CopyString(decoded));
    parts.push_back(c);
    literal.clear();
  };
  while (i < body.size()) {
    char ch = body[i];
    if (ch == '}') {
      if (in_spec) break;
      if (i + 1 < body.size() && body[i + 1] == '}') {
        literal.push_back('}');
        i += 2;
        continue;
      }
      Fail("f-string: single '}' is not allowed", body_pos + static_cast<uint32_t>(i));
    }
    if (ch == '{') {
      if (!in_spec && i + 1 < body.size() && body[i + 1] == '{') {
        literal.push_back('{');
        i += 2;
        continue;
      }
      flush();
      // Find the end of the expression: first top-level '!', ':', '=' (debug) or '}'.
      size_t start = i + 1;
      size_t j = start;
      int depth = 0;
      char quote = 0;
      while (j < body.size()) {
        char c = body[j];
        if (quote) {
          if (c == quote) quote = 0;
          ++j;
          continue;
        }
        if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '(' || c == '[' || c == '{') {
          ++depth;
        } else if (c == ')' || c == ']' || c == '}') {
          if (depth == 0) break;
          --depth;
        } else if (depth == 0 && c == '!' && (j + 1 >= body.size() || body[j + 1] != '=')) {
          break;
        } else if (depth == 0 && c == ':') {
          break;
        } else if (depth == 0 && c == '=' && j + 1 < body.size() && body[j + 1] != '=' &&
                   body[j - 1] != '=' && body[j - 1] != '!' && body[j - 1] != '<' &&
                   body[j - 1] != '>') {
          break;
        } else if (c == '\\') {
          Fail("f-string expression part cannot include a backslash",
               body_pos + static_cast<uint32_t>(j));
        } else if (c == '#') {
          Fail("f-string expression part cannot include '#'", body_pos + static_cast<uint32_t>(j));
        }
        ++j;
      }
      if (j >= body.size()) {
        Fail("f-string: expecting '}'", body_pos + static_cast<uint32_t>(i));
      }
      std::string_view expr_text = body.substr(start, j - start);
      bool blank = expr_text.find_first_not_of(" \t\n") == std::string_view::npos;
      if (blank)
        Fail("f-string: empty expression not allowed", body_pos + static_cast<uint32_t>(i));
      // Parse the expression with positions relative to the whole source.
      std::string padded(body_pos + start, ' ');
      padded.append(expr_text);
      std::vector<Token> toks = LexPython(padded, arena_);
      Parser sub(padded, std::move(toks), Dialect::kPython, arena_, max_nesting_ - nesting_);
      Node* expr = sub.PyStarExpressions(T::kEof);
      if (!sub.Is(T::kEof)) sub.Fail("f-string: invalid syntax");
      Node* field = NewNode(NodeKind::kFormatted, body_pos + static_cast<uint32_t>(start));
      field->a = expr;
      bool debug = false;
      if (body[j] == '=') {
        debug = true;
        ++j;
        std::string text(expr_text);
        text.push_back('=');
        Node* c = NewNode(NodeKind::kConst, body_pos + static_cast<uint32_t>(start));
        c->value = Value::Str(arena_.CopyString(text));
        parts.push_back(c);
      }
      if (j < body.size() && body[j] == '!') {
        if (j + 1 >= body.size() ||
            (body[j + 1] != 's' && body[j + 1] != 'r' && body[j + 1] != 'a')) {
          Fail("f-string: invalid conversion character: expected 's', 'r', or 'a'",
               body_pos + static_cast<uint32_t>(j));
        }
        field->op = static_cast<uint8_t>(body[j + 1]);
        j += 2;
      }
      if (j < body.size() && body[j] == ':') {
        ++j;
        field->b = PyFStringPart(body, body_pos, raw, j, true);
      } else if (debug && field->op == 0) {
        field->op = 'r';
      }
      if (j >= body.size() || body[j] != '}') {
        Fail("f-string: expecting '}'", body_pos + static_cast<uint32_t>(j));
      }
      i = j + 1;
      parts.push_back(field);
      continue;
    }
    literal.push_back(ch);
    ++i;
  }
  flush();
  Node* n = NewNode(NodeKind::kFString, body_pos);
  n->list = MakeList(parts);
  return n;
}

}  // namespace crier::expr
