#include "auth/auth_service.h"

#include <gtest/gtest.h>

#include "auth/secret_hash.h"
#include "auth/user_controller.h"
#include "model/test_env.h"

namespace crier {
namespace {

class AuthServiceTest : public ::testing::Test {
 protected:
  AuthServiceTest()
      : hasher_(env_.random(), TestArgon2Params()),
        auth_(env_.store(), env_.documents(), hasher_, env_.clock(), env_.random(),
              AuthOptions{std::chrono::hours(1), ThrottlePolicy{}}) {
    env_.documents().AddHook(std::make_unique<UserController>(hasher_));
    env_.documents().AddHook(auth_.CacheInvalidationHook());
  }

  void AddUser(const std::string& email, const std::string& password, Json roles = Json::array()) {
    auto u = env_.Insert("User", {{"email", email},
                                  {"first_name", "Alice"},
                                  {"last_name", "Martin"},
                                  {"new_password", password},
                                  {"roles", roles}});
    ASSERT_TRUE(u.ok()) << u.status().ToString();
  }

  ModelTestEnv env_;
  PasswordHasher hasher_;
  AuthService auth_;
};

TEST_F(AuthServiceTest, AdministratorIsCreatedOnceWithTheGivenOrAGeneratedPassword) {
  auto first = auth_.EnsureAdministrator(std::nullopt);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->size(), 24u);
  auto login = auth_.Login("Administrator", **first, "127.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_TRUE(login->principal.system_manager());
  EXPECT_TRUE(login->principal.administrator());
  // Later starts do not touch it, even with a password in the environment.
  auto again = auth_.EnsureAdministrator(std::string("another password"));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  EXPECT_FALSE(auth_.Login("Administrator", "another password", "127.0.0.1").ok());
}

TEST_F(AuthServiceTest, AdministratorPasswordFromTheEnvironmentMustBeLongEnough) {
  auto short_one = auth_.EnsureAdministrator(std::string("short"));
  EXPECT_EQ(short_one.status().field(), "CRIER_ADMIN_PASSWORD");
  auto ok = auth_.EnsureAdministrator(std::string("s3cret-admin"));
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(ok->has_value());
  EXPECT_TRUE(auth_.Login("admin@example.com", "s3cret-admin", "127.0.0.1").ok());
}

TEST_F(AuthServiceTest, PasswordsAreHashedOutsideTheDocument) {
  AddUser("alice@example.com", "alice-password");
  auto doc = env_.Get("User", "alice@example.com");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["new_password"], nullptr);
  EXPECT_EQ((*doc)["full_name"], "Alice Martin");
  EXPECT_EQ(doc->dump().find("alice-password"), std::string::npos);
  auto r = env_.store().BeginRead();
  auto hash = (*r)->GetPasswordHash("alice@example.com");
  ASSERT_TRUE(hash.ok() && hash->has_value());
  EXPECT_EQ((*hash)->rfind("$argon2id$", 0), 0u);
  r->reset();
  auto weak = env_.Insert(
      "User", {{"email", "b@example.com"}, {"first_name", "B"}, {"new_password", "1234"}});
  EXPECT_EQ(weak.status().field(), "new_password");
}

TEST_F(AuthServiceTest, LoginOpensASessionThatExpiresWhenIdle) {
  AddUser("alice@example.com", "alice-password");
  EXPECT_EQ(auth_.Login("alice@example.com", "wrong", "127.0.0.1").status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(auth_.Login("nobody@example.com", "wrong", "127.0.0.1").status().message(),
            auth_.Login("alice@example.com", "wrong", "127.0.0.1").status().message());
  auto login = auth_.Login("alice@example.com", "alice-password", "127.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->session_id.size(), 64u);
  EXPECT_EQ(login->principal.user, "alice@example.com");
  EXPECT_TRUE(login->principal.roles.count("All"));
  // The store keeps only a hash of the cookie.
  {
    auto r = env_.store().BeginRead();
    EXPECT_FALSE((*(*r)->GetSession(login->session_id)).has_value());
    EXPECT_TRUE((*(*r)->GetSession(Sha256Hex(login->session_id))).has_value());
  }
  auto who = auth_.Authenticate({login->session_id, ""});
  ASSERT_TRUE(who.ok());
  EXPECT_EQ((*who)->user, "alice@example.com");
  // Used 40 minutes later: still valid and pushed back by an hour.
  env_.clock().Advance(std::chrono::minutes(40));
  EXPECT_TRUE(auth_.Authenticate({login->session_id, ""}).ok());
  env_.clock().Advance(std::chrono::minutes(59));
  EXPECT_TRUE(auth_.Authenticate({login->session_id, ""}).ok());
  // An hour without use ends it.
  env_.clock().Advance(std::chrono::minutes(61));
  EXPECT_EQ(auth_.Authenticate({login->session_id, ""}).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(auth_.Authenticate({"garbage", ""}).status().code(), StatusCode::kUnauthenticated);
  EXPECT_FALSE(auth_.Authenticate({"", ""})->has_value());
}

TEST_F(AuthServiceTest, RecognisedCredentialsAreRememberedBriefly) {
  AddUser("alice@example.com", "alice-password");
  auto login = auth_.Login("alice@example.com", "alice-password", "127.0.0.1");
  ASSERT_TRUE(auth_.Authenticate({login->session_id, ""}).ok());
  // Another node ends the session in the store: this node trusts its memory for 2 s at most.
  ASSERT_TRUE(RunInWriteTxn(env_.store(), [&](WriteTxn& txn) {
                return txn.DeleteSession(Sha256Hex(login->session_id));
              }).ok());
  EXPECT_TRUE(auth_.Authenticate({login->session_id, ""}).ok());
  env_.clock().Advance(std::chrono::seconds(2));
  EXPECT_EQ(auth_.Authenticate({login->session_id, ""}).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, LogoutEndsTheSession) {
  AddUser("alice@example.com", "alice-password");
  auto login = auth_.Login("alice@example.com", "alice-password", "127.0.0.1");
  ASSERT_TRUE(auth_.Logout(login->session_id).ok());
  EXPECT_EQ(auth_.Authenticate({login->session_id, ""}).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, RepeatedFailuresAreThrottledThenAllowedAgain) {
  AddUser("alice@example.com", "alice-password");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(auth_.Login("alice@example.com", "guess", "10.1.1.1").status().code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(auth_.Login("alice@example.com", "guess", "10.1.1.1").status().code(),
            StatusCode::kUnauthenticated);
  // Now blocked, even with the right password, until the delay passes.
  auto blocked = auth_.Login("alice@example.com", "alice-password", "127.0.0.1");
  EXPECT_EQ(blocked.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(blocked.status().message().find("try again in 1 seconds"), std::string::npos);
  env_.clock().Advance(std::chrono::seconds(1));
  EXPECT_TRUE(auth_.Login("alice@example.com", "alice-password", "127.0.0.1").ok());
}

TEST_F(AuthServiceTest, ApiKeysAuthenticateWithTheirSecret) {
  AddUser("alice@example.com", "alice-password");
  AddUser("bob@example.com", "bob-password");
  auto login = auth_.Login("alice@example.com", "alice-password", "x");
  ASSERT_TRUE(login.ok());
  Principal alice = login->principal;
  auto keys = auth_.GenerateKeys(alice, "");
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  auto who = auth_.Authenticate({"", "token " + keys->api_key + ":" + keys->api_secret});
  ASSERT_TRUE(who.ok()) << who.status().ToString();
  EXPECT_EQ((*who)->user, "alice@example.com");
  EXPECT_EQ(auth_.Authenticate({"", "token " + keys->api_key + ":wrong"}).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(auth_.Authenticate({"", "Bearer abc"}).status().code(), StatusCode::kUnauthenticated);
  {
    auto r = env_.store().BeginRead();
    auto record = (*r)->GetApiKey(keys->api_key);
    ASSERT_TRUE(record->has_value());
    EXPECT_EQ((*record)->secret_hash, Sha256Hex(keys->api_secret));
  }
  // New keys replace the old ones.
  auto fresh = auth_.GenerateKeys(alice, "alice@example.com");
  EXPECT_EQ(
      auth_.Authenticate({"", "token " + keys->api_key + ":" + keys->api_secret}).status().code(),
      StatusCode::kUnauthenticated);
  EXPECT_TRUE(auth_.Authenticate({"", "token " + fresh->api_key + ":" + fresh->api_secret}).ok());
  // Only a System Manager makes keys for someone else.
  EXPECT_EQ(auth_.GenerateKeys(alice, "bob@example.com").status().code(),
            StatusCode::kPermissionDenied);
  Principal manager{"m", "", {"All", "System Manager"}};
  EXPECT_TRUE(auth_.GenerateKeys(manager, "bob@example.com").ok());
  EXPECT_EQ(auth_.GenerateKeys(manager, "ghost@example.com").status().code(),
            StatusCode::kNotFound);
}

TEST_F(AuthServiceTest, DisablingAUserEndsTheirAccess) {
  AddUser("alice@example.com", "alice-password", {{{"role", "System Manager"}}});
  auto login = auth_.Login("alice@example.com", "alice-password", "127.0.0.1");
  ASSERT_TRUE(login.ok());
  EXPECT_TRUE(login->principal.system_manager());
  auto keys = auth_.GenerateKeys(login->principal, "");
  ASSERT_TRUE(env_.Update("User", "alice@example.com", {{"enabled", 0}}).ok());
  EXPECT_EQ(auth_.Authenticate({login->session_id, ""}).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(
      auth_.Authenticate({"", "token " + keys->api_key + ":" + keys->api_secret}).status().code(),
      StatusCode::kUnauthenticated);
  EXPECT_EQ(auth_.Login("alice@example.com", "alice-password", "127.0.0.1").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(env_.Delete("User", "Administrator").code(), StatusCode::kNotFound);
  ASSERT_TRUE(auth_.EnsureAdministrator(std::string("admin-password")).ok());
  EXPECT_EQ(env_.Delete("User", "Administrator").code(), StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace crier
