#include "store/query.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

TEST(QueryTest, ParsesEveryFrappeOperator) {
  struct Case {
    const char* text;
    std::optional<FilterOp> op;
  };
  const Case cases[] = {
      {"=", FilterOp::kEq},
      {"!=", FilterOp::kNe},
      {"<>", FilterOp::kNe},
      {">", FilterOp::kGt},
      {"<", FilterOp::kLt},
      {">=", FilterOp::kGe},
      {"<=", FilterOp::kLe},
      {"like", FilterOp::kLike},
      {"LIKE", FilterOp::kLike},
      {"not like", FilterOp::kNotLike},
      {"Not  Like", FilterOp::kNotLike},
      {"in", FilterOp::kIn},
      {"not in", FilterOp::kNotIn},
      {"is set", FilterOp::kIsSet},
      {"is not set", FilterOp::kIsNotSet},
      {"between", FilterOp::kBetween},
      {" = ", FilterOp::kEq},
      {"=>", std::nullopt},
      {"regexp", std::nullopt},
      {"", std::nullopt},
      {"is", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseFilterOp(c.text), c.op) << c.text;
    if (c.op) {
      EXPECT_EQ(ParseFilterOp(FilterOpName(*c.op)), c.op);
    }
  }
}

TEST(QueryTest, FieldNamesAreLowercaseIdentifiers) {
  EXPECT_TRUE(IsValidFieldName("due_date"));
  EXPECT_TRUE(IsValidFieldName("_liked_by"));
  EXPECT_TRUE(IsValidFieldName("field2"));
  EXPECT_FALSE(IsValidFieldName(""));
  EXPECT_FALSE(IsValidFieldName("2field"));
  EXPECT_FALSE(IsValidFieldName("Subject"));
  EXPECT_FALSE(IsValidFieldName("a.b"));
  EXPECT_FALSE(IsValidFieldName("x') OR 1=1 --"));
  EXPECT_FALSE(IsValidFieldName(std::string(65, 'a')));
}

TEST(QueryTest, StandardColumns) {
  EXPECT_TRUE(IsStandardColumn("modified"));
  EXPECT_TRUE(IsStandardColumn("docstatus"));
  EXPECT_FALSE(IsStandardColumn("doctype"));
  EXPECT_FALSE(IsStandardColumn("status"));
}

}  // namespace
}  // namespace crier
