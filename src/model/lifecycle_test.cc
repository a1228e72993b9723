#include "model/lifecycle.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

Meta Submittable(bool yes) {
  Meta m;
  m.name = "Thing";
  m.is_submittable = yes;
  return m;
}

TEST(LifecycleTest, DocstatusTransitions) {
  struct Case {
    bool submittable;
    int from, to;
    std::optional<WriteAction> action;
  };
  const Case cases[] = {
      {true, 0, 0, WriteAction::kSave},
      {true, 0, 1, WriteAction::kSubmit},
      {true, 1, 1, WriteAction::kUpdateAfterSubmit},
      {true, 1, 2, WriteAction::kCancel},
      {true, 0, 2, std::nullopt},
      {true, 1, 0, std::nullopt},
      {true, 2, 0, std::nullopt},
      {true, 2, 1, std::nullopt},
      {true, 2, 2, std::nullopt},
      {true, 0, 3, std::nullopt},
      {false, 0, 0, WriteAction::kSave},
      {false, 0, 1, std::nullopt},
      {false, 0, 2, std::nullopt},
  };
  for (const Case& c : cases) {
    auto got = DecideUpdate(Submittable(c.submittable), c.from, c.to);
    if (c.action) {
      ASSERT_TRUE(got.ok()) << c.from << "->" << c.to;
      EXPECT_EQ(*got, *c.action) << c.from << "->" << c.to;
    } else {
      EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument) << c.from << "->" << c.to;
      EXPECT_EQ(got.status().field(), "docstatus");
    }
  }
}

TEST(LifecycleTest, InsertAndDelete) {
  EXPECT_EQ(*DecideInsert(Submittable(true), 0), WriteAction::kInsert);
  EXPECT_EQ(*DecideInsert(Submittable(true), 1), WriteAction::kInsertSubmitted);
  EXPECT_FALSE(DecideInsert(Submittable(true), 2).ok());
  EXPECT_FALSE(DecideInsert(Submittable(false), 1).ok());
  EXPECT_TRUE(DecideDelete(Submittable(true), 0).ok());
  EXPECT_TRUE(DecideDelete(Submittable(true), 2).ok());
  EXPECT_FALSE(DecideDelete(Submittable(true), 1).ok());
}

TEST(LifecycleTest, HooksRunInFrappesOrder) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(HooksFor(WriteAction::kInsert).before_naming, V{"before_insert"});
  EXPECT_EQ(HooksFor(WriteAction::kInsert).before, (V{"validate", "before_save"}));
  EXPECT_EQ(HooksFor(WriteAction::kInsert).after, (V{"after_insert", "on_update", "on_change"}));
  EXPECT_EQ(HooksFor(WriteAction::kInsertSubmitted).after,
            (V{"after_insert", "on_update", "on_submit", "on_change"}));
  EXPECT_EQ(HooksFor(WriteAction::kSave).after, (V{"on_update", "on_change"}));
  EXPECT_EQ(HooksFor(WriteAction::kSubmit).before, (V{"validate", "before_submit"}));
  EXPECT_EQ(HooksFor(WriteAction::kSubmit).after, (V{"on_update", "on_submit", "on_change"}));
  EXPECT_EQ(HooksFor(WriteAction::kUpdateAfterSubmit).before, V{"before_update_after_submit"});
  EXPECT_EQ(HooksFor(WriteAction::kUpdateAfterSubmit).after,
            (V{"on_update_after_submit", "on_change"}));
  EXPECT_EQ(HooksFor(WriteAction::kCancel).before, V{"before_cancel"});
  EXPECT_EQ(HooksFor(WriteAction::kCancel).after, (V{"on_cancel", "on_change"}));
  EXPECT_EQ(HooksFor(WriteAction::kDelete).before, V{"on_trash"});
  EXPECT_EQ(HooksFor(WriteAction::kDelete).after, V{"after_delete"});
}

}  // namespace
}  // namespace crier
