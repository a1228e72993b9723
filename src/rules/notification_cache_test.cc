#include "rules/notification_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace crier::rules {
namespace {

using Json = nlohmann::json;

Json Notification(const std::string& name, const std::string& event,
                  const std::string& method = "") {
  return {{"name", name}, {"document_type", "Issue"}, {"event", event}, {"method", method}};
}

TEST(NotificationCacheTest, GroupsByEventAndMethod) {
  DoctypeRules rules(CompiledList{
      CompiledNotification::Compile(SpecFromDoc(Notification("a", "Save"))),
      CompiledNotification::Compile(SpecFromDoc(Notification("b", "Save"))),
      CompiledNotification::Compile(SpecFromDoc(Notification("c", "Method", "on_trash"))),
      CompiledNotification::Compile(SpecFromDoc(Notification("d", "Days Before"))),
      CompiledNotification::Compile(SpecFromDoc(Notification("e", "")))});
  EXPECT_EQ(rules.ForEvent(Event::kSave).size(), 2u);
  EXPECT_TRUE(rules.ForEvent(Event::kNew).empty());
  EXPECT_EQ(rules.ForEvent(Event::kMethod).size(), 1u);
  ASSERT_EQ(rules.ForMethod("on_trash").size(), 1u);
  EXPECT_EQ(rules.ForMethod("on_trash")[0]->name(), "c");
  EXPECT_TRUE(rules.ForMethod("validate").empty());
  EXPECT_TRUE(rules.HasMethod("on_trash"));
  EXPECT_EQ(rules.all().size(), 5u);
  ASSERT_NE(rules.Find("d"), nullptr);
  EXPECT_EQ(rules.Find("zz"), nullptr);
}

TEST(NotificationCacheTest, LoadsOncePerDocTypeUntilInvalidated) {
  std::atomic<int> loads{0};
  NotificationCache cache([&](std::string_view doctype) -> Result<std::vector<Json>> {
    ++loads;
    if (doctype == "Broken") return Status(StatusCode::kUnavailable, "database down");
    return std::vector<Json>{Notification(std::string(doctype) + "-n", "Save")};
  });
  auto a = cache.Get("Issue");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)->all()[0]->name(), "Issue-n");
  ASSERT_TRUE(cache.Get("Issue").ok());
  ASSERT_TRUE(cache.Get("Order").ok());
  EXPECT_EQ(loads, 2);
  cache.Invalidate("Issue");
  ASSERT_TRUE(cache.Get("Issue").ok());
  ASSERT_TRUE(cache.Get("Order").ok());
  EXPECT_EQ(loads, 3);
  cache.Invalidate("");  // Everything.
  ASSERT_TRUE(cache.Get("Issue").ok());
  ASSERT_TRUE(cache.Get("Order").ok());
  EXPECT_EQ(loads, 5);
  EXPECT_FALSE(cache.Get("Broken").ok());
  EXPECT_FALSE(cache.Get("Broken").ok());  // Errors are not cached.
  EXPECT_EQ(loads, 7);
}

// A change committed while a load is in progress must not leave the stale load in the cache.
TEST(NotificationCacheTest, ALoadThatRacedWithAnInvalidationIsNotKept) {
  int version = 1;
  NotificationCache* self = nullptr;
  NotificationCache cache([&](std::string_view) -> Result<std::vector<Json>> {
    std::vector<Json> out{Notification("v" + std::to_string(version), "Save")};
    if (version == 1) {
      version = 2;
      self->Invalidate("Issue");  // The change commits during the first load.
    }
    return out;
  });
  self = &cache;
  EXPECT_EQ(cache.Get("Issue").value()->all()[0]->name(), "v1");  // Used once...
  EXPECT_EQ(cache.Get("Issue").value()->all()[0]->name(), "v2");  // ...but not kept.
  EXPECT_EQ(cache.Get("Issue").value()->all()[0]->name(), "v2");
}

TEST(NotificationCacheTest, ConcurrentReadersAndInvalidations) {
  std::atomic<int> loads{0};
  NotificationCache cache([&](std::string_view doctype) -> Result<std::vector<Json>> {
    ++loads;
    return std::vector<Json>{Notification(std::string(doctype), "Save")};
  });
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&cache, t] {
      std::string doctype = t % 2 ? "Issue" : "Order";
      for (int i = 0; i < 300; ++i) {
        auto r = cache.Get(doctype);
        ASSERT_TRUE(r.ok());
        ASSERT_EQ((*r)->all()[0]->name(), doctype);
      }
    });
  }
  for (int i = 0; i < 50; ++i) cache.Invalidate(i % 3 == 0 ? "" : "Issue");
  for (auto& t : readers) t.join();
  EXPECT_GE(loads, 2);
}

}  // namespace
}  // namespace crier::rules
