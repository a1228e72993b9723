// Fuzzes ParseJsonBody, the parser every API request body goes through: it must turn any bytes
// into a value or a positioned error, never crash, and never accept nesting past its limit.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr int kMaxDepth = 8;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = crier::http::ParseJsonBody(body, kMaxDepth);
  if (parsed.ok()) {
    std::string text = parsed->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (crier::http::JsonNestingDepth(text, kMaxDepth) > kMaxDepth) std::abort();
  } else {
    const std::string& message = parsed.status().message();
    if (!message.starts_with("invalid JSON") && !message.starts_with("JSON nested deeper"))
      std::abort();
  }
  return 0;
}
