// Password hashing with argon2id (Debian's libargon2). Hashes are self-describing encoded strings
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash), so parameters can be raised later without
// invalidating stored passwords.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.h"
#include "base/status.h"

namespace crier {

struct Argon2Params {
  std::uint32_t time_cost = 2;           // Iterations.
  std::uint32_t memory_kib = 19 * 1024;  // 19 MiB, OWASP's recommended minimum for argon2id.
  std::uint32_t parallelism = 1;
};

// Thread-safe.
class PasswordHasher {
 public:
  PasswordHasher(Random& random, Argon2Params params) : random_(random), params_(params) {}

  // The encoded hash of `password` with a fresh random salt.
  Result<std::string> Hash(std::string_view password) const;
  // Whether `password` matches `encoded` (false for a malformed hash).
  bool Verify(std::string_view encoded, std::string_view password) const;

 private:
  Random& random_;
  Argon2Params params_;
};

// Cheap parameters for tests only (hashing in well under a millisecond).
inline Argon2Params TestArgon2Params() {
  return Argon2Params{1, 64, 1};
}

}  // namespace crier
