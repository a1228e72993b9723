// Document writes through DocumentService, with the engine's hooks installed, and what they
// produce: which notifications fire for each kind of write (reference 2.2), Value Change with
// casting, set property without a duplicate message, error boundaries.
#include "rules/dispatcher.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "rules/rules_test_env.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.Insert("DocType", {{"name", "Order"},
                                        {"is_submittable", 1},
                                        {"fields",
                                         {{{"fieldname", "status"},
                                           {"fieldtype", "Select"},
                                           {"options", "Open\nClosed"},
                                           {"default", "Open"}},
                                          {{"fieldname", "note"}, {"fieldtype", "Data"}},
                                          {{"fieldname", "total"}, {"fieldtype", "Currency"}}}}})
                    .ok());
  }

  // A chat notification whose message says which one fired.
  void Chat(const std::string& name, Json extra) {
    Json doc = {{"name", name},
                {"channel", "External Collaboration Tool"},
                {"incoming_webhook_url", "Tickets"},
                {"document_type", "Order"},
                {"message", name}};
    for (auto& [k, v] : extra.items()) doc[k] = v;
    env_.AddNotification(doc);
  }

  // The messages queued since the last call.
  std::vector<std::string> Fired() {
    std::vector<std::string> all = env_.ChatTexts();
    std::vector<std::string> out(all.begin() + static_cast<long>(seen_), all.end());
    seen_ = all.size();
    return out;
  }

  RulesTestEnv env_;
  size_t seen_ = 0;
};

TEST_F(DispatcherTest, EachKindOfWriteFiresItsEventsOnce) {
  Chat("new", {{"event", "New"}});
  Chat("save", {{"event", "Save"}});
  Chat("submit", {{"event", "Submit"}});
  Chat("cancel", {{"event", "Cancel"}});
  Chat("status changed", {{"event", "Value Change"}, {"value_changed", "status"}});
  Chat("custom", {{"event", "Custom"}});
  Chat("m:before_insert", {{"event", "Method"}, {"method", "before_insert"}});
  Chat("m:validate", {{"event", "Method"}, {"method", "validate"}});
  Chat("m:on_update", {{"event", "Method"}, {"method", "on_update"}});
  Chat("m:on_trash", {{"event", "Method"}, {"method", "on_trash"}});
  Chat("m:on_cancel", {{"event", "Method"}, {"method", "on_cancel"}});
  using V = std::vector<std::string>;

  Json order = env_.Insert("Order", {{"note", "a"}}).value();
  std::string name = order["name"];
  EXPECT_EQ(Fired(), (V{"m:before_insert", "m:validate", "new", "save", "m:on_update"}));
  ASSERT_TRUE(env_.Update("Order", name, {{"note", "b"}}).ok());
  EXPECT_EQ(Fired(), (V{"m:validate", "save", "m:on_update"}));
  ASSERT_TRUE(env_.Update("Order", name, {{"status", "Closed"}}).ok());
  EXPECT_EQ(Fired(), (V{"m:validate", "save", "m:on_update", "status changed"}));
  ASSERT_TRUE(env_.Update("Order", name, {{"docstatus", 1}}).ok());
  EXPECT_EQ(Fired(), (V{"m:validate", "save", "m:on_update", "submit"}));
  ASSERT_TRUE(env_.Update("Order", name, {{"docstatus", 2}}).ok());
  EXPECT_EQ(Fired(), (V{"cancel", "m:on_cancel"}));
  ASSERT_TRUE(env_.model().Delete("Order", name).ok());
  EXPECT_EQ(Fired(), (V{"m:on_trash"}));
  // Inserted submitted: New, Save and Submit.
  ASSERT_TRUE(env_.Insert("Order", {{"docstatus", 1}}).ok());
  EXPECT_EQ(Fired(), (V{"m:before_insert", "m:validate", "new", "save", "m:on_update", "submit"}));
  EXPECT_TRUE(env_.ErrorLogs().empty()) << env_.ErrorLogs()[0].dump();
}

