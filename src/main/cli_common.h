// Options shared by `crier render` and `crier eval`: the JSON context file, the injected "now",
// --repeat, and the `error: <Class>: <message> (line L, column C)` error format.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/time.h"

namespace crier::cli {

// Reads a whole file ("-" is standard input).
Result<std::string> ReadFileOrStdin(std::string_view path);

// Parses `--now` (ISO date or datetime) into a civil time.
Result<DateTime> ParseNow(std::string_view text);

// Parses a positive --repeat count.
Result<long> ParseRepeat(std::string_view text);

// Prints "error: <text>" on stderr and returns exit status 1.
int Fail(std::string_view text);

}  // namespace crier::cli
