#include "channels/email/mime.h"

#include <gtest/gtest.h>

#include <sstream>

namespace crier {
namespace {

// 2026-11-24 09:00:00 UTC, a Tuesday.
const TimePoint kNow = TimePoint(std::chrono::seconds(1795510800));

EmailMessage Message() {
  EmailMessage m;
  m.from_name = "Crier Notifications";
  m.from_address = "noreply@example.com";
  m.to = {"ada@example.com", "bob@example.com"};
  m.cc = {"carol@example.com"};
  m.bcc = {"audit@example.com", "ada@example.com"};
  m.subject = "New issue";
  m.markdown = "Hello **Ada**";
  return m;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find("\r\n", start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 2;
  }
  return lines;
}

std::string DecodeQp(const std::string& qp) {
  std::string out;
  for (size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] == '=' && i + 2 < qp.size() + 1 && qp.compare(i, 3, "=\r\n") == 0) {
      i += 2;
    } else if (qp[i] == '=') {
      out += static_cast<char>(std::stoi(qp.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (qp.compare(i, 2, "\r\n") == 0) {
      out += '\n';
      ++i;
    } else {
      out += qp[i];
    }
  }
  return out;
}

TEST(MimeTest, HeadersAndStructure) {
  auto mime = BuildMime(Message(), kNow, "0123abcd");
  ASSERT_TRUE(mime.ok()) << mime.status().ToString();
  const std::string& m = *mime;
  EXPECT_EQ(m.rfind("From: Crier Notifications <noreply@example.com>\r\n"
                    "To: ada@example.com, bob@example.com\r\n"
                    "Cc: carol@example.com\r\n"
                    "Subject: New issue\r\n"
                    "Date: Tue, 24 Nov 2026 09:00:00 +0000\r\n"
                    "Message-ID: <0123abcd@example.com>\r\n"
                    "Auto-Submitted: auto-generated\r\n"
                    "MIME-Version: 1.0\r\n"
                    "Content-Type: multipart/alternative; boundary=\"=_crier_0123abcd\"\r\n\r\n",
                    0),
            0u)
      << m;
  EXPECT_EQ(m.find("audit@"), std::string::npos) << "Bcc stays out of the headers";
  size_t text = m.find("Content-Type: text/plain; charset=UTF-8");
  size_t html = m.find("Content-Type: text/html; charset=UTF-8");
  ASSERT_NE(text, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  EXPECT_LT(text, html) << "plain text first: the last alternative is the preferred one";
  EXPECT_NE(m.find("<strong>Ada</strong>"), std::string::npos);
  EXPECT_NE(m.find("--=_crier_0123abcd--\r\n"), std::string::npos);
  for (const std::string& line : Lines(m)) EXPECT_LE(line.size(), 998u);
  EXPECT_EQ(Recipients(Message()),
            (std::vector<std::string>{"ada@example.com", "bob@example.com", "carol@example.com",
                                      "audit@example.com"}));
}

TEST(MimeTest, Utf8SubjectsAndNamesAreEncodedWords) {
  EXPECT_EQ(EncodeHeaderText("Plain subject"), "Plain subject");
  EXPECT_EQ(EncodeHeaderText("Réunion"), "=?UTF-8?B?UsOpdW5pb24=?=");
  // Long texts are cut between code points into words of at most 75 characters.
  std::string long_subject;
  for (int i = 0; i < 40; ++i) long_subject += "é€";
  std::string encoded = EncodeHeaderText(long_subject);
  for (const std::string& line : Lines(encoded)) {
    std::string word = line[0] == ' ' ? line.substr(1) : line;
    EXPECT_LE(word.size(), 75u);
    EXPECT_EQ(word.rfind("=?UTF-8?B?", 0), 0u);
  }
  EmailMessage m = Message();
  m.from_name = "Équipe ERP";
  m.subject = "Réunion: état ✓";
  auto mime = BuildMime(m, kNow, "u1");
  ASSERT_TRUE(mime.ok());
  EXPECT_NE(mime->find("From: =?UTF-8?B?w4lxdWlwZSBFUlA=?= <noreply@example.com>"),
            std::string::npos)
      << *mime;
  EXPECT_NE(mime->find("Subject: =?UTF-8?B?"), std::string::npos);
  m.from_name = "Acme, Inc.";
  EXPECT_NE(BuildMime(m, kNow, "u1")->find("From: \"Acme, Inc.\" <noreply@example.com>"),
            std::string::npos);
}

TEST(MimeTest, QuotedPrintableRoundTripsAndKeepsLinesShort) {
  std::string text = std::string(200, 'x') + "\n" + "café = crème \n.hidden line\nFrom here\ttab\t";
  std::string qp = QuotedPrintable(text);
  for (const std::string& line : Lines(qp)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(DecodeQp(qp), text);
  EXPECT_NE(qp.find("\r\n=2Ehidden"), std::string::npos) << "no line starts with a dot";
  EXPECT_NE(qp.find("=20\r\n"), std::string::npos) << "trailing space escaped";
  EXPECT_NE(qp.find("tab=09"), std::string::npos) << "trailing tab escaped";
}

TEST(MimeTest, ManyRecipientsFoldTheHeader) {
  EmailMessage m = Message();
  m.to.clear();
  for (int i = 0; i < 30; ++i) m.to.push_back("person" + std::to_string(i) + "@example.com");
  auto mime = BuildMime(m, kNow, "u");
  ASSERT_TRUE(mime.ok());
  std::string headers = mime->substr(0, mime->find("\r\n\r\n"));
  for (const std::string& line : Lines(headers)) EXPECT_LE(line.size(), 78u) << line;
  EXPECT_NE(headers.find("person29@example.com"), std::string::npos);
}

TEST(MimeTest, BadInputNamesTheField) {
  struct Case {
    void (*change)(EmailMessage&);
    const char* field;
  } cases[] = {
      {[](EmailMessage& m) { m.from_address = "nobody"; }, "email_id"},
      {[](EmailMessage& m) {
         m.to = {"a@b.c", "not an address"};
       },
       "recipients"},
      {[](EmailMessage& m) { m.cc = {"x@y.z\r\nBcc: evil@x.y"}; }, "cc"},
      {[](EmailMessage& m) { m.to.clear(), m.cc.clear(), m.bcc.clear(); }, "recipients"},
      {[](EmailMessage& m) { m.subject = "two\r\nlines"; }, "subject"},
  };
  for (const Case& c : cases) {
    EmailMessage m = Message();
    c.change(m);
    auto mime = BuildMime(m, kNow, "u");
    ASSERT_FALSE(mime.ok());
    EXPECT_EQ(mime.status().field(), c.field);
  }
}

TEST(MimeTest, MailDate) {
  EXPECT_EQ(MailDate(TimePoint(std::chrono::seconds(0))), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(MailDate(TimePoint(std::chrono::seconds(951782400))),
            "Tue, 29 Feb 2000 00:00:00 +0000");
}

}  // namespace
}  // namespace crier
