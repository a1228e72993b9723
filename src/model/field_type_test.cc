#include "model/field_type.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

CastSpec Spec(FieldType type, std::vector<std::string> select = {}, std::string options = {}) {
  CastSpec s;
  s.type = type;
  s.fieldname = "f";
  s.label = "F";
  s.select_options = std::move(select);
  s.options = std::move(options);
  return s;
}

struct Case {
  const char* what;
  CastSpec spec;
  Json input;
  std::optional<Json> expected;  // nullopt: refused with kInvalidArgument naming field "f".
};

TEST(FieldTypeTest, CastsEveryTypeOrNamesTheField) {
  const auto sel = Spec(FieldType::kSelect, {"Open", "Replied", "Closed"});
  const std::vector<Case> cases = {
      {"data string", Spec(FieldType::kData), "ACME", Json("ACME")},
      {"data number", Spec(FieldType::kData), 42, Json("42")},
      {"data null", Spec(FieldType::kData), nullptr, Json(nullptr)},
      {"data object", Spec(FieldType::kData), {{"a", 1}}, std::nullopt},
      {"data bool", Spec(FieldType::kData), true, std::nullopt},
      {"data list", Spec(FieldType::kSmallText), {1, 2}, std::nullopt},
      {"email ok", Spec(FieldType::kData, {}, "Email"), "a@b.fr", Json("a@b.fr")},
      {"email bad", Spec(FieldType::kData, {}, "Email"), "not an email", std::nullopt},
      {"code keeps text", Spec(FieldType::kCode), "doc.total > 4", Json("doc.total > 4")},
      {"int", Spec(FieldType::kInt), 7, Json(7)},
      {"int string", Spec(FieldType::kInt), " -12 ", Json(-12)},
      {"int whole float", Spec(FieldType::kInt), 3.0, Json(3)},
      {"int fraction", Spec(FieldType::kInt), 3.5, std::nullopt},
      {"int text", Spec(FieldType::kInt), "abc", std::nullopt},
      {"int null", Spec(FieldType::kInt), nullptr, Json(0)},
      {"int empty", Spec(FieldType::kInt), "", Json(0)},
      {"int bool", Spec(FieldType::kInt), true, Json(1)},
      {"int list", Spec(FieldType::kInt), {1}, std::nullopt},
      {"float", Spec(FieldType::kFloat), 2.5, Json(2.5)},
      {"currency int", Spec(FieldType::kCurrency), 42000, Json(42000.0)},
      {"currency string", Spec(FieldType::kCurrency), "1234.50", Json(1234.5)},
      {"currency text", Spec(FieldType::kCurrency), "12 EUR", std::nullopt},
      {"currency comma", Spec(FieldType::kCurrency), "1,5", std::nullopt},
      {"percent null", Spec(FieldType::kPercent), nullptr, Json(0.0)},
      {"float nan text", Spec(FieldType::kFloat), "nan", std::nullopt},
      {"check true", Spec(FieldType::kCheck), true, Json(1)},
      {"check 0", Spec(FieldType::kCheck), 0, Json(0)},
      {"check string", Spec(FieldType::kCheck), "1", Json(1)},
      {"check 2", Spec(FieldType::kCheck), 2, std::nullopt},
      {"check yes", Spec(FieldType::kCheck), "yes", std::nullopt},
      {"select ok", sel, "Replied", Json("Replied")},
      {"select empty", sel, "", Json("")},
      {"select null", sel, nullptr, Json(nullptr)},
      {"select bad", sel, "Pending", std::nullopt},
      {"select case", sel, "open", std::nullopt},
      {"select no options", Spec(FieldType::kSelect), "anything", Json("anything")},
      {"link", Spec(FieldType::kLink), "ACME", Json("ACME")},
      {"date", Spec(FieldType::kDate), "2026-03-01", Json("2026-03-01")},
      {"date from datetime", Spec(FieldType::kDate), "2026-03-01 10:00:00", Json("2026-03-01")},
      {"date empty", Spec(FieldType::kDate), "", Json(nullptr)},
      {"date impossible", Spec(FieldType::kDate), "2026-02-30", std::nullopt},
      {"date words", Spec(FieldType::kDate), "tomorrow", std::nullopt},
      {"date number", Spec(FieldType::kDate), 20260301, std::nullopt},
      {"datetime", Spec(FieldType::kDatetime), "2026-03-01T10:20", Json("2026-03-01 10:20:00")},
      {"datetime micros", Spec(FieldType::kDatetime), "2026-03-01 10:20:30.5",
       Json("2026-03-01 10:20:30.500000")},
      {"datetime date only", Spec(FieldType::kDatetime), "2026-03-01", Json("2026-03-01 00:00:00")},
      {"datetime bad", Spec(FieldType::kDatetime), "2026-03-01 25:00", std::nullopt},
      {"time", Spec(FieldType::kTime), "09:05", Json("09:05:00")},
      {"time seconds", Spec(FieldType::kTime), "23:59:59", Json("23:59:59")},
      {"time bad", Spec(FieldType::kTime), "24:00", std::nullopt},
      {"json object", Spec(FieldType::kJson), {{"a", 1}}, Json({{"a", 1}})},
      {"json text", Spec(FieldType::kJson), "[1, 2]", Json({1, 2})},
      {"json bad text", Spec(FieldType::kJson), "{oops", std::nullopt},
      {"layout", Spec(FieldType::kSectionBreak), "x", std::nullopt},
  };
  for (const Case& c : cases) {
    Result<Json> got = CastValue(c.spec, c.input);
    if (c.expected) {
      ASSERT_TRUE(got.ok()) << c.what << ": " << got.status().ToString();
      EXPECT_EQ(*got, *c.expected) << c.what;
      EXPECT_EQ(got->type(), c.expected->type()) << c.what;
    } else {
      ASSERT_FALSE(got.ok()) << c.what << " gave " << got->dump();
      EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument) << c.what;
      EXPECT_EQ(got.status().field(), "f") << c.what;
    }
  }
}

