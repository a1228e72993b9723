// The Content-Type the web UI's files are served with, decided from the file name when the assets
// are embedded, so a browser never has to guess (the UI is sent with nosniff).
#pragma once

#include <string_view>

namespace crier::webui {

// The media type for `path` by its extension, compared case-insensitively: text types carry
// "; charset=utf-8" (html, css, js/mjs, json, svg, txt, map, webmanifest); images and fonts their
// own type; anything else "application/octet-stream".
std::string_view ContentTypeFor(std::string_view path);

}  // namespace crier::webui
