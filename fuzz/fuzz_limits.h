// Resource limits for the fuzz targets: tighter than crier's defaults so that every input runs in
// milliseconds under the sanitizers (the limits themselves are part of what is fuzzed: reaching
// one must be a clean LimitError, never a crash or a hang).
#pragma once

#include "value/runtime.h"

namespace crier::fuzz {

inline value::Limits FuzzLimits() {
  value::Limits limits;
  limits.max_output_bytes = size_t{64} << 10;
  limits.max_loop_iterations = 10000;
  limits.max_range = 10000;
  limits.max_string_bytes = size_t{64} << 10;
  limits.max_list_items = 10000;
  limits.max_int_bits = 4096;
  limits.max_steps = 200000;
  limits.max_memory_bytes = size_t{16} << 20;
  return limits;
}

}  // namespace crier::fuzz
