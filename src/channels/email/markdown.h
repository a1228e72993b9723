// Notification messages are Markdown (or HTML, as in Frappe): e-mail sends them as HTML rendered
// by cmark-gfm (GitHub's CommonMark with tables, strikethrough and autolinks), with the source
// itself as the plain-text alternative.
#pragma once

#include <string>
#include <string_view>

namespace crier {

// The body of an HTML document for `markdown`. Line breaks are kept (a single newline is a <br>,
// as chat messages are written); raw HTML passes through (a Frappe message is often HTML) except
// the tags GitHub filters (script, style, iframe, textarea, title, xmp, noembed, noframes,
// plaintext).
std::string MarkdownToHtml(std::string_view markdown);

// A full HTML document (UTF-8, the rendered body).
std::string HtmlDocument(std::string_view markdown);

// The plain-text alternative: the Markdown source with HTML tags removed and the common entities
// (&amp; &lt; &gt; &quot; &#39; &nbsp;) decoded; <br> and </p> become line breaks.
std::string MarkdownToText(std::string_view markdown);

}  // namespace crier
