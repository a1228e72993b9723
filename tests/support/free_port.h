// Free loopback ports for servers that tests start, so suites can run in parallel (ctest -j2)
// without fixed ports colliding.
#pragma once

#include <cstdint>

#include "base/status.h"

namespace crier::testing {

// A TCP port on 127.0.0.1 that was free a moment ago: the kernel picks it (bind to port 0), and the
// socket is closed before returning. Another process may take it before the caller binds it, so
// callers that start a server on it should retry with a new port if the bind fails.
Result<std::uint16_t> PickFreePort();

}  // namespace crier::testing
