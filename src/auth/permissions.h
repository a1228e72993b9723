// Who may do what to which documents: a pure decision from the user's roles and the DocType's
// permission rules (DocPerm rows), tested as a table. Administrator may do everything; a DocType
// without rules is open to every signed-in user; `if_owner` rules only reach the user's own
// documents (the DocType's owner_field, e.g. Notification Log's for_user); a read-only DocType is
// written only by crier itself.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "model/meta.h"

namespace crier {

// The signed-in user making a request.
struct Principal {
  std::string user;
  std::string full_name;
  std::set<std::string> roles;  // Always includes "All".

  bool administrator() const { return user == "Administrator"; }
  bool HasRole(std::string_view role) const {
    return administrator() || roles.count(std::string(role)) > 0;
  }
  bool system_manager() const { return HasRole("System Manager"); }
};

enum class Access { kRead, kWrite, kCreate, kDelete, kSubmit, kCancel };

std::string_view AccessName(Access access);

struct Permission {
  bool allowed = false;
  bool only_own = false;  // Allowed only on documents whose owner_field is the user.
};

Permission Decide(const Principal& who, const Meta& meta, Access access);

// Decide() applied to one document.
bool MayAccess(const Principal& who, const Meta& meta, Access access, const nlohmann::json& doc);

}  // namespace crier
