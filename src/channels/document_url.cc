// Document links as Frappe builds them.
#include "channels/document_url.h"

#include <cctype>

namespace crier {

std::string Slug(std::string_view doctype) {
  std::string out;
  out.reserve(doctype.size());
  for (char c : doctype) {
    if (c == ' ') {
      out += '-';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string QuoteUrlPart(std::string_view text) {
  static constexpr std::string_view kSafe = "_.-~@#$&()*!+=:;,?/'";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || kSafe.find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string DocumentUrl(std::string_view base_url, std::string_view doctype,
                        std::string_view name) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  std::string out(base_url);
  out += "/app/";
  out += QuoteUrlPart(Slug(doctype));
  out += '/';
  out += QuoteUrlPart(name);
  return out;
}

}  // namespace crier
