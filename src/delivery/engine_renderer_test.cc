// Generic webhooks rendered by the real Jinja engine.
#include "delivery/engine_renderer.h"

#include <gtest/gtest.h>

#include "channels/channel.h"
#include "delivery/fake_http_sender.h"
#include "delivery/send_now.h"

namespace crier {
namespace {

using nlohmann::json;

// 2026-11-24 09:00:00 UTC.
const TimePoint kNow = TimePoint(std::chrono::seconds(1795510800));

Webhook Generic(std::string body_template) {
  Webhook w;
  w.name = "erp-hook";
  w.service = "Generic";
  w.url = "https://api.example.com/in/abcDEF123456";
  w.body_template = std::move(body_template);
  w.headers = {{"X-Api-Key", "k3y-s3cret"}};
  return w;
}

ChatMessage Message() {
  ChatMessage m;
  m.text = "Issue \"ISS-1\" opened\nby Ada";
  m.subject = "New issue";
  m.doc_url = "https://erp.example.com/app/issue/ISS-1";
  m.reference_doctype = "Issue";
  m.reference_name = "ISS-1";
  m.doc = {{"name", "ISS-1"}, {"customer", "Ada & Co"}, {"items", {{{"qty", 2}}, {{"qty", 3}}}}};
  return m;
}

TEST(EngineRendererTest, GenericBodyFromAJinjaTemplate) {
  FakeClock clock(kNow);
  EngineRenderer renderer(clock);
  ChannelEnv env;
  env.renderer = &renderer;
  Webhook w = Generic(
      "{\"event\": \"{{ doctype | lower }}.created\",\n"
      " \"text\": {{ message | tojson }},\n"
      " \"customer\": {{ doc.customer | tojson }},\n"
      " \"qty\": {{ doc['items'] | sum(attribute='qty') }},\n"
      " \"link\": {{ doc_url | tojson }},\n"
      " \"day\": \"{{ nowdate() }}\"}");
  auto req = FindChannel("Generic")->BuildRequest(w, Message(), env);
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(json::parse(req->body), json({{"event", "issue.created"},
                                          {"text", "Issue \"ISS-1\" opened\nby Ada"},
                                          {"customer", "Ada & Co"},
                                          {"qty", 5},
                                          {"link", "https://erp.example.com/app/issue/ISS-1"},
                                          {"day", FormatDate(LocalDate(kNow))}}));
  EXPECT_EQ(req->headers,
            (HttpHeaders{{"Content-Type", "application/json"}, {"X-Api-Key", "k3y-s3cret"}}));
  // Rendering again uses the cached compilation and gives the same body.
  EXPECT_EQ(FindChannel("Generic")->BuildRequest(w, Message(), env)->body, req->body);
}

TEST(EngineRendererTest, TemplateErrorsCarryLineAndColumnAndSendNothing) {
  FakeClock clock(kNow);
  EngineRenderer renderer(clock);
  ChannelEnv env;
  env.renderer = &renderer;
  auto broken =
      FindChannel("Generic")->BuildRequest(Generic("{\"a\": 1,\n {% if %}}"), Message(), env);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kUnprocessable);
  EXPECT_NE(broken.status().message().find("line 2"), std::string::npos)
      << broken.status().message();

  FakeHttpSender sender;
  SendResult r =
      SendNow(*FindChannel("Generic"), Generic("{{ 1 / 0 }}"), Message(), env, sender, clock);
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].outcome.reason, Reason::kInvalidRequest);
  EXPECT_NE(r.parts[0].outcome.detail.find("ZeroDivisionError"), std::string::npos)
      << r.parts[0].outcome.detail;
  EXPECT_TRUE(sender.requests().empty());
}

}  // namespace
}  // namespace crier