// Reference 2.5 / 8.13: values are cast to the field's type before comparing.
TEST_F(DispatcherTest, ValueChangeComparesCastValues) {
  Chat("note changed", {{"event", "Value Change"}, {"value_changed", "note"}});
  Chat("total changed", {{"event", "Value Change"}, {"value_changed", "total"}});
  Json order = env_.Insert("Order", Json::object()).value();
  std::string name = order["name"];
  ASSERT_TRUE(env_.Update("Order", name, {{"note", ""}}).ok());    // None -> "": no change.
  ASSERT_TRUE(env_.Update("Order", name, {{"total", "0"}}).ok());  // 0 -> "0": no change.
  EXPECT_TRUE(Fired().empty());
  ASSERT_TRUE(env_.Update("Order", name, {{"note", "x"}, {"total", 12.5}}).ok());
  EXPECT_EQ(Fired(), (std::vector<std::string>{"note changed", "total changed"}));
  ASSERT_TRUE(env_.Update("Order", name, {{"total", "12.50"}}).ok());
  EXPECT_TRUE(Fired().empty());
}

// Reference section 4 and frappe/frappe#32964: the nested save that sets the property fires the
// other notifications, never the one that set it, so its message is sent once.
TEST_F(DispatcherTest, SetPropertyAfterAlertSendsNoDuplicate) {
  Chat("close it", {{"event", "Save"},
                    {"condition", "doc.status == 'Open'"},
                    {"set_property_after_alert", "note"},
                    {"property_value", "__testing__"}});
  Chat("note changed", {{"event", "Value Change"}, {"value_changed", "note"}});
  Json order = env_.Insert("Order", Json::object()).value();
  EXPECT_EQ(Fired(), (std::vector<std::string>{"close it", "note changed"}));
  EXPECT_EQ(env_.Get("Order", order["name"]).value()["note"], "__testing__");
  // Saving again: the message is sent, the value is already there, no nested save.
  ASSERT_TRUE(env_.Update("Order", order["name"], {{"total", 1}}).ok());
  EXPECT_EQ(Fired(), (std::vector<std::string>{"close it"}));
}

// Property saves that cascade (A sets a field that fires B, which sets another) still send each
// message once: every notification of the chain is skipped in the saves it caused.
TEST_F(DispatcherTest, CascadingPropertySavesSendEachMessageOnce) {
  Chat("A", {{"event", "Save"}, {"set_property_after_alert", "note"}, {"property_value", "a"}});
  Chat("B", {{"event", "Value Change"},
             {"value_changed", "note"},
             {"set_property_after_alert", "total"},
             {"property_value", "7"}});
  Chat("C", {{"event", "Value Change"}, {"value_changed", "total"}});
  Json order = env_.Insert("Order", Json::object()).value();
  EXPECT_EQ(Fired(), (std::vector<std::string>{"A", "B", "C"}));
  Json stored = env_.Get("Order", order["name"]).value();
  EXPECT_EQ(stored["note"], "a");
  EXPECT_EQ(stored["total"], 7.0);
}

// A write reads each webhook once for all its messages, but a property set on a webhook by one
// notification applies to the messages queued after it: here the second notification finds
// "Tickets" disabled and writes an Error Log instead of queuing to it.
TEST_F(DispatcherTest, APropertySetOnAWebhookAppliesToTheNextMessagesOfTheWrite) {
  Chat("1 disable", {{"document_type", "Incoming Webhook URL"},
                     {"event", "Save"},
                     {"set_property_after_alert", "enabled"},
                     {"property_value", "0"}});
  Chat("2 after", {{"document_type", "Incoming Webhook URL"}, {"event", "Save"}});
  size_t errors = env_.ErrorLogs().size();
  ASSERT_TRUE(env_.Update("Incoming Webhook URL", "Tickets", {{"rate_limit", ""}}).ok());
  EXPECT_EQ(Fired(), (std::vector<std::string>{"1 disable"}));
  EXPECT_EQ(env_.Get("Incoming Webhook URL", "Tickets").value()["enabled"], 0);
  EXPECT_GT(env_.ErrorLogs().size(), errors);
}

TEST_F(DispatcherTest, SetPropertyInABeforeHookChangesTheDocumentBeingWritten) {
  Chat("stamp", {{"event", "Method"},
                 {"method", "validate"},
                 {"set_property_after_alert", "total"},
                 {"property_value", "42"}});
  Json order = env_.Insert("Order", Json::object()).value();
  EXPECT_EQ(order["total"], 42.0);
  EXPECT_EQ(env_.model().Get("Order", order["name"]).value()["total"], 42.0);
}

TEST_F(DispatcherTest, PropertySkippedOnSubmittedDocumentsUnlessAllowed) {
  Chat("mark",
       {{"event", "Submit"}, {"set_property_after_alert", "note"}, {"property_value", "x"}});
  Json order = env_.Insert("Order", {{"docstatus", 1}}).value();
  EXPECT_EQ(Fired(), (std::vector<std::string>{"mark"}));
  EXPECT_TRUE(env_.Get("Order", order["name"]).value()["note"].is_null());
  EXPECT_TRUE(env_.ErrorLogs().empty());
}

