// The acceptance scenarios of the reference's section 8 that apply to crier, through the REST API
// of a real server (in process, fake clock): each test names its scenario.
#include <gtest/gtest.h>

#include "notification_fixture.h"

namespace crier::testing {
namespace {

class NotificationsAcceptanceTest : public NotificationServerTest {
 protected:
  // An Email notification on Issue to the document's `assigned_to` user.
  json EmailNotification(json doc) {
    json n = {{"channel", "Email"},
              {"document_type", "Issue"},
              {"subject", "{{ doc.name }}: {{ doc.subject }}"},
              {"message", "Issue {{ doc.name }} is {{ doc.status }}"},
              {"recipients", {{{"receiver_by_document_field", "assigned_to"}}}}};
    for (auto& [k, v] : doc.items()) n[k] = v;
    return Insert("Notification", n);
  }

  // The custom DocType Event of Frappe's fixtures: subject, starts_on (Datetime), event_type,
  // description, and an owner-like user field.
  void AddEventDocType() {
    Insert("DocType", {{"name", "Event"},
                       {"fields",
                        {{{"fieldname", "subject"}, {"fieldtype", "Data"}},
                         {{"fieldname", "starts_on"}, {"fieldtype", "Datetime"}},
                         {{"fieldname", "event_type"},
                          {"fieldtype", "Select"},
                          {"options", "Private\nPublic"},
                          {"default", "Private"}},
                         {{"fieldname", "description"}, {"fieldtype", "Text"}}}}});
  }

