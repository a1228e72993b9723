#include "rules/compiled_notification.h"

#include <gtest/gtest.h>

namespace crier::rules {
namespace {

using Json = nlohmann::json;

// Every text that does not compile is reported with its field, line and column, and a message
// that ends with the position, as the form and the save expect.
TEST(CompiledNotificationTest, ErrorsNameFieldLineAndColumn) {
  struct Case {
    Json doc;
    std::string field;
    int line, column;
  };
  const Case cases[] = {
      {{{"condition", "doc.status == 'Open' and (\n  doc.total >> )"}}, "condition", 2, 16},
      {{{"condition", "test"}}, "condition", 1, 1},  // Reference 8.3: unknown name.
      {{{"condition", "doc.__class__"}}, "condition", 1, 5},
      {{{"subject", "New {{ doc.name "}}, "subject", 1, 17},
      {{{"message", "Hi\n{% if doc.total %}x"}}, "message", 2, 20},
      {{{"recipients", {{{"cc", "{{ doc.email"}}}}}, "recipients[1].cc", 1, 13},
      {{{"recipients", {Json::object(), {{"condition", "doc.x ==="}}}}},
       "recipients[2].condition",
       1,
       9},
  };
  for (const Case& c : cases) {
    auto n = CompiledNotification::Compile(SpecFromDoc(c.doc));
    ASSERT_EQ(n->errors().size(), 1u) << c.doc.dump();
    const FieldError& e = n->errors()[0];
    EXPECT_EQ(e.field, c.field);
    EXPECT_EQ(e.code, StatusCode::kUnprocessable);
    EXPECT_EQ(e.line, c.line) << e.message;
    EXPECT_EQ(e.column, c.column) << e.message;
    std::string suffix =
        "(line " + std::to_string(c.line) + ", column " + std::to_string(c.column) + ")";
    EXPECT_TRUE(e.message.ends_with(suffix)) << e.message;
    EXPECT_FALSE(n->ok());
  }
}

TEST(CompiledNotificationTest, WhatIsCompiled) {
  auto plain = CompiledNotification::Compile(
      SpecFromDoc(Json{{"name", "N"}, {"subject", "No braces"}, {"message", "Hello"}}));
  EXPECT_TRUE(plain->ok());
  EXPECT_EQ(plain->subject(), nullptr);  // Used as written.
  EXPECT_FALSE(plain->condition());      // No condition: always met.
  ASSERT_NE(plain->message(), nullptr);
  auto full = CompiledNotification::Compile(
      SpecFromDoc(Json{{"name", "N"},
                       {"subject", "{{ doc.name }}"},
                       {"condition", "  doc.status == 'Open'  "},
                       {"recipients", {{{"cc", "fixed@x.com"}}, {{"cc", "{{ doc.email }}"}}}}}));
  EXPECT_TRUE(full->ok());
  EXPECT_NE(full->subject(), nullptr);
  EXPECT_TRUE(full->condition());
  EXPECT_EQ(full->recipients()[0].cc, nullptr);
  EXPECT_NE(full->recipients()[1].cc, nullptr);
  // The context names a condition may use.
  for (const char* cond : {"doc_before_save is None", "alert.name == 'N'", "comments is None",
                           "frappe.db.count('Issue') >= 0", "nowdate() > '2000-01-01'"}) {
    auto n = CompiledNotification::Compile(SpecFromDoc(Json{{"condition", cond}}));
    EXPECT_TRUE(n->ok()) << cond << ": " << (n->ok() ? "" : n->errors()[0].message);
  }
}

}  // namespace
}  // namespace crier::rules
