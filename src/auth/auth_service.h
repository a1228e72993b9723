// Signing in and recognising who makes a request: password logins that open sessions (the cookie
// value is random, only its hash is stored, and it expires after a period without use), API keys
// for `Authorization: token KEY:SECRET`, the Administrator account created at first start, and the
// roles of a user. Failed logins are slowed down (LoginThrottle).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/login_throttle.h"
#include "auth/password_hasher.h"
#include "auth/permissions.h"
#include "base/clock.h"
#include "base/random.h"
#include "base/status.h"
#include "model/document_service.h"
#include "store/store.h"

namespace crier {

struct AuthOptions {
  // A session ends after this long without a request; each use pushes the end back once at
  // least half of it has passed (so an active session costs a write at most twice per period).
  std::chrono::seconds session_idle{24 * 3600};
  ThrottlePolicy throttle;
  // How long a recognised session or API key is remembered without reading the store again.
  // Changes to users, keys and sessions made on this node clear it at once; another node's
  // changes are seen after at most this long. Zero disables the cache.
  std::chrono::milliseconds principal_cache_ttl{2000};
};

struct LoginResult {
  std::string session_id;  // The cookie value (shown once; only its hash is stored).
  Principal principal;
  TimePoint expires;
};

struct ApiKeys {
  std::string api_key;
  std::string api_secret;  // Shown once; only its hash is stored.
};

// What a request presented. Empty strings mean "not presented".
struct Credentials {
  std::string session_id;     // The `sid` cookie.
  std::string authorization;  // The Authorization header.
};

// Thread-safe.
class AuthService {
 public:
  AuthService(Store& store, DocumentService& documents, const PasswordHasher& hasher,
              const Clock& clock, Random& random, AuthOptions options = {});

  // Checks `password` for `usr` (a user name or e-mail address) and opens a session.
  // kUnauthenticated for a wrong pair (the same message whether or not the user exists, and the
  // same work: a hash is verified either way), kResourceExhausted while throttled (the message
  // says how long to wait), kPermissionDenied for a disabled user.
  Result<LoginResult> Login(std::string_view usr, std::string_view password,
                            std::string_view client_address);
  Status Logout(std::string_view session_id);

  // The principal behind the credentials: nullopt when none were presented; kUnauthenticated for
  // an unknown, expired or malformed session or key, or a disabled user.
  Result<std::optional<Principal>> Authenticate(const Credentials& credentials);

  // How long a login for `usr` from `address` must still wait (zero: it may try now).
  Micros LoginWait(std::string_view usr, std::string_view address) {
    return throttle_.WaitFor(usr, address);
  }

  // New API key and secret for `user`, replacing the previous ones. A user may make their own;
  // a System Manager anyone's (kPermissionDenied otherwise; kNotFound for an unknown user).
  Result<ApiKeys> GenerateKeys(const Principal& caller, std::string_view user);

  // The roles of an enabled user, read in `txn`.
  Result<Principal> LoadPrincipal(ReadTxn& txn, std::string_view user);

  // Creates the Administrator user if missing. Its password is `password` when given (at least 8
  // characters), else a random one, returned so the caller can show it once. Returns nullopt when
  // Administrator existed or the password was given.
  Result<std::optional<std::string>> EnsureAdministrator(std::optional<std::string> password);

  static constexpr int kSessionIdBytes = 32;  // 64 hex digits in the cookie.

  // Forgets every remembered session and key (after a change to users or keys).
  void ClearPrincipalCache();
  // A write hook that clears the cache when a User write commits (disabled users, changed roles).
  std::unique_ptr<WriteHook> CacheInvalidationHook();

 private:
  struct CachedPrincipal {
    Principal principal;
    TimePoint cached_at;
    std::int64_t session_expires_us = 0;  // For sessions: when the stored session ends.
  };
  std::optional<Principal> CachedLookup(const std::string& key);
  void Remember(const std::string& key, const Principal& principal,
                std::int64_t session_expires_us);

  Result<std::optional<Principal>> FromSession(std::string_view session_id);
  Result<std::optional<Principal>> FromToken(std::string_view header);

  Store& store_;
  DocumentService& documents_;
  const PasswordHasher& hasher_;
  const Clock& clock_;
  Random& random_;
  const AuthOptions options_;
  LoginThrottle throttle_;
  std::string dummy_hash_;  // Verified when the user is unknown, so timing does not tell.

  std::mutex cache_mu_;
  std::unordered_map<std::string, CachedPrincipal> cache_;  // Guarded by cache_mu_.
};

}  // namespace crier
