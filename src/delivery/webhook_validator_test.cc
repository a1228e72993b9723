#include "delivery/webhook_validator.h"

#include <gtest/gtest.h>

#include "model/test_env.h"

namespace crier {
namespace {

constexpr const char* kUrl = "https://chat.example.com/hooks/xy3qd5m9bfn8ib1gmrcyruk1ce";

class WebhookValidatorTest : public ::testing::Test {
 protected:
  WebhookValidatorTest() { env_.documents().AddHook(MakeWebhookValidator()); }

  Status Save(Json fields) {
    Json doc = {{"webhook_name", "Tickets"}, {"service", "Mattermost"}, {"webhook_url", kUrl}};
    doc.update(fields);
    return env_.Insert("Incoming Webhook URL", doc).status();
  }

  ModelTestEnv env_;
};

TEST_F(WebhookValidatorTest, AcceptsWhatTheFormStores) {
  EXPECT_TRUE(Save({{"rate_limit", "5/2s"}}).ok());
  ASSERT_TRUE(env_.Delete("Incoming Webhook URL", "Tickets").ok());
  EXPECT_TRUE(Save({{"service", "Generic"},
                    {"headers", "X-Token: s3cr3t-value\n\nX-Env: prod"},
                    {"body_template", "{\"t\": {{ message | tojson }}}"}})
                  .ok());
  ASSERT_TRUE(env_.Delete("Incoming Webhook URL", "Tickets").ok());
  EXPECT_TRUE(Save({{"service", "Microsoft Teams"}, {"teams_format", "MessageCard"}}).ok());
}

TEST_F(WebhookValidatorTest, RefusesWhatCannotSendNamingTheField) {
  struct Case {
    Json fields;
    const char* field;
  };
  for (const Case& c : {
           Case{{{"rate_limit", "fast"}}, "rate_limit"},
           Case{{{"priority", "critical"}}, "priority"},
           Case{{{"service", "Discord"}, {"username", "Discord bot"}}, "username"},
           Case{{{"service", "Generic"}, {"headers", "no colon here"}}, "headers"},
           Case{{{"service", "Carrier pigeon"}}, "service"},
       }) {
    Status s = Save(c.fields);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.fields.dump();
    EXPECT_EQ(s.field(), c.field) << c.fields.dump() << " " << s.ToString();
    EXPECT_EQ(s.message().find("xy3qd5m9"), std::string::npos) << "the URL is a secret";
  }
}

}  // namespace
}  // namespace crier
