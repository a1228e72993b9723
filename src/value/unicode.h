// UTF-8 code-point handling and Python's Unicode string rules (case mapping with special casing,
// title/capitalize/swapcase/casefold, character classes), on ICU with an ASCII fast path.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace crier::value {

// Decodes one code point at `p` and advances it; malformed bytes decode as U+FFFD one at a time.
char32_t DecodeUtf8(const char*& p, const char* end);
void AppendUtf8(std::string& out, char32_t cp);
size_t CountCodePoints(std::string_view s);
// Byte offset of code point `index` (clamped to s.size()).
size_t CodePointOffset(std::string_view s, size_t index);
// Replaces malformed UTF-8 with U+FFFD (input from outside is made valid once, at the boundary).
bool IsValidUtf8(std::string_view s);
std::string SanitizeUtf8(std::string_view s);

// Python's character classes (str.isspace() etc. for one code point).
bool IsSpace(char32_t c);
bool IsPrintable(char32_t c);
bool IsAlpha(char32_t c);
bool IsDecimal(char32_t c);
bool IsDigit(char32_t c);
bool IsNumeric(char32_t c);
bool IsUpperChar(char32_t c);  // Unicode Uppercase
bool IsLowerChar(char32_t c);  // Unicode Lowercase
bool IsTitleChar(char32_t c);  // category Lt
bool IsCased(char32_t c);
bool IsCaseIgnorable(char32_t c);
// Python's identifier rule for one code point (XID_Start / XID_Continue).
bool IsIdentifierStart(char32_t c);
bool IsIdentifierContinue(char32_t c);
// Decimal value of a Unicode decimal digit, or -1.
int DecimalValue(char32_t c);

// Python's str methods on UTF-8 text.
std::string PyUpper(std::string_view s);
std::string PyLower(std::string_view s);
std::string PyCaseFold(std::string_view s);
std::string PyTitle(std::string_view s);
std::string PyCapitalize(std::string_view s);
std::string PySwapCase(std::string_view s);

}  // namespace crier::value
