// crier_embed_assets OUTPUT.cc ROOT FILE...: the build step that compiles the web UI into the
// binary. Reads each FILE (a path under ROOT), writes the source GenerateAssetSource makes, and
// leaves OUTPUT untouched when its text would not change, so an unchanged UI recompiles nothing.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "webui/embed_assets.h"

namespace fs = std::filesystem;

namespace {

bool ReadFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = std::move(buffer).str();
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: crier_embed_assets OUTPUT.cc ROOT [FILE...]\n");
    return 2;
  }
  const fs::path output = argv[1];
  const fs::path root = fs::weakly_canonical(argv[2]);
  std::vector<crier::webui::AssetFile> files;
  for (int i = 3; i < argc; ++i) {
    const fs::path file = fs::weakly_canonical(argv[i]);
    const fs::path relative = file.lexically_relative(root);
    if (relative.empty() || relative.native().starts_with("..")) {
      std::fprintf(stderr, "crier_embed_assets: %s is not under %s\n", argv[i], argv[2]);
      return 1;
    }
    crier::webui::AssetFile asset{relative.generic_string(), {}};
    if (!ReadFile(file, &asset.body)) {
      std::fprintf(stderr, "crier_embed_assets: cannot read %s\n", argv[i]);
      return 1;
    }
    files.push_back(std::move(asset));
  }
  auto source = crier::webui::GenerateAssetSource(std::move(files));
  if (!source.ok()) {
    std::fprintf(stderr, "crier_embed_assets: %s\n", source.status().message().c_str());
    return 1;
  }
  std::string existing;
  if (ReadFile(output, &existing) && existing == *source) return 0;
  const fs::path temp = output.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << *source;
    if (!out.flush()) {
      std::fprintf(stderr, "crier_embed_assets: cannot write %s\n", temp.c_str());
      return 1;
    }
  }
  std::error_code ec;
  fs::rename(temp, output, ec);
  if (ec) {
    std::fprintf(stderr, "crier_embed_assets: cannot write %s: %s\n", output.c_str(),
                 ec.message().c_str());
    return 1;
  }
  return 0;
}
