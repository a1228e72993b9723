// Percent-decoding, UTF-8 validation and encoding.
#include "http/url_decode.h"

#include "base/percent_decode.h"

namespace crier::http {

Result<std::string> PercentDecode(std::string_view text, DecodeMode mode) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      int hi = i + 1 < text.size() ? HexDigitValue(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? HexDigitValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return InvalidArgument("malformed percent-escape at offset " + std::to_string(i));
      }
      c = static_cast<char>(hi * 16 + lo);
      if (c == '\0') return InvalidArgument("percent-escape %00 (NUL) is not allowed");
      i += 2;
    } else if (c == '+' && mode == DecodeMode::kQuery) {
      c = ' ';
    } else if (c == '\0') {
      return InvalidArgument("NUL byte is not allowed");
    }
    out.push_back(c);
  }
  if (!IsValidUtf8(out)) return InvalidArgument("decoded text is not valid UTF-8");
  return out;
}

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t extra;  // Continuation bytes that follow.
    unsigned min;  // Smallest code point this length may encode (shorter is an overlong form).
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
      extra = 1, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, min = 0x10000, cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t k = 1; k <= extra; ++k) {
      if (i + k >= n || (s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace crier::http
