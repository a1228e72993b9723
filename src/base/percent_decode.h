// Lenient percent-decoding, as libpq and log redaction need it: every valid %XX escape becomes its
// byte, anything else (a stray '%') is kept as written; '+' becomes a space only when asked (a
// query string's form encoding; libpq keeps '+'). The HTTP layer's strict decoder, which refuses
// malformed escapes, is http/url_decode.h.
#pragma once

#include <string>
#include <string_view>

namespace crier {

// The value of a hexadecimal digit (either case), or -1 for any other character.
int HexDigitValue(char c);

std::string PercentDecodeLenient(std::string_view s, bool plus_is_space);

}  // namespace crier
