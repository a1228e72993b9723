#include "base/invalidated_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace crier {
namespace {

TEST(InvalidatedCacheTest, LoadsOnceUntilInvalidated) {
  InvalidatedCache<std::string> cache;
  int loads = 0;
  auto load = [&]() -> Result<std::string> { return "v" + std::to_string(++loads); };
  EXPECT_EQ(*cache.Get("a", load), "v1");
  EXPECT_EQ(*cache.Get("a", load), "v1");
  EXPECT_EQ(*cache.Get("b", load), "v2");
  cache.Invalidate("a");
  EXPECT_EQ(*cache.Get("a", load), "v3");
  EXPECT_EQ(*cache.Get("b", load), "v2") << "only the named entry goes";
  cache.Invalidate("");
  EXPECT_EQ(*cache.Get("b", load), "v4") << "an empty name drops every entry";
}

TEST(InvalidatedCacheTest, AFailedLoadIsNotKept) {
  InvalidatedCache<int> cache;
  Result<int> failed = cache.Get("a", []() -> Result<int> { return Internal("disk"); });
  EXPECT_EQ(failed.status().code(), StatusCode::kInternal);
  EXPECT_EQ(*cache.Get("a", []() -> Result<int> { return 7; }), 7);
}

// A change that commits while an entry loads: the load is returned, not kept, so the next Get
// reads again and sees the change.
TEST(InvalidatedCacheTest, ALoadThatRacedWithAnInvalidationIsNotKept) {
  InvalidatedCache<int> cache;
  int stored = 1;
  Result<int> raced = cache.Get("a", [&]() -> Result<int> {
    int read = stored;
    stored = 2;
    cache.Invalidate("a");
    return read;
  });
  EXPECT_EQ(*raced, 1);
  EXPECT_EQ(*cache.Get("a", [&]() -> Result<int> { return stored; }), 2);
  EXPECT_EQ(*cache.Get("a", []() -> Result<int> { return 3; }), 2) << "kept once not raced";
}

}  // namespace
}  // namespace crier
