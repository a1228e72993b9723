// Jinja's statements, parsed as parser.py does, with its error messages.
#include "tmpl/parser.h"

#include <fmt/format.h>

#include <set>

#include "value/ops.h"

namespace crier::tmpl {

using expr::Node;
using expr::NodeKind;
using expr::NodeList;
using expr::T;

namespace {

// "name:endfor" -> "endfor" as describe_token_expr prints it.
std::string DescribeEnd(std::string_view rule) {
  return std::string(rule);
}

}  // namespace

bool TemplateParser::AtEnd(const EndTokens& end_tokens) const {
  for (std::string_view e : end_tokens) {
    if (IsName(e)) return true;
  }
  return false;
}

void TemplateParser::FailUtEof(const std::string* name, const std::vector<EndTokens>& stack,
                               uint32_t pos) {
  std::set<std::string> expected;
  for (const EndTokens& exprs : stack) {
    for (std::string_view e : exprs) expected.insert(DescribeEnd(e));
  }
  std::string currently_looking;
  if (!stack.empty()) {
    for (std::string_view e : stack.back()) {
      if (!currently_looking.empty()) currently_looking += " or ";
      currently_looking += fmt::format("'{}'", DescribeEnd(e));
    }
  }
  std::string message = name == nullptr ? "Unexpected end of template."
                                        : fmt::format("Encountered unknown tag '{}'.", *name);
  if (!currently_looking.empty()) {
    if (name != nullptr && expected.count(*name)) {
      message += fmt::format(
          " You probably made a nesting mistake. Jinja is expecting this tag, but currently "
          "looking for {}.",
          currently_looking);
    } else {
      message += fmt::format(" Jinja was looking for the following tags: {}.", currently_looking);
    }
  }
  if (!tag_stack_.empty()) {
    message +=
        fmt::format(" The innermost block that needs to be closed is '{}'.", tag_stack_.back());
  }
  Fail(message, pos);
}

void TemplateParser::FailUnknownTag(std::string_view name, uint32_t pos) {
  std::string n(name);
  FailUtEof(&n, end_token_stack_, pos);
}

void TemplateParser::FailEof(const EndTokens* end_tokens) {
  std::vector<EndTokens> stack = end_token_stack_;
  if (end_tokens) stack.push_back(*end_tokens);
  FailUtEof(nullptr, stack, cur().pos);
}

NodeList TemplateParser::ParseTemplate() {
  return Subparse(nullptr);
}

NodeList TemplateParser::Subparse(const EndTokens* end_tokens) {
  std::vector<Node*> body;
  std::vector<Node*> data;
  if (end_tokens) end_token_stack_.push_back(*end_tokens);
  struct Pop {
    TemplateParser* p;
    bool active;
    ~Pop() {
      if (active) p->end_token_stack_.pop_back();
    }
  } pop{this, end_tokens != nullptr};
  auto flush = [&] {
    if (data.empty()) return;
    Node* out = NewNode(NodeKind::kOutput, data[0]->pos);
    out->list = MakeList(data);
    body.push_back(out);
    data.clear();
  };
  while (!Is(T::kEof)) {
    const expr::Token& tok = cur();
    if (tok.type == T::kData) {
      Node* c = NewNode(NodeKind::kConst, tok.pos);
      c->value = value::Value::Str(tok.text);
      c->flags = expr::kFlagData;
      data.push_back(c);
      Next();
    } else if (tok.type == T::kVariableBegin) {
      Next();
      data.push_back(ParseTuple(false, true));
      Expect(T::kVariableEnd);
    } else if (tok.type == T::kBlockBegin) {
      flush();
      Next();
      if (end_tokens && AtEnd(*end_tokens)) return MakeList(body);
      body.push_back(ParseStatement());
      Expect(T::kBlockEnd);
    } else {
      Fail("internal parsing error");
    }
  }
  flush();
  return MakeList(body);
}

NodeList TemplateParser::ParseStatements(const EndTokens& end_tokens, bool drop_needle) {
  SkipIf(T::kColon);
  Expect(T::kBlockEnd);
  NodeList result = Subparse(&end_tokens);
  if (Is(T::kEof)) FailEof(&end_tokens);
  if (drop_needle) Next();
  return result;
}

Node* TemplateParser::ParseStatement() {
  const expr::Token& tok = cur();
  if (tok.type != T::kName) Fail("tag name expected");
  std::string name(tok.text);
  static const std::set<std::string_view> kKeywords = {
      "for",  "if",     "block", "extends", "print",      "macro", "include",
      "from", "import", "set",   "with",    "autoescape", "call",  "filter"};
  if (!kKeywords.count(name)) FailUnknownTag(name, tok.pos);
  tag_stack_.push_back(name);
  struct Pop {
    TemplateParser* p;
    ~Pop() { p->tag_stack_.pop_back(); }
  } pop{this};
  if (name == "for") return ParseFor();
  if (name == "if") return ParseIf();
  if (name == "block") return ParseBlock();
  if (name == "extends") return ParseExtends();
  if (name == "print") return ParsePrint();
  if (name == "macro") return ParseMacro();
  if (name == "include") return ParseInclude();
  if (name == "from") return ParseFrom();
  if (name == "import") return ParseImport();
  if (name == "set") return ParseSet();
  if (name == "with") return ParseWith();
  if (name == "autoescape") return ParseAutoescape();
  if (name == "call") return ParseCallBlock();
  return ParseFilterBlock();
}

Node* TemplateParser::ParseSet() {
  uint32_t pos = cur().pos;
  Next();
  Node* target = ParseAssignTarget(true, false, {}, true);
  if (SkipIf(T::kAssign)) {
    Node* n = NewNode(NodeKind::kAssign, pos);
    n->a = target;
    n->b = ParseTuple();
    return n;
  }
  Node* n = NewNode(NodeKind::kAssignBlock, pos);
  n->a = target;
  if (Is(T::kPipe)) n->c = ParseFilter(nullptr, false);
  n->list = ParseStatements({"endset"}, true);
  return n;
}

Node* TemplateParser::ParseFor() {
  uint32_t pos = ExpectName("for").pos;
  Node* n = NewNode(NodeKind::kFor, pos);
  n->a = ParseAssignTarget(true, false, {"in"});
  ExpectName("in");
  n->b = ParseTuple(false, false, {"recursive"});
  if (SkipIfName("if")) n->c = ParseExpression();
  if (SkipIfName("recursive")) n->flags |= expr::kFlagRecursive;
  n->list = ParseStatements({"endfor", "else"}, false);
  bool is_endfor = cur().text == "endfor";
  Next();
  if (!is_endfor) n->list2 = ParseStatements({"endfor"}, true);
  return n;
}

Node* TemplateParser::ParseIf() {
  uint32_t pos = ExpectName("if").pos;
  Node* result = NewNode(NodeKind::kIf, pos);
  Node* node = result;
  std::vector<Node*> elifs;
  while (true) {
    node->a = ParseTuple(false, false);
    node->list = ParseStatements({"elif", "else", "endif"}, false);
    std::string_view which = cur().text;
    Next();
    if (which == "elif") {
      node = NewNode(NodeKind::kIf, cur().pos);
      elifs.push_back(node);
      continue;
    }
    if (which == "else") result->list2 = ParseStatements({"endif"}, true);
    break;
  }
  result->list3 = MakeList(elifs);
  return result;
}

Node* TemplateParser::ParseWith() {
  uint32_t pos = cur().pos;
  Next();
  std::vector<Node*> targets, values;
  while (!Is(T::kBlockEnd)) {
    if (!targets.empty()) Expect(T::kComma);
    targets.push_back(ParseAssignTarget());
    Expect(T::kAssign);
    values.push_back(ParseExpression());
  }
  Node* n = NewNode(NodeKind::kWith, pos);
  n->list = MakeList(targets);
  n->list2 = MakeList(values);
  n->list3 = ParseStatements({"endwith"}, true);
  return n;
}

Node* TemplateParser::ParseAutoescape() {
  uint32_t pos = cur().pos;
  Next();
  Node* n = NewNode(NodeKind::kAutoescape, pos);
  n->a = ParseExpression();
  n->list = ParseStatements({"endautoescape"}, true);
  return n;
}

Node* TemplateParser::ParseBlock() {
  uint32_t pos = cur().pos;
  Next();
  Node* n = NewNode(NodeKind::kBlock, pos);
  expr::Token name = Expect(T::kName);
  n->value = NameValue(name.text);
  if (SkipIfName("scoped")) n->flags |= expr::kFlagScoped;
  if (SkipIfName("required")) n->flags |= expr::kFlagRequired;
  if (Is(T::kSub)) {
    Fail(
        "Block names in Jinja have to be valid Python identifiers and may not contain hyphens, "
        "use an underscore instead.");
  }
  n->list = ParseStatements({"endblock"}, true);
  if (n->flags & expr::kFlagRequired) {
    for (const Node* stmt : n->list) {
      bool ok = stmt->kind == NodeKind::kOutput;
      if (ok) {
        for (const Node* child : stmt->list) {
          if (!(child->kind == NodeKind::kConst && (child->flags & expr::kFlagData))) {
            ok = false;
            break;
          }
          for (char c : child->value.str()) {
            if (!std::isspace(static_cast<unsigned char>(c))) ok = false;
          }
        }
      }
      if (!ok) Fail("Required blocks can only contain comments or whitespace");
    }
  }
  SkipIfName(n->name());
  return n;
}

Node* TemplateParser::ParseExtends() {
  uint32_t pos = cur().pos;
  Next();
  Node* n = NewNode(NodeKind::kExtends, pos);
  n->a = ParseExpression();
  return n;
}

void TemplateParser::ParseImportContext(Node* node, bool default_with) {
  if ((IsName("with") || IsName("without")) && look().type == T::kName &&
      look().text == "context") {
    if (cur().text == "with") node->flags |= expr::kFlagWithContext;
    Next();
    Next();
  } else if (default_with) {
    node->flags |= expr::kFlagWithContext;
  }
}

Node* TemplateParser::ParseInclude() {
  uint32_t pos = cur().pos;
  Next();
  Node* n = NewNode(NodeKind::kInclude, pos);
  n->a = ParseExpression();
  if (IsName("ignore") && look().type == T::kName && look().text == "missing") {
    n->flags |= expr::kFlagIgnoreMissing;
    Next();
    Next();
  }
  ParseImportContext(n, true);
  return n;
}

Node* TemplateParser::ParseImport() {
  uint32_t pos = cur().pos;
  Next();
  Node* n = NewNode(NodeKind::kImport, pos);
  n->a = ParseExpression();
  ExpectName("as");
  Node* target = ParseAssignTarget(true, true);
  n->value = target->value;
  n->hash = target->hash;
  n->b = target;
  ParseImportContext(n, false);
  return n;
}

Node* TemplateParser::ParseFrom() {
  uint32_t pos = cur().pos;
  Next();
  Node* n = NewNode(NodeKind::kFromImport, pos);
  n->a = ParseExpression();
  ExpectName("import");
  std::vector<Node*> names;
  auto parse_context = [&]() {
    if ((IsName("with") || IsName("without")) && look().type == T::kName &&
        look().text == "context") {
      if (cur().text == "with") n->flags |= expr::kFlagWithContext;
      Next();
      Next();
      return true;
    }
    return false;
  };
  while (true) {
    if (!names.empty()) Expect(T::kComma);
    if (Is(T::kName)) {
      if (parse_context()) break;
      Node* target = ParseAssignTarget(true, true);
      if (!target->name().empty() && target->name()[0] == '_') {
        throw expr::SyntaxFailure{"names starting with an underline can not be imported",
                                  target->pos, true};
      }
      if (SkipIfName("as")) target->b = ParseAssignTarget(true, true);
      names.push_back(target);
      if (parse_context() || !Is(T::kComma)) break;
    } else {
      Expect(T::kName);
    }
  }
  n->list = MakeList(names);
  return n;
}

void TemplateParser::ParseSignature(Node* node) {
  std::vector<Node*> args, defaults;
  Expect(T::kLParen);
  while (!Is(T::kRParen)) {
    if (!args.empty()) Expect(T::kComma);
    Node* arg = ParseAssignTarget(true, true);
    if (SkipIf(T::kAssign)) {
      defaults.push_back(ParseExpression());
    } else if (!defaults.empty()) {
      Fail("non-default argument follows default argument");
    }
    args.push_back(arg);
  }
  Expect(T::kRParen);
  node->list = MakeList(args);
  node->list2 = MakeList(defaults);
}

Node* TemplateParser::ParseCallBlock() {
  uint32_t pos = cur().pos;
  Next();
  Node* n = NewNode(NodeKind::kCallBlock, pos);
  if (Is(T::kLParen)) ParseSignature(n);
  Node* call = ParseExpression();
  if (call->kind != NodeKind::kCall) Fail("expected call", pos);
  n->a = call;
  n->list3 = ParseStatements({"endcall"}, true);
  return n;
}

Node* TemplateParser::ParseFilterBlock() {
  uint32_t pos = cur().pos;
  Next();
  Node* n = NewNode(NodeKind::kFilterBlock, pos);
  n->a = ParseFilter(nullptr, true);
  n->list = ParseStatements({"endfilter"}, true);
  return n;
}

Node* TemplateParser::ParseMacro() {
  uint32_t pos = cur().pos;
  Next();
  Node* n = NewNode(NodeKind::kMacro, pos);
  Node* name = ParseAssignTarget(true, true);
  n->value = name->value;
  n->hash = name->hash;
  ParseSignature(n);
  n->list3 = ParseStatements({"endmacro"}, true);
  return n;
}

Node* TemplateParser::ParsePrint() {
  uint32_t pos = cur().pos;
  Next();
  Node* n = NewNode(NodeKind::kOutput, pos);
  std::vector<Node*> items;
  while (!Is(T::kBlockEnd)) {
    if (!items.empty()) Expect(T::kComma);
    items.push_back(ParseExpression());
  }
  n->list = MakeList(items);
  return n;
}

}  // namespace crier::tmpl
