// Python's Unicode string rules on ICU. Whole-string upper/lower/casefold go through ICU's UTF-8
// case mapping (full mappings and the Greek final sigma, as CPython); title/capitalize/swapcase
// follow CPython's per-character algorithms using ICU's full single-character mappings.
#include "value/unicode.h"

#include <unicode/ucasemap.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstring>
#include <memory>

namespace crier::value {

char32_t DecodeUtf8(const char*& p, const char* end) {
  auto c = static_cast<unsigned char>(*p);
  if (c < 0x80) {
    ++p;
    return c;
  }
  int32_t i = 0;
  int32_t len = static_cast<int32_t>(end - p);
  UChar32 cp;
  U8_NEXT(reinterpret_cast<const uint8_t*>(p), i, len, cp);
  if (cp < 0) {
    p += i > 0 ? i : 1;
    return 0xFFFD;
  }
  p += i;
  return static_cast<char32_t>(cp);
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t CountCodePoints(std::string_view s) {
  // Every byte but the continuation bytes (10xxxxxx) starts a code point; eight bytes at a time.
  size_t continuations = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    uint64_t marks = (w & ~(w << 1)) & 0x8080808080808080ULL;  // bit 7 set, bit 6 clear
    continuations += ((marks >> 7) * 0x0101010101010101ULL) >> 56;
  }
  for (; i < s.size(); ++i) continuations += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  return s.size() - continuations;
}

size_t CodePointOffset(std::string_view s, size_t index) {
  size_t i = 0;
  while (i < s.size() && index > 0) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    --index;
  }
  return i;
}

bool IsValidUtf8(std::string_view s) {
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    int32_t i = 0;
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(p), i, static_cast<int32_t>(end - p), cp);
    if (cp < 0) return false;
    p += i;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) AppendUtf8(out, DecodeUtf8(p, end));
  return out;
}

bool IsSpace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
  UCharDirection d = u_charDirection(static_cast<UChar32>(c));
  return d == U_WHITE_SPACE_NEUTRAL || d == U_BLOCK_SEPARATOR || d == U_SEGMENT_SEPARATOR ||
         u_charType(static_cast<UChar32>(c)) == U_SPACE_SEPARATOR;
}

bool IsPrintable(char32_t c) {
  if (c < 0x80) return c >= 0x20 && c < 0x7F;
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_SURROGATE:
    case U_PRIVATE_USE_CHAR:
    case U_UNASSIGNED:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_SPACE_SEPARATOR:
      return false;
    default:
      return true;
  }
}

bool IsAlpha(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return true;
    default:
      return false;
  }
}

bool IsDecimal(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_charType(static_cast<UChar32>(c)) == U_DECIMAL_DIGIT_NUMBER;
}

bool IsDigit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  int t = u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_NUMERIC_TYPE);
  return t == U_NT_DECIMAL || t == U_NT_DIGIT;
}

bool IsNumeric(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_NUMERIC_TYPE) != U_NT_NONE;
}

bool IsUpperChar(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_UPPERCASE);
}
bool IsLowerChar(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_LOWERCASE);
}
bool IsTitleChar(char32_t c) {
  return c >= 0x80 && u_charType(static_cast<UChar32>(c)) == U_TITLECASE_LETTER;
}
bool IsCased(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_CASED);
}
bool IsCaseIgnorable(char32_t c) {
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_CASE_IGNORABLE);
}
bool IsIdentifierStart(char32_t c) {
  if (c < 0x80) return c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_XID_START);
}
bool IsIdentifierContinue(char32_t c) {
  if (c < 0x80)
    return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_XID_CONTINUE);
}
int DecimalValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c < 0x80) return -1;
  return u_charDigitValue(static_cast<UChar32>(c));
}

