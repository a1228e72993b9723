#include "rules/recipients.h"

#include <gtest/gtest.h>

#include "model/test_env.h"
#include "rules/eval_context.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

// A directory of three users: Administrator (admin@example.com, implicit every role), a System
// Manager and a disabled user.
class FakeUsers final : public UserDirectory {
 public:
  Result<std::vector<UserInfo>> UsersWithRole(std::string_view role) override {
    std::vector<UserInfo> out = {{"Administrator", "admin@example.com", true}};
    if (role == "System Manager") out.push_back({"sm@example.com", "sm@example.com", true});
    return out;
  }
  Result<std::optional<UserInfo>> FindUser(std::string_view who) override {
    for (const UserInfo& u : users_) {
      if (u.name == who || u.email == who) return std::optional<UserInfo>(u);
    }
    return std::optional<UserInfo>();
  }

 private:
  std::vector<UserInfo> users_ = {{"Administrator", "admin@example.com", true},
                                  {"sm@example.com", "sm@example.com", true},
                                  {"off@example.com", "off@example.com", false}};
};

TEST(RecipientsTest, SplitAddresses) {
  EXPECT_EQ(SplitAddresses("a@x.com, b@x.com\nc@x.com,,\n "),
            (std::vector<std::string>{"a@x.com", "b@x.com", "c@x.com"}));
  EXPECT_TRUE(SplitAddresses("").empty());
  EXPECT_TRUE(SplitAddresses(" , \n").empty());
}

TEST(RecipientsTest, DocumentFieldsAndChildTableFields) {
  Json doc = {{"owner", "Administrator"},
              {"email", "jane@x.com, joe@x.com"},
              {"email_ids",
               {{{"email_id", "test2@example.com"}, {"is_primary", 1}},
                {{"email_id", "test1@example.com"}},
                {{"email_id", nullptr}}}}};
  EXPECT_EQ(DocumentFieldValues(doc, "owner"), (std::vector<std::string>{"Administrator"}));
  EXPECT_EQ(DocumentFieldValues(doc, "email"),
            (std::vector<std::string>{"jane@x.com", "joe@x.com"}));
  EXPECT_EQ(DocumentFieldValues(doc, "email_id,email_ids"),
            (std::vector<std::string>{"test2@example.com", "test1@example.com"}));
  EXPECT_TRUE(DocumentFieldValues(doc, "missing").empty());
  EXPECT_TRUE(DocumentFieldValues(doc, "email_id,missing_table").empty());
}

// Reference 2.9 for e-mail, and crier's rules for the bell.
TEST(RecipientsTest, ResolutionForEmailAndForTheBell) {
  struct Case {
    const char* what;
    RowTargets targets;
    std::vector<std::string> to, cc, bcc;  // E-mail.
    std::vector<std::string> users;        // Bell.
  };
  const Case cases[] = {
      {"an address field", {{"jane@x.com"}, {}, {}, {}}, {"jane@x.com"}, {}, {}, {}},
      {"owner Administrator: no address to mail, but a bell",
       {{"Administrator"}, {}, {}, {}},
       {},
       {},
       {},
       {"Administrator"}},
      {"a user's name gives the user's address",
       {{"sm@example.com"}, {}, {}, {}},
       {"sm@example.com"},
       {},
       {},
       {"sm@example.com"}},
      {"a disabled user gets neither",
       {{"off@example.com"}, {}, {}, {}},
       {"off@example.com"},
       {},
       {},
       {}},
      {"a role: its enabled users, Administrator's placeholder address skipped",
       {{}, {"System Manager"}, {}, {}},
       {"sm@example.com"},
       {},
       {},
       {"Administrator", "sm@example.com"}},
      {"not an address nor a user: ignored", {{"ACME Corp"}, {}, {}, {}}, {}, {}, {}, {}},
      {"duplicates removed, first kept",
       {{"jane@x.com", "sm@example.com", "jane@x.com"}, {"System Manager"}, {}, {}},
       {"jane@x.com", "sm@example.com"},
       {},
       {},
       {"sm@example.com", "Administrator"}},
      {"cc and bcc",
       {{}, {}, {"cc@x.com", "cc@x.com"}, {"bcc@x.com", "not an address"}},
       {},
       {"cc@x.com"},
       {"bcc@x.com"},
       {}},
  };
  for (const Case& c : cases) {
    FakeUsers users;
    Result<EmailRecipients> email = ResolveEmail(c.targets, users);
    ASSERT_TRUE(email.ok()) << c.what;
    EXPECT_EQ(email->to, c.to) << c.what;
    EXPECT_EQ(email->cc, c.cc) << c.what;
    EXPECT_EQ(email->bcc, c.bcc) << c.what;
    Result<std::vector<std::string>> bell = ResolveUsers(c.targets, users);
    ASSERT_TRUE(bell.ok()) << c.what;
    EXPECT_EQ(*bell, c.users) << c.what;
  }
  EXPECT_TRUE(IsPlaceholderAddress("admin@example.com"));
  EXPECT_TRUE(IsPlaceholderAddress("guest@example.com"));
}

// Rows: conditions, Jinja cc (reference 8.10), the System Manager fallback of the bell.
TEST(RecipientsTest, RowsAreEvaluatedWithTheDocument) {
  ModelTestEnv env;
  auto read = env.store().BeginRead();
  ASSERT_TRUE(read.ok());
  Json doc = {
      {"doctype", "User"}, {"name", "u"}, {"email", "test_jinja@example.com"}, {"status", "Open"}};
  value::Context context =
      MakeContext({doc, nullptr, **read, env.documents(), DateTime{{2026, 3, 1}, 9, 0, 0, 0}, ""});
  auto n = CompiledNotification::Compile(SpecFromDoc(
      Json{{"name", "N"},
           {"recipients",
            {{{"cc", "{{ doc.email }}"}},
             {{"receiver_by_document_field", "email"}, {"condition", "doc.status == 'Closed'"}},
             {{"bcc", "fixed@example.com"}, {"condition", "doc.status == 'Open'"}}}}}));
  ASSERT_TRUE(n->ok());
  SetAlert(context, *n);
  Result<RowTargets> rows = EvaluateRows(*n, context, doc);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->cc, (std::vector<std::string>{"test_jinja@example.com"}));
  EXPECT_TRUE(rows->field_values.empty());  // That row's condition is false.
  EXPECT_EQ(rows->bcc, (std::vector<std::string>{"fixed@example.com"}));

  auto broken = CompiledNotification::Compile(
      SpecFromDoc(Json{{"name", "N"}, {"recipients", {{{"condition", "doc.status > 1"}}}}}));
  ASSERT_TRUE(broken->ok());
  Result<RowTargets> failed = EvaluateRows(*broken, context, doc);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().field(), "recipients[1].condition");
  EXPECT_NE(failed.status().message().find("(line 1, column"), std::string::npos)
      << failed.status().message();

  FakeUsers users;
  auto none = CompiledNotification::Compile(SpecFromDoc(Json{{"name", "N"}}));
  Result<std::vector<std::string>> fallback = SystemNotificationUsers(*none, context, doc, users);
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(*fallback, (std::vector<std::string>{"Administrator", "sm@example.com"}));
}

}  // namespace
}  // namespace crier::rules
