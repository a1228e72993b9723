#include "rules/notification_spec.h"

#include <gtest/gtest.h>

namespace crier::rules {
namespace {

TEST(NotificationSpecTest, ChannelsWithTheirFrappeAndDokosAliases) {
  struct Case {
    const char* text;
    ChannelKind kind;
  };
  const Case cases[] = {
      {"Email", ChannelKind::kEmail},
      {"External Collaboration Tool", ChannelKind::kChat},
      {"Slack", ChannelKind::kChat},    // Frappe before Dokos' rename.
      {"Webhook", ChannelKind::kChat},  // Frappe 2026.
      {"System Notification", ChannelKind::kSystemNotification},
      {"SMS", ChannelKind::kUnknown},
      {"email", ChannelKind::kUnknown},  // Frappe stores the exact option.
      {"", ChannelKind::kUnknown},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseChannel(c.text), c.kind) << c.text;
  EXPECT_EQ(ChannelName(ChannelKind::kChat), "External Collaboration Tool");
}

TEST(NotificationSpecTest, EveryEventNameRoundTrips) {
  for (int i = 0; i < kEventCount; ++i) {
    Event e = static_cast<Event>(i);
    EXPECT_EQ(ParseEvent(EventName(e)), e) << EventName(e);
  }
  EXPECT_FALSE(ParseEvent(""));
  EXPECT_FALSE(ParseEvent("Days before"));
  EXPECT_TRUE(IsDaysEvent(Event::kDaysAfter));
  EXPECT_TRUE(IsMinutesEvent(Event::kMinutesBefore));
  EXPECT_FALSE(IsScheduledEvent(Event::kValueChange));
}

TEST(NotificationSpecTest, WebhookComesFromAnyOfItsThreeNames) {
  struct Case {
    Json doc;
    std::string webhook;
    std::string field;
  };
  const Case cases[] = {
      {{{"incoming_webhook_url", "A"}}, "A", "incoming_webhook_url"},
      {{{"slack_webhook_url", "B"}}, "B", "slack_webhook_url"},
      {{{"notification_webhook_url", "C"}}, "C", "notification_webhook_url"},
      {{{"incoming_webhook_url", "A"}, {"slack_webhook_url", "B"}}, "A", "incoming_webhook_url"},
      {{{"incoming_webhook_url", nullptr}, {"slack_webhook_url", "B"}}, "B", "slack_webhook_url"},
      {Json::object(), "", "incoming_webhook_url"},
  };
  for (const Case& c : cases) {
    NotificationSpec s = SpecFromDoc(c.doc);
    EXPECT_EQ(s.webhook, c.webhook) << c.doc.dump();
    EXPECT_EQ(s.webhook_field, c.field) << c.doc.dump();
  }
}

TEST(NotificationSpecTest, MissingFieldsTakeFrappeDefaults) {
  NotificationSpec s = SpecFromDoc(Json{{"name", "N"}});
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.channel, ChannelKind::kEmail);
  EXPECT_EQ(s.message, "Add your message here");
  EXPECT_EQ(s.undefined, value::UndefinedKind::kDefault);
  NotificationSpec t = SpecFromDoc(
      Json{{"enabled", 0},
           {"event", "Days Before"},
           {"days_in_advance", "3"},
           {"undefined_mode", "debug"},
           {"send_system_notification", 1},
           {"recipients",
            {{{"receiver_by_document_field", "email_id,email_ids"}, {"cc", "{{ doc.email }}"}}}}});
  EXPECT_FALSE(t.enabled);
  EXPECT_EQ(t.event, Event::kDaysBefore);
  EXPECT_EQ(t.days_in_advance, 3);
  EXPECT_EQ(t.undefined, value::UndefinedKind::kDebug);
  EXPECT_TRUE(t.send_system_notification);
  ASSERT_EQ(t.recipients.size(), 1u);
  EXPECT_EQ(t.recipients[0].receiver_by_document_field, "email_id,email_ids");
  EXPECT_EQ(t.recipients[0].cc, "{{ doc.email }}");
}

TEST(NotificationSpecTest, OnlyTextsWithABraceAreRendered) {
  EXPECT_TRUE(NeedsRendering("New {{ doc.name }}"));
  EXPECT_TRUE(NeedsRendering("{% if 1 %}x{% endif %}"));
  EXPECT_FALSE(NeedsRendering("New ticket"));
  EXPECT_FALSE(NeedsRendering(""));
}

}  // namespace
}  // namespace crier::rules
