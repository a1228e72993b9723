// Markdown rendering with cmark-gfm.
#include "channels/email/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cctype>
#include <cstdlib>
#include <mutex>

namespace crier {

std::string MarkdownToHtml(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  const int options = CMARK_OPT_UNSAFE | CMARK_OPT_HARDBREAKS | CMARK_OPT_GITHUB_PRE_LANG;
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* name : {"table", "strikethrough", "autolink", "tagfilter"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, ext);
    }
  }
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);
  char* html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
  std::string out = html != nullptr ? html : "";
  std::free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

std::string HtmlDocument(std::string_view markdown) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n" +
         MarkdownToHtml(markdown) + "</body></html>\n";
}

std::string MarkdownToText(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size());
  for (size_t i = 0; i < markdown.size(); ++i) {
    char c = markdown[i];
    if (c == '<') {
      size_t close = markdown.find('>', i);
      std::string_view tag =
          markdown.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
      // Only things that look like tags: "<p>", "</b>", "<br/>", "<a href=...>", not "a < b".
      bool is_tag =
          close != std::string_view::npos && !tag.empty() &&
          (std::isalpha(static_cast<unsigned char>(tag[0])) || tag[0] == '/' || tag[0] == '!') &&
          tag.find('\n') == std::string_view::npos;
      if (is_tag) {
        std::string name;
        for (char t : tag.substr(tag[0] == '/')) {
          if (!std::isalnum(static_cast<unsigned char>(t))) break;
          name += static_cast<char>(std::tolower(static_cast<unsigned char>(t)));
        }
        if (name == "br" ||
            (tag[0] == '/' && (name == "p" || name == "div" || name == "li" || name == "tr" ||
                               name == "h1" || name == "h2" || name == "h3"))) {
          out += '\n';
        }
        i = close;
        continue;
      }
    }
    if (c == '&') {
      static constexpr std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
          {"&quot;", '"'}, {"&#39;", '\''}, {"&nbsp;", ' '}};
      bool decoded = false;
      for (const auto& [entity, ch] : kEntities) {
        if (markdown.substr(i, entity.size()) == entity) {
          out += ch;
          i += entity.size() - 1;
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    out += c;
  }
  return out;
}

}  // namespace crier
