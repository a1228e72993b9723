// Helpers for the engine commands.
#include "main/cli_common.h"

#include <fmt/format.h>

#include <cstdio>

namespace crier::cli {

Result<std::string> ReadFileOrStdin(std::string_view path) {
  std::FILE* f = path == "-" ? stdin : std::fopen(std::string(path).c_str(), "rb");
  if (f == nullptr) return NotFound(fmt::format("cannot read '{}'", path));
  std::string data;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) data.append(buf, n);
  bool failed = std::ferror(f) != 0;
  if (f != stdin) std::fclose(f);
  if (failed) return Internal(fmt::format("error reading '{}'", path));
  return data;
}

Result<DateTime> ParseNow(std::string_view text) {
  auto dt = ParseDateTime(text);
  if (!dt) return InvalidArgument(fmt::format("--now: '{}' is not an ISO date or datetime", text));
  return *dt;
}

Result<long> ParseRepeat(std::string_view text) {
  long n = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || n > 100000000) {
      return InvalidArgument(fmt::format("--repeat: '{}' is not a positive count", text));
    }
    n = n * 10 + (c - '0');
  }
  if (n <= 0) return InvalidArgument(fmt::format("--repeat: '{}' is not a positive count", text));
  return n;
}

int Fail(std::string_view text) {
  fmt::print(stderr, "error: {}\n", text);
  return 1;
}

}  // namespace crier::cli