  std::vector<std::string> Bell(const std::string& user = "Administrator") {
    std::vector<std::string> out;
    for (const json& log : List("Notification Log", json::array({{"for_user", "=", user}}))) {
      out.push_back(log["subject"]);
    }
    return out;
  }
};

// 8.1 test_new_and_save: New queues an e-mail; a save queues another; Save's set property
// wrote the document.
TEST_F(NotificationsAcceptanceTest, NewAndSave) {
  AddEmailAccount();
  User("jane@example.com");
  EmailNotification({{"name", "N1"}, {"event", "New"}, {"condition", "doc.customer == 'ACME'"}});
  EmailNotification({{"name", "N2"},
                     {"event", "Save"},
                     {"condition", "doc.customer == 'ACME'"},
                     {"set_property_after_alert", "subject"},
                     {"property_value", "__testing__"}});
  json issue = Insert(
      "Issue", {{"subject", "Printer"}, {"customer", "ACME"}, {"assigned_to", "jane@example.com"}});
  std::string name = issue["name"];
  std::vector<json> emails = Queued("email");
  ASSERT_EQ(emails.size(), 2u);  // N1 (New) and N2 (Save), once each.
  for (const json& e : emails) {
    EXPECT_EQ(e["recipients"], json::array({"jane@example.com"}));
    EXPECT_EQ(e["reference_doctype"], "Issue");
    EXPECT_EQ(e["reference_name"], name);
  }
  EXPECT_EQ(emails[0]["notification"], "N1");
  EXPECT_EQ(emails[0]["subject"], name + ": Printer");
  EXPECT_EQ(Get("Issue", name)["subject"], "__testing__");
  // The Webhook Delivery rows show the e-mails too.
  EXPECT_EQ(List("Webhook Delivery", json::array({{"service", "=", "Email"}})).size(), 2u);

  Update("Issue", name, {{"description", "changed"}});
  emails = Queued("email");
  ASSERT_EQ(emails.size(), 3u);
  EXPECT_EQ(emails[2]["notification"], "N2");
  EXPECT_EQ(emails[2]["subject"], name + ": __testing__");
}

// 8.2 test_condition.
TEST_F(NotificationsAcceptanceTest, Condition) {
  AddEmailAccount();
  User("jane@example.com");
  EmailNotification({{"name", "N3"}, {"event", "Save"}, {"condition", "doc.status == 'Open'"}});
  json issue = Insert(
      "Issue", {{"subject", "s"}, {"status", "Closed"}, {"assigned_to", "jane@example.com"}});
  EXPECT_TRUE(Queued("email").empty());
  Update("Issue", issue["name"], {{"status", "Open"}});
  ASSERT_EQ(Queued("email").size(), 1u);
  EXPECT_EQ(Queued("email")[0]["message"],
            "Issue " + issue["name"].get<std::string>() + " is Open");
}

// 8.3 test_invalid_condition: an unknown name is refused at save, 422, with its position.
TEST_F(NotificationsAcceptanceTest, InvalidCondition) {
  json e = Refused(
      "POST", "/api/resource/Notification",
      {{"name", "bad"}, {"document_type", "Issue"}, {"event", "Save"}, {"condition", "test"}});
  EXPECT_EQ(e["status"], 422);
  EXPECT_EQ(e["field"], "condition");
  EXPECT_EQ(e["message"], "Condition: NameError: name 'test' is not defined (line 1, column 1)");
  // A condition that compiles but fails on a document of the DocType.
  Insert("Issue", {{"subject", "s"}});
  json typed = Refused("POST", "/api/resource/Notification",
                       {{"name", "bad"},
                        {"document_type", "Issue"},
                        {"event", "Save"},
                        {"condition", "doc.total > 'many'"}});
  EXPECT_EQ(typed["status"], 422);
  EXPECT_NE(typed["message"].get<std::string>().find("TypeError"), std::string::npos);
  EXPECT_TRUE(typed["message"].get<std::string>().ends_with("(line 1, column 1)"));
  EXPECT_TRUE(List("Notification").empty());
}

// 8.4 test_value_changed.
TEST_F(NotificationsAcceptanceTest, ValueChanged) {
  AddEventDocType();
  Insert("Notification", {{"name", "N4"},
                          {"channel", "System Notification"},
                          {"document_type", "Event"},
                          {"event", "Value Change"},
                          {"value_changed", "description"},
                          {"subject", "{{ doc.subject }} changed"},
                          {"recipients", {{{"receiver_by_document_field", "owner"}}}}});
  json event = Insert("Event", {{"subject", "Meeting"}});
  EXPECT_TRUE(Bell().empty());
  Update("Event", event["name"], {{"subject", "Meeting 2"}});
  EXPECT_TRUE(Bell().empty());
  Update("Event", event["name"], {{"description", "Room 3"}});
  EXPECT_EQ(Bell(), (std::vector<std::string>{"Meeting 2 changed"}));
}

// 8.13 test_notification_value_change_casted_types: the same date written again is no change.
TEST_F(NotificationsAcceptanceTest, ValueChangeWithCastTypes) {
  Insert("Notification", {{"name", "Due moved"},
                          {"channel", "System Notification"},
                          {"event", "Value Change"},
                          {"document_type", "Issue"},
                          {"value_changed", "due_date"},
                          {"subject", "due {{ doc.due_date }}"},
                          {"recipients", {{{"receiver_by_document_field", "owner"}}}}});
  json issue = Insert("Issue", {{"subject", "s"}, {"due_date", "2026-03-10"}});
  Update("Issue", issue["name"], {{"due_date", "2026-03-11"}});
  Update("Issue", issue["name"], {{"due_date", "2026-03-11 00:00:00"}});
  Update("Issue", issue["name"], {{"due_date", "2026-03-11"}, {"description", ""}});
  EXPECT_EQ(Bell(), (std::vector<std::string>{"due 2026-03-11"}));
}

// 8.9 test_date_changed, with crier's daily time (09:00) and ledger.
TEST_F(NotificationsAcceptanceTest, DaysBeforeWithTheScheduler) {
  Insert("Notification", {{"name", "N5"},
                          {"channel", "System Notification"},
                          {"event", "Days Before"},
                          {"document_type", "Issue"},
                          {"date_changed", "due_date"},
                          {"days_in_advance", 2},
                          {"subject", "{{ doc.subject }} due {{ doc.due_date }}"},
                          {"recipients", {{{"receiver_by_document_field", "owner"}}}}});
  json old = Insert("Issue", {{"subject", "old"}, {"due_date", "2014-01-01"}});
  Tick(Local(2026, 3, 2, 9, 0));
  EXPECT_TRUE(Bell().empty());
  Update("Issue", old["name"], {{"due_date", "2026-03-05"}});
  json today = Call("notification.documents_for_today", {{"notification", "N5"}});
  EXPECT_EQ(today["run_date"], "2026-03-02");
  EXPECT_EQ(today["reference_date"], "2026-03-04");
  EXPECT_TRUE(today["documents"].empty());
  Tick(Local(2026, 3, 2, 9, 30));  // Today's run is done: nothing more today.
  EXPECT_TRUE(Bell().empty());
  clock_.Set(FromLocal(Local(2026, 3, 3, 8, 0)));
  today = Call("notification.documents_for_today", {{"notification", "N5"}});
  ASSERT_EQ(today["documents"].size(), 1u);
  EXPECT_EQ(today["documents"][0]["name"], old["name"]);
  EXPECT_EQ(today["documents"][0]["already_sent"], false);
  Tick(Local(2026, 3, 3, 9, 0));
  EXPECT_EQ(Bell(), (std::vector<std::string>{"old due 2026-03-05"}));
  Tick(Local(2026, 3, 3, 9, 1));
  EXPECT_EQ(Bell().size(), 1u);
  today = Call("notification.documents_for_today", {{"notification", "N5"}});
  EXPECT_EQ(today["documents"][0]["already_sent"], true);
}

// 8.5, 8.6 and 8.7: Minutes Before/After windows and the offset validation.
TEST_F(NotificationsAcceptanceTest, MinutesBeforeAndAfter) {
  AddEventDocType();
  auto minutes = [&](const std::string& name, const std::string& event, json offset) {
    return json{{"name", name},
                {"channel", "System Notification"},
                {"document_type", "Event"},
                {"event", event},
                {"datetime_changed", "starts_on"},
                {"minutes_offset", offset},
                {"subject", "{{ alert.name }} {{ doc.subject }}"},
                {"recipients", {{{"receiver_by_document_field", "owner"}}}}};
  };
  for (int offset : {-5, 0, 5}) {
    json e =
        Refused("POST", "/api/resource/Notification", minutes("bad", "Minutes Before", offset));
    EXPECT_EQ(e["status"], 400) << offset;
    EXPECT_EQ(e["field"], "minutes_offset") << offset;
  }
  Insert("Notification", minutes("Before", "Minutes Before", 15));
  Insert("Notification", minutes("After", "Minutes After", 15));
  Insert("Event", {{"subject", "soon"}, {"starts_on", "2026-03-02 10:14:00"}});
  Insert("Event", {{"subject", "started"}, {"starts_on", "2026-03-02 09:44:00"}});
  Tick(Local(2026, 3, 2, 10, 0));
  std::vector<std::string> bell = Bell();
  std::sort(bell.begin(), bell.end());
  EXPECT_EQ(bell, (std::vector<std::string>{"After started", "Before soon"}));
  Tick(Local(2026, 3, 2, 10, 1));
  EXPECT_EQ(Bell().size(), 2u);
}

// 8.8 test_alert_disabled_on_wrong_field: crier refuses the unknown field at save; a field that
// disappears later disables the notification (with an Error Log), and the save goes through.
TEST_F(NotificationsAcceptanceTest, AlertDisabledOnWrongField) {
  AddEventDocType();
  json refused = Refused("POST", "/api/resource/Notification",
                         {{"name", "wrong"},
                          {"document_type", "Event"},
                          {"event", "Value Change"},
                          {"value_changed", "description1"}});
  EXPECT_EQ(refused["status"], 400);
  EXPECT_EQ(refused["field"], "value_changed");
  Insert("Notification", {{"name", "desc"},
                          {"channel", "System Notification"},
                          {"document_type", "Event"},
                          {"event", "Value Change"},
                          {"value_changed", "description"}});
  json event = Insert("Event", {{"subject", "x"}});
  json doctype = Get("DocType", "Event");
  json fields = json::array();
  for (const json& f : doctype["fields"]) {
    if (f["fieldname"] != "description") fields.push_back(f);
  }
  Update("DocType", "Event", {{"fields", fields}});
  Update("Event", event["name"], {{"subject", "y"}});
  EXPECT_EQ(Get("Notification", "desc")["enabled"], 0);
  std::vector<json> logs = ErrorLogs();
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NE(logs[0]["error"].get<std::string>().find("disabled due to missing field"),
            std::string::npos);
}

// 8.10 test_cc_jinja: cc rendered from the document.
TEST_F(NotificationsAcceptanceTest, CcWithJinja) {
  AddEmailAccount();
  Insert("Notification",
         {{"name", "N6"},
          {"channel", "Email"},
          {"document_type", "User"},
          {"event", "New"},
          {"subject", "Welcome"},
          {"recipients", {{{"receiver_by_document_field", "owner"}, {"cc", "{{ doc.email }}"}}}}});
  User("test_jinja@example.com");
  std::vector<json> emails = Queued("email");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0]["cc"], json::array({"test_jinja@example.com"}));
  EXPECT_EQ(emails[0]["reference_doctype"], "User");
}

