#include "model/meta.h"

#include <gtest/gtest.h>

#include "model/builtin_doctypes.h"

namespace crier {
namespace {

Json Def(Json fields, Json extra = Json::object()) {
  Json d = extra;
  d["name"] = "Thing";
  d["fields"] = std::move(fields);
  return d;
}

TEST(MetaTest, ParsesFieldsFlagsAndPermissions) {
  auto meta = MetaFromDocType(
      Def({{{"fieldname", "subject"}, {"fieldtype", "Data"}, {"reqd", 1}, {"label", "Subject"}},
           {{"fieldname", "sb"}, {"fieldtype", "Section Break"}},
           {{"fieldname", "status"},
            {"fieldtype", "Select"},
            {"options", "Open\nClosed"},
            {"default", "Open"}},
           {{"fieldname", "total"}, {"fieldtype", "Currency"}, {"allow_on_submit", "1"}}},
          {{"is_submittable", 1},
           {"autoname", "field:subject"},
           {"permissions", {{{"role", "Sales"}, {"read", 1}, {"if_owner", 1}}}}}));
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  EXPECT_EQ(meta->fields.size(), 3u);  // The section break holds no value.
  EXPECT_TRUE(meta->is_submittable);
  ASSERT_NE(meta->Field("status"), nullptr);
  EXPECT_EQ(meta->Field("status")->select_options, (std::vector<std::string>{"Open", "Closed"}));
  EXPECT_TRUE(meta->Field("subject")->reqd);
  EXPECT_TRUE(meta->Field("total")->allow_on_submit);
  EXPECT_EQ(meta->Field("sb"), nullptr);
  ASSERT_EQ(meta->permissions.size(), 1u);
  EXPECT_TRUE(meta->permissions[0].read);
  EXPECT_TRUE(meta->permissions[0].if_owner);
  EXPECT_FALSE(meta->permissions[0].write);
  EXPECT_FALSE(meta->builtin);
}

TEST(MetaTest, RefusesBadDefinitionsWithAClearMessage) {
  struct Case {
    const char* what;
    Json def;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"bad fieldname", Def({{{"fieldname", "Bad Name"}}}), "lowercase identifier"},
      {"reserved", Def({{{"fieldname", "modified"}}}), "reserved"},
      {"twice", Def({{{"fieldname", "a"}}, {{"fieldname", "a"}}}), "defined twice"},
      {"unknown type", Def({{{"fieldname", "a"}, {"fieldtype", "Integer"}}}), "unknown fieldtype"},
      {"link without target", Def({{{"fieldname", "a"}, {"fieldtype", "Link"}}}), "needs options"},
      {"bad default", Def({{{"fieldname", "n"}, {"fieldtype", "Int"}, {"default", "many"}}}),
       "default"},
      {"bad select default",
       Def({{{"fieldname", "s"}, {"fieldtype", "Select"}, {"options", "A\nB"}, {"default", "C"}}}),
       "default"},
      {"autoname field missing", Def(Json::array(), {{"autoname", "field:nope"}}),
       "names no field"},
      {"autoname unknown", Def(Json::array(), {{"autoname", "random"}}), "not supported"},
      {"child submittable", Def(Json::array(), {{"istable", 1}, {"is_submittable", 1}}),
       "child DocType"},
      {"permission without role", Def(Json::array(), {{"permissions", {{{"read", 1}}}}}),
       "needs a role"},
      {"no name", Json{{"fields", Json::array()}}, "needs a name"},
      {"slash in name", Json{{"name", "A/B"}}, "'/'"},
  };
  for (const Case& c : cases) {
    auto meta = MetaFromDocType(c.def);
    ASSERT_FALSE(meta.ok()) << c.what;
    EXPECT_EQ(meta.status().code(), StatusCode::kInvalidArgument) << c.what;
    EXPECT_NE(meta.status().message().find(c.message_part), std::string::npos)
        << c.what << ": " << meta.status().message();
  }
}

TEST(MetaTest, EveryBuiltinDefinitionParses) {
  for (const Json& def : BuiltinDocTypes()) {
    auto meta = MetaFromDocType(def);
    ASSERT_TRUE(meta.ok()) << def["name"] << ": " << meta.status().ToString();
    EXPECT_TRUE(meta->builtin) << def["name"];
  }
  auto issue = MetaFromDocType(DemoIssueDocType());
  ASSERT_TRUE(issue.ok()) << issue.status().ToString();
  EXPECT_FALSE(issue->builtin);
}

TEST(MetaTest, BuiltinsUseFrappeFieldNames) {
  auto find = [](const std::string& name) {
    for (const Json& def : BuiltinDocTypes()) {
      if (def["name"] == name) return *MetaFromDocType(def);
    }
    ADD_FAILURE() << name;
    return Meta();
  };
  Meta hook = find("Incoming Webhook URL");
  EXPECT_EQ(hook.autoname, "field:webhook_name");
  for (const char* f : {"webhook_name", "service", "webhook_url", "show_document_link"}) {
    EXPECT_NE(hook.Field(f), nullptr) << f;
  }
  EXPECT_EQ(hook.Field("show_document_link")->default_value, "1");
  EXPECT_TRUE(hook.Field("webhook_url")->secret);
  Meta n = find("Notification");
  for (const char* f : {"name",
                        "enabled",
                        "channel",
                        "incoming_webhook_url",
                        "slack_webhook_url",
                        "notification_webhook_url",
                        "subject",
                        "document_type",
                        "event",
                        "method",
                        "date_changed",
                        "datetime_changed",
                        "days_in_advance",
                        "minutes_offset",
                        "value_changed",
                        "condition",
                        "set_property_after_alert",
                        "property_value",
                        "message",
                        "message_type",
                        "send_system_notification",
                        "recipients",
                        "undefined_mode"}) {
    if (std::string(f) == "name") continue;
    EXPECT_NE(n.Field(f), nullptr) << f;
  }
  EXPECT_EQ(n.Field("event")->select_options.size(), 12u);  // "" and the 11 events.
  Meta r = find("Notification Recipient");
  EXPECT_TRUE(r.istable);
  for (const char* f :
       {"receiver_by_document_field", "receiver_by_role", "cc", "bcc", "condition"}) {
    EXPECT_NE(r.Field(f), nullptr) << f;
  }
  Meta log = find("Notification Log");
  EXPECT_EQ(log.owner_field, "for_user");
  for (const char* f : {"subject", "for_user", "type", "email_content", "document_type",
                        "document_name", "from_user", "read", "attached_file", "link"}) {
    EXPECT_NE(log.Field(f), nullptr) << f;
  }
  EXPECT_TRUE(find("Webhook Delivery").read_only);
}

}  // namespace
}  // namespace crier
