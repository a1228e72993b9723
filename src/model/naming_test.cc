#include "model/naming.h"

#include <gtest/gtest.h>

#include <map>

namespace crier {
namespace {

TEST(NamingTest, ExpandsSeriesPatterns) {
  Date day{2026, 3, 7};
  struct Case {
    const char* pattern;
    const char* key;
    int digits;
    const char* first;
  };
  const Case cases[] = {
      {"ISS-.YYYY.-.#####", "ISS-2026-", 5, "ISS-2026-00001"},
      {"INV-.YY.MM.DD.-.###", "INV-260307-", 3, "INV-260307-001"},
      {"TASK", "TASK", 5, "TASK00001"},
      {"PO-.####.-X", "PO-", 4, "PO-0001-X"},
  };
  for (const Case& c : cases) {
    auto s = ExpandSeries(c.pattern, day);
    ASSERT_TRUE(s.ok()) << c.pattern;
    EXPECT_EQ(s->key, c.key) << c.pattern;
    EXPECT_EQ(s->digits, c.digits) << c.pattern;
    EXPECT_EQ(s->Format(1), c.first) << c.pattern;
  }
  EXPECT_EQ(ExpandSeries("ISS-.YYYY.-.#####", day)->Format(123456), "ISS-2026-123456");
  EXPECT_FALSE(ExpandSeries("A-.##.-.##", day).ok());
  EXPECT_FALSE(ExpandSeries("", day).ok());
}

class NamingRules : public ::testing::Test {
 protected:
  Meta MetaWith(const std::string& autoname) {
    Json def = {{"name", "Thing"},
                {"autoname", autoname},
                {"fields",
                 {{{"fieldname", "title"}},
                  {{"fieldname", "naming_series"},
                   {"fieldtype", "Select"},
                   {"options", "A-.###\nB-.YYYY.-.##"}}}}};
    return *MetaFromDocType(def);
  }
  Result<std::string> Name(const std::string& autoname, const Json& doc, bool keep = false) {
    Meta m = MetaWith(autoname);
    return MakeName(m, doc, keep, inputs_);
  }
  SeededRandom random_{7};
  std::map<std::string, std::int64_t, std::less<>> counters_;
  NamingInputs inputs_{random_, Date{2026, 3, 7}, [this](std::string_view key) {
                         return Result<std::int64_t>(++counters_[std::string(key)]);
                       }};
};

TEST_F(NamingRules, EachRule) {
  auto h = Name("hash", Json::object());
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->size(), 10u);
  EXPECT_NE(*Name("", Json::object()), *h);
  EXPECT_EQ(*Name("field:title", {{"title", "Printer"}}), "Printer");
  EXPECT_EQ(Name("field:title", Json::object()).status().field(), "title");
  EXPECT_EQ(*Name("prompt", {{"name", "My name"}}), "My name");
  EXPECT_EQ(Name("prompt", Json::object()).status().field(), "name");
  EXPECT_EQ(*Name("ISS-.YYYY.-.#####", Json::object()), "ISS-2026-00001");
  EXPECT_EQ(*Name("ISS-.YYYY.-.#####", {{"name", "ignored"}}), "ISS-2026-00002");
  EXPECT_EQ(*Name("ISS-.YYYY.-.#####", {{"name", "ISS-OLD-1"}}, true), "ISS-OLD-1");
  EXPECT_EQ(*Name("naming_series:", {{"naming_series", "B-.YYYY.-.##"}}), "B-2026-01");
  EXPECT_EQ(Name("naming_series:", Json::object()).status().field(), "naming_series");
  EXPECT_EQ(Name("field:title", {{"title", "a/b"}}).status().code(), StatusCode::kInvalidArgument);
}

TEST(NamingTest, ValidNames) {
  EXPECT_TRUE(ValidateName("ISS-2026-00001").ok());
  EXPECT_TRUE(ValidateName("Incoming Webhook: équipe").ok());
  EXPECT_FALSE(ValidateName("").ok());
  EXPECT_FALSE(ValidateName(" padded").ok());
  EXPECT_FALSE(ValidateName("a\nb").ok());
  EXPECT_FALSE(ValidateName("a/b").ok());
  EXPECT_FALSE(ValidateName(std::string(141, 'x')).ok());
}

}  // namespace
}  // namespace crier
