// The web UI's files as the binary carries them: the build turns every file under web/ into one
// generated C++ source (see embed_assets.h), so `crier serve` needs no files on disk and works
// offline.
#pragma once

#include <span>
#include <string_view>

namespace crier::webui {

struct EmbeddedAsset {
  std::string_view path;  // Relative to web/, '/'-separated: "index.html", "assets/app.css".
  std::string_view content_type;  // ContentTypeFor(path), decided at build time.
  std::string_view etag;          // A strong validator, quoted: "\"5f1c...\"" (AssetEtag).
  std::string_view body;          // The file's bytes.
};

// Every embedded file, sorted by path. Defined by the generated source; lives for the program.
std::span<const EmbeddedAsset> EmbeddedAssets();

}  // namespace crier::webui
