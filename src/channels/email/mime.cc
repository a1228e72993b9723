// MIME assembly.
#include "channels/email/mime.h"

#include <fmt/format.h>

#include <array>

#include "base/time.h"
#include "channels/email/markdown.h"
#include "channels/text_measure.h"

namespace crier {
namespace {

constexpr std::string_view kCrlf = "\r\n";

std::string Base64(std::string_view in) {
  static constexpr char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += kTable[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

bool PrintableAscii(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

bool ValidAddress(std::string_view a) {
  size_t at = a.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < a.size() && a.rfind('@') == at &&
         PrintableAscii(a) && a.find_first_of(" <>,;:\"()[]\\") == std::string_view::npos;
}

// A display name and address: "Name <a@b>", the name quoted or encoded as needed.
std::string Mailbox(std::string_view name, std::string_view address) {
  if (name.empty()) return std::string(address);
  std::string shown;
  if (PrintableAscii(name)) {
    bool needs_quotes = name.find_first_of("()<>[]:;@\\,.\"") != std::string_view::npos;
    if (needs_quotes) {
      shown = "\"";
      for (char c : name) {
        if (c == '"' || c == '\\') shown += '\\';
        shown += c;
      }
      shown += "\"";
    } else {
      shown = std::string(name);
    }
  } else {
    shown = EncodeHeaderText(name, 0);
  }
  return fmt::format("{} <{}>", shown, address);
}

// "Name: a, b, c" folded before an address when the line would pass 78 characters.
std::string AddressHeader(std::string_view field, const std::vector<std::string>& addresses) {
  std::string out(field);
  out += ':';
  size_t line = out.size();
  for (size_t i = 0; i < addresses.size(); ++i) {
    std::string item = addresses[i] + (i + 1 < addresses.size() ? "," : "");
    if (line + 1 + item.size() > 78 && line > field.size() + 1) {
      out += kCrlf;
      line = 0;
    }
    out += ' ';
    out += item;
    line += 1 + item.size();
  }
  return out;
}

std::string Domain(std::string_view address) {
  size_t at = address.find('@');
  return at == std::string_view::npos ? "localhost" : std::string(address.substr(at + 1));
}

}  // namespace

std::string EncodeHeaderText(std::string_view text, size_t room) {
  if (PrintableAscii(text) && text.size() <= room) return std::string(text);
  // 45 bytes of UTF-8 make 60 characters of base64: "=?UTF-8?B?" + 60 + "?=" = 72 <= 75.
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size()) {
      size_t n = Utf8SequenceLength(static_cast<unsigned char>(text[end]));
      if (end + n - i > 45) break;
      end += n;
    }
    if (end == i) end = std::min(text.size(), i + 1);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t nl = text.find('\n', line_start);
    std::string_view line =
        text.substr(line_start, nl == std::string_view::npos ? text.npos : nl - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t col = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      auto c = static_cast<unsigned char>(line[i]);
      bool last = i + 1 == line.size();
      bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
      if (i == 0 && c == '.') literal = false;  // A lone "." would end the DATA.
      std::string piece = literal ? std::string(1, static_cast<char>(c))
                                  : std::string{'=', kHex[c >> 4], kHex[c & 15]};
      if (col + piece.size() > 75) {  // Leave room for the soft break "=".
        out += "=\r\n";
        col = 0;
      }
      out += piece;
      col += piece.size();
    }
    if (nl == std::string_view::npos) break;
    out += kCrlf;
    line_start = nl + 1;
  }
  return out;
}

std::string MailDate(TimePoint t) {
  static constexpr std::array<const char*, 7> kDays = {"Thu", "Fri", "Sat", "Sun",
                                                       "Mon", "Tue", "Wed"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  long long secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  long long days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  long long rem = secs - days * 86400;
  Date d = CivilFromDays(days);
  int weekday = static_cast<int>(((days % 7) + 7) % 7);  // 1970-01-01 was a Thursday.
  return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} +0000", kDays[weekday], d.day,
                     kMonths[d.month - 1], d.year, rem / 3600, (rem / 60) % 60, rem % 60);
}

std::vector<std::string> Recipients(const EmailMessage& m) {
  std::vector<std::string> out;
  for (const auto* list : {&m.to, &m.cc, &m.bcc}) {
    for (const std::string& a : *list) {
      if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
  }
  return out;
}

Result<std::string> BuildMime(const EmailMessage& m, TimePoint now, std::string_view unique) {
  if (!ValidAddress(m.from_address)) {
    return InvalidArgument("the sender is not an e-mail address", "email_id");
  }
  for (const auto& [field, list] :
       {std::pair{"recipients", &m.to}, std::pair{"cc", &m.cc}, std::pair{"bcc", &m.bcc}}) {
    for (const std::string& a : *list) {
      if (!ValidAddress(a)) {
        return InvalidArgument(fmt::format("\"{}\" is not an e-mail address", a), field);
      }
    }
  }
  if (Recipients(m).empty()) return InvalidArgument("no recipient", "recipients");
  if (!m.reply_to.empty() && !ValidAddress(m.reply_to)) {
    return InvalidArgument("reply_to is not an e-mail address", "reply_to");
  }
  for (std::string_view v : {std::string_view(m.subject), std::string_view(m.from_name)}) {
    if (v.find_first_of("\r\n") != std::string_view::npos) {
      return InvalidArgument("the subject and sender name must be one line", "subject");
    }
  }
  const std::string boundary = fmt::format("=_crier_{}", unique);
  std::string out;
  out += "From: " + Mailbox(m.from_name, m.from_address) + std::string(kCrlf);
  if (!m.to.empty()) out += AddressHeader("To", m.to) + std::string(kCrlf);
  if (!m.cc.empty()) out += AddressHeader("Cc", m.cc) + std::string(kCrlf);
  if (!m.reply_to.empty()) out += "Reply-To: " + m.reply_to + std::string(kCrlf);
  out += "Subject: " + EncodeHeaderText(m.subject) + std::string(kCrlf);
  out += "Date: " + MailDate(now) + std::string(kCrlf);
  out += fmt::format("Message-ID: <{}@{}>\r\n", unique, Domain(m.from_address));
  out += "Auto-Submitted: auto-generated\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += fmt::format("Content-Type: multipart/alternative; boundary=\"{}\"\r\n\r\n", boundary);
  out += "This is a multi-part message in MIME format.\r\n";
  out += fmt::format("--{}\r\n", boundary);
  out +=
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"
      "\r\n\r\n";
  out += QuotedPrintable(MarkdownToText(m.markdown)) + std::string(kCrlf);
  out += fmt::format("--{}\r\n", boundary);
  out +=
      "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"
      "\r\n\r\n";
  out += QuotedPrintable(HtmlDocument(m.markdown)) + std::string(kCrlf);
  out += fmt::format("--{}--\r\n", boundary);
  return out;
}

}  // namespace crier
