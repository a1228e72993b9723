// A recursive-descent parser for both expression grammars: Jinja's (parser.py: condexpr, or, and,
// not, compare, math1, concat, math2, pow, unary, primary/postfix/filter/test) and Python's
// (conditions: bitwise operators, right-associative **, comprehensions, f-strings). The template
// parser (tmpl/) extends it with statements over the same token stream.
#pragma once

#include <initializer_list>
#include <string_view>
#include <vector>

#include "expr/ast.h"
#include "expr/lexer.h"
#include "value/arena.h"
#include "value/runtime.h"

namespace crier::expr {

class Parser {
 public:
  // `source` and `arena` must outlive the parser and the nodes it creates.
  Parser(std::string_view source, std::vector<Token> tokens, Dialect dialect, value::Arena& arena,
         int max_nesting);
  virtual ~Parser() = default;

  // Python: one whole expression (a tuple when it has top-level commas), up to the end.
  Node* ParsePythonInput();

  // Jinja's parser entry points.
  Node* ParseExpression(bool with_condexpr = true);
  Node* ParseTuple(bool simplified = false, bool with_condexpr = true,
                   std::initializer_list<std::string_view> extra_end = {},
                   bool explicit_parentheses = false);
  Node* ParseAssignTarget(bool with_tuple = true, bool name_only = false,
                          std::initializer_list<std::string_view> extra_end = {},
                          bool with_namespace = false);
  // Parses `(args, kw=..., *a, **k)` into `call` (kCall, kFilter or kTest node).
  void ParseCallArgs(Node* call);

  // The token stream.
  const Token& cur() const { return tokens_[index_]; }
  const Token& look() const { return tokens_[std::min(index_ + 1, tokens_.size() - 1)]; }
  void Next() {
    if (index_ + 1 < tokens_.size()) ++index_;
  }
  bool Is(T type) const { return cur().type == type; }
  bool IsName(std::string_view name) const { return cur().type == T::kName && cur().text == name; }
  bool SkipIf(T type);
  bool SkipIfName(std::string_view name);
  Token Expect(T type);
  Token ExpectName(std::string_view name);
  // Jinja's describe_token: a name's text, else the type's description.
  std::string Describe(const Token& t) const;

  [[noreturn]] void Fail(std::string message, uint32_t pos) const;
  [[noreturn]] void Fail(std::string message) const { Fail(std::move(message), cur().pos); }

  Node* NewNode(NodeKind kind, uint32_t pos);
  NodeList MakeList(const std::vector<Node*>& nodes);
  value::Value NameValue(std::string_view name);
  std::string_view source() const { return source_; }
  value::Arena& arena() { return arena_; }

 protected:
  // Guards recursion depth (limits.max_nesting).
  struct Nest {
    explicit Nest(Parser* p);
    ~Nest() { --p->nesting_; }
    Parser* p;
  };

  // Jinja chain.
  Node* ParseCondExpr();
  Node* ParseOr();
  Node* ParseAnd();
  Node* ParseNot();
  Node* ParseCompare();
  Node* ParseMath1();
  Node* ParseConcat();
  Node* ParseMath2();
  Node* ParsePow();
  Node* ParseUnary(bool with_filter = true);
  Node* ParsePrimary();
  Node* ParsePostfix(Node* node);
  Node* ParseFilterExpr(Node* node);
  Node* ParseSubscript(Node* node);
  Node* ParseSubscribed();
  Node* ParseFilter(Node* node, bool start_inline);
  Node* ParseTest(Node* node);
  Node* ParseList();
  Node* ParseDict();
  bool IsTupleEnd(std::initializer_list<std::string_view> extra_end) const;

  // Python chain.
  Node* PyTest();  // conditional expression (or lambda, refused)
  Node* PyOr();
  Node* PyAnd();
  Node* PyNot();
  Node* PyComparison();
  Node* PyBitOr();
  Node* PyBitXor();
  Node* PyBitAnd();
  Node* PyShift();
  Node* PyArith();
  Node* PyTerm();
  Node* PyFactor();
  Node* PyPower();
  Node* PyPrimary();
  Node* PyAtom();
  Node* PyTrailers(Node* node);
  Node* PyStrings();
  Node* PyFString(const Token& tok, std::string_view body, uint32_t body_pos, bool raw);
  Node* PyFStringPart(std::string_view body, uint32_t body_pos, bool raw, size_t& i, bool in_spec);
  Node* PySubscript();
  Node* PySliceItem();
  void PyCallArgs(Node* call);
  Node* PyComprehension(uint8_t kind, Node* element, Node* value, uint32_t pos);
  Node* PyTargetList();
  Node* PyStarExpressions(T closer);
  Node* PyStarItem();
  void CheckName(const Token& t, bool attribute) const;

  std::string_view source_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
  Dialect dialect_;
  value::Arena& arena_;
  int max_nesting_;
  int nesting_ = 0;
};

}  // namespace crier::expr
