#include "delivery/outbox_payload.h"

#include <gtest/gtest.h>

#include "delivery/enqueue.h"

namespace crier {
namespace {

OutboxMessage RowOf(const Json& payload, const char* channel) {
  OutboxMessage row;
  row.id = 7;
  row.channel = channel;
  row.payload = payload.dump();
  return row;
}

TEST(OutboxPayloadTest, ChatAndEmailPayloadsReadBackAsWritten) {
  ChatMessage part;
  part.text = "Hello";
  part.subject = "Subject";
  part.doc_url = "https://erp.example.com/app/issue/ISS-1";
  part.reference_doctype = "Issue";
  part.reference_name = "ISS-1";
  part.notification = "N";
  part.part = 2;
  part.parts = 3;
  part.doc = {{"name", "ISS-1"}};
  auto m = ReadPayload(RowOf(ChatPayload("Tickets", part, /*keep_doc=*/true), "chat"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_FALSE(m->email);
  EXPECT_EQ(m->target, "Tickets");
  EXPECT_EQ(m->chat.text, "Hello");
  EXPECT_EQ(m->chat.doc_url, part.doc_url);
  EXPECT_EQ(m->chat.part, 2);
  EXPECT_EQ(m->chat.parts, 3);
  EXPECT_EQ(m->chat.doc, part.doc);
  EXPECT_FALSE(ChatPayload("Tickets", part, false).contains("doc"));

  EmailDelivery e;
  e.recipients = {"a@example.com"};
  e.bcc = {"b@example.com"};
  e.subject = "S";
  e.message = "M";
  Json payload = EmailPayload("Ops", e);
  payload["delivery"] = "DLV-0000000003";  // Re-queued before schema version 2: still read.
  auto mail = ReadPayload(RowOf(payload, "email"));
  ASSERT_TRUE(mail.ok()) << mail.status().ToString();
  EXPECT_TRUE(mail->email);
  EXPECT_EQ(mail->target, "Ops");
  EXPECT_EQ(mail->mail.recipients, e.recipients);
  EXPECT_EQ(mail->mail.bcc, e.bcc);
  EXPECT_EQ(mail->mail.message, "M");
}

TEST(OutboxPayloadTest, BadPayloadsNameTheKey) {
  struct Case {
    std::string payload;
    const char* channel;
    const char* field;
  } cases[] = {
      {"not json", "chat", "payload"},
      {"[1]", "chat", "payload"},
      {R"({"text": "x"})", "chat", "webhook"},
      {R"({"webhook": "w"})", "chat", "text"},
      {R"({"webhook": "w", "text": 5})", "chat", "text"},
      {R"({"webhook": "w", "text": "x", "part": 0})", "chat", "part"},
      {R"({"account": "a", "recipients": "x@example.com"})", "email", "recipients"},
      {R"({"recipients": []})", "email", "account"},
      {R"({"webhook": "w", "text": "x"})", "pigeon", "channel"},
  };
  for (const Case& c : cases) {
    OutboxMessage row;
    row.id = 1;
    row.channel = c.channel;
    row.payload = c.payload;
    auto m = ReadPayload(row);
    ASSERT_FALSE(m.ok()) << c.payload;
    EXPECT_EQ(m.status().field(), c.field) << c.payload;
  }
}

}  // namespace
}  // namespace crier