// 8.12 test_notification_by_child_table_field.
TEST_F(NotificationsAcceptanceTest, RecipientsByChildTableField) {
  AddEmailAccount();
  Insert("DocType", {{"name", "Contact Email"},
                     {"istable", 1},
                     {"fields",
                      {{{"fieldname", "email_id"}, {"fieldtype", "Data"}, {"options", "Email"}},
                       {{"fieldname", "is_primary"}, {"fieldtype", "Check"}}}}});
  Insert("DocType",
         {{"name", "Contact"},
          {"fields",
           {{{"fieldname", "status"},
             {"fieldtype", "Select"},
             {"options", "Open\nReplied"},
             {"default", "Open"}},
            {{"fieldname", "email_ids"}, {"fieldtype", "Table"}, {"options", "Contact Email"}}}}});
  Insert("Notification",
         {{"name", "Contact Status Update"},
          {"channel", "Email"},
          {"document_type", "Contact"},
          {"event", "Value Change"},
          {"value_changed", "status"},
          {"subject", "Status"},
          {"recipients", {{{"receiver_by_document_field", "email_id,email_ids"}}}}});
  json contact = Insert("Contact", {{"email_ids",
                                     {{{"email_id", "test2@example.com"}, {"is_primary", 1}},
                                      {{"email_id", "test1@example.com"}}}}});
  EXPECT_TRUE(Queued("email").empty());
  Update("Contact", contact["name"], {{"status", "Replied"}});
  std::vector<json> emails = Queued("email");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0]["recipients"], json::array({"test2@example.com", "test1@example.com"}));
}

