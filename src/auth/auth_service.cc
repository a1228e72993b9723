// Logins, sessions, API keys and the Administrator account.
#include "auth/auth_service.h"

#include <fmt/format.h>

#include "auth/secret_hash.h"
#include "base/log.h"

namespace crier {
namespace {

Status BadCredentials() {
  return Status(StatusCode::kUnauthenticated, "Invalid login credentials");
}

std::string Text(const Json& doc, const char* key) {
  Json v = doc.contains(key) ? doc.at(key) : Json();
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace

AuthService::AuthService(Store& store, DocumentService& documents, const PasswordHasher& hasher,
                         const Clock& clock, Random& random, AuthOptions options)
    : store_(store),
      documents_(documents),
      hasher_(hasher),
      clock_(clock),
      random_(random),
      options_(options),
      throttle_(clock, options.throttle) {
  Result<std::string> dummy = hasher_.Hash(RandomHex(random_, 16));
  if (dummy.ok()) dummy_hash_ = *dummy;
}

Result<Principal> AuthService::LoadPrincipal(ReadTxn& txn, std::string_view user) {
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> doc, txn.GetDoc("User", user));
  if (!doc) return BadCredentials();
  if (doc->value("enabled", 1) == 0) {
    return Status(StatusCode::kUnauthenticated, "this user is disabled");
  }
  Principal p;
  p.user = std::string(user);
  p.full_name = Text(*doc, "full_name");
  p.roles.insert("All");
  if (doc->contains("roles") && (*doc)["roles"].is_array()) {
    for (const Json& row : (*doc)["roles"]) {
      if (row.is_object() && row.contains("role") && row["role"].is_string()) {
        p.roles.insert(row["role"].get<std::string>());
      }
    }
  }
  return p;
}

Result<LoginResult> AuthService::Login(std::string_view usr, std::string_view password,
                                       std::string_view client_address) {
  if (usr.empty() || password.empty()) return BadCredentials();
  Micros wait = throttle_.WaitFor(usr, client_address);
  if (wait.count() > 0) {
    auto seconds = (wait.count() + 999999) / 1000000;
    return Status(StatusCode::kResourceExhausted,
                  fmt::format("Too many failed login attempts; try again in {} seconds", seconds));
  }
  std::string user;
  std::optional<std::string> hash;
  Principal principal;
  Status principal_status;
  {
    CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
    CRIER_ASSIGN_OR_RETURN(bool by_name, txn->DocExists("User", usr));
    if (by_name) {
      user = std::string(usr);
    } else {
      CRIER_ASSIGN_OR_RETURN(
          std::vector<Json> found,
          txn->ListDocs(DocQuery{"User", {{"email", FilterOp::kEq, std::string(usr)}}, {}, 0, 1}));
      if (!found.empty()) user = Text(found[0], "name");
    }
    if (!user.empty()) {
      CRIER_ASSIGN_OR_RETURN(hash, txn->GetPasswordHash(user));
      Result<Principal> p = LoadPrincipal(*txn, user);
      if (p.ok()) {
        principal = *p;
      } else {
        principal_status = p.status();
      }
    }
  }
  bool match = hasher_.Verify(hash ? *hash : dummy_hash_, password) && hash.has_value();
  if (!match) {
    throttle_.RecordFailure(usr, client_address);
    CRIER_LOG_INFO("login failed for user '{}' from {}", usr, client_address);
    return BadCredentials();
  }
  if (!principal_status.ok()) {
    return Status(StatusCode::kPermissionDenied, "this user is disabled");
  }
  throttle_.RecordSuccess(usr);
  LoginResult result;
  result.session_id = RandomHex(random_, kSessionIdBytes);
  result.principal = principal;
  TimePoint now = clock_.Now();
  result.expires = now + options_.session_idle;
  SessionRecord record{Sha256Hex(result.session_id), user, ToMicros(now), ToMicros(result.expires)};
  Status stored = RunInWriteTxn(store_, [&](WriteTxn& txn) {
    CRIER_RETURN_IF_ERROR(txn.DeleteExpiredSessions(ToMicros(now)));
    return txn.PutSession(record);
  });
  if (!stored.ok()) return stored;
  return result;
}

Status AuthService::Logout(std::string_view session_id) {
  if (session_id.empty()) return Status::Ok();
  std::string hash = Sha256Hex(session_id);
  {
    std::lock_guard lock(cache_mu_);
    cache_.erase("s:" + hash);
  }
  return RunInWriteTxn(store_, [&](WriteTxn& txn) { return txn.DeleteSession(hash); });
}

Result<std::optional<Principal>> AuthService::FromSession(std::string_view session_id) {
  if (session_id.size() != 2 * kSessionIdBytes) {
    return Status(StatusCode::kUnauthenticated, "invalid or expired session; log in again");
  }
  std::string hash = Sha256Hex(session_id);
  std::int64_t now = ToMicros(clock_.Now());
  if (auto cached = CachedLookup("s:" + hash)) return std::optional<Principal>(std::move(*cached));
  std::optional<SessionRecord> session;
  Principal principal;
  {
    CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
    CRIER_ASSIGN_OR_RETURN(session, txn->GetSession(hash));
    if (!session || session->expires_us <= now) {
      return Status(StatusCode::kUnauthenticated, "invalid or expired session; log in again");
    }
    CRIER_ASSIGN_OR_RETURN(principal, LoadPrincipal(*txn, session->user));
  }
  std::int64_t idle = std::chrono::duration_cast<Micros>(options_.session_idle).count();
  if (session->expires_us - now < idle / 2) {
    session->expires_us = now + idle;
    CRIER_RETURN_IF_ERROR(
        RunInWriteTxn(store_, [&](WriteTxn& txn) { return txn.PutSession(*session); }));
  }
  Remember("s:" + hash, principal, session->expires_us);
  return std::optional<Principal>(std::move(principal));
}

Result<std::optional<Principal>> AuthService::FromToken(std::string_view header) {
  constexpr std::string_view kScheme = "token ";
  std::string_view rest = header.substr(header.size() >= kScheme.size() ? kScheme.size() : 0);
  auto colon = rest.find(':');
  if (header.substr(0, kScheme.size()) != kScheme || colon == std::string_view::npos) {
    return Status(StatusCode::kUnauthenticated,
                  "the Authorization header must be 'token API_KEY:API_SECRET'");
  }
  std::string_view key = rest.substr(0, colon);
  std::string_view secret = rest.substr(colon + 1);
  std::string secret_hash = Sha256Hex(secret);
  std::string cache_key = "k:" + std::string(key) + ":" + secret_hash;
  if (auto cached = CachedLookup(cache_key)) return std::optional<Principal>(std::move(*cached));
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
  CRIER_ASSIGN_OR_RETURN(std::optional<ApiKeyRecord> record, txn->GetApiKey(key));
  if (!record || !ConstantTimeEquals(record->secret_hash, secret_hash)) {
    return Status(StatusCode::kUnauthenticated, "invalid API key or secret");
  }
  CRIER_ASSIGN_OR_RETURN(Principal principal, LoadPrincipal(*txn, record->user));
  Remember(cache_key, principal, 0);
  return std::optional<Principal>(std::move(principal));
}

Result<std::optional<Principal>> AuthService::Authenticate(const Credentials& credentials) {
  if (!credentials.authorization.empty()) return FromToken(credentials.authorization);
  if (!credentials.session_id.empty()) return FromSession(credentials.session_id);
  return std::optional<Principal>();
}

Result<ApiKeys> AuthService::GenerateKeys(const Principal& caller, std::string_view user) {
  if (user.empty()) user = caller.user;
  if (user != caller.user && !caller.system_manager()) {
    return PermissionDenied("only a System Manager may generate keys for another user");
  }
  ApiKeys keys{RandomHex(random_, 8), RandomHex(random_, 16)};
  ApiKeyRecord record{keys.api_key, std::string(user), Sha256Hex(keys.api_secret),
                      ToMicros(clock_.Now())};
  Status stored = RunInWriteTxn(store_, [&](WriteTxn& txn) -> Status {
    CRIER_ASSIGN_OR_RETURN(bool exists, txn.DocExists("User", user));
    if (!exists) return NotFound(fmt::format("User {} not found", user));
    CRIER_RETURN_IF_ERROR(txn.DeleteApiKeysOfUser(user));
    txn.OnCommit([this] { ClearPrincipalCache(); });  // The old key stops working at once.
    return txn.PutApiKey(record);
  });
  if (!stored.ok()) return stored;
  return keys;
}

std::optional<Principal> AuthService::CachedLookup(const std::string& key) {
  if (options_.principal_cache_ttl.count() <= 0) return std::nullopt;
  TimePoint now = clock_.Now();
  std::lock_guard lock(cache_mu_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return std::nullopt;
  const CachedPrincipal& c = it->second;
  std::int64_t idle = std::chrono::duration_cast<Micros>(options_.session_idle).count();
  bool stale = now - c.cached_at >= options_.principal_cache_ttl || now < c.cached_at;
  // A session close to its end goes to the store, which pushes the end back.
  bool refresh_due = c.session_expires_us != 0 && c.session_expires_us - ToMicros(now) < idle / 2;
  if (stale || refresh_due) {
    cache_.erase(it);
    return std::nullopt;
  }
  return c.principal;
}

void AuthService::Remember(const std::string& key, const Principal& principal,
                           std::int64_t session_expires_us) {
  if (options_.principal_cache_ttl.count() <= 0) return;
  std::lock_guard lock(cache_mu_);
  if (cache_.size() >= 10000) cache_.clear();  // Bounded: a flood of keys cannot grow it.
  cache_[key] = CachedPrincipal{principal, clock_.Now(), session_expires_us};
}

void AuthService::ClearPrincipalCache() {
  std::lock_guard lock(cache_mu_);
  cache_.clear();
}

namespace {

class ClearOnUserChange final : public WriteHook {
 public:
  explicit ClearOnUserChange(AuthService& auth) : auth_(auth) {}
  Status Run(HookContext& ctx) override {
    if (ctx.meta.name == "User" && (ctx.hook == "on_change" || ctx.hook == "after_delete")) {
      ctx.txn.OnCommit([this] { auth_.ClearPrincipalCache(); });
    }
    return Status::Ok();
  }

 private:
  AuthService& auth_;
};

}  // namespace

std::unique_ptr<WriteHook> AuthService::CacheInvalidationHook() {
  return std::make_unique<ClearOnUserChange>(*this);
}

Result<std::optional<std::string>> AuthService::EnsureAdministrator(
    std::optional<std::string> password) {
  std::optional<std::string> generated;
  Status s = RunInWriteTxn(store_, [&](WriteTxn& txn) -> Status {
    CRIER_ASSIGN_OR_RETURN(bool exists, txn.DocExists("User", "Administrator"));
    if (exists) return Status::Ok();
    if (!password) {
      generated = RandomHex(random_, 12);
      password = generated;
    }
    WriteOptions o;
    o.user = "Administrator";
    o.keep_given_name = true;
    Json admin = {{"name", "Administrator"},
                  {"email", "admin@example.com"},
                  {"first_name", "Administrator"},
                  {"new_password", *password},
                  {"roles", {{{"role", "Administrator"}}, {{"role", "System Manager"}}}}};
    return documents_.Insert(txn, o, "User", admin).status();
  });
  if (!s.ok()) {
    if (s.field() == "new_password") {
      return InvalidArgument("CRIER_ADMIN_PASSWORD: " + s.message(), "CRIER_ADMIN_PASSWORD");
    }
    return s;
  }
  return generated;
}

}  // namespace crier
