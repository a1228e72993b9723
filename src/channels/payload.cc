// Shared payload pieces.
#include "channels/payload.h"

namespace crier {

std::string SlackLinkSuffix(std::string_view url) {
  std::string out = "\n<";
  out += url;
  out += '|';
  out += kDocumentLinkLabel;
  out += '>';
  return out;
}

std::string MarkdownLinkSuffix(std::string_view url) {
  std::string out = "\n\n[";
  out += kDocumentLinkLabel;
  out += "](";
  out += url;
  out += ')';
  return out;
}

}  // namespace crier