TEST(FieldTypeTest, SelectErrorListsTheOptions) {
  auto r = CastValue(Spec(FieldType::kSelect, {"", "Open", "Closed"}), "Pending");
  EXPECT_EQ(r.status().message(),
            "F (f) cannot be 'Pending'; it should be one of 'Open', 'Closed'");
}

TEST(FieldTypeTest, SecretValuesAreNeverEchoed) {
  CastSpec s = Spec(FieldType::kData);
  s.secret = true;
  auto r = CastValue(s, Json{{"token", "hunter2"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find("hunter2"), std::string::npos);
}

TEST(FieldTypeTest, NamesRoundTrip) {
  for (std::string_view name : FieldTypeNames()) {
    auto t = ParseFieldType(name);
    ASSERT_TRUE(t) << name;
    EXPECT_EQ(FieldTypeName(*t), name);
  }
  EXPECT_FALSE(ParseFieldType("Integer"));
  EXPECT_FALSE(HoldsValue(FieldType::kColumnBreak));
  EXPECT_TRUE(IsNumeric(FieldType::kCheck));
  EXPECT_TRUE(IsTextual(FieldType::kLink));
  EXPECT_FALSE(IsTextual(FieldType::kTable));
}

TEST(FieldTypeTest, HttpUrls) {
  for (const char* ok : {"http://mm.local/hooks/abc", "https://chat.example.com:8065/hooks/x",
                         "https://[::1]:8080/x", "https://h", "http://user@host/p"}) {
    EXPECT_TRUE(IsHttpUrl(ok)) << ok;
  }
  for (const char* bad : {"not a url", "ftp://x", "https://", "https:hook", "http:///path",
                          "https://:80/x", "https://host/a b", "HTTPS//x", ""}) {
    EXPECT_FALSE(IsHttpUrl(bad)) << bad;
  }
}

TEST(FieldTypeTest, EmailAddresses) {
  EXPECT_TRUE(IsEmailAddress("admin@example.com"));
  EXPECT_FALSE(IsEmailAddress("Administrator"));
  EXPECT_FALSE(IsEmailAddress("a@b"));
  EXPECT_FALSE(IsEmailAddress("a b@c.d"));
  EXPECT_FALSE(IsEmailAddress("@c.d"));
  EXPECT_FALSE(IsEmailAddress("a@b.c,d@e.f"));
}

TEST(FieldTypeTest, MissingValues) {
  EXPECT_TRUE(IsMissing(nullptr));
  EXPECT_TRUE(IsMissing(" "));
  EXPECT_TRUE(IsMissing(Json::array()));
  EXPECT_FALSE(IsMissing(0));
  EXPECT_FALSE(IsMissing("x"));
}

}  // namespace
}  // namespace crier
