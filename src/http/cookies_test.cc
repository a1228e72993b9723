#include "http/cookies.h"

#include <gtest/gtest.h>

namespace crier::http {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(ParseCookieHeaderTest, ReadsPairsLeniently) {
  struct Case {
    std::string_view header;
    Pairs want;
  };
  const Case cases[] = {
      {"", {}},
      {"sid=abc", {{"sid", "abc"}}},
      {"sid=abc; lang=fr", {{"sid", "abc"}, {"lang", "fr"}}},
      {"sid=abc;lang=fr", {{"sid", "abc"}, {"lang", "fr"}}},
      {"  sid = abc ;\tlang=fr\t", {{"sid", "abc"}, {"lang", "fr"}}},
      {"sid=\"quoted\"", {{"sid", "quoted"}}},
      {"a=b=c", {{"a", "b=c"}}},
      {"noequals; x=1", {{"x", "1"}}},
      {"=nameless; x=1", {{"x", "1"}}},
      {"empty=; x=1", {{"empty", ""}, {"x", "1"}}},
      {"dup=1; dup=2", {{"dup", "1"}, {"dup", "2"}}},
      {";;;", {}},
      {"q=\"", {{"q", "\""}}},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseCookieHeader(c.header), c.want) << c.header;
}

TEST(FormatSetCookieTest, WritesSessionCookieAttributes) {
  SetCookie session{.name = "sid", .value = "0123abcd"};
  session.max_age = std::chrono::hours(1);
  EXPECT_EQ(FormatSetCookie(session).value(),
            "sid=0123abcd; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");

  SetCookie strict{.name = "sid",
                   .value = "v",
                   .path = "/api",
                   .http_only = false,
                   .secure = true,
                   .same_site = SameSite::kStrict};
  EXPECT_EQ(FormatSetCookie(strict).value(), "sid=v; Path=/api; Secure; SameSite=Strict");

  SetCookie remove{.name = "sid", .value = ""};
  remove.max_age = std::chrono::seconds(0);
  EXPECT_EQ(FormatSetCookie(remove).value(), "sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");

  SetCookie none{.name = "x", .value = "1", .secure = true, .same_site = SameSite::kNone};
  EXPECT_EQ(FormatSetCookie(none).value(), "x=1; Path=/; HttpOnly; Secure; SameSite=None");
}

TEST(FormatSetCookieTest, RefusesAnythingThatCouldInjectAttributesOrHeaders) {
  struct Case {
    SetCookie cookie;
    std::string_view field;
  };
  const Case cases[] = {
      {{.name = "", .value = "v"}, "name"},
      {{.name = "s id", .value = "v"}, "name"},
      {{.name = "sid;", .value = "v"}, "name"},
      {{.name = "sid", .value = "a;b"}, "value"},
      {{.name = "sid", .value = "a b"}, "value"},
      {{.name = "sid", .value = "v\r\nSet-Cookie: evil=1"}, "value"},
      {{.name = "sid", .value = "caf\xC3\xA9"}, "value"},
      {{.name = "sid", .value = "v", .path = "/; Domain=evil"}, "path"},
      {{.name = "sid", .value = "v", .path = "/\n"}, "path"},
      {{.name = "sid", .value = "v", .same_site = SameSite::kNone}, "same_site"},
  };
  for (const Case& c : cases) {
    auto got = FormatSetCookie(c.cookie);
    ASSERT_FALSE(got.ok()) << c.cookie.name << "=" << c.cookie.value;
    EXPECT_EQ(got.status().field(), c.field);
  }
  SetCookie negative{.name = "sid", .value = "v"};
  negative.max_age = std::chrono::seconds(-1);
  EXPECT_EQ(FormatSetCookie(negative).status().field(), "max_age");
}

}  // namespace
}  // namespace crier::http
