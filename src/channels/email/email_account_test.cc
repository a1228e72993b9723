#include "channels/email/email_account.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

using nlohmann::json;

json Doc(json extra = json::object()) {
  json doc = {{"doctype", "Email Account"},
              {"name", "Notifications"},
              {"email_account_name", "Notifications"},
              {"email_id", "noreply@example.com"},
              {"smtp_server", "smtp.example.com"},
              {"use_tls", 1},
              {"password", "hunter2-s3cret"}};
  doc.update(extra);
  return doc;
}

TEST(EmailAccountTest, ReadsFrappeFields) {
  auto a = EmailAccountFromDoc(Doc());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->name, "Notifications");
  EXPECT_EQ(a->security, SmtpSecurity::kStartTls);
  EXPECT_EQ(a->Port(), 587);
  EXPECT_EQ(a->Url(), "smtp://smtp.example.com:587");
  EXPECT_EQ(a->login, "noreply@example.com");
  EXPECT_TRUE(a->authenticate);

  a = EmailAccountFromDoc(Doc({{"use_tls", 0}, {"use_ssl_for_outgoing", 1}}));
  EXPECT_EQ(a->security, SmtpSecurity::kImplicit);
  EXPECT_EQ(a->Url(), "smtps://smtp.example.com:465");
  a = EmailAccountFromDoc(Doc({{"use_tls", 0}, {"use_ssl", "1"}, {"smtp_port", "2465"}}));
  EXPECT_EQ(a->Url(), "smtps://smtp.example.com:2465");
  a = EmailAccountFromDoc(Doc({{"use_tls", 0}, {"no_smtp_authentication", 1}, {"password", ""}}));
  EXPECT_EQ(a->security, SmtpSecurity::kNone);
  EXPECT_EQ(a->Port(), 25);
  EXPECT_FALSE(a->authenticate);
  a = EmailAccountFromDoc(Doc({{"login_id_is_different", 1}, {"login_id", "relay-user"}}));
  EXPECT_EQ(a->login, "relay-user");
}

TEST(EmailAccountTest, ErrorsNameTheFieldAndNeverThePassword) {
  struct Case {
    json extra;
    const char* field;
  } cases[] = {
      {{{"email_id", "not an address"}}, "email_id"},
      {{{"smtp_server", ""}}, "smtp_server"},
      {{{"smtp_server", "smtp.example.com:25"}}, "smtp_server"},
      {{{"smtp_port", 70000}}, "smtp_port"},
      {{{"smtp_port", "abc"}}, "smtp_port"},
      {{{"use_tls", 1}, {"use_ssl", 1}}, "use_tls"},
      {{{"password", ""}}, "password"},
      {{{"use_tls", "yes"}}, "use_tls"},
  };
  for (const Case& c : cases) {
    auto a = EmailAccountFromDoc(Doc(c.extra));
    ASSERT_FALSE(a.ok()) << c.extra.dump();
    EXPECT_EQ(a.status().field(), c.field) << c.extra.dump();
    EXPECT_EQ(a.status().message().find("hunter2"), std::string::npos);
  }
}

}  // namespace
}  // namespace crier
