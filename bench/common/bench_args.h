// What the in-process benchmark programs share: integer flags and a scratch folder for their
// databases.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace crier::bench {

// The value of `name N` among the flag-and-value pairs of argv, or `fallback`.
inline int IntFlag(int argc, char** argv, std::string_view name, int fallback) {
  for (int i = 1; i + 1 < argc; i += 2) {
    if (name == argv[i]) return std::stoi(argv[i + 1]);
  }
  return fallback;
}

// A new folder under the system's temporary directory, removed with everything in it when this
// object goes (declare it before what keeps files open in it).
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "crier-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
    }
    path_ = std::move(pattern);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace crier::bench