namespace {

bool AllAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

struct CaseMapDeleter {
  void operator()(UCaseMap* m) const { ucasemap_close(m); }
};

const UCaseMap* RootCaseMap() {
  static const UCaseMap* map = [] {
    UErrorCode err = U_ZERO_ERROR;
    return ucasemap_open("", 0, &err);
  }();
  return map;
}

// A per-thread title-case map that treats its whole input as one word.
UCaseMap* WholeStringTitleMap() {
  thread_local std::unique_ptr<UCaseMap, CaseMapDeleter> map([] {
    UErrorCode err = U_ZERO_ERROR;
    return ucasemap_open("", U_TITLECASE_WHOLE_STRING | U_TITLECASE_NO_LOWERCASE, &err);
  }());
  return map.get();
}

enum class Mapping { kUpper, kLower, kFold, kTitle };

std::string IcuMap(std::string_view s, Mapping m) {
  std::string out(s.size() * 3 + 8, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    auto* dest = out.data();
    auto cap = static_cast<int32_t>(out.size());
    auto len = static_cast<int32_t>(s.size());
    switch (m) {
      case Mapping::kUpper:
        n = ucasemap_utf8ToUpper(RootCaseMap(), dest, cap, s.data(), len, &err);
        break;
      case Mapping::kLower:
        n = ucasemap_utf8ToLower(RootCaseMap(), dest, cap, s.data(), len, &err);
        break;
      case Mapping::kFold:
        n = ucasemap_utf8FoldCase(RootCaseMap(), dest, cap, s.data(), len, &err);
        break;
      case Mapping::kTitle:
        n = ucasemap_utf8ToTitle(WholeStringTitleMap(), dest, cap, s.data(), len, &err);
        break;
    }
    if (err == U_BUFFER_OVERFLOW_ERROR) {
      out.assign(static_cast<size_t>(n) + 1, '\0');
      continue;
    }
    if (U_FAILURE(err)) return std::string(s);
    out.resize(static_cast<size_t>(n));
    return out;
  }
  return std::string(s);
}

// Full lowercase mapping of the code point at s[pos, pos+len) in context (final sigma).
void AppendLowerInContext(std::string& out, std::string_view s, size_t pos, size_t len,
                          char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    return;
  }
  if (c == 0x3A3) {
    // CPython's handle_capital_sigma: final form when preceded by a cased letter and not followed
    // by one (case-ignorable characters skipped both ways).
    bool before = false;
    size_t i = pos;
    while (i > 0) {
      size_t j = i - 1;
      while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
      const char* p = s.data() + j;
      char32_t b = DecodeUtf8(p, s.data() + s.size());
      i = j;
      if (IsCaseIgnorable(b)) continue;
      before = IsCased(b);
      break;
    }
    bool after = false;
    const char* p = s.data() + pos + len;
    const char* end = s.data() + s.size();
    while (p < end) {
      char32_t a = DecodeUtf8(p, end);
      if (IsCaseIgnorable(a)) continue;
      after = IsCased(a);
      break;
    }
    AppendUtf8(out, before && !after ? 0x3C2 : 0x3C3);
    return;
  }
  out += IcuMap(s.substr(pos, len), Mapping::kLower);
}

void AppendUpperChar(std::string& out, std::string_view ch, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c));
    return;
  }
  out += IcuMap(ch, Mapping::kUpper);
}

void AppendTitleChar(std::string& out, std::string_view ch, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c));
    return;
  }
  out += IcuMap(ch, Mapping::kTitle);
}

}  // namespace

std::string PyUpper(std::string_view s) {
  if (AllAscii(s)) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return out;
  }
  return IcuMap(s, Mapping::kUpper);
}

std::string PyLower(std::string_view s) {
  std::string out(s);
  size_t i = 0;
  for (; i < out.size(); ++i) {
    char c = out[i];
    if (static_cast<unsigned char>(c) >= 0x80) break;
    if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>(c + 32);
  }
  if (i == out.size()) return out;
  // Past the first non-ASCII byte: per code point. Lowercasing has only two context or length
  // exceptions in Unicode's SpecialCasing (final sigma, U+0130), so the simple mapping is exact
  // for everything else.
  out.resize(i);
  const char* p = s.data() + i;
  const char* end = s.data() + s.size();
  while (p < end) {
    const char* start = p;
    char32_t c = DecodeUtf8(p, end);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else if (c == 0x3A3 || c == 0x130) {
      AppendLowerInContext(out, s, static_cast<size_t>(start - s.data()),
                           static_cast<size_t>(p - start), c);
    } else {
      AppendUtf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
    }
  }
  return out;
}

std::string PyCaseFold(std::string_view s) {
  if (AllAscii(s)) return PyLower(s);
  return IcuMap(s, Mapping::kFold);
}

std::string PyTitle(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool previous_cased = false;
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    const char* start = p;
    char32_t c = DecodeUtf8(p, end);
    std::string_view ch(start, static_cast<size_t>(p - start));
    if (previous_cased) {
      AppendLowerInContext(out, s, static_cast<size_t>(start - s.data()), ch.size(), c);
    } else {
      AppendTitleChar(out, ch, c);
    }
    previous_cased = IsCased(c);
  }
  return out;
}

std::string PyCapitalize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const char* p = s.data();
  const char* end = p + s.size();
  bool first = true;
  while (p < end) {
    const char* start = p;
    char32_t c = DecodeUtf8(p, end);
    std::string_view ch(start, static_cast<size_t>(p - start));
    if (first) {
      AppendTitleChar(out, ch, c);
      first = false;
    } else {
      AppendLowerInContext(out, s, static_cast<size_t>(start - s.data()), ch.size(), c);
    }
  }
  return out;
}

std::string PySwapCase(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    const char* start = p;
    char32_t c = DecodeUtf8(p, end);
    std::string_view ch(start, static_cast<size_t>(p - start));
    if (IsUpperChar(c)) {
      AppendLowerInContext(out, s, static_cast<size_t>(start - s.data()), ch.size(), c);
    } else if (IsLowerChar(c)) {
      AppendUpperChar(out, ch, c);
    } else {
      out.append(ch);
    }
  }
  return out;
}

}  // namespace crier::value
