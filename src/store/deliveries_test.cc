#include "store/deliveries.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

TEST(DeliveriesTest, ANameIsTheRowIdOnTenDigitsAndOnlyThat) {
  EXPECT_EQ(DeliveryName(42), "DLV-0000000042");
  EXPECT_EQ(DeliveryRowId("DLV-0000000042"), 42);
  EXPECT_EQ(DeliveryRowId(DeliveryName(12345678901)), 12345678901) << "more than ten digits";
  for (const char* other : {"DLV-42", "DLV-00000000042", "DLV-000000004x", "DLV--000000042",
                            "DLV-+000000042", "dlv-0000000042", "DLV-", "", "Ops"}) {
    EXPECT_EQ(DeliveryRowId(other), std::nullopt) << other;
  }
}

TEST(DeliveriesTest, TheViewHasAColumnForEachFieldOfTheDocType) {
  for (const char* field : {"name", "modified", "status", "webhook", "message", "outbox_id"}) {
    EXPECT_TRUE(IsDeliveryColumn(field)) << field;
  }
  EXPECT_FALSE(IsDeliveryColumn("payload")) << "a column of the row, not a field";
  EXPECT_FALSE(IsDeliveryColumn("no_such_field"));
}

}  // namespace
}  // namespace crier
