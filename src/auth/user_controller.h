// The User DocType's server-side behaviour: a `new_password` is hashed into the credentials table
// and never stored in the document; full_name follows first and last name; disabling or deleting
// a user ends their sessions and keys; Administrator and Guest cannot be deleted.
#pragma once

#include "auth/password_hasher.h"
#include "model/write_hook.h"

namespace crier {

class UserController final : public WriteHook {
 public:
  explicit UserController(const PasswordHasher& hasher) : hasher_(hasher) {}
  Status Run(HookContext& ctx) override;

  static constexpr size_t kMinPasswordLength = 8;

 private:
  const PasswordHasher& hasher_;
};

}  // namespace crier
