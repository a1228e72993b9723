#include "base/redact.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

TEST(RedactUrlTest, KeepsSchemeAndHostOnly) {
  EXPECT_EQ(RedactUrl("https://chat.example.com/hooks/xy3qd5m9bfn8ib1gmrcyruk1ce"),
            "https://chat.example.com/[redacted]");
  EXPECT_EQ(RedactUrl("https://chat.googleapis.com/v1/spaces/AAAA/messages?key=K&token=T"),
            "https://chat.googleapis.com/[redacted]");
  EXPECT_EQ(RedactUrl("http://127.0.0.1:8065/hooks/abc"), "http://127.0.0.1:8065/[redacted]");
  EXPECT_EQ(RedactUrl("https://user:hunter2@example.com/x"), "https://example.com/[redacted]");
  EXPECT_EQ(RedactUrl("https://example.com/"), "https://example.com/");
  EXPECT_EQ(RedactUrl("https://example.com"), "https://example.com");
  EXPECT_EQ(RedactUrl("https://example.com?sig=abc"), "https://example.com/[redacted]");
  EXPECT_EQ(RedactUrl("not a url"), "[redacted]");
  EXPECT_EQ(RedactUrl("https:hook"), "[redacted]");
}

TEST(SecretLookingTest, TokensYesWordsNo) {
  struct Case {
    const char* component;
    bool secret;
  } cases[] = {
      {"hooks", false},
      {"services", false},
      {"messages", false},
      {"general", false},
      {"slack_incoming", true},  // Over-redaction is harmless; under-redaction is not.
      {"xy3qd5m9bfn8ib1gmrcyruk1ce", true},
      {"abcdefghijklmnopqrstuvwxyz", true},
      {"T0001", false},
      {"T00000000", true},
      {"B00000000", true},
      {"XXXXXXXXXXXXXXXXXXXXXXXX", true},
      {"2016-06-01", true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(SecretLooking(c.component), c.secret) << c.component;
  }
}

TEST(RedactorTest, ScrubsEveryCredentialPartOfAWebhookUrl) {
  const std::string url =
      "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
  Redactor r;
  r.AddUrl(url);
  EXPECT_EQ(r.Scrub("POST " + url + " failed"), "POST [redacted] failed");
  EXPECT_EQ(r.Scrub("unknown hook XXXXXXXXXXXXXXXXXXXXXXXX"), "unknown hook [redacted]");
  EXPECT_EQ(r.Scrub("team T00000000 disabled"), "team [redacted] disabled");
  EXPECT_EQ(r.Scrub("no_service"), "no_service");
  EXPECT_FALSE(r.Leaks(r.Scrub("{\"url\":\"" + url + "\"}")));
}

TEST(RedactorTest, ScrubsQueryValuesRawAndDecoded) {
  const std::string url =
      "https://chat.googleapis.com/v1/spaces/AAAAbbbbCCC/"
      "messages?key=AIzaSyDdI0hCZtE6vySjMm-WEfRq3C"
      "PzqKqqsHI&token=abc%3Ddef0123456789xyz";
  Redactor r;
  r.AddUrl(url);
  EXPECT_EQ(r.Scrub("token abc=def0123456789xyz invalid"), "token [redacted] invalid");
  EXPECT_EQ(r.Scrub("token abc%3Ddef0123456789xyz invalid"), "token [redacted] invalid");
  EXPECT_EQ(r.Scrub("space AAAAbbbbCCC"), "space [redacted]");
  EXPECT_EQ(r.Scrub("key AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI"), "key [redacted]");
}

TEST(RedactorTest, IgnoresTooShortSecretsAndNonUrls) {
  Redactor r;
  r.AddSecret("ab");
  r.AddUrl("not a url");
  EXPECT_TRUE(r.secrets().empty());
  r.AddSecret("hunter2");
  r.AddSecret("hunter2");
  EXPECT_EQ(r.secrets().size(), 1u);
  EXPECT_EQ(r.Scrub("pass hunter2 hunter2"), "pass [redacted] [redacted]");
}

TEST(RedactorTest, LongerSecretsAreRemovedWhole) {
  Redactor r;
  r.AddSecret("abcd1234");
  r.AddSecret("xxabcd1234yy");
  EXPECT_EQ(r.Scrub("xxabcd1234yy"), "[redacted]");
}

}  // namespace
}  // namespace crier
