#include "store/sqlite/sql_builder.h"

#include <gtest/gtest.h>

namespace crier::sqlite {
namespace {

TEST(SqlBuilderTest, FieldsBecomeColumnsOrJsonPaths) {
  EXPECT_EQ(FieldExpression("modified"), "modified");
  EXPECT_EQ(FieldExpression("due_date"), "json_extract(data, '$.due_date')");
}

TEST(SqlBuilderTest, ValuesAreAlwaysBound) {
  struct Case {
    Filter filter;
    std::string where;
    std::vector<Json> binds;
  };
  const std::string f = "json_extract(data, '$.f')";
  const std::vector<Case> cases = {
      {{"f", FilterOp::kEq, "x"}, f + " = ?2", {"x"}},
      {{"f", FilterOp::kEq, nullptr}, f + " IS NULL", {}},
      {{"f", FilterOp::kNe, "x"}, f + " IS NOT ?2", {"x"}},
      {{"f", FilterOp::kGe, 3}, f + " >= ?2", {3}},
      {{"f", FilterOp::kLike, "%a'b%"}, f + " LIKE ?2", {"%a'b%"}},
      {{"f", FilterOp::kNotLike, "a"}, "(" + f + " IS NULL OR " + f + " NOT LIKE ?2)", {"a"}},
      {{"f", FilterOp::kIn, {"a", "b"}}, f + " IN (?2, ?3)", {"a", "b"}},
      {{"f", FilterOp::kIn, Json::array()}, "0", {}},
      {{"f", FilterOp::kNotIn, {1}}, "(" + f + " IS NULL OR " + f + " NOT IN (?2))", {1}},
      {{"f", FilterOp::kIsSet, nullptr}, "(" + f + " IS NOT NULL AND " + f + " != '')", {}},
      {{"f", FilterOp::kIsNotSet, nullptr}, "(" + f + " IS NULL OR " + f + " = '')", {}},
      {{"f", FilterOp::kBetween, {"a", "b"}}, f + " BETWEEN ?2 AND ?3", {"a", "b"}},
  };
  for (const Case& c : cases) {
    auto q = BuildCount(DocQuery{"Issue", {c.filter}});
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    EXPECT_EQ(q->sql, "SELECT COUNT(*) FROM documents WHERE doctype = ?1 AND " + c.where);
    std::vector<Json> binds = {"Issue"};
    binds.insert(binds.end(), c.binds.begin(), c.binds.end());
    EXPECT_EQ(q->binds, binds) << c.where;
  }
}

TEST(SqlBuilderTest, OrderAndPage) {
  auto q = BuildSelect(DocQuery{"Issue", {}, {{"total", true}, {"name", false}}, 20, 10});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->sql,
            "SELECT data FROM documents WHERE doctype = ?1 ORDER BY json_extract(data, "
            "'$.total') DESC, name ASC LIMIT ?2 OFFSET ?3");
  EXPECT_EQ(q->binds, (std::vector<Json>{"Issue", 10, 20}));
  auto d = BuildSelect(DocQuery{"Issue"});
  EXPECT_EQ(d->sql, "SELECT data FROM documents WHERE doctype = ?1 ORDER BY modified DESC");
}

TEST(SqlBuilderTest, RefusesFieldNamesThatAreNotIdentifiers) {
  EXPECT_FALSE(BuildSelect(DocQuery{"Issue", {{"a'", FilterOp::kEq, 1}}}).ok());
  EXPECT_FALSE(BuildSelect(DocQuery{"Issue", {}, {{"a desc, (select 1)", false}}}).ok());
}

TEST(SqlBuilderTest, IndexNamesAreDistinctPerFieldList) {
  EXPECT_NE(FieldIndexName({"a_b"}), FieldIndexName({"a", "b"}));
  EXPECT_EQ(FieldIndexSql({"due_date"}),
            "CREATE INDEX IF NOT EXISTS \"documents_by(due_date)\" ON documents (doctype, "
            "json_extract(data, '$.due_date')) WHERE json_extract(data, '$.due_date') IS NOT NULL");
}

}  // namespace
}  // namespace crier::sqlite

namespace crier::sqlite {
namespace {

TEST(SqlBuilderTest, OrderDoesNotCompeteWithASeekableFieldIndex) {
  IndexedField indexed = [](std::string_view f) { return f == "due_date"; };
  auto seek = BuildSelect(DocQuery{"Issue", {{"due_date", FilterOp::kEq, "2026-01-01"}}}, indexed);
  EXPECT_NE(seek->sql.find("ORDER BY +modified DESC"), std::string::npos) << seek->sql;
  auto other = BuildSelect(DocQuery{"Issue", {{"status", FilterOp::kEq, "Open"}}}, indexed);
  EXPECT_NE(other->sql.find("ORDER BY modified DESC"), std::string::npos) << other->sql;
  auto unset = BuildSelect(DocQuery{"Issue", {{"due_date", FilterOp::kIsNotSet}}}, indexed);
  EXPECT_NE(unset->sql.find("ORDER BY modified DESC"), std::string::npos) << unset->sql;
}

TEST(SqlBuilderTest, FirstIndexedFieldReadsIndexNames) {
  EXPECT_EQ(FirstIndexedField("documents_by(due_date)"), "due_date");
  EXPECT_EQ(FirstIndexedField("documents_by(document_type,event)"), "document_type");
  EXPECT_EQ(FirstIndexedField("documents_by_modified"), std::nullopt);
  EXPECT_EQ(FirstIndexedField("sqlite_autoindex_documents_1"), std::nullopt);
}

}  // namespace
}  // namespace crier::sqlite
