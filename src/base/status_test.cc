#include "base/status.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument("odd number", "x");
  return x / 2;
}

Result<int> Quarter(int x) {
  CRIER_ASSIGN_OR_RETURN(int half, Half(x));
  return Half(half);
}

TEST(StatusTest, ToStringNamesCodeAndField) {
  EXPECT_EQ(Status::Ok().ToString(), "OK");
  EXPECT_EQ(InvalidArgument("bad", "total").ToString(), "InvalidArgument: bad (field: total)");
  EXPECT_EQ(NotFound("no such document").ToString(), "NotFound: no such document");
}

TEST(StatusTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "x");
}

TEST(StatusTest, ResultFromOkStatusIsAnInternalError) {
  Result<int> r = Status::Ok();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace crier
