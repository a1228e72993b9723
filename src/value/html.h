// HTML helpers markupsafe provides: html.unescape (HTML5 named and numeric character references,
// as Python's html module) and Markup.striptags.
#pragma once

#include <string>
#include <string_view>

namespace crier::value {

// Python's html.unescape.
std::string HtmlUnescape(std::string_view s);
// markupsafe.Markup(s).striptags(): comments and tags removed, whitespace collapsed, unescaped.
std::string StripTags(std::string_view s);

}  // namespace crier::value
