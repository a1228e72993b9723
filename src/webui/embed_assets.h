// Turns the web UI's files into a C++ source that defines EmbeddedAssets() (embedded_asset.h).
// Runs at build time from the `crier_embed_assets` tool; kept apart from it so the generated
// text is tested without touching the file system.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace crier::webui {

struct AssetFile {
  std::string path;  // Relative to the web root, '/'-separated, no "." or ".." segments.
  std::string body;  // The bytes.
};

// A strong ETag for `body`: the 64-bit FNV-1a hash of the bytes in hex, in double quotes.
std::string AssetEtag(std::string_view body);

// The C++ source text defining EmbeddedAssets() over `files`, sorted by path, each with its
// ContentTypeFor and AssetEtag. Bytes are written as string literals with octal escapes, so any
// content (NUL, non-UTF-8) round-trips exactly. Errors (kInvalidArgument, naming the path): an
// empty, absolute or backslashed path, a "." or ".." segment, or the same path twice.
Result<std::string> GenerateAssetSource(std::vector<AssetFile> files);

}  // namespace crier::webui
