#include "channels/webhook.h"

#include <gtest/gtest.h>

#include "channels/channel.h"

namespace crier {
namespace {

using nlohmann::json;

json Doc(json extra = json::object()) {
  json doc = {{"doctype", "Incoming Webhook URL"},
              {"name", "ops"},
              {"webhook_name", "ops"},
              {"service", "Mattermost"},
              {"webhook_url", "https://chat.example.com/hooks/xy3qd5m9bfn8ib1gmrcyruk1ce"}};
  doc.update(extra);
  return doc;
}

TEST(WebhookFromDocTest, ReadsTheFieldsWithFrappeDefaults) {
  auto w = WebhookFromDoc(Doc());
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->name, "ops");
  EXPECT_EQ(w->service, "Mattermost");
  EXPECT_TRUE(w->show_document_link);
  EXPECT_FALSE(w->teams_legacy_connector);
  EXPECT_EQ(w->content_type, "application/json");

  w = WebhookFromDoc(Doc({{"show_document_link", 0},
                          {"channel", "town-square"},
                          {"priority", "urgent"},
                          {"rate_limit", "2/1s"}}));
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_FALSE(w->show_document_link);
  EXPECT_EQ(w->channel, "town-square");
  EXPECT_EQ(w->priority, "urgent");
  EXPECT_EQ(w->rate_limit, "2/1s");
}

TEST(WebhookFromDocTest, ServiceNamesIgnoreCaseAndPunctuation) {
  for (const char* service : {"mattermost", "MATTERMOST", " Matter-most "}) {
    auto w = WebhookFromDoc(Doc({{"service", service}}));
    ASSERT_TRUE(w.ok()) << service;
    EXPECT_EQ(FindChannel(w->service)->service(), "Mattermost");
  }
}

TEST(WebhookFromDocTest, RefusesWhatFrappeRefuses) {
  for (const char* url : {"not a url", "ftp://example.com/hook", "https://", "https:hook", "",
                          "https://:443/x", "https://exa mple.com/x"}) {
    auto w = WebhookFromDoc(Doc({{"webhook_url", url}}));
    ASSERT_FALSE(w.ok()) << url;
    EXPECT_EQ(w.status().field(), "webhook_url") << url;
  }
  EXPECT_TRUE(WebhookFromDoc(Doc({{"webhook_url", "HTTP://127.0.0.1:8065/hooks/x"}})).ok());
}

TEST(WebhookFromDocTest, ErrorsNameTheFieldAndNeverTheUrl) {
  struct Case {
    json extra;
    const char* field;
  } cases[] = {
      {{{"service", "Carrier Pigeon"}}, "service"},
      {{{"service", ""}}, "service"},
      {{{"show_document_link", "yes"}}, "show_document_link"},
      {{{"channel", 5}}, "channel"},
      {{{"priority", "high"}}, "priority"},
      {{{"rate_limit", "fast"}}, "rate_limit"},
      {{{"headers", {{"Bad Name", "x"}}}}, "headers"},
      {{{"headers", {{"X-Token", "a\r\nb"}}}}, "headers"},
      {{{"headers", 42}}, "headers"},
  };
  for (const Case& c : cases) {
    auto w = WebhookFromDoc(Doc(c.extra));
    ASSERT_FALSE(w.ok()) << c.extra.dump();
    EXPECT_EQ(w.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(w.status().field(), c.field) << c.extra.dump();
    EXPECT_EQ(w.status().message().find("xy3qd5m9bfn8ib1gmrcyruk1ce"), std::string::npos);
  }
  auto unknown = WebhookFromDoc(Doc({{"service", "Carrier Pigeon"}}));
  EXPECT_NE(unknown.status().message().find("Mattermost"), std::string::npos)
      << "the error lists the known services";
}

TEST(WebhookFromDocTest, HeadersAsObjectOrFrappeRows) {
  auto w = WebhookFromDoc(Doc({{"headers", {{"X-Token", "s3cr3t-value"}}}}));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->headers, (HttpHeaders{{"X-Token", "s3cr3t-value"}}));
  w = WebhookFromDoc(Doc({{"webhook_headers", json::array({{{"key", "Authorization"},
                                                            {"value", "Bearer abc123def"}}})}}));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->headers, (HttpHeaders{{"Authorization", "Bearer abc123def"}}));
  // Header values are secrets too.
  EXPECT_EQ(WebhookRedactor(*w).Scrub("got Bearer abc123def"), "got [redacted]");
}

// What the form's Code field stores: "Name: value" lines, or JSON text.
TEST(WebhookFromDocTest, HeadersAsTextLinesOrJsonText) {
  auto w = WebhookFromDoc(Doc({{"headers", "# auth\nX-Token: s3cr3t-value\n\n  X-Env:prod  \n"}}));
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->headers, (HttpHeaders{{"X-Token", "s3cr3t-value"}, {"X-Env", "prod"}}));
  w = WebhookFromDoc(Doc({{"headers", R"({"X-Token": "abc"})"}}));
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->headers, (HttpHeaders{{"X-Token", "abc"}}));
  for (const char* bad : {"X-Token s3cr3t", "{not json", "Bad Name: x"}) {
    auto r = WebhookFromDoc(Doc({{"headers", bad}}));
    EXPECT_EQ(r.status().field(), "headers") << bad;
  }
  EXPECT_NE(WebhookFromDoc(Doc({{"headers", "X-A: 1\nX-Token s3cr3t"}}))
                .status()
                .message()
                .find("line 2"),
            std::string::npos);
}

TEST(WebhookFromDocTest, TeamsFormatAndNumericRateLimits) {
  auto w = WebhookFromDoc(Doc({{"service", "Microsoft Teams"}, {"teams_format", "MessageCard"}}));
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE(w->teams_legacy_connector);
  w = WebhookFromDoc(Doc({{"service", "Microsoft Teams"}, {"teams_format", "Workflows"}}));
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->teams_legacy_connector);
  EXPECT_EQ(WebhookFromDoc(Doc({{"teams_format", "Fax"}})).status().field(), "teams_format");
  EXPECT_EQ(WebhookFromDoc(Doc({{"rate_limit", 0}}))->rate_limit, "");
  EXPECT_EQ(WebhookFromDoc(Doc({{"rate_limit", 3}}))->rate_limit, "3/1s");
  EXPECT_EQ(WebhookFromDoc(Doc({{"rate_limit", 0.5}})).status().field(), "rate_limit");
}

}  // namespace
}  // namespace crier

namespace crier {
namespace {

// Frappe's test_service_options: the services offered are exactly the implemented ones.
TEST(ChannelRegistryTest, EveryServiceIsRegisteredOnce) {
  std::vector<std::string> names;
  for (const Channel* c : AllChannels()) names.emplace_back(c->service());
  EXPECT_EQ(names, (std::vector<std::string>{"Discord", "Generic", "Google Chat",
                                             "Matrix (Hookshot)", "Mattermost", "Microsoft Teams",
                                             "Ntfy", "Rocket.Chat", "Slack", "Zulip"}));
  EXPECT_EQ(FindChannel("Teams"), FindChannel("Microsoft Teams"));
  EXPECT_EQ(FindChannel("rocketchat"), FindChannel("Rocket.Chat"));
  EXPECT_EQ(FindChannel("ntfy")->service(), "Ntfy");
  EXPECT_EQ(FindChannel("Carrier Pigeon"), nullptr);
}

}  // namespace
}  // namespace crier