// Reference 2.3.7, fixed: a condition or template that fails at run time never fails the save.
TEST_F(DispatcherTest, RuntimeErrorsBecomeErrorLogsAndTheSaveGoesThrough) {
  Chat("bad condition", {{"event", "Save"}, {"condition", "1 / (doc.total - 5) > 0"}});
  Chat("bad message", {{"event", "Save"}, {"message", "Total: {{ 10 // (doc.total - 5) }}"}});
  Chat("fine", {{"event", "Save"}});
  Result<Json> order = env_.Insert("Order", {{"total", 5}});
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  EXPECT_EQ(Fired(), (std::vector<std::string>{"fine"}));
  std::vector<Json> logs = env_.ErrorLogs();
  ASSERT_EQ(logs.size(), 2u);
  for (const Json& log : logs) {
    EXPECT_EQ(log["reference_doctype"], "Order");
    EXPECT_EQ(log["reference_name"], (*order)["name"]);
    std::string error = log["error"];
    EXPECT_NE(error.find("ZeroDivisionError"), std::string::npos) << error;
    EXPECT_NE(error.find("(line 1, column"), std::string::npos) << error;
  }
  EXPECT_NE(logs[0]["method"].get<std::string>().find("bad condition"), std::string::npos);
  EXPECT_NE(logs[1]["method"].get<std::string>().find("bad message"), std::string::npos);
}

// Reference 8.33: the channel fails, the bell still rings.
TEST_F(DispatcherTest, SystemNotificationDespiteAFailedChannel) {
  ASSERT_TRUE(env_.Update("Incoming Webhook URL", "Tickets", {{"enabled", 0}}).ok());
  Chat("both", {{"event", "New"},
                {"send_system_notification", 1},
                {"subject", "New {{ doc.name }}"},
                {"recipients", {{{"receiver_by_document_field", "owner"}}}}});
  Json order = env_.Insert("Order", Json::object()).value();
  EXPECT_TRUE(Fired().empty());
  std::vector<Json> logs = env_.ErrorLogs();
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NE(logs[0]["error"].get<std::string>().find("disabled"), std::string::npos);
  std::vector<Json> bell = env_.List("Notification Log");
  ASSERT_EQ(bell.size(), 1u);
  EXPECT_EQ(bell[0]["for_user"], "Administrator");
  EXPECT_EQ(bell[0]["subject"], "New " + order["name"].get<std::string>());
  EXPECT_EQ(bell[0]["document_type"], "Order");
  EXPECT_EQ(bell[0]["type"], "Alert");
  EXPECT_EQ(bell[0]["read"], 0);
}

// Saves share the webhook as committed (ChatTargetCache): a change to it applies from the next
// save.
TEST_F(DispatcherTest, AWebhookChangeAppliesToTheNextSave) {
  Chat("new", {{"event", "New"}});
  ASSERT_TRUE(env_.Insert("Order", Json::object()).ok());
  EXPECT_EQ(Fired(), std::vector<std::string>{"new"});

  ASSERT_TRUE(env_.Update("Incoming Webhook URL", "Tickets", {{"enabled", 0}}).ok());
  ASSERT_TRUE(env_.Insert("Order", Json::object()).ok());
  EXPECT_TRUE(Fired().empty());
  std::vector<Json> logs = env_.ErrorLogs();
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NE(logs[0]["error"].get<std::string>().find("is disabled"), std::string::npos);

  ASSERT_TRUE(env_.Update("Incoming Webhook URL", "Tickets", {{"enabled", 1}}).ok());
  ASSERT_TRUE(env_.Insert("Order", Json::object()).ok());
  EXPECT_EQ(Fired(), std::vector<std::string>{"new"});
  EXPECT_EQ(env_.ErrorLogs().size(), 1u);
}

