#include "delivery/lane.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

HeldRow Row(std::int64_t id) {
  HeldRow h;
  h.row.id = id;
  return h;
}

std::vector<std::int64_t> Ids(const Lane& lane) {
  std::vector<std::int64_t> ids;
  for (const HeldRow& h : lane.rows) ids.push_back(h.row.id);
  return ids;
}

TEST(LaneTest, RowsStayInIdOrderWithoutDuplicates) {
  Lane lane;
  EXPECT_TRUE(lane.idle());
  EXPECT_TRUE(InsertInOrder(lane, Row(5)));
  EXPECT_TRUE(InsertInOrder(lane, Row(9)));
  EXPECT_TRUE(InsertInOrder(lane, Row(7)));
  EXPECT_FALSE(InsertInOrder(lane, Row(7))) << "a re-claimed row is held once";
  EXPECT_EQ(Ids(lane), (std::vector<std::int64_t>{5, 7, 9}));
  lane.in_flight = true;
  EXPECT_TRUE(InsertInOrder(lane, Row(1)));
  EXPECT_EQ(Ids(lane), (std::vector<std::int64_t>{5, 1, 7, 9})) << "never ahead of the one sent";
  EXPECT_FALSE(lane.idle());
}

}  // namespace
}  // namespace crier
