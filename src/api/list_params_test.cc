#include "api/list_params.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

Result<ListRequest> Parse(std::string_view query) {
  auto q = http::ParseQueryString(query);
  EXPECT_TRUE(q.ok());
  return ParseListParams("Issue", *q);
}

TEST(ListParamsTest, FrappeParameters) {
  auto r = Parse(
      "fields=%5B%22name%22%2C%22subject%22%5D&filters=%5B%5B%22status%22%2C%22%3D%22%2C%22Open%22"
      "%5D%5D&order_by=modified%20desc&limit_start=20&limit_page_length=10&debug=1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->doctype, "Issue");
  EXPECT_EQ(r->fields, (Json{"name", "subject"}));
  EXPECT_EQ(r->filters, (Json{{"status", "=", "Open"}}));
  EXPECT_EQ(r->order_by, "modified desc");
  EXPECT_EQ(r->limit_start, 20);
  EXPECT_EQ(r->limit_page_length, 10);
  auto defaults = Parse("");
  EXPECT_EQ(defaults->limit_page_length, 20);
  EXPECT_EQ(defaults->limit_start, 0);
  EXPECT_TRUE(defaults->fields.is_null());
  EXPECT_EQ(Parse("limit=5&start=2")->limit_page_length, 5);
  EXPECT_EQ(Parse("limit=5&start=2")->limit_start, 2);
  EXPECT_EQ(Parse("fields=*")->fields, "*");
  EXPECT_EQ(Parse("fields=subject")->fields, Json::array({"subject"}));
  EXPECT_EQ(Parse("filters=%7B%22status%22%3A%22Open%22%7D")->filters, (Json{{"status", "Open"}}));
}

TEST(ListParamsTest, ErrorsNameTheParameter) {
  EXPECT_EQ(Parse("filters=%5B%5B").status().field(), "filters");
  EXPECT_EQ(Parse("filters=status").status().field(), "filters");
  EXPECT_EQ(Parse("fields=%5Bname").status().field(), "fields");
  EXPECT_EQ(Parse("limit_page_length=-1").status().field(), "limit_page_length");
  EXPECT_EQ(Parse("limit_start=ten").status().field(), "limit_start");
}

}  // namespace
}  // namespace crier
