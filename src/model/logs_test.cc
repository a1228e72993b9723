#include "model/logs.h"

#include <gtest/gtest.h>

#include "model/test_env.h"

namespace crier {
namespace {

TEST(LogsTest, ErrorLogIsStoredWithItsReference) {
  ModelTestEnv env;
  auto txn = env.store().BeginWrite();
  ASSERT_TRUE(txn.ok());
  auto name = WriteErrorLog(**txn, env.documents(),
                            {.title = "Failed to send Notification",
                             .error = "TypeError: '>' not supported (line 1, column 10)",
                             .reference_doctype = "Notification",
                             .reference_name = "Due soon"});
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  ASSERT_TRUE((*txn)->Commit().ok());
  Json log = env.Get("Error Log", *name).value();
  EXPECT_EQ(log["method"], "Failed to send Notification");
  EXPECT_EQ(log["reference_doctype"], "Notification");
  EXPECT_EQ(log["reference_name"], "Due soon");
  EXPECT_EQ(log["error"], "TypeError: '>' not supported (line 1, column 10)");
}

TEST(LogsTest, NotificationLogIsUnreadAndBelongsToItsUser) {
  ModelTestEnv env;
  ASSERT_TRUE(env.Insert("User", {{"email", "jane@example.com"}, {"first_name", "Jane"}}).ok());
  auto txn = env.store().BeginWrite();
  ASSERT_TRUE(txn.ok());
  auto name = WriteNotificationLog(**txn, env.documents(),
                                   {.for_user = "jane@example.com",
                                    .subject = "New ticket",
                                    .email_content = "Ticket ISS-1",
                                    .document_type = "User",
                                    .document_name = "Administrator"});
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  ASSERT_TRUE((*txn)->Commit().ok());
  Json log = env.Get("Notification Log", *name).value();
  EXPECT_EQ(log["for_user"], "jane@example.com");
  EXPECT_EQ(log["read"], 0);
  EXPECT_EQ(log["type"], "Alert");
  EXPECT_EQ(log["subject"], "New ticket");
  EXPECT_FALSE(log.contains("from_user") && !log["from_user"].is_null());
}

TEST(LogsTest, ANotificationLogForAnUnknownUserIsRefused) {
  ModelTestEnv env;
  auto txn = env.store().BeginWrite();
  ASSERT_TRUE(txn.ok());
  auto name = WriteNotificationLog(**txn, env.documents(), {.for_user = "nobody@example.com"});
  EXPECT_FALSE(name.ok());
  EXPECT_EQ(name.status().field(), "for_user");
}

}  // namespace
}  // namespace crier
