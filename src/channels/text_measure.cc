// Text measures.
#include "channels/text_measure.h"

namespace crier {

size_t CodePointCost(std::string_view cp, TextMeasure measure) {
  switch (measure) {
    case TextMeasure::kCodePoints:
      return 1;
    case TextMeasure::kUtf8Bytes:
      return cp.size();
    case TextMeasure::kJsonBytes: {
      if (cp.size() != 1) return cp.size();  // nlohmann::json writes UTF-8 as is.
      unsigned char c = static_cast<unsigned char>(cp[0]);
      if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
        return 2;
      }
      return c < 0x20 ? 6 : 1;  // \u00XX
    }
  }
  return 1;
}

size_t MeasureText(std::string_view text, TextMeasure measure) {
  if (measure == TextMeasure::kUtf8Bytes) return text.size();
  size_t total = 0;
  for (size_t i = 0; i < text.size();) {
    size_t n = std::min(Utf8SequenceLength(static_cast<unsigned char>(text[i])), text.size() - i);
    total += CodePointCost(text.substr(i, n), measure);
    i += n;
  }
  return total;
}

}  // namespace crier
