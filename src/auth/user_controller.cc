// User: passwords, full name, credentials on disable and delete.
#include "auth/user_controller.h"

#include <fmt/format.h>

namespace crier {
namespace {

std::string Text(const Json& doc, const char* key) {
  Json v = doc.contains(key) ? doc.at(key) : Json();
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace

Status UserController::Run(HookContext& ctx) {
  if (ctx.meta.name != "User") return Status::Ok();
  const std::string user = Text(ctx.doc, "name");
  if (ctx.hook == "validate" || ctx.hook == "before_save") {
    std::string full = Text(ctx.doc, "first_name");
    if (std::string last = Text(ctx.doc, "last_name"); !last.empty()) {
      full += (full.empty() ? "" : " ") + last;
    }
    ctx.doc["full_name"] = full;
  }
  if (ctx.hook == "validate") {
    std::string password = Text(ctx.doc, "new_password");
    ctx.doc["new_password"] = nullptr;  // Never stored in the document.
    if (!password.empty()) {
      if (password.size() < kMinPasswordLength) {
        return InvalidArgument(
            fmt::format("the password must have at least {} characters", kMinPasswordLength),
            "new_password");
      }
      if (password.size() > 1024) {
        return InvalidArgument("the password is longer than 1024 characters", "new_password");
      }
      CRIER_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
      CRIER_RETURN_IF_ERROR(ctx.txn.SetPasswordHash(user, hash));
    }
    if (ctx.before != nullptr && ctx.before->value("enabled", 1) != 0 &&
        ctx.doc.value("enabled", 1) == 0) {
      CRIER_RETURN_IF_ERROR(ctx.txn.DeleteSessionsOfUser(user));
      CRIER_RETURN_IF_ERROR(ctx.txn.DeleteApiKeysOfUser(user));
    }
  }
  if (ctx.hook == "on_trash") {
    if (user == "Administrator" || user == "Guest") {
      return PermissionDenied(fmt::format("{} cannot be deleted", user));
    }
    CRIER_RETURN_IF_ERROR(ctx.txn.DeleteCredentialsOfUser(user));
  }
  return Status::Ok();
}

}  // namespace crier
