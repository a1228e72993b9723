#include "rules/frappe_db.h"

#include <gtest/gtest.h>

#include "expr/expression.h"
#include "model/test_env.h"
#include "value/json.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

class FrappeDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        env_.Insert("DocType", {{"name", "Item"},
                                {"autoname", "field:code"},
                                {"fields",
                                 {{{"fieldname", "code"}, {"fieldtype", "Data"}},
                                  {{"fieldname", "price"}, {"fieldtype", "Currency"}},
                                  {{"fieldname", "pin"}, {"fieldtype", "Data"}, {"secret", 1}}}}})
            .ok());
    for (auto [code, price] : {std::pair{"A", 10}, {"B", 20}, {"C", 20}}) {
      ASSERT_TRUE(env_.Insert("Item", {{"code", code}, {"price", price}, {"pin", "1234"}}).ok());
    }
  }

  // The expression's value as JSON text, or the error's text.
  std::string Eval(const std::string& expression) {
    auto txn = env_.store().BeginRead();
    value::Context context;
    context.Set("frappe", MakeFrappeObject(context.arena(), **txn, env_.documents()));
    expr::Options options;
    options.names = {"frappe"};
    auto compiled = expr::Compile(expression, options);
    if (!compiled.ok()) return compiled.error().ToString();
    auto out = compiled->EvaluateJson(context);
    return out.ok() ? *out : out.error().ToString();
  }

  ModelTestEnv env_;
};

TEST_F(FrappeDbTest, ReadsDocuments) {
  struct Case {
    const char* expression;
    const char* result;
  };
  const Case cases[] = {
      {"frappe.db.get_value('Item', 'A', 'price')", "10.0"},
      {"frappe.db.get_value('Item', 'A')", "\"A\""},
      {"frappe.db.get_value('Item', 'Z', 'price')", "null"},
      {"frappe.db.get_value('Item', {'price': 10}, 'code')", "\"A\""},
      {"frappe.db.get_value('Item', [['price', '>', 15]], 'price')", "20.0"},
      {"frappe.db.get_value('Item', 'B', ['code', 'price'])", "[\"B\", 20.0]"},
      {"frappe.db.get_value('Item', 'B', ['price'], as_dict=True)", "{\"price\": 20.0}"},
      {"frappe.db.exists('Item', 'C')", "\"C\""},
      {"frappe.db.exists('Item', 'Z')", "null"},
      {"frappe.db.exists('Item', {'price': 20}) is not None", "true"},
      {"frappe.db.count('Item')", "3"},
      {"frappe.db.count('Item', {'price': 20})", "2"},
      {"frappe.utils.flt('1,5')", "15.0"},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.expression), c.result) << c.expression;
}

TEST_F(FrappeDbTest, RefusesSecretsUnknownNamesAndBadFilters) {
  struct Case {
    const char* expression;
    const char* error_part;
  };
  const Case cases[] = {
      {"frappe.db.get_value('Item', 'A', 'pin')", "Item.pin is secret"},
      {"frappe.db.get_value('Item', 'A', ['code', 'pin'])", "Item.pin is secret"},
      {"frappe.db.get_value('Incoming Webhook URL', 'x', 'webhook_url')",
       "Incoming Webhook URL.webhook_url is secret"},
      {"frappe.db.get_value('Item', 'A', 'colour')", "Item has no field 'colour'"},
      {"frappe.db.count('Nope')", "ValueError"},
      {"frappe.db.count('Item', {'colour': 1})", "colour"},
      {"frappe.db.get_value()", "TypeError"},
      {"frappe.db.drop('Item')", "AttributeError"},
  };
  for (const Case& c : cases) {
    std::string out = Eval(c.expression);
    EXPECT_NE(out.find(c.error_part), std::string::npos) << c.expression << ": " << out;
    EXPECT_EQ(out.find("1234"), std::string::npos) << c.expression << ": " << out;
  }
  // A whole document leaves secret fields out.
  std::string whole = Eval("frappe.db.get_value('Item', 'A', '*')");
  EXPECT_NE(whole.find("\"price\": 10.0"), std::string::npos) << whole;
  EXPECT_EQ(whole.find("pin"), std::string::npos) << whole;
}

}  // namespace
}  // namespace crier::rules
