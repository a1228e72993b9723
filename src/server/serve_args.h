// The command line of `crier serve`, parsed by a pure function so its flags are tested as a table.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"
#include "server/server.h"

namespace crier {

std::string_view ServeUsage();

// Parses the arguments after `serve`. `getenv` reads the environment (CRIER_ADMIN_PASSWORD).
// `--help` gives kFailedPrecondition with the usage as message; errors name the flag.
Result<ServeOptions> ParseServeArgs(
    std::span<const std::string_view> args,
    const std::function<std::optional<std::string>(const char*)>& getenv);

}  // namespace crier
