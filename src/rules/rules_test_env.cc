// The rules test environment.
#include "rules/rules_test_env.h"

#include <gtest/gtest.h>

#include "model/builtin_doctypes.h"

namespace crier::rules {

RulesTestEnv::RulesTestEnv()
    : env_([] {
        ChannelEnv e;
        e.base_url = "https://erp.example.com";
        return e;
      }()),
      engine_(model_.store(), model_.documents(), env_, model_.clock(), SchedulerOptions{}) {
  engine_.Install();
  EXPECT_TRUE(InstallDemo(model_.store(), model_.documents()).ok());
  WriteOptions as_given;
  as_given.keep_given_name = true;
  auto admin =
      model_.Insert("User",
                    {{"name", "Administrator"},
                     {"email", "admin@example.com"},
                     {"first_name", "Administrator"},
                     {"roles", {{{"role", "Administrator"}}, {{"role", "System Manager"}}}}},
                    as_given);
  EXPECT_TRUE(admin.ok()) << admin.status().ToString();
  auto webhook = model_.Insert(
      "Incoming Webhook URL", {{"webhook_name", "Tickets"},
                               {"service", "Mattermost"},
                               {"webhook_url", "https://chat.example.com/hooks/xy3qd5m9bfn8ib1g"}});
  EXPECT_TRUE(webhook.ok()) << webhook.status().ToString();
}

Json RulesTestEnv::AddNotification(Json doc) {
  if (!doc.contains("document_type")) doc["document_type"] = "Issue";
  Result<Json> saved = model_.Insert("Notification", doc);
  EXPECT_TRUE(saved.ok()) << doc.dump() << ": " << saved.status().ToString();
  return saved.ok() ? *saved : Json();
}

std::vector<Json> RulesTestEnv::List(const std::string& doctype, std::vector<Filter> filters) {
  auto txn = model_.store().BeginRead();
  EXPECT_TRUE(txn.ok());
  auto docs = (*txn)->ListDocs(DocQuery{doctype, std::move(filters), {{"creation", false}}});
  EXPECT_TRUE(docs.ok()) << docs.status().ToString();
  return docs.ok() ? *docs : std::vector<Json>();
}

std::vector<OutboxMessage> RulesTestEnv::Outbox() {
  auto txn = model_.store().BeginRead();
  EXPECT_TRUE(txn.ok());
  return (*txn)->ListOutbox("", 10000).value();
}

std::vector<std::string> RulesTestEnv::ChatTexts() {
  std::vector<std::string> out;
  for (const OutboxMessage& m : Outbox()) {
    if (m.channel == "chat") out.push_back(Json::parse(m.payload).value("text", ""));
  }
  return out;
}

}  // namespace crier::rules
