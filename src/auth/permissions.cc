// Role-based permission decisions.
#include "auth/permissions.h"

namespace crier {
namespace {

bool Grants(const PermissionRule& rule, Access access) {
  switch (access) {
    case Access::kRead:
      return rule.read;
    case Access::kWrite:
      return rule.write;
    case Access::kCreate:
      return rule.create;
    case Access::kDelete:
      return rule.delete_;
    case Access::kSubmit:
      return rule.submit;
    case Access::kCancel:
      return rule.cancel;
  }
  return false;
}

}  // namespace

std::string_view AccessName(Access access) {
  switch (access) {
    case Access::kRead:
      return "read";
    case Access::kWrite:
      return "write";
    case Access::kCreate:
      return "create";
    case Access::kDelete:
      return "delete";
    case Access::kSubmit:
      return "submit";
    case Access::kCancel:
      return "cancel";
  }
  return "?";
}

Permission Decide(const Principal& who, const Meta& meta, Access access) {
  if (meta.read_only && access != Access::kRead && access != Access::kDelete) return {};
  if (who.administrator()) return {true, false};
  if (meta.permissions.empty()) return {true, false};
  Permission p;
  for (const PermissionRule& rule : meta.permissions) {
    if (!who.HasRole(rule.role) || !Grants(rule, access)) continue;
    if (!rule.if_owner) return {true, false};
    p = {true, true};
  }
  return p;
}

bool MayAccess(const Principal& who, const Meta& meta, Access access, const nlohmann::json& doc) {
  Permission p = Decide(who, meta, access);
  if (!p.allowed) return false;
  if (!p.only_own) return true;
  auto it = doc.find(meta.owner_field);
  return it != doc.end() && it->is_string() && it->get<std::string>() == who.user;
}

}  // namespace crier
