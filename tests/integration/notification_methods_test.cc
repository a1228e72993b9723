// The notification engine's API methods through the REST API: notification.validate (the form's
// live check), notification.send (Custom), events.ingest (another application's events),
// notification_log.* (the bell), and who may call what.
#include <gtest/gtest.h>

#include "notification_fixture.h"

namespace crier::testing {
namespace {

class NotificationMethodsTest : public NotificationServerTest {
 protected:
  void AddWebhook() {
    Insert("Incoming Webhook URL",
           {{"webhook_name", "Tickets"},
            {"service", "Mattermost"},
            {"webhook_url", "https://chat.example.com/hooks/abcdef123456"}});
  }
};

// What the form posts while the user types: every error at its field, line and column, for the
// UI to show (web/assets/js/views/notification_tools.js).
TEST_F(NotificationMethodsTest, ValidateListsEveryErrorWithItsPosition) {
  json answer = Call("notification.validate",
                     {{"document_type", "Issue"},
                      {"event", "Minutes Before"},
                      {"channel", "External Collaboration Tool"},
                      {"datetime_changed", "modified"},
                      {"minutes_offset", "5"},
                      {"condition", "doc.status == \"Open\" and (\n  doc.total >> )"},
                      {"subject", "Nouveau {{ doc.name }}"},
                      {"message", "Bonjour\n{% if doc.total %}Montant : {{ doc.total }}"},
                      {"__islocal", 1},
                      {"recipients", {{{"receiver_by_role", "Nobody"}}}}});
  json errors = answer["errors"];
  auto find = [&](const std::string& field) {
    for (const json& e : errors) {
      if (e["field"] == field) return e;
    }
    ADD_FAILURE() << "no error for " << field << " in " << errors.dump();
    return json();
  };
  json condition = find("condition");
  EXPECT_EQ(condition["line"], 2);
  EXPECT_EQ(condition["column"], 16);
  json message = find("message");
  EXPECT_EQ(message["line"], 2);
  EXPECT_TRUE(message["message"].get<std::string>().starts_with("Message: TemplateSyntaxError"));
  EXPECT_FALSE(find("incoming_webhook_url").contains("line"));
  find("minutes_offset");
  find("recipients[1].receiver_by_role");
  EXPECT_EQ(errors.size(), 5u) << errors.dump();
  // A valid notification: no errors. Nothing was saved either way.
  AddWebhook();
  json fine = Call("notification.validate", {{"doc",
                                              {{"document_type", "Issue"},
                                               {"event", "New"},
                                               {"channel", "External Collaboration Tool"},
                                               {"incoming_webhook_url", "Tickets"},
                                               {"condition", "doc.status==\"Open\""},
                                               {"message", "{{ doc.name }}"}}}});
  EXPECT_EQ(fine["errors"], json::array());
  EXPECT_TRUE(List("Notification").empty());
}

// Custom never fires from a write (frappe/frappe#32620); notification.send fires it through the
// queue, condition honoured.
TEST_F(NotificationMethodsTest, SendFiresACustomNotification) {
  AddWebhook();
  Insert("Notification", {{"name", "Escalation"},
                          {"channel", "External Collaboration Tool"},
                          {"incoming_webhook_url", "Tickets"},
                          {"document_type", "Issue"},
                          {"event", "Custom"},
                          {"condition", "doc.priority == 'Urgent'"},
                          {"message", "Escalated {{ doc.name }}"}});
  json issue = Insert("Issue", {{"subject", "s"}});
  Update("Issue", issue["name"], {{"description", "x"}});
  EXPECT_TRUE(Queued("chat").empty());
  json not_met =
      Call("notification.send", {{"notification", "Escalation"}, {"document", issue["name"]}});
  EXPECT_EQ(not_met["condition_met"], false);
  EXPECT_TRUE(Queued("chat").empty());
  Update("Issue", issue["name"], {{"priority", "Urgent"}});
  json sent =
      Call("notification.send", {{"notification", "Escalation"}, {"document", issue["name"]}});
  EXPECT_EQ(sent["condition_met"], true);
  ASSERT_EQ(sent["deliveries"].size(), 1u);
  ASSERT_EQ(Queued("chat").size(), 1u);
  EXPECT_EQ(Queued("chat")[0]["text"], "Escalated " + issue["name"].get<std::string>());
  json missing = Refused("POST", "/api/method/notification.send",
                         {{"notification", "Escalation"}, {"document", "ISS-NOPE"}});
  EXPECT_EQ(missing["status"], 404);
}

// What a Frappe "Webhook" document sends (its JSON template `{"doctype": "Sales Order",
// "event": "on_update", "doc": {{ doc.as_json() }}}`) fires the same events as a native write.
TEST_F(NotificationMethodsTest, IngestUpsertsAndFiresTheHooksEvents) {
  AddWebhook();
  Insert("DocType", {{"name", "Sales Order"},
                     {"is_submittable", 1},
                     {"fields",
                      {{{"fieldname", "customer"}, {"fieldtype", "Data"}},
                       {{"fieldname", "status"}, {"fieldtype", "Data"}},
                       {{"fieldname", "grand_total"}, {"fieldtype", "Currency"}}}}});
  auto chat = [&](const std::string& name, json extra) {
    json n = {{"name", name},
              {"channel", "External Collaboration Tool"},
              {"incoming_webhook_url", "Tickets"},
              {"document_type", "Sales Order"},
              {"message", name + " {{ doc.name }} {{ doc.grand_total }}"}};
    for (auto& [k, v] : extra.items()) n[k] = v;
    Insert("Notification", n);
  };
  chat("new", {{"event", "New"}});
  chat("save", {{"event", "Save"}});
  chat("submit", {{"event", "Submit"}});
  chat("total", {{"event", "Value Change"}, {"value_changed", "grand_total"}});
  chat("trash", {{"event", "Method"}, {"method", "on_trash"}});
  auto texts = [&] {
    std::vector<std::string> out;
    for (const json& q : Queued("chat")) out.push_back(q["text"]);
    return out;
  };
  json doc = {{"doctype", "Sales Order"},
              {"name", "SO-0001"},
              {"docstatus", 0},
              {"owner", "jane@erp.example.com"},
              {"modified", "2026-03-01 10:00:00.123456"},
              {"customer", "ACME"},
              {"grand_total", 100},
              {"taxes", json::array()},
              {"_comments", "[]"}};
  json answer =
      Call("events.ingest", {{"doctype", "Sales Order"}, {"event", "after_insert"}, {"doc", doc}});
  EXPECT_EQ(answer["write"], "insert");
  EXPECT_EQ(answer["ignored_fields"], json::array({"taxes"}));
  EXPECT_EQ(Get("Sales Order", "SO-0001")["customer"], "ACME");
  EXPECT_EQ(texts(), (std::vector<std::string>{"new SO-0001 100.0"}));
  // on_update with a new total: Save; the separate on_change: Value Change against the copy
  // before this event... which the on_update already stored, so nothing changed any more.
  doc["grand_total"] = 120;
  answer =
      Call("events.ingest", {{"doctype", "Sales Order"}, {"event", "on_update"}, {"doc", doc}});
  EXPECT_EQ(answer["write"], "update");
  EXPECT_EQ(texts().back(), "save SO-0001 120.0");
  doc["grand_total"] = 130;
  Call("events.ingest", {{"doctype", "Sales Order"}, {"event", "on_change"}, {"doc", doc}});
  EXPECT_EQ(texts().back(), "total SO-0001 130.0");
  doc["docstatus"] = 1;
  Call("events.ingest", {{"doctype", "Sales Order"}, {"event", "on_submit"}, {"doc", doc}});
  EXPECT_EQ(texts().back(), "submit SO-0001 130.0");
  EXPECT_EQ(Get("Sales Order", "SO-0001")["docstatus"], 1);
  doc["docstatus"] = 2;
  Call("events.ingest", {{"doctype", "Sales Order"}, {"event", "on_cancel"}, {"doc", doc}});
  answer = Call("events.ingest", {{"doctype", "Sales Order"}, {"event", "on_trash"}, {"doc", doc}});
  EXPECT_EQ(answer["write"], "delete");
  EXPECT_EQ(texts(), (std::vector<std::string>{"new SO-0001 100.0", "save SO-0001 120.0",
                                               "total SO-0001 130.0", "submit SO-0001 130.0",
                                               "trash SO-0001 130.0"}));
  // Bad input names the field.
  EXPECT_EQ(Refused("POST", "/api/method/events.ingest",
                    {{"doctype", "Sales Order"}, {"event", "on_save"}, {"doc", doc}})["field"],
            "event");
  EXPECT_EQ(
      Refused("POST", "/api/method/events.ingest",
              {{"doctype", "Sales Order"}, {"event", "on_update"}, {"doc", {{"x", 1}}}})["field"],
      "doc.name");
  EXPECT_EQ(Refused("POST", "/api/method/events.ingest",
                    {{"doctype", "Nope"}, {"event", "on_update"}, {"doc", doc}})["status"],
            404);
}

// Preview and test of an e-mail notification: the condition's error is shown, not thrown; the
// addresses are resolved; a test without any recipient says that nothing was sent.
TEST_F(NotificationMethodsTest, PreviewAndTestOfAnEmailNotification) {
  AddEmailAccount();
  User("jane@example.com");
  Insert("Notification",
         {{"name", "Mail"},
          {"channel", "Email"},
          {"document_type", "Issue"},
          {"event", "Save"},
          {"condition", "1 / (doc.total - 5) > 0"},
          {"subject", "{{ doc.subject }}"},
          {"message", "Total {{ doc.total }}"},
          {"recipients",
           {{{"receiver_by_document_field", "assigned_to"}, {"cc", "boss@example.com"}}}}});
  json issue =
      Insert("Issue", {{"subject", "five"}, {"total", 5}, {"assigned_to", "jane@example.com"}});
  json preview =
      Call("notification.preview", {{"notification", "Mail"}, {"document", issue["name"]}});
  EXPECT_EQ(preview["meets_condition"], false);
  std::string error = preview["condition_error"];
  EXPECT_NE(error.find("ZeroDivisionError"), std::string::npos) << error;
  EXPECT_TRUE(error.ends_with("(line 1, column 3)")) << error;  // At the division.
  EXPECT_EQ(preview["subject"], "five");
  EXPECT_EQ(preview["message"], "Total 5.0");
  ASSERT_EQ(preview["payloads"].size(), 1u);
  EXPECT_EQ(preview["payloads"][0]["recipients"], json::array({"jane@example.com"}));
  EXPECT_EQ(preview["payloads"][0]["cc"], json::array({"boss@example.com"}));
  EXPECT_TRUE(Queued("email").empty()) << "the condition failed at the insert: nothing queued";
  EXPECT_EQ(ErrorLogs().size(), 1u);

  json unassigned = Insert("Issue", {{"subject", "nobody"}});
  Update("Notification", "Mail",
         {{"recipients", {{{"receiver_by_document_field", "assigned_to"}}}}});
  json test =
      Call("notification.send_test", {{"notification", "Mail"}, {"document", unassigned["name"]}});
  ASSERT_EQ(test["deliveries"].size(), 1u);
  EXPECT_EQ(test["deliveries"][0]["delivered"], false);
  EXPECT_EQ(test["deliveries"][0]["detail"], "no recipient: nothing was sent");
}

// notification.* is for System Managers; the bell is everyone's own.
TEST_F(NotificationMethodsTest, WhoMayCallWhat) {
  Insert("Notification", {{"name", "Bell"},
                          {"channel", "System Notification"},
                          {"document_type", "Issue"},
                          {"event", "New"},
                          {"subject", "{{ doc.subject }}"},
                          {"recipients", {{{"receiver_by_document_field", "assigned_to"}}}}});
  auto jane = User("jane@example.com");
  json issue = Insert("Issue", {{"subject", "for jane"}, {"assigned_to", "jane@example.com"}});
  Insert("Issue", {{"subject", "for nobody"}});
  for (const char* method :
       {"notification.validate", "notification.preview", "notification.send_test",
        "notification.send", "notification.documents_for_today"}) {
    auto r = jane->PostJson(std::string("/api/method/") + method,
                            {{"notification", "Bell"}, {"document", issue["name"]}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 403) << method << ": " << r->body;
  }
  auto count = jane->PostJson("/api/method/notification_log.unread_count", json::object());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->status, 200);
  EXPECT_EQ(count->Json().value()["message"], 1);
  EXPECT_EQ(Call("notification_log.unread_count"), 0);  // Administrator's own: none.
  std::vector<json> logs = List("Notification Log");
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0]["for_user"], "jane@example.com");
  // Another user's entry is not found for Administrator's bell either.
  EXPECT_EQ(Refused("POST", "/api/method/notification_log.mark_read",
                    {{"name", logs[0]["name"]}})["status"],
            404);
  auto marked = jane->PostJson("/api/method/notification_log.mark_read", {{"all", 1}});
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(marked->Json().value()["message"]["marked"], 1);
  count = jane->PostJson("/api/method/notification_log.unread_count", json::object());
  EXPECT_EQ(count->Json().value()["message"], 0);
  EXPECT_EQ(Refused("POST", "/api/method/notification_log.mark_read", json::object())["field"],
            "name");
  // A user may read their own Notification Log entries.
  auto own = jane->Get("/api/resource/Notification%20Log/" + logs[0]["name"].get<std::string>());
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->status, 200);
  EXPECT_EQ(own->Json().value()["data"]["read"], 1);
}

}  // namespace
}  // namespace crier::testing
