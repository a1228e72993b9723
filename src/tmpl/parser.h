// The template parser: Jinja's statement grammar (parser.py) on top of the shared expression
// parser. Produces the statement nodes listed in expr/ast.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "expr/parser.h"

namespace crier::tmpl {

class TemplateParser : public expr::Parser {
 public:
  using Parser::Parser;

  // The whole template: a list of statements.
  expr::NodeList ParseTemplate();

 private:
  using EndTokens = std::vector<std::string_view>;

  expr::NodeList Subparse(const EndTokens* end_tokens);
  expr::NodeList ParseStatements(const EndTokens& end_tokens, bool drop_needle);
  expr::Node* ParseStatement();
  expr::Node* ParseSet();
  expr::Node* ParseFor();
  expr::Node* ParseIf();
  expr::Node* ParseWith();
  expr::Node* ParseAutoescape();
  expr::Node* ParseBlock();
  expr::Node* ParseExtends();
  expr::Node* ParseInclude();
  expr::Node* ParseImport();
  expr::Node* ParseFrom();
  expr::Node* ParseMacro();
  expr::Node* ParseCallBlock();
  expr::Node* ParseFilterBlock();
  expr::Node* ParsePrint();
  void ParseSignature(expr::Node* node);
  void ParseImportContext(expr::Node* node, bool default_with);
  bool AtEnd(const EndTokens& end_tokens) const;
  [[noreturn]] void FailUnknownTag(std::string_view name, uint32_t pos);
  [[noreturn]] void FailEof(const EndTokens* end_tokens);
  [[noreturn]] void FailUtEof(const std::string* name, const std::vector<EndTokens>& stack,
                              uint32_t pos);

  std::vector<std::string> tag_stack_;
  std::vector<EndTokens> end_token_stack_;
};

}  // namespace crier::tmpl
