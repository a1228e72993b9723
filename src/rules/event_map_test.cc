#include "rules/event_map.h"

#include <gtest/gtest.h>

namespace crier::rules {
namespace {

// Reference 2.1/2.2 and DESIGN.md section 4, hook by hook, for every kind of write: running each
// write's hooks (lifecycle.h) through EventForHook gives exactly the events Frappe fires.
TEST(EventMapTest, EachWriteFiresFrappesEventsInOrder) {
  struct Case {
    WriteAction action;
    std::vector<Event> events;
  };
  const Case cases[] = {
      {WriteAction::kInsert, {Event::kNew, Event::kSave}},
      {WriteAction::kInsertSubmitted, {Event::kNew, Event::kSave, Event::kSubmit}},
      {WriteAction::kSave, {Event::kSave, Event::kValueChange}},
      {WriteAction::kSubmit, {Event::kSave, Event::kSubmit, Event::kValueChange}},
      {WriteAction::kUpdateAfterSubmit, {Event::kValueChange}},
      {WriteAction::kCancel, {Event::kCancel, Event::kValueChange}},
      {WriteAction::kDelete, {}},
  };
  for (const Case& c : cases) {
    const HookPlan& plan = HooksFor(c.action);
    std::vector<Event> fired;
    for (const auto* hooks : {&plan.before_naming, &plan.before, &plan.after}) {
      for (std::string_view hook : *hooks) {
        if (auto e = EventForHook(hook, c.action)) fired.push_back(*e);
      }
    }
    EXPECT_EQ(fired, c.events) << ActionName(c.action);
  }
}

TEST(EventMapTest, HooksWithoutAnEvent) {
  for (const char* hook : {"before_insert", "validate", "before_save", "before_submit", "on_trash",
                           "after_delete", "on_update_after_submit", "whatever"}) {
    EXPECT_FALSE(EventForHook(hook, WriteAction::kSave)) << hook;
  }
  // Value Change is suppressed while inserting and deleting only.
  EXPECT_FALSE(EventForHook("on_change", WriteAction::kInsert));
  EXPECT_FALSE(EventForHook("on_change", WriteAction::kInsertSubmitted));
  EXPECT_FALSE(EventForHook("on_change", WriteAction::kDelete));
  EXPECT_EQ(EventForHook("on_change", WriteAction::kUpdateAfterSubmit), Event::kValueChange);
}

}  // namespace
}  // namespace crier::rules
