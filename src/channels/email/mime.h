// An e-mail as RFC 5322 and MIME want it: headers in ASCII (UTF-8 subjects and names as RFC 2047
// encoded words), lines of at most 998 octets (body parts quoted-printable, at most 76), and a
// multipart/alternative body with the plain text first and the HTML rendering second. Pure: time
// and the unique part of ids are passed in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace crier {

struct EmailMessage {
  std::string from_name;                 // Display name ("" for none).
  std::string from_address;              // The sender (the account's email_id).
  std::vector<std::string> to, cc, bcc;  // Bare addresses; bcc never appears in the headers.
  std::string reply_to;                  // "" for none.
  std::string subject;
  std::string markdown;  // The body: Markdown, or HTML as Frappe messages often are.
};

// The envelope recipients: to, cc and bcc, without duplicates, in that order.
std::vector<std::string> Recipients(const EmailMessage& message);

// The whole message with CRLF line ends. `unique` (e.g. random hex) makes the MIME boundary and
// the Message-ID <unique@sender-domain>. kInvalidArgument naming the field when an address is
// malformed, there is no recipient, or a header value holds a line break.
Result<std::string> BuildMime(const EmailMessage& message, TimePoint now, std::string_view unique);

// RFC 2047: `text` as is when it is printable ASCII of at most `room` characters, else as
// "=?UTF-8?B?...?=" words of at most 75 characters, split between code points and folded with
// CRLF SPACE.
std::string EncodeHeaderText(std::string_view text, size_t room = 66);

// Quoted-printable (RFC 2045) of `text` with CRLF line ends: lines of at most 76 characters,
// '=' and non-ASCII escaped, trailing spaces and tabs escaped, and a leading '.' escaped so that
// no line can end the SMTP DATA.
std::string QuotedPrintable(std::string_view text);

// "Tue, 24 Nov 2026 09:00:00 +0000" (RFC 5322 date-time, in UTC).
std::string MailDate(TimePoint t);

}  // namespace crier
