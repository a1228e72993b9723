// argon2id through libargon2.
#include "auth/password_hasher.h"

#include <argon2.h>
#include <fmt/format.h>

#include <vector>

namespace crier {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

}  // namespace

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  std::uint8_t salt[kSaltBytes];
  random_.Fill(salt);
  std::size_t len = argon2_encodedlen(params_.time_cost, params_.memory_kib, params_.parallelism,
                                      kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(len + 1);
  int rc = argon2id_hash_encoded(params_.time_cost, params_.memory_kib, params_.parallelism,
                                 password.data(), password.size(), salt, kSaltBytes, kHashBytes,
                                 encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Internal(fmt::format("argon2: {}", argon2_error_message(rc)));
  return std::string(encoded.data());
}

bool PasswordHasher::Verify(std::string_view encoded, std::string_view password) const {
  std::string e(encoded);
  return argon2id_verify(e.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace crier
