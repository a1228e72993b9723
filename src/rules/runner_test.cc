#include "rules/runner.h"

#include <gtest/gtest.h>

namespace crier::rules {
namespace {

TEST(RunnerTest, PropertySaveOriginsChainTheNotifications) {
  EXPECT_EQ(PropertyOrigin("", "A"), "notification:A");
  EXPECT_EQ(PropertyOrigin("events.ingest", "A"), "notification:A");
  EXPECT_EQ(PropertyOrigin("notification:A", "B"), "notification:A\nB");
  struct Case {
    const char* origin;
    const char* notification;
    bool in_chain;
  };
  const Case cases[] = {
      {"notification:A", "A", true},
      {"notification:A", "B", false},
      {"notification:AB", "A", false},
      {"notification:A\nB", "A", true},
      {"notification:A\nB", "B", true},
      {"notification:A\nB", "A\nB", false},
      {"", "A", false},
      {"scheduler", "scheduler", false},
      {"notification:Due soon", "Due soon", true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(PropertyChainHas(c.origin, c.notification), c.in_chain)
        << c.origin << " / " << c.notification;
  }
}

}  // namespace
}  // namespace crier::rules