// Section 4 and frappe/frappe#32964: set property casts the value and its nested save sends no
// second message.
TEST_F(NotificationsAcceptanceTest, SetPropertyWithoutDuplicateMessage) {
  Insert("Incoming Webhook URL", {{"webhook_name", "Tickets"},
                                  {"service", "Mattermost"},
                                  {"webhook_url", "https://chat.example.com/hooks/abcdef123456"}});
  Insert("Notification", {{"name", "Escalate"},
                          {"channel", "External Collaboration Tool"},
                          {"incoming_webhook_url", "Tickets"},
                          {"document_type", "Issue"},
                          {"event", "Save"},
                          {"condition", "doc.total > 1000"},
                          {"message", "Escalated {{ doc.name }}"},
                          {"set_property_after_alert", "priority"},
                          {"property_value", "Urgent"}});
  Insert("Notification", {{"name", "Deadline"},
                          {"channel", "External Collaboration Tool"},
                          {"incoming_webhook_url", "Tickets"},
                          {"document_type", "Issue"},
                          {"event", "Value Change"},
                          {"value_changed", "priority"},
                          {"message", "Priority now {{ doc.priority }}"},
                          {"set_property_after_alert", "due_date"},
                          {"property_value", "Today"}});
  json issue = Insert("Issue", {{"subject", "s"}, {"total", 5000}});
  std::vector<json> chats = Queued("chat");
  ASSERT_EQ(chats.size(), 2u);
  EXPECT_EQ(chats[0]["text"], "Escalated " + issue["name"].get<std::string>());
  EXPECT_EQ(chats[1]["text"], "Priority now Urgent");
  json stored = Get("Issue", issue["name"]);
  EXPECT_EQ(stored["priority"], "Urgent");
  EXPECT_EQ(stored["due_date"], "2026-03-02");
}

