// Counting a text the way a service counts it (code points, UTF-8 bytes, or bytes once escaped in
// JSON), so that splitting and limits agree with what the service will accept.
#pragma once

#include <cstddef>
#include <string_view>

#include "channels/channel.h"

namespace crier {

// The length of the UTF-8 sequence starting with lead byte `c` (1 for a stray continuation byte,
// so that malformed input still advances).
inline size_t Utf8SequenceLength(unsigned char c) {
  if (c < 0xC0) return 1;
  if (c < 0xE0) return 2;
  if (c < 0xF0) return 3;
  return 4;
}

// The cost of the one code point `cp` (its UTF-8 bytes) under `measure`.
size_t CodePointCost(std::string_view cp, TextMeasure measure);

// The cost of the whole text: the sum of its code points' costs.
size_t MeasureText(std::string_view text, TextMeasure measure);

// An upper bound of MeasureText(text, measure) from the text's size alone: a code point is at
// least one byte, and a byte escapes into at most six in JSON. Most messages are far below their
// service's limit, and this proves it without reading them.
inline size_t MeasureBound(std::string_view text, TextMeasure measure) {
  return measure == TextMeasure::kJsonBytes ? 6 * text.size() : text.size();
}

}  // namespace crier
