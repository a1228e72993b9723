#include "channels/generic/generic.h"

#include <gtest/gtest.h>

#include "channels/channel_test_util.h"
#include "channels/template_renderer.h"

namespace crier {
namespace {

using namespace crier::testing;
using nlohmann::json;

// Substitutes "{{ name }}" with the context's value dumped as JSON (enough to test the channel's
// side of the contract; the real engine is tested in src/tmpl).
class FakeRenderer final : public TemplateRenderer {
 public:
  Result<std::string> Render(std::string_view source, const json& context) const override {
    if (source.find("{% bad") != std::string_view::npos) {
      return Status(StatusCode::kUnprocessable,
                    "TemplateSyntaxError: unknown tag 'bad' (line 1, column 4)");
    }
    std::string out(source);
    for (const auto& [key, value] : context.items()) {
      std::string hole = "{{ " + key + " }}";
      for (size_t at; (at = out.find(hole)) != std::string::npos;)
        out.replace(at, hole.size(), value.dump());
    }
    return out;
  }
};

Webhook Hook() {
  Webhook w = HookFor("Generic", "https://api.example.com/hooks/in?token=abcDEF123456");
  w.headers = {{"Authorization", "Bearer s3cr3t-token"}};
  return w;
}

TEST(GenericTest, DefaultBodyWithoutATemplate) {
  GenericChannel ch;
  ChatMessage m = TestMessage();
  m.subject = "Hello";
  m.notification = "Welcome";
  auto req = ch.BuildRequest(Hook(), m, {});
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(json::parse(req->body), json({{"text", "Test"},
                                          {"subject", "Hello"},
                                          {"doc_url", kDocUrl},
                                          {"doctype", "User"},
                                          {"name", "test@example.com"},
                                          {"notification", "Welcome"}}));
  EXPECT_EQ(req->headers, (HttpHeaders{{"Content-Type", "application/json"},
                                       {"Authorization", "Bearer s3cr3t-token"}}));
}

TEST(GenericTest, RendersTheTemplateWithTheDocument) {
  GenericChannel ch;
  FakeRenderer renderer;
  ChannelEnv env;
  env.renderer = &renderer;
  Webhook w = Hook();
  w.body_template = R"({"msg": {{ message }}, "who": {{ doc }}, "link": {{ doc_url }}})";
  ChatMessage m = TestMessage();
  m.doc = {{"first_name", "Ada"}};
  auto req = ch.BuildRequest(w, m, env);
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(json::parse(req->body),
            json({{"msg", "Test"}, {"who", {{"first_name", "Ada"}}}, {"link", kDocUrl}}));
}

TEST(GenericTest, TemplateErrorsAndInvalidJsonAreUnprocessable) {
  GenericChannel ch;
  FakeRenderer renderer;
  ChannelEnv env;
  env.renderer = &renderer;
  Webhook w = Hook();
  w.body_template = "{% bad %}";
  auto broken = ch.BuildRequest(w, TestMessage(), env);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kUnprocessable);
  EXPECT_EQ(broken.status().field(), "body_template");
  EXPECT_NE(broken.status().message().find("line 1, column 4"), std::string::npos);

  w.body_template = "text={{ message }}";
  EXPECT_EQ(ch.BuildRequest(w, TestMessage(), env).status().code(), StatusCode::kUnprocessable);
  w.content_type = "application/x-www-form-urlencoded";
  auto form = ch.BuildRequest(w, TestMessage(), env);
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->body, "text=\"Test\"");
  EXPECT_EQ(ch.BuildRequest(w, TestMessage(), ChannelEnv()).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(GenericTest, CustomContentTypeHeaderWins) {
  GenericChannel ch;
  Webhook w = Hook();
  w.headers = {{"content-type", "application/cloudevents+json"}};
  auto req = ch.BuildRequest(w, TestMessage(), {});
  EXPECT_EQ(req->headers, (HttpHeaders{{"content-type", "application/cloudevents+json"}}));
}

TEST(GenericTest, AnyTwoHundredIsSuccess) {
  GenericChannel ch;
  for (int status : {200, 201, 202, 204}) {
    EXPECT_TRUE(ClassifyStatus(ch, Hook(), status, "").delivered()) << status;
  }
  EXPECT_TRUE(ClassifyStatus(ch, Hook(), 410, "").gone());
  // The Authorization header's value is a secret too.
  EXPECT_EQ(ClassifyStatus(ch, Hook(), 401, "bad token Bearer s3cr3t-token").detail,
            "401: bad token [redacted]");
}

}  // namespace
}  // namespace crier
