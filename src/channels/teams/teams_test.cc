#include "channels/teams/teams.h"

#include <gtest/gtest.h>

#include "channels/channel_test_util.h"

namespace crier {
namespace {

using namespace crier::testing;
using nlohmann::json;

const Webhook kWorkflow = HookFor(
    "Microsoft Teams",
    "https://prod-01.westeurope.logic.azure.com:443/workflows/0123456789abcdef/triggers/manual/"
    "paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SIGsig123456");
const Webhook kConnector = HookFor(
    "Teams", "https://contoso.webhook.office.com/webhookb2/g@t/IncomingWebhook/abc123def/owner");

TEST(TeamsTest, WorkflowsGetAnAdaptiveCardEnvelope) {
  TeamsChannel ch;
  EXPECT_FALSE(TeamsChannel::IsLegacyConnector(kWorkflow));
  EXPECT_EQ(BodyOf(ch, kWorkflow, TestMessage()),
            json::parse(std::string(R"({"type": "message", "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": null,
                "content": {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                  "type": "AdaptiveCard", "version": "1.2",
                  "body": [{"type": "TextBlock", "text": "Test", "wrap": true}],
                  "actions": [{"type": "Action.OpenUrl", "title": "Document link", "url": ")") +
                        kDocUrl + R"("}]}}]})"));
  Webhook hidden = kWorkflow;
  hidden.show_document_link = false;
  EXPECT_FALSE(BodyOf(ch, hidden, TestMessage())["attachments"][0]["content"].contains("actions"));
}

TEST(TeamsTest, LegacyConnectorGetsAMessageCard) {
  TeamsChannel ch;
  EXPECT_TRUE(TeamsChannel::IsLegacyConnector(kConnector));
  Webhook flagged = kWorkflow;
  flagged.teams_legacy_connector = true;
  EXPECT_TRUE(TeamsChannel::IsLegacyConnector(flagged));
  ChatMessage m = TestMessage("First line\nsecond line");
  EXPECT_EQ(BodyOf(ch, kConnector, m),
            json({{"@type", "MessageCard"},
                  {"@context", "https://schema.org/extensions"},
                  {"summary", "First line"},
                  {"text", "First line\nsecond line"},
                  {"potentialAction",
                   {{{"@type", "OpenUri"},
                     {"name", "Document link"},
                     {"targets", {{{"os", "default"}, {"uri", kDocUrl}}}}}}}}));
}

TEST(TeamsTest, OverheadIsTheEnvelopeSize) {
  TeamsChannel ch;
  ChatMessage m = TestMessage("");
  EXPECT_EQ(ch.TextOverhead(kWorkflow, m, {}), ch.BuildRequest(kWorkflow, m, {})->body.size());
  EXPECT_EQ(ch.text_limit(kWorkflow).measure, TextMeasure::kJsonBytes);
}

TEST(TeamsTest, AnswerTables) {
  TeamsChannel ch;
  EXPECT_TRUE(ClassifyStatus(ch, kWorkflow, 202, "").delivered());
  EXPECT_TRUE(ClassifyStatus(ch, kWorkflow, 200, "").delivered());
  EXPECT_TRUE(
      ClassifyStatus(ch, kWorkflow, 404, R"({"error":{"code":"WorkflowNotFound"}})").gone());
  EXPECT_EQ(ClassifyStatus(ch, kWorkflow, 429, "").verdict, Verdict::kRetry);

  EXPECT_TRUE(ClassifyStatus(ch, kConnector, 200, "1").delivered());
  struct Case {
    const char* body;
    Verdict verdict;
    Reason reason;
  } legacy[] = {
      {"Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error "
       "429 with ContextId tcid=0",
       Verdict::kRetry, Reason::kRateLimited},
      {"Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error "
       "413 with ContextId tcid=0",
       Verdict::kFailed, Reason::kTooLarge},
      {"Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error "
       "502 with ContextId tcid=0",
       Verdict::kRetry, Reason::kServerError},
      {"Something else", Verdict::kFailed, Reason::kUnexpectedAnswer},
  };
  for (const Case& c : legacy) {
    Outcome o = ClassifyStatus(ch, kConnector, 200, c.body);
    EXPECT_EQ(o.verdict, c.verdict) << c.body;
    EXPECT_EQ(o.reason, c.reason) << c.body;
  }
  EXPECT_EQ(ClassifyStatus(ch, kConnector, 400, "Summary or Text is required.").reason,
            Reason::kRejected);
}

TEST(TeamsTest, ConnectorPacingHasEveryBand) {
  TeamsChannel ch;
  EXPECT_EQ(FormatRateLimit(ch.default_rate_limit(kConnector)),
            "4/1s,60/30s,100/1h,150/2h,1800/1d");
  EXPECT_EQ(FormatRateLimit(ch.default_rate_limit(kWorkflow)), "4/1s");
}

}  // namespace
}  // namespace crier
