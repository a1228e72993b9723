#include "delivery/gone_tracker.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

Outcome Of(Verdict verdict, Reason reason) {
  Outcome o;
  o.verdict = verdict;
  o.reason = reason;
  return o;
}

const Outcome kGone = Of(Verdict::kFailed, Reason::kGone);
const Outcome kDelivered = Of(Verdict::kDelivered, Reason::kDelivered);
const Outcome kTimeout = Of(Verdict::kRetry, Reason::kTimeout);
const Outcome kRejected = Of(Verdict::kFailed, Reason::kRejected);

TEST(GoneTrackerTest, DisablesAfterThreeGoneAnswersInARow) {
  GoneTracker tracker;
  struct Step {
    Outcome outcome;
    bool disable;
    int count;
  } steps[] = {
      {kGone, false, 1}, {kGone, false, 2},    {kDelivered, false, 0},  // Alive again.
      {kGone, false, 1}, {kTimeout, false, 1}, {kRejected, false, 1},   // Neutral.
      {kGone, false, 2}, {kGone, true, 3},                              // Disable once...
      {kGone, false, 4},                                                // ...not again.
  };
  for (const Step& s : steps) {
    EXPECT_EQ(tracker.Record("ops", s.outcome), s.disable);
    EXPECT_EQ(tracker.consecutive("ops"), s.count);
  }
  EXPECT_EQ(tracker.consecutive("other"), 0);
  tracker.Forget("ops");
  EXPECT_EQ(tracker.consecutive("ops"), 0);
}

TEST(GoneTrackerTest, WebhooksAreCountedApart) {
  GoneTracker tracker(2);
  EXPECT_FALSE(tracker.Record("a", kGone));
  EXPECT_FALSE(tracker.Record("b", kGone));
  EXPECT_TRUE(tracker.Record("a", kGone));
  EXPECT_TRUE(tracker.Record("b", kGone));
}

}  // namespace
}  // namespace crier
