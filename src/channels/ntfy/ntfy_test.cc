#include "channels/ntfy/ntfy.h"

#include <gtest/gtest.h>

#include "channels/channel_test_util.h"

namespace crier {
namespace {

using namespace crier::testing;

const Webhook kHook = HookFor("Ntfy", "https://ntfy.sh/crier-alerts-4f3a9b");

TEST(NtfyTest, RawUtf8BodyAndClickHeaderOnlyWithTheLink) {
  NtfyChannel ch;
  auto req = ch.BuildRequest(kHook, TestMessage("Notification reçue"), {});
  EXPECT_EQ(req->body, "Notification re\xc3\xa7ue");
  EXPECT_EQ(req->headers,
            (HttpHeaders{{"Content-Type", "text/plain; charset=utf-8"}, {"Click", kDocUrl}}));
  Webhook hidden = kHook;
  hidden.show_document_link = false;
  req = ch.BuildRequest(hidden, TestMessage("Notification reçue"), {});
  EXPECT_EQ(req->headers, (HttpHeaders{{"Content-Type", "text/plain; charset=utf-8"}}));
}

TEST(NtfyTest, LimitInBytesAndAnswers) {
  NtfyChannel ch;
  EXPECT_EQ(ch.text_limit(kHook).measure, TextMeasure::kUtf8Bytes);
  EXPECT_TRUE(ClassifyStatus(ch, kHook, 200, R"({"id":"x","event":"message"})").delivered());
  EXPECT_EQ(ClassifyStatus(ch, kHook, 404, "").detail, "404: Not Found");
  EXPECT_EQ(ClassifyStatus(ch, kHook, 429, R"({"code":42901,"http":429})").verdict,
            Verdict::kRetry);
  EXPECT_EQ(ClassifyStatus(ch, kHook, 403, R"({"code":40301})").reason, Reason::kUnauthorized);
}

}  // namespace
}  // namespace crier