// Reference 2.3 step 4: the field is gone from the DocType, the notification disables itself.
TEST_F(DispatcherTest, ValueChangeOnAFieldThatNoLongerExistsDisablesTheNotification) {
  Chat("note changed", {{"event", "Value Change"}, {"value_changed", "note"}});
  Json order = env_.Insert("Order", Json::object()).value();
  Json doctype = env_.Get("DocType", "Order").value();
  Json fields = Json::array();
  for (const Json& f : doctype["fields"]) {
    if (f["fieldname"] != "note") fields.push_back(f);
  }
  ASSERT_TRUE(env_.Update("DocType", "Order", {{"fields", fields}}).ok());
  ASSERT_TRUE(env_.Update("Order", order["name"], {{"total", 3}}).ok());
  EXPECT_EQ(env_.Get("Notification", "note changed").value()["enabled"], 0);
  std::vector<Json> logs = env_.ErrorLogs();
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NE(logs[0]["error"].get<std::string>().find("disabled due to missing field 'note'"),
            std::string::npos);
  // Disabled: the next saves do not evaluate it again.
  ASSERT_TRUE(env_.Update("Order", order["name"], {{"total", 4}}).ok());
  EXPECT_EQ(env_.ErrorLogs().size(), 1u);
}

// The cache follows every committed change of a Notification.
TEST_F(DispatcherTest, ChangesToNotificationsApplyToTheNextWrite) {
  Chat("n", {{"event", "Save"}, {"condition", "doc.total > 10"}});
  ASSERT_TRUE(env_.Insert("Order", {{"total", 5}}).ok());
  EXPECT_TRUE(Fired().empty());
  ASSERT_TRUE(env_.Update("Notification", "n", {{"condition", "doc.total < 10"}}).ok());
  ASSERT_TRUE(env_.Insert("Order", {{"total", 5}}).ok());
  EXPECT_EQ(Fired(), (std::vector<std::string>{"n"}));
  ASSERT_TRUE(env_.Update("Notification", "n", {{"enabled", 0}}).ok());
  ASSERT_TRUE(env_.Insert("Order", {{"total", 5}}).ok());
  EXPECT_TRUE(Fired().empty());
  ASSERT_TRUE(env_.Update("Notification", "n", {{"enabled", 1}, {"document_type", "Issue"}}).ok());
  ASSERT_TRUE(env_.Insert("Order", {{"total", 5}}).ok());
  EXPECT_TRUE(Fired().empty());
  ASSERT_TRUE(env_.Insert("Issue", {{"subject", "s"}}).ok());
  EXPECT_EQ(Fired(), (std::vector<std::string>{"n"}));
  ASSERT_TRUE(env_.model().Delete("Notification", "n").ok());
  ASSERT_TRUE(env_.Insert("Issue", {{"subject", "s"}}).ok());
  EXPECT_TRUE(Fired().empty());
}

// The condition sees doc, doc_before_save, alert, nowdate() and frappe.db in the transaction.
TEST_F(DispatcherTest, ConditionContext) {
  Chat("ctx", {{"event", "Save"},
               {"condition",
                "doc_before_save is not None and doc_before_save.total != doc.total and "
                "alert.name == 'ctx' and nowdate() == '2026-03-01' and comments is None and "
                "frappe.db.get_value('Order', doc.name, 'total') == doc.total and "
                "frappe.db.count('Order', {'status': 'Open'}) == 1 and "
                "frappe.db.exists('Order', doc.name) == doc.name and doc.missing is None"},
               {"message", "{{ doc_before_save.total }} -> {{ doc.total }}"}});
  Json order = env_.Insert("Order", {{"total", 1}}).value();
  EXPECT_TRUE(Fired().empty());  // No doc_before_save on insert.
  ASSERT_TRUE(env_.Update("Order", order["name"], {{"total", 2}}).ok());
  EXPECT_EQ(Fired(), (std::vector<std::string>{"1.0 -> 2.0"}));
  EXPECT_TRUE(env_.ErrorLogs().empty()) << env_.ErrorLogs()[0].dump();
}

TEST_F(DispatcherTest, SecretFieldsCannotBeReadByANotification) {
  Chat("leak", {{"event", "Save"},
                {"message",
                 "{{ frappe.db.get_value('Incoming Webhook URL', 'Tickets', "
                 "'webhook_url') }}"}});
  ASSERT_TRUE(env_.Insert("Order", Json::object()).ok());
  EXPECT_TRUE(Fired().empty());
  std::vector<Json> logs = env_.ErrorLogs();
  ASSERT_EQ(logs.size(), 1u);
  std::string error = logs[0]["error"];
  EXPECT_NE(error.find("secret"), std::string::npos) << error;
  EXPECT_EQ(error.find("xy3qd5m9"), std::string::npos) << error;
}

}  // namespace
}  // namespace crier::rules
