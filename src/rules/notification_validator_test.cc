// Saving a Notification: what is refused, with which field, code and message (reference 3.5 and
// 8.3, 8.7, 8.8, 8.34), through DocumentService with the engine's hooks.
#include "rules/notification_validator.h"

#include <gtest/gtest.h>

#include "rules/rules_test_env.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

class NotificationValidatorTest : public ::testing::Test {
 protected:
  Status Save(Json doc) {
    if (!doc.contains("document_type")) doc["document_type"] = "Issue";
    if (!doc.contains("event")) doc["event"] = "New";
    if (!doc.contains("name")) doc["name"] = "N" + std::to_string(++count_);
    return env_.Insert("Notification", doc).status();
  }
  RulesTestEnv env_;
  int count_ = 0;
};

TEST_F(NotificationValidatorTest, RefusedWithTheFieldAndWhy) {
  struct Case {
    Json doc;
    std::string field;
    StatusCode code;
    std::string message_part;
  };
  const Case cases[] = {
      // Templates and conditions: 422 with their position.
      {{{"condition", "test"}},
       "condition",
       StatusCode::kUnprocessable,
       "name 'test' is not defined (line 1, column 1)"},
      {{{"condition", "doc.total > 'x'"}},
       "condition",
       StatusCode::kUnprocessable,
       "evaluated against a blank Issue"},
      {{{"subject", "{{ doc.name"}}, "subject", StatusCode::kUnprocessable, "(line 1, column"},
      {{{"message", "{% for x in doc.items %}"}},
       "message",
       StatusCode::kUnprocessable,
       "(line 1, column"},
      // Companion fields of each event.
      {{{"event", ""}}, "event", StatusCode::kInvalidArgument, "Send Alert On"},
      {{{"event", "Days Before"}},
       "date_changed",
       StatusCode::kInvalidArgument,
       "Please specify which date field must be checked"},
      {{{"event", "Days Before"}, {"date_changed", "subject"}},
       "date_changed",
       StatusCode::kInvalidArgument,
       "not a Date or Datetime field of Issue"},
      {{{"event", "Minutes Before"}, {"minutes_offset", 15}},
       "datetime_changed",
       StatusCode::kInvalidArgument,
       "Please specify which datetime field must be checked"},
      {{{"event", "Minutes Before"}, {"datetime_changed", "due_date"}, {"minutes_offset", 15}},
       "datetime_changed",
       StatusCode::kInvalidArgument,
       "not a Datetime field"},
      // Reference 8.7: -5, 0 and 5 are refused, 15 is accepted (below).
      {{{"event", "Minutes Before"}, {"datetime_changed", "modified"}, {"minutes_offset", -5}},
       "minutes_offset",
       StatusCode::kInvalidArgument,
       "at least 10 minutes"},
      {{{"event", "Minutes Before"}, {"datetime_changed", "modified"}, {"minutes_offset", 0}},
       "minutes_offset",
       StatusCode::kInvalidArgument,
       "Please specify the minutes offset"},
      {{{"event", "Minutes After"}, {"datetime_changed", "modified"}, {"minutes_offset", 5}},
       "minutes_offset",
       StatusCode::kInvalidArgument,
       "at least 10 minutes"},
      {{{"event", "Value Change"}},
       "value_changed",
       StatusCode::kInvalidArgument,
       "Please specify which value field must be checked"},
      // Reference 8.8 in crier: a field that does not exist is refused at once.
      {{{"event", "Value Change"}, {"value_changed", "description1"}},
       "value_changed",
       StatusCode::kInvalidArgument,
       "Issue has no field 'description1'"},
      {{{"event", "Method"}}, "method", StatusCode::kInvalidArgument, "Trigger Method"},
      {{{"event", "Method"}, {"method", "on_save"}},
       "method",
       StatusCode::kInvalidArgument,
       "not a hook crier runs"},
      // Reference 8.34: the webhook channel needs a webhook (Frappe 2026: MandatoryError).
      {{{"channel", "External Collaboration Tool"}},
       "incoming_webhook_url",
       StatusCode::kInvalidArgument,
       "Value missing"},
      {{{"channel", "Webhook"}, {"notification_webhook_url", "Nope"}},
       "notification_webhook_url",
       StatusCode::kInvalidArgument,
       "Could not find Incoming Webhook URL: Nope"},
      // Set property.
      {{{"set_property_after_alert", "colour"}},
       "set_property_after_alert",
       StatusCode::kInvalidArgument,
       "no field 'colour'"},
      {{{"set_property_after_alert", "total"}, {"property_value", "lots"}},
       "property_value",
       StatusCode::kInvalidArgument,
       "does not fit Total"},
      {{{"set_property_after_alert", "status"}, {"property_value", "Shut"}},
       "property_value",
       StatusCode::kInvalidArgument,
       "does not fit Status"},
      // Targets and recipients.
      {{{"document_type", "Webhook Delivery"}},
       "document_type",
       StatusCode::kInvalidArgument,
       "Cannot set Notification with event New on Document Type Webhook Delivery"},
      {{{"document_type", "Has Role"}},
       "document_type",
       StatusCode::kInvalidArgument,
       "Cannot set Notification with event New on Document Type Has Role"},
      {{{"recipients", {{{"receiver_by_document_field", "nobody"}}}}},
       "recipients[1].receiver_by_document_field",
       StatusCode::kInvalidArgument,
       "no field 'nobody'"},
      {{{"recipients", {{{"receiver_by_role", "Nobody"}}}}},
       "recipients[1].receiver_by_role",
       StatusCode::kInvalidArgument,
       "Could not find Role: Nobody"},
      {{{"recipients", {{{"cc", "{{ doc.x"}}}}},
       "recipients[1].cc",
       StatusCode::kUnprocessable,
       "(line 1, column"},
  };
  for (const Case& c : cases) {
    Status s = Save(c.doc);
    ASSERT_FALSE(s.ok()) << c.doc.dump();
    EXPECT_EQ(s.field(), c.field) << c.doc.dump() << ": " << s.message();
    EXPECT_EQ(s.code(), c.code) << c.doc.dump() << ": " << s.message();
    EXPECT_NE(s.message().find(c.message_part), std::string::npos)
        << c.doc.dump() << ": " << s.message();
  }
  EXPECT_TRUE(env_.List("Notification").empty()) << "nothing refused was saved";
}