// 8.33: the channel fails (here, its webhook is disabled): an Error Log, and the bell still rings.
TEST_F(NotificationsAcceptanceTest, SystemNotificationDespiteAFailedChannel) {
  Insert("Incoming Webhook URL",
         {{"webhook_name", "Off"},
          {"service", "Slack"},
          {"enabled", 0},
          {"webhook_url", "https://hooks.slack.com/services/T0/B0/xyzsecret123"}});
  Insert("Notification", {{"name", "Both"},
                          {"channel", "Webhook"},
                          {"notification_webhook_url", "Off"},
                          {"document_type", "Issue"},
                          {"event", "New"},
                          {"send_system_notification", 1},
                          {"subject", "New {{ doc.name }}"}});
  json issue = Insert("Issue", {{"subject", "s"}});
  EXPECT_TRUE(Queued("chat").empty());
  std::vector<json> logs = ErrorLogs();
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0]["method"], "Notification Both: Failed to send Notification");
  EXPECT_EQ(logs[0]["reference_name"], issue["name"]);
  EXPECT_EQ(logs[0]["error"].get<std::string>().find("xyzsecret"), std::string::npos);
  EXPECT_EQ(Bell(), (std::vector<std::string>{"New " + issue["name"].get<std::string>()}));
}

// 8.32 (send without recipients: the webhook channel needs none) and Frappe's rule that an e-mail
// without any recipient is simply not sent.
TEST_F(NotificationsAcceptanceTest, SendWithoutRecipients) {
  AddEmailAccount();
  Insert("Incoming Webhook URL",
         {{"webhook_name", "Hook"},
          {"service", "Slack"},
          {"webhook_url", "https://hooks.slack.com/services/T0/B0/abcdef"}});
  Insert("Notification", {{"name", "Hello"},
                          {"channel", "Webhook"},
                          {"notification_webhook_url", "Hook"},
                          {"document_type", "User"},
                          {"event", "Method"},
                          {"method", "after_insert"},
                          {"message", "Hello {{ doc.first_name }}"}});
  Insert("Notification",
         {{"name", "Nobody"}, {"channel", "Email"}, {"document_type", "User"}, {"event", "New"}});
  Insert("User", {{"email", "webhook@example.com"}, {"first_name", "Webhook Test"}});
  std::vector<json> chats = Queued("chat");
  ASSERT_EQ(chats.size(), 1u);
  EXPECT_EQ(chats[0]["text"], "Hello Webhook Test");
  EXPECT_TRUE(Queued("email").empty());
  EXPECT_TRUE(ErrorLogs().empty());
}

// 8.34 test_notification_webhook_is_required.
TEST_F(NotificationsAcceptanceTest, WebhookRequiredForTheChannel) {
  for (const char* channel : {"External Collaboration Tool", "Slack", "Webhook"}) {
    json e = Refused(
        "POST", "/api/resource/Notification",
        {{"name", "hook"}, {"document_type", "Issue"}, {"event", "New"}, {"channel", channel}});
    EXPECT_EQ(e["status"], 400) << channel;
    EXPECT_EQ(e["field"], "incoming_webhook_url") << channel;
    EXPECT_EQ(e["exc_type"], "ValidationError") << channel;
  }
}

}  // namespace
}  // namespace crier::testing
