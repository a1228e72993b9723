#include "auth/permissions.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

Meta WithRules(std::vector<PermissionRule> rules, bool read_only = false) {
  Meta m;
  m.name = "Thing";
  m.permissions = std::move(rules);
  m.read_only = read_only;
  return m;
}

Principal User(std::string name, std::set<std::string> roles) {
  roles.insert("All");
  return Principal{std::move(name), "", std::move(roles)};
}

TEST(PermissionsTest, DecisionTable) {
  PermissionRule sm{"System Manager", true, true, true, true, false, false, false};
  PermissionRule all_own{"All", true, true, false, false, false, false, true};
  PermissionRule all_read{"All", true, false, false, false, false, false, false};
  Principal admin = User("Administrator", {});
  Principal manager = User("m@x.fr", {"System Manager"});
  Principal alice = User("alice@x.fr", {});
  struct Case {
    const char* what;
    Principal who;
    Meta meta;
    Access access;
    bool allowed;
    bool only_own;
  };
  const std::vector<Case> cases = {
      {"admin anything", admin, WithRules({sm}), Access::kDelete, true, false},
      {"manager by role", manager, WithRules({sm}), Access::kWrite, true, false},
      {"user without role", alice, WithRules({sm}), Access::kRead, false, false},
      {"no rules: open to users", alice, WithRules({}), Access::kDelete, true, false},
      {"if_owner", alice, WithRules({sm, all_own}), Access::kRead, true, true},
      {"if_owner not create", alice, WithRules({sm, all_own}), Access::kCreate, false, false},
      {"full beats own", manager, WithRules({all_own, sm}), Access::kRead, true, false},
      {"read only role", alice, WithRules({sm, all_read}), Access::kWrite, false, false},
      {"read-only doctype write", admin, WithRules({sm}, true), Access::kWrite, false, false},
      {"read-only doctype create", manager, WithRules({sm}, true), Access::kCreate, false, false},
      {"read-only doctype read", manager, WithRules({sm}, true), Access::kRead, true, false},
      {"submit not granted", manager, WithRules({sm}), Access::kSubmit, false, false},
  };
  for (const Case& c : cases) {
    Permission p = Decide(c.who, c.meta, c.access);
    EXPECT_EQ(p.allowed, c.allowed) << c.what;
    EXPECT_EQ(p.only_own, c.only_own) << c.what;
  }
}

TEST(PermissionsTest, OwnDocumentsFollowTheOwnerField) {
  Meta log = WithRules({{"All", true, true, false, false, false, false, true}});
  log.owner_field = "for_user";
  Principal alice = User("alice@x.fr", {});
  EXPECT_TRUE(MayAccess(alice, log, Access::kRead, {{"for_user", "alice@x.fr"}, {"owner", "x"}}));
  EXPECT_FALSE(
      MayAccess(alice, log, Access::kRead, {{"for_user", "bob@x.fr"}, {"owner", "alice@x.fr"}}));
  EXPECT_FALSE(MayAccess(alice, log, Access::kRead, Json::object()));
  EXPECT_FALSE(MayAccess(alice, log, Access::kDelete, {{"for_user", "alice@x.fr"}}));
}

}  // namespace
}  // namespace crier
