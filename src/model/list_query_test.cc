#include "model/list_query.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

Meta IssueMeta() {
  Json def = {{"name", "Issue"},
              {"fields",
               {{{"fieldname", "subject"}},
                {{"fieldname", "status"}, {"fieldtype", "Select"}, {"options", "Open\nClosed"}},
                {{"fieldname", "total"}, {"fieldtype", "Currency"}},
                {{"fieldname", "count"}, {"fieldtype", "Int"}},
                {{"fieldname", "urgent"}, {"fieldtype", "Check"}},
                {{"fieldname", "due_date"}, {"fieldtype", "Date"}},
                {{"fieldname", "opened_at"}, {"fieldtype", "Datetime"}},
                {{"fieldname", "rows"}, {"fieldtype", "Table"}, {"options", "Row"}}}}};
  return *MetaFromDocType(def);
}

Json OneFilter(const Json& filters) {
  auto f = ParseFilters(IssueMeta(), filters);
  EXPECT_TRUE(f.ok()) << filters.dump() << ": " << f.status().ToString();
  if (!f.ok() || f->size() != 1) return nullptr;
  return Json{(*f)[0].field, std::string(FilterOpName((*f)[0].op)), (*f)[0].value};
}

TEST(ListQueryTest, ListAndDictFormsWithCasting) {
  struct Case {
    Json filters;
    Json expected;  // [field, op, value] after parsing.
  };
  const std::vector<Case> cases = {
      {{{"status", "=", "Open"}}, {"status", "=", "Open"}},
      {{{"Issue", "status", "!=", "Open"}}, {"status", "!=", "Open"}},
      {{{"total", ">", "1000"}}, {"total", ">", 1000.0}},
      {{{"count", "<=", "3"}}, {"count", "<=", 3}},
      {{{"urgent", "=", true}}, {"urgent", "=", 1}},
      {{{"subject", "like", "%print%"}}, {"subject", "like", "%print%"}},
      {{{"subject", "not like", "x%"}}, {"subject", "not like", "x%"}},
      {{{"status", "in", {"Open", "Closed"}}}, {"status", "in", {"Open", "Closed"}}},
      {{{"status", "in", "Open, Closed"}}, {"status", "in", {"Open", "Closed"}}},
      {{{"count", "not in", {"1", 2}}}, {"count", "not in", {1, 2}}},
      {{{"subject", "is", "set"}}, {"subject", "is set", nullptr}},
      {{{"subject", "is", "not set"}}, {"subject", "is not set", nullptr}},
      {{{"subject", "is not set", nullptr}}, {"subject", "is not set", nullptr}},
      {{{"due_date", "between", {"2026-03-01", "2026-03-31"}}},
       {"due_date", "between", {"2026-03-01", "2026-03-31"}}},
      {{{"opened_at", "between", {"2026-03-01", "2026-03-01"}}},
       {"opened_at", "between", {"2026-03-01 00:00:00", "2026-03-01 23:59:59.999999"}}},
      {{{"due_date", ">=", "2026-03-01 10:00:00"}}, {"due_date", ">=", "2026-03-01"}},
      {{{"docstatus", "=", "1"}}, {"docstatus", "=", 1}},
      {{{"modified", ">", "2026-03-01"}}, {"modified", ">", "2026-03-01 00:00:00"}},
      {{{"status", "Open"}}, {"status", "=", "Open"}},
      {{{"status", "Open"}}, {"status", "=", "Open"}},
      {Json{{"status", "Open"}}, {"status", "=", "Open"}},
      {Json{{"total", {">", 5}}}, {"total", ">", 5.0}},
      {Json{{"status", {"in", {"Open"}}}}, {"status", "in", {"Open"}}},
  };
  for (const Case& c : cases) EXPECT_EQ(OneFilter(c.filters), c.expected) << c.filters.dump();
}

TEST(ListQueryTest, RefusesWithTheFieldNamed) {
  struct Case {
    Json filters;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"nope", "=", 1}}, "nope"},
      {{{"total", ">", "lots"}}, "total"},
      {{{"status", "~", "Open"}}, "status"},
      {{{"status", "in", 5}}, "status"},
      {{{"due_date", "between", {"2026-01-01"}}}, "due_date"},
      {{{"due_date", "=", "someday"}}, "due_date"},
      {{{"subject", "is", "maybe"}}, "subject"},
      {{{"rows", "=", "x"}}, "rows"},
      {Json{{"x; DROP TABLE documents", 1}}, "filters"},  // Not quoted back.
  };
  for (const Case& c : cases) {
    auto f = ParseFilters(IssueMeta(), c.filters);
    ASSERT_FALSE(f.ok()) << c.filters.dump();
    EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(f.status().field(), c.field) << c.filters.dump();
  }
  EXPECT_FALSE(ParseFilters(IssueMeta(), {{"Task", "status", "=", "Open"}}).ok());
  EXPECT_FALSE(ParseFilters(IssueMeta(), "status = 'Open'").ok());
  EXPECT_FALSE(ParseFilters(IssueMeta(), {{"status", "=", "Open", "x", "y"}}).ok());
}

TEST(ListQueryTest, OrderByIsCheckedNotPassedOn) {
  auto o = ParseOrderBy(IssueMeta(), "modified desc, `tabIssue`.`total` ASC, subject");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  ASSERT_EQ(o->size(), 3u);
  EXPECT_EQ((*o)[0].field, "modified");
  EXPECT_TRUE((*o)[0].descending);
  EXPECT_EQ((*o)[1].field, "total");
  EXPECT_FALSE((*o)[1].descending);
  EXPECT_EQ((*o)[2].field, "subject");
  EXPECT_TRUE(ParseOrderBy(IssueMeta(), "")->empty());
  for (const char* bad : {"nope desc", "total sideways", "total desc; DROP TABLE documents",
                          "(select 1)", "total,", "rows desc", "subject desc nulls first"}) {
    auto r = ParseOrderBy(IssueMeta(), bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "order_by") << bad;
  }
}

TEST(ListQueryTest, FieldsAndProjection) {
  EXPECT_EQ(*ParseFields(IssueMeta(), nullptr), std::vector<std::string>{"name"});
  auto star = ParseFields(IssueMeta(), {"*"});
  ASSERT_TRUE(star.ok());
  EXPECT_NE(std::find(star->begin(), star->end(), "total"), star->end());
  EXPECT_EQ(std::find(star->begin(), star->end(), "rows"), star->end());
  EXPECT_EQ(*ParseFields(IssueMeta(), {"name", "subject"}),
            (std::vector<std::string>{"name", "subject"}));
  EXPECT_EQ(ParseFields(IssueMeta(), {"name", "secret"}).status().field(), "secret");
  EXPECT_EQ(ProjectFields({{"name", "I1"}, {"subject", "x"}, {"total", 3}}, {"name", "customer"}),
            (Json{{"name", "I1"}, {"customer", nullptr}}));
}

}  // namespace
}  // namespace crier
