#include "channels/matrix/matrix.h"

#include <gtest/gtest.h>

#include "channels/channel_test_util.h"

namespace crier {
namespace {

using namespace crier::testing;
using nlohmann::json;

const Webhook kHook =
    HookFor("Matrix (Hookshot)", "https://hookshot.example.com/webhook/aBcD1234efGH");

TEST(MatrixTest, PayloadAsFrappesVariantSendsIt) {
  MatrixChannel ch;
  EXPECT_EQ(BodyOf(ch, kHook, TestMessage()),
            json({{"text", std::string("Test\n\n[Document link](") + kDocUrl + ")"}}));
  Webhook w = kHook;
  w.username = "ERP";
  w.show_document_link = false;
  EXPECT_EQ(BodyOf(ch, w, TestMessage()), json({{"text", "Test"}, {"username", "ERP"}}));
  EXPECT_EQ(FindChannel("matrix"), FindChannel("Matrix (Hookshot)"));
}

TEST(MatrixTest, Answers) {
  MatrixChannel ch;
  EXPECT_TRUE(ClassifyStatus(ch, kHook, 202, R"({"ok":true})").delivered());
  EXPECT_TRUE(ClassifyStatus(ch, kHook, 200, R"({"ok":true})").delivered());
  EXPECT_EQ(ClassifyStatus(ch, kHook, 200, R"({"ok":false})").reason, Reason::kUnexpectedAnswer);
  EXPECT_TRUE(ClassifyStatus(ch, kHook, 404, R"({"ok":false,"error":"Webhook not found"})").gone());
  EXPECT_EQ(ClassifyStatus(ch, kHook, 500, R"({"ok":false})").verdict, Verdict::kRetry);
}

}  // namespace
}  // namespace crier
