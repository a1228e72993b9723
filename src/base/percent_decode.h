// Lenient percent-decoding, as libpq and log redaction need it: every valid %XX escape becomes its
// byte, anything else (a stray '%') is kept as written; '+' becomes a space only when asked (a
// query string's form encoding; libpq keeps '+'). The HTTP layer's strict decoder, which refuses
// malformed escapes, is http/url_decode.h.
#pragma once

#include <string>
#include <string_view>

namespace crier {

std::string PercentDecodeLenient(std::string_view s, bool plus_is_space);

}  // namespace crier
