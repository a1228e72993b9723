#include "rules/value_change.h"

#include <gtest/gtest.h>

namespace crier::rules {
namespace {

using Json = nlohmann::json;

// Reference 2.5: both sides cast to the field's type before comparing.
TEST(ValueChangeTest, CastToTheFieldTypeBeforeComparing) {
  struct Case {
    std::optional<FieldType> type;
    Json before, after;
    bool changed;
  };
  const Case cases[] = {
      // Text: None and "" are the same, numbers compare as their text.
      {FieldType::kData, nullptr, "", false},
      {FieldType::kData, "", nullptr, false},
      {FieldType::kData, "Open", "Closed", true},
      {FieldType::kSelect, nullptr, "Open", true},
      {FieldType::kLink, "a@x.com", "a@x.com", false},
      {FieldType::kTextEditor, nullptr, "", false},
      {FieldType::kCode, nullptr, "", false},  // crier: every text type (Frappe: Code uncast).
      {FieldType::kData, 12, "12", false},
      // Numbers.
      {FieldType::kInt, nullptr, 0, false},
      {FieldType::kInt, "3", 3, false},
      {FieldType::kInt, 3, 4, true},
      {FieldType::kCheck, "true", 1, false},
      {FieldType::kCheck, 0, nullptr, false},
      {FieldType::kCheck, 0, 1, true},
      {FieldType::kFloat, nullptr, 0.0, false},
      {FieldType::kFloat, "", 0, false},
      {FieldType::kCurrency, "1,234.5", 1234.5, false},
      {FieldType::kCurrency, 1, 1.0, false},
      {FieldType::kPercent, 10, 10.5, true},
      // Dates: the same date written differently is no change (frappe/frappe#17364).
      {FieldType::kDate, "2026-03-01", "2026-03-01", false},
      {FieldType::kDate, "2026-03-01", "2026-03-01 00:00:00", false},
      {FieldType::kDate, "2026-03-01", "2026-03-02", true},
      {FieldType::kDate, nullptr, "", false},
      {FieldType::kDate, nullptr, "2026-03-01", true},
      {FieldType::kDatetime, "2026-03-01 10:00:00", "2026-03-01 10:00:00.000000", false},
      {FieldType::kDatetime, "2026-03-01", "2026-03-01 00:00:00", false},
      {FieldType::kDatetime, "2026-03-01 10:00:00", "2026-03-01 10:00:01", true},
      {FieldType::kTime, "9:05", "09:05:00", false},
      {FieldType::kTime, "09:05:00", "09:06:00", true},
      // Tables: rows compared without the stamps crier sets.
      {FieldType::kTable, Json::array({{{"email_id", "a@x.com"}, {"idx", 1}, {"name", "r1"}}}),
       Json::array({{{"email_id", "a@x.com"}, {"idx", 1}, {"name", "r9"}}}), false},
      {FieldType::kTable, Json::array({{{"email_id", "a@x.com"}}}),
       Json::array({{{"email_id", "b@x.com"}}}), true},
      {FieldType::kTable, nullptr, Json::array(), false},
      // Not a field of the DocType: compared as they are.
      {std::nullopt, nullptr, "", true},
      {std::nullopt, "x", "x", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ValueChanged(c.type, c.before, c.after), c.changed)
        << (c.type ? FieldTypeName(*c.type) : "none") << " " << c.before.dump() << " -> "
        << c.after.dump();
  }
}

}  // namespace
}  // namespace crier::rules