TEST_F(NotificationValidatorTest, Accepted) {
  const Json cases[] = {
      {{"condition", "doc.status == 'Open'"}},
      {{"condition", "doc.total > 40000"}},  // Blank document: total is 0, not None.
      {{"condition", "doc.due_date == nowdate()"}},
      {{"event", "Minutes Before"}, {"datetime_changed", "modified"}, {"minutes_offset", 15}},
      {{"event", "Days After"}, {"date_changed", "due_date"}, {"days_in_advance", 2}},
      {{"event", "Value Change"}, {"value_changed", "docstatus"}},
      {{"event", "Method"}, {"method", "on_trash"}},
      {{"channel", "Slack"}, {"slack_webhook_url", "Tickets"}},
      {{"set_property_after_alert", "due_date"}, {"property_value", "Today"}},
      {{"recipients",
        {{{"receiver_by_document_field", "assigned_to"}},
         {{"receiver_by_role", "System Manager"}, {"cc", "{{ doc.customer }}"}}}}},
      {{"channel", "System Notification"}, {"undefined_mode", "debug"}},
  };
  for (const Json& c : cases) {
    Status s = Save(c);
    EXPECT_TRUE(s.ok()) << c.dump() << ": " << s.ToString();
  }
}

// The condition is checked against the most recent document of the DocType when there is one.
TEST_F(NotificationValidatorTest, ConditionRunsAgainstTheLatestDocument) {
  // With no Issue, a None field makes this comparison fail...
  Status blank = Save({{"condition", "doc.due_date < '2030-01-01'"}});
  ASSERT_FALSE(blank.ok());
  EXPECT_NE(blank.message().find("a blank Issue"), std::string::npos) << blank.message();
  // ...with an Issue that has the field, it is accepted.
  Json issue = env_.Insert("Issue", {{"subject", "s"}, {"due_date", "2026-03-05"}}).value();
  EXPECT_TRUE(Save({{"condition", "doc.due_date < '2030-01-01'"}}).ok());
  Status typed = Save({{"condition", "doc.due_date + 1"}});
  ASSERT_FALSE(typed.ok());
  EXPECT_NE(typed.message().find("evaluated against Issue " + issue["name"].get<std::string>()),
            std::string::npos)
      << typed.message();
}

TEST_F(NotificationValidatorTest, BlankDocumentHasTypedDefaults) {
  Json blank = BlankDocument(*env_.documents().GetMeta("Issue").value());
  EXPECT_EQ(blank["doctype"], "Issue");
  EXPECT_TRUE(blank["name"].is_null());
  EXPECT_EQ(blank["docstatus"], 0);
  EXPECT_EQ(blank["total"], 0);
  EXPECT_EQ(blank["status"], "Open");  // The field's default.
  EXPECT_TRUE(blank["due_date"].is_null());
  EXPECT_TRUE(blank["customer"].is_null());
}

TEST_F(NotificationValidatorTest, MethodNamesAreTheHooksCrierRuns) {
  const auto& names = MethodHookNames();
  for (const char* hook : {"before_insert", "validate", "before_save", "after_insert", "on_update",
                           "on_submit", "on_cancel", "on_trash", "after_delete", "on_change",
                           "on_update_after_submit", "before_cancel"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), hook), names.end()) << hook;
  }
}

}  // namespace
}  // namespace crier::rules
