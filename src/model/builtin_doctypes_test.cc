#include "model/builtin_doctypes.h"

#include <gtest/gtest.h>

#include "model/test_env.h"

namespace crier {
namespace {

TEST(BuiltinDocTypesTest, InstalledOnceAndRepairedWhenTheyDiffer) {
  ModelTestEnv env;
  for (const Json& def : BuiltinDocTypes()) {
    EXPECT_TRUE(env.Get("DocType", def["name"]).ok()) << def["name"];
    EXPECT_TRUE(env.metas().Get(def["name"].get<std::string>()).ok()) << def["name"];
  }
  for (const std::string& role : BuiltinRoles()) EXPECT_TRUE(env.Get("Role", role).ok()) << role;
  // Installing again changes nothing.
  ASSERT_TRUE(InstallBuiltins(env.store(), env.documents()).ok());
  {
    auto r = env.store().BeginRead();
    EXPECT_TRUE(env.documents().Versions(**r, "DocType", "Notification")->empty());
  }
  // A stored definition from an older crier (a field missing) is brought up to date.
  WriteOptions installer;
  installer.allow_builtin_change = true;
  auto role = *env.Get("DocType", "Role");
  role["fields"].erase(role["fields"].size() - 1);
  ASSERT_TRUE(env.Update("DocType", "Role", {{"fields", role["fields"]}}, installer).ok());
  EXPECT_EQ(env.metas().Get("Role").value()->Field("desk_access"), nullptr);
  ASSERT_TRUE(InstallBuiltins(env.store(), env.documents()).ok());
  EXPECT_NE(env.metas().Get("Role").value()->Field("desk_access"), nullptr);
}

TEST(BuiltinDocTypesTest, BuiltinsCannotBeChangedOrDeletedByUsers) {
  ModelTestEnv env;
  auto change = env.Update("DocType", "Notification", {{"is_submittable", 1}});
  EXPECT_EQ(change.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(env.Delete("DocType", "User").code(), StatusCode::kPermissionDenied);
  // Posing as built-in does not make a DocType one.
  auto fake = env.Insert("DocType", {{"name", "Fake"}, {"custom", 0}});
  ASSERT_TRUE(fake.ok());
  EXPECT_EQ((*fake)["custom"], 1);
  EXPECT_TRUE(env.Update("DocType", "Fake", {{"module", "Mine"}}).ok());
}

TEST(BuiltinDocTypesTest, CustomDocTypesAreCheckedIndexedAndRemovable) {
  ModelTestEnv env;
  auto bad_link = env.Insert(
      "DocType",
      {{"name", "Order"},
       {"fields", {{{"fieldname", "customer"}, {"fieldtype", "Link"}, {"options", "Customer"}}}}});
  EXPECT_EQ(bad_link.status().field(), "fields");
  EXPECT_NE(bad_link.status().message().find("Could not find DocType: Customer"),
            std::string::npos);
  auto bad_table = env.Insert(
      "DocType",
      {{"name", "Order"},
       {"fields", {{{"fieldname", "rows"}, {"fieldtype", "Table"}, {"options", "User"}}}}});
  EXPECT_NE(bad_table.status().message().find("not a child DocType"), std::string::npos);
  ASSERT_TRUE(InstallDemo(env.store(), env.documents()).ok());
  ASSERT_TRUE(InstallDemo(env.store(), env.documents()).ok());  // Kept as it is.
  auto issue = env.Insert("Issue", {{"subject", "Printer"}, {"due_date", "2026-03-04"}});
  ASSERT_TRUE(issue.ok()) << issue.status().ToString();
  EXPECT_EQ((*issue)["name"], "ISS-2026-00001");
  EXPECT_EQ((*issue)["status"], "Open");
  EXPECT_EQ((*issue)["priority"], "Medium");
  // Date fields get an index: the Days Before/After query does not read every Issue.
  auto r = env.store().BeginRead();
  auto plan = (*r)->ExplainDocQuery(
      DocQuery{"Issue", {{"due_date", FilterOp::kBetween, {"2026-03-04", "2026-03-04"}}}});
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->scans_all) << plan->text;
  r->reset();
  EXPECT_EQ(env.Delete("DocType", "Issue").code(), StatusCode::kConflict);
  ASSERT_TRUE(env.Delete("Issue", (*issue)["name"]).ok());
  ASSERT_TRUE(env.Delete("DocType", "Issue").ok());
  EXPECT_EQ(env.metas().Get("Issue").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(env.Insert("Issue", {{"subject", "x"}}).status().code(), StatusCode::kNotFound);
}

TEST(BuiltinDocTypesTest, IncomingWebhookUrlsMustBeHttpWithAHost) {
  ModelTestEnv env;
  for (const char* bad : {"not a url", "ftp://x", "https://", "https:hook"}) {
    auto w =
        env.Insert("Incoming Webhook URL",
                   {{"webhook_name", "team"}, {"service", "Mattermost"}, {"webhook_url", bad}});
    ASSERT_FALSE(w.ok()) << bad;
    EXPECT_EQ(w.status().field(), "webhook_url") << bad;
    EXPECT_EQ(w.status().message().find(bad), std::string::npos) << w.status().message();
  }
  auto ok = env.Insert("Incoming Webhook URL", {{"webhook_name", "team"},
                                                {"service", "Mattermost"},
                                                {"webhook_url", "https://mm.example.com/hooks/x"}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)["name"], "team");
  EXPECT_EQ((*ok)["show_document_link"], 1);
  auto service = env.Insert(
      "Incoming Webhook URL",
      {{"webhook_name", "t2"}, {"service", "Carrier pigeon"}, {"webhook_url", "https://h/x"}});
  EXPECT_EQ(service.status().field(), "service");
}

TEST(BuiltinDocTypesTest, NotificationsAreNamedAfterTheirSubject) {
  ModelTestEnv env;
  ASSERT_TRUE(InstallDemo(env.store(), env.documents()).ok());
  auto n = env.Insert("Notification", {{"subject", "New issue {{ doc.name }}"},
                                       {"document_type", "Issue"},
                                       {"event", "New"},
                                       {"channel", "System Notification"},
                                       {"recipients", {{{"receiver_by_role", "System Manager"}}}}});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ((*n)["name"], "New issue {{ doc.name }}");
  EXPECT_EQ((*n)["enabled"], 1);
  EXPECT_EQ((*n)["message"], "Add your message here");
  auto bad_role = env.Insert("Notification", {{"name", "x"},
                                              {"document_type", "Issue"},
                                              {"event", "New"},
                                              {"recipients", {{{"receiver_by_role", "Pilot"}}}}});
  EXPECT_EQ(bad_role.status().field(), "recipients[1].receiver_by_role");
  auto bad_doctype =
      env.Insert("Notification", {{"name", "y"}, {"document_type", "Nope"}, {"event", "New"}});
  EXPECT_EQ(bad_doctype.status().field(), "document_type");
  auto channel = env.Update("Notification", (*n)["name"], {{"channel", "Email"}});
  EXPECT_EQ(channel.status().field(), "channel");  // set_only_once.
}

}  // namespace
}  // namespace crier
