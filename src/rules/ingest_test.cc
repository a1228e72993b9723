#include "rules/ingest.h"

#include <gtest/gtest.h>

namespace crier::rules {
namespace {

using Json = nlohmann::json;

Meta MakeMeta(const Json& def) {
  Result<Meta> m = MetaFromDocType(def);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return std::move(m).value();
}

TEST(IngestTest, AcceptedHooks) {
  for (const char* hook : {"after_insert", "on_update", "on_submit", "on_cancel", "on_trash",
                           "on_change", "on_update_after_submit"}) {
    EXPECT_TRUE(IsIngestibleHook(hook)) << hook;
  }
  for (const char* hook : {"validate", "before_save", "New", "", "on_save"}) {
    EXPECT_FALSE(IsIngestibleHook(hook)) << hook;
  }
}

// A whole Frappe document (what a Frappe Webhook sends): fields the DocType has are kept,
// Frappe's standard and hidden keys dropped silently, other unknown keys listed.
TEST(IngestTest, KeepsTheDocTypesFieldsAndListsTheOthers) {
  Meta item = MakeMeta(Json{{"name", "Order Item"},
                            {"istable", 1},
                            {"fields", {{{"fieldname", "item_code"}, {"fieldtype", "Data"}}}}});
  Meta order = MakeMeta(
      Json{{"name", "Sales Order"},
           {"fields",
            {{{"fieldname", "customer"}, {"fieldtype", "Data"}},
             {{"fieldname", "items"}, {"fieldtype", "Table"}, {"options", "Order Item"}}}}});
  Json doc = {
      {"doctype", "Sales Order"},
      {"name", "SO-0001"},
      {"owner", "jane@x.com"},
      {"modified", "2026-03-01 10:00:00"},
      {"docstatus", 1},
      {"_comments", "[]"},
      {"_assign", "[]"},
      {"customer", "ACME"},
      {"grand_total", 120.5},
      {"taxes_and_charges", nullptr},
      {"items",
       {{{"name", "row1"}, {"idx", 1}, {"parent", "SO-0001"}, {"item_code", "X"}, {"rate", 10}}}}};
  IngestedDoc in = FilterIngested(order, doc, [&](std::string_view name) -> const Meta* {
    return name == "Order Item" ? &item : nullptr;
  });
  EXPECT_EQ(in.fields,
            (Json{{"customer", "ACME"}, {"items", {{{"name", "row1"}, {"item_code", "X"}}}}}));
  EXPECT_EQ(in.ignored,
            (std::vector<std::string>{"grand_total", "items.rate", "taxes_and_charges"}));
}

TEST(IngestTest, TargetDocstatus) {
  struct Case {
    const char* event;
    Json doc;
    std::optional<int> stored;
    int expected;
  };
  const Case cases[] = {
      {"after_insert", Json::object(), std::nullopt, 0},
      {"after_insert", {{"docstatus", 1}}, std::nullopt, 1},
      {"on_update", Json::object(), 1, 1},
      {"on_submit", Json::object(), 0, 1},
      {"on_cancel", Json::object(), 1, 2},
      {"on_cancel", {{"docstatus", 2}}, 1, 2},
      {"on_change", {{"docstatus", 0}}, 0, 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TargetDocstatus(c.event, c.doc, c.stored), c.expected) << c.event << c.doc.dump();
  }
}

}  // namespace
}  // namespace crier::rules
