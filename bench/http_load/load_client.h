// The engine of http_load: keep-alive connections driven by one Boost.Asio event loop per thread,
// in closed loop (each connection sends its next request when the previous answer arrives) or open
// loop (requests start on a fixed schedule whether or not the server keeps up, and latency counts
// from the scheduled time, so a slow server cannot hide its queueing: no coordinated omission).
#pragma once

#include "latency_summary.h"
#include "load_options.h"

namespace crier::load {

// Connects, runs the warm-up and the measured window, drains, and returns what was measured.
// `options.body` is the body template (already read from --body-file by the caller). Blocks for
// about warmup + duration seconds (plus up to timeout to drain). Thread-compatible; each call owns
// its own sockets and threads.
RunOutcome RunLoad(const LoadOptions& options);

}  // namespace crier::load
