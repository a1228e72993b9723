#include "store/postgres/sql_builder.h"

#include <gtest/gtest.h>

namespace crier::pg {
namespace {

TEST(PgSqlBuilderTest, FieldsBecomeColumnsOrJsonbValues) {
  EXPECT_EQ(FieldExpression("modified"), "modified");
  EXPECT_EQ(FieldExpression("due_date"), "NULLIF(data -> 'due_date', 'null')");
}

TEST(PgSqlBuilderTest, ValuesAreAlwaysBoundWithTheirType) {
  struct Case {
    Filter filter;
    std::string where;
    std::vector<Json> binds;
  };
  const std::string f = "NULLIF(data -> 'f', 'null')";
  const std::string t = "(data ->> 'f')";
  const std::vector<Case> cases = {
      {{"f", FilterOp::kEq, "x"}, f + " = $2::jsonb", {"\"x\""}},
      {{"f", FilterOp::kEq, nullptr}, f + " IS NULL", {}},
      {{"f", FilterOp::kNe, "x"}, f + " IS DISTINCT FROM $2::jsonb", {"\"x\""}},
      {{"f", FilterOp::kGe, 3}, f + " >= $2::jsonb", {"3"}},
      {{"f", FilterOp::kEq, true}, f + " = $2::jsonb", {"1"}},
      {{"f", FilterOp::kLike, "%a'b%"}, t + " ILIKE $2::text ESCAPE ''", {"%a'b%"}},
      {{"f", FilterOp::kNotLike, "a"},
       "(" + t + " IS NULL OR " + t + " NOT ILIKE $2::text ESCAPE '')",
       {"a"}},
      {{"f", FilterOp::kIn, {"a", 2}}, f + " IN ($2::jsonb, $3::jsonb)", {"\"a\"", "2"}},
      {{"f", FilterOp::kIn, Json::array()}, "FALSE", {}},
      {{"f", FilterOp::kNotIn, Json::array()}, "TRUE", {}},
      {{"f", FilterOp::kNotIn, {1}}, "(" + f + " IS NULL OR " + f + " NOT IN ($2::jsonb))", {"1"}},
      {{"f", FilterOp::kIsSet, nullptr}, "(" + t + " IS NOT NULL AND " + t + " != '')", {}},
      {{"f", FilterOp::kIsNotSet, nullptr}, "(" + t + " IS NULL OR " + t + " = '')", {}},
      {{"f", FilterOp::kBetween, {"a", "b"}},
       f + " BETWEEN $2::jsonb AND $3::jsonb",
       {"\"a\"", "\"b\""}},
      {{"name", FilterOp::kEq, 12}, "name = $2::text", {"12"}},
      {{"docstatus", FilterOp::kEq, "1"}, "docstatus = $2::numeric", {"1"}},
      {{"docstatus", FilterOp::kIsSet, nullptr},
       "(docstatus::text IS NOT NULL AND docstatus::text != '')",
       {}},
  };
  for (const Case& c : cases) {
    auto q = BuildCount(DocQuery{"Issue", {c.filter}});
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    EXPECT_EQ(q->sql, "SELECT COUNT(*) FROM documents WHERE doctype = $1::text AND " + c.where);
    std::vector<Json> binds = {"Issue"};
    binds.insert(binds.end(), c.binds.begin(), c.binds.end());
    EXPECT_EQ(q->binds, binds) << c.where;
  }
}

TEST(PgSqlBuilderTest, RefusesWhatCannotBeCompared) {
  EXPECT_EQ(BuildSelect(DocQuery{"Issue", {{"docstatus", FilterOp::kEq, "draft"}}}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(BuildSelect(DocQuery{"Issue", {{"a'", FilterOp::kEq, 1}}}).ok());
  EXPECT_FALSE(BuildSelect(DocQuery{"Issue", {}, {{"a desc, (select 1)", false}}}).ok());
}

TEST(PgSqlBuilderTest, OrderPutsMissingValuesFirstLikeSqlite) {
  auto q = BuildSelect(DocQuery{"Issue", {}, {{"total", true}, {"name", false}}, 20, 10});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->sql,
            "SELECT data FROM documents WHERE doctype = $1::text ORDER BY NULLIF(data -> "
            "'total', 'null') DESC NULLS LAST, name ASC LIMIT $2::bigint OFFSET $3::bigint");
  EXPECT_EQ(q->binds, (std::vector<Json>{"Issue", 10, 20}));
  auto all = BuildSelect(DocQuery{"Issue", {}, {{"total", false}}, 5, -1});
  EXPECT_EQ(all->binds, (std::vector<Json>{"Issue", nullptr, 5}));  // LIMIT NULL: no limit.
  EXPECT_EQ(BuildSelect(DocQuery{"Issue"})->sql,
            "SELECT data FROM documents WHERE doctype = $1::text ORDER BY modified DESC");
}

TEST(PgSqlBuilderTest, IndexNamesFitPostgresIdentifiers) {
  EXPECT_EQ(FieldIndexName({"due_date"}), "\"documents_by(due_date)\"");
  EXPECT_NE(FieldIndexName({"a_b"}), FieldIndexName({"a", "b"}));
  std::vector<std::string> long1 = {std::string(40, 'a'), std::string(30, 'b')};
  std::vector<std::string> long2 = {std::string(40, 'a'), std::string(30, 'c')};
  EXPECT_LE(FieldIndexName(long1).size(), 63u + 2);
  EXPECT_NE(FieldIndexName(long1), FieldIndexName(long2));
  EXPECT_EQ(FieldIndexSql({"due_date"}),
            "CREATE INDEX IF NOT EXISTS \"documents_by(due_date)\" ON documents (doctype, "
            "NULLIF(data -> 'due_date', 'null')) WHERE NULLIF(data -> 'due_date', 'null') IS NOT "
            "NULL");
}

TEST(PgSqlBuilderTest, IndexedFieldsComeFromTheIndexDefinition) {
  EXPECT_EQ(IndexedFields("CREATE INDEX \"documents_by(a,b)\" ON public.documents USING btree "
                          "(doctype, NULLIF((data -> 'a'::text), 'null'::jsonb), "
                          "NULLIF((data -> 'b'::text), 'null'::jsonb)) WHERE "
                          "(NULLIF((data -> 'a'::text), 'null'::jsonb) IS NOT NULL)"),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(IndexedFields("CREATE INDEX documents_by_modified ON public.documents USING btree "
                            "(doctype, modified)")
                  .empty());
}

TEST(PgSqlBuilderTest, PlansThatReadEveryDocumentOfTheDoctype) {
  struct Case {
    const char* what;
    const char* plan;
    bool scans_all;
  };
  const std::vector<Case> cases = {
      {"seq scan", "Sort\n  Sort Key: modified DESC\n  ->  Seq Scan on documents\n", true},
      {"field index",
       "Sort\n  ->  Index Scan using \"documents_by(due_date)\" on documents\n        Index Cond: "
       "((doctype = 'Issue'::text) AND (NULLIF((data -> 'due_date'::text), 'null'::jsonb) = "
       "'\"x\"'::jsonb))\n",
       false},
      {"doctype only",
       "Bitmap Heap Scan on documents\n  Recheck Cond: (doctype = 'Issue'::text)\n  Filter: "
       "(x)\n  ->  Bitmap Index Scan on documents_by_modified\n        Index Cond: (doctype = "
       "'Issue'::text)\n",
       true},
      {"name seek",
       "Index Scan using documents_pkey on documents\n  Index Cond: ((doctype = 'Issue'::text) "
       "AND (name = 'I1'::text))\n",
       false},
      {"full index scan", "Index Scan Backward using documents_by_modified on documents\n", true},
  };
  for (const Case& c : cases) EXPECT_EQ(PlanScansAll(c.plan, "Issue"), c.scans_all) << c.what;
  EXPECT_TRUE(
      PlanScansAll("Index Scan using documents_pkey on documents\n  Index Cond: "
                   "(doctype = 'O''Neil'::text)\n",
                   "O'Neil"));
}

}  // namespace
}  // namespace crier::pg
