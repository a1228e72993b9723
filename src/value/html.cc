// html.unescape and Markup.striptags, following Python's html module and markupsafe.
#include "value/html.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "value/unicode.h"

namespace crier::value {
namespace {

#include "value/html_entities.inc"

const std::unordered_map<std::string_view, std::string_view>& Entities() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string_view, std::string_view>();
    for (const auto& [k, v] : kHtml5Entities) m->emplace(k, v);
    return m;
  }();
  return *map;
}

bool IsDigitChar(char c) {
  return c >= '0' && c <= '9';
}
bool IsHexChar(char c) {
  return IsDigitChar(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

// Replacement for the character reference body `ref` (after '&').
std::string ReplaceCharref(std::string_view ref) {
  if (ref[0] == '#') {
    bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
    std::string_view digits = ref.substr(hex ? 2 : 1);
    if (!digits.empty() && digits.back() == ';') digits.remove_suffix(1);
    uint64_t num = 0;
    bool big = false;
    for (char c : digits) {
      int d = IsDigitChar(c) ? c - '0' : ((c | 0x20) - 'a' + 10);
      num = num * (hex ? 16 : 10) + static_cast<uint64_t>(d);
      if (num > 0x10FFFF) big = true;
      if (num > (uint64_t{1} << 40)) num = uint64_t{1} << 40;
    }
    for (const auto& [code, text] : kInvalidCharrefs) {
      if (!big && code == num) return std::string(text);
    }
    if (big || (num >= 0xD800 && num <= 0xDFFF)) return "\xEF\xBF\xBD";
    if (std::find(std::begin(kInvalidCodepoints), std::end(kInvalidCodepoints), num) !=
        std::end(kInvalidCodepoints)) {
      return "";
    }
    std::string out;
    AppendUtf8(out, static_cast<char32_t>(num));
    return out;
  }
  const auto& entities = Entities();
  auto it = entities.find(ref);
  if (it != entities.end()) return std::string(it->second);
  for (size_t x = ref.size() - 1; x > 1; --x) {
    auto jt = entities.find(ref.substr(0, x));
    if (jt != entities.end()) return std::string(jt->second) + std::string(ref.substr(x));
  }
  return "&" + std::string(ref);
}

}  // namespace

std::string HtmlUnescape(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '&') {
      out.push_back(s[i++]);
      continue;
    }
    size_t j = i + 1;
    size_t end = 0;
    if (j < s.size() && s[j] == '#') {
      size_t k = j + 1;
      if (k < s.size() && (s[k] == 'x' || s[k] == 'X') && k + 1 < s.size() && IsHexChar(s[k + 1])) {
        k += 1;
        while (k < s.size() && IsHexChar(s[k])) ++k;
        end = k;
      } else if (k < s.size() && IsDigitChar(s[k])) {
        while (k < s.size() && IsDigitChar(s[k])) ++k;
        end = k;
      }
    } else {
      // [^\t\n\f <&#;]{1,32} (code points)
      size_t k = j;
      int count = 0;
      while (k < s.size() && count < 32) {
        char c = s[k];
        if (c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#' ||
            c == ';') {
          break;
        }
        const char* p = s.data() + k;
        DecodeUtf8(p, s.data() + s.size());
        k = static_cast<size_t>(p - s.data());
        ++count;
      }
      if (count > 0) end = k;
    }
    if (end == 0) {
      out.push_back(s[i++]);
      continue;
    }
    if (end < s.size() && s[end] == ';') ++end;
    out += ReplaceCharref(s.substr(j, end - j));
    i = end;
  }
  return out;
}

std::string StripTags(std::string_view text) {
  std::string value(text);
  while (true) {
    size_t start = value.find("<!--");
    if (start == std::string::npos) break;
    size_t end = value.find("-->", start);
    if (end == std::string::npos) break;
    value.erase(start, end + 3 - start);
  }
  while (true) {
    size_t start = value.find('<');
    if (start == std::string::npos) break;
    size_t end = value.find('>', start);
    if (end == std::string::npos) break;
    value.erase(start, end + 1 - start);
  }
  // " ".join(value.split())
  std::string collapsed;
  const char* p = value.data();
  const char* end = p + value.size();
  bool pending = false;
  while (p < end) {
    const char* start = p;
    char32_t c = DecodeUtf8(p, end);
    if (IsSpace(c)) {
      pending = !collapsed.empty();
      continue;
    }
    if (pending) collapsed.push_back(' ');
    pending = false;
    collapsed.append(start, static_cast<size_t>(p - start));
  }
  return HtmlUnescape(collapsed);
}

}  // namespace crier::value
