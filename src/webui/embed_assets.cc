// The generator's text: one string literal per file and a sorted table over them.
#include "webui/embed_assets.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "webui/content_type.h"

namespace crier::webui {
namespace {

Status CheckPath(std::string_view path) {
  if (path.empty()) return InvalidArgument("asset path is empty");
  if (path.front() == '/' || path.find('\\') != std::string_view::npos) {
    return InvalidArgument(fmt::format("asset path '{}' must be relative and use '/'", path));
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return InvalidArgument(
          fmt::format("asset path '{}' has an empty, '.' or '..' segment", path));
    }
    start = end + 1;
  }
  return Status::Ok();
}

// One C++ string literal per 96 input bytes: printable ASCII as itself (except '"', '\\' and '?',
// which could start a trigraph in older modes), everything else as a three-digit octal escape, so
// a following digit is never read as part of the escape.
void AppendLiteral(std::string& out, std::string_view bytes) {
  if (bytes.empty()) {
    out += "\"\"";
    return;
  }
  for (size_t i = 0; i < bytes.size(); i += 96) {
    out += "\n    \"";
    for (unsigned char c : bytes.substr(i, 96)) {
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
        out += static_cast<char>(c);
      } else {
        out += fmt::format("\\{:03o}", c);
      }
    }
    out += '"';
  }
}

// Quotes a short, known-safe string (path, content type, etag) as a C++ literal.
std::string Quote(std::string_view text) {
  std::string out;
  AppendLiteral(out, text);
  // Single chunk: drop the leading newline and indentation.
  if (out.starts_with("\n    ")) out.erase(0, 5);
  return out;
}

}  // namespace

std::string AssetEtag(std::string_view body) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : body) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("\"{:016x}\"", hash);
}

Result<std::string> GenerateAssetSource(std::vector<AssetFile> files) {
  std::sort(files.begin(), files.end(),
            [](const AssetFile& a, const AssetFile& b) { return a.path < b.path; });
  for (size_t i = 0; i < files.size(); ++i) {
    CRIER_RETURN_IF_ERROR(CheckPath(files[i].path));
    if (i > 0 && files[i].path == files[i - 1].path) {
      return InvalidArgument(fmt::format("asset path '{}' appears twice", files[i].path));
    }
  }
  std::string out =
      "// Generated at build time by crier_embed_assets from web/: do not edit.\n"
      "#include \"webui/embedded_asset.h\"\n\n"
      "namespace crier::webui {\nnamespace {\n\n";
  for (size_t i = 0; i < files.size(); ++i) {
    out += fmt::format("// {}\nconstexpr char kBody{}[] =", files[i].path, i);
    AppendLiteral(out, files[i].body);
    out += ";\n\n";
  }
  out +=
      fmt::format("constexpr EmbeddedAsset kAssets[{}] = {{\n", std::max<size_t>(files.size(), 1));
  for (size_t i = 0; i < files.size(); ++i) {
    const AssetFile& f = files[i];
    out += fmt::format("    {{{}, {}, {}, {{kBody{}, {}}}}},\n", Quote(f.path),
                       Quote(ContentTypeFor(f.path)), Quote(AssetEtag(f.body)), i, f.body.size());
  }
  out += "};\n\n}  // namespace\n\n";
  out += fmt::format(
      "std::span<const EmbeddedAsset> EmbeddedAssets() {{ return {{kAssets, {}}}; }}\n\n",
      files.size());
  out += "}  // namespace crier::webui\n";
  return out;
}

}  // namespace crier::webui
