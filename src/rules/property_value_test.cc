#include "rules/property_value.h"

#include <gtest/gtest.h>

namespace crier::rules {
namespace {

using Json = nlohmann::json;

FieldMeta Field(FieldType type, std::vector<std::string> options = {}) {
  FieldMeta f;
  f.fieldname = "f";
  f.label = "F";
  f.type = type;
  f.select_options = std::move(options);
  return f;
}

TEST(PropertyValueTest, CastToTheFieldType) {
  const DateTime now{{2026, 3, 1}, 9, 30, 0, 0};
  struct Case {
    FieldType type;
    const char* text;
    Json expected;  // null with `ok` false: an error.
    bool ok = true;
  };
  const Case cases[] = {
      {FieldType::kData, "__testing__", "__testing__"},
      {FieldType::kInt, "2", 2},
      {FieldType::kInt, "", 0},
      {FieldType::kInt, "abc", nullptr, false},  // Frappe's cint would write 0 silently.
      {FieldType::kFloat, "2.5", 2.5},
      {FieldType::kCurrency, "x", nullptr, false},
      {FieldType::kCheck, "1", 1},
      {FieldType::kCheck, "0", 0},
      {FieldType::kCheck, "maybe", nullptr, false},
      {FieldType::kDate, "2026-04-01", "2026-04-01"},
      {FieldType::kDate, "Today", "2026-03-01"},
      {FieldType::kDate, "01/04/2026", nullptr, false},
      {FieldType::kDatetime, "Now", "2026-03-01 09:30:00"},
      {FieldType::kTime, "now", "09:30:00"},
      {FieldType::kSelect, "Closed", "Closed"},
      {FieldType::kSelect, "Shut", nullptr, false},
      {FieldType::kTable, "x", nullptr, false},
  };
  for (const Case& c : cases) {
    FieldMeta f = Field(c.type, {"Open", "Closed"});
    Result<Json> r = CastPropertyValue(f, c.text, now);
    ASSERT_EQ(r.ok(), c.ok) << FieldTypeName(c.type) << " " << c.text << ": "
                            << (r.ok() ? r->dump() : r.status().message());
    if (r.ok()) {
      EXPECT_EQ(*r, c.expected) << FieldTypeName(c.type) << " " << c.text;
    } else {
      EXPECT_EQ(r.status().field(), "property_value");
    }
  }
}

TEST(PropertyValueTest, SubmittedDocumentsOnlyTakeAllowOnSubmitFields) {
  FieldMeta plain = Field(FieldType::kData);
  FieldMeta allowed = plain;
  allowed.allow_on_submit = true;
  EXPECT_TRUE(MayReceiveProperty(plain, 0));
  EXPECT_FALSE(MayReceiveProperty(plain, 1));
  EXPECT_TRUE(MayReceiveProperty(allowed, 1));
  EXPECT_FALSE(MayReceiveProperty(allowed, 2));
}

}  // namespace
}  // namespace crier::rules
