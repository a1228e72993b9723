// Resolving a notification's recipients.
#include "rules/recipients.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/field_type.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

void AddUnique(std::vector<std::string>& list, std::string value) {
  if (value.empty()) return;
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

std::string Scalar(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  return {};
}

// An address for e-mail: the value itself when it is one, else the address of the user it names.
Result<std::optional<std::string>> AddressOf(const std::string& value, UserDirectory& users) {
  if (IsEmailAddress(value)) return std::optional<std::string>(value);
  CRIER_ASSIGN_OR_RETURN(std::optional<UserInfo> user, users.FindUser(value));
  if (!user || !user->enabled || !IsEmailAddress(user->email)) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(user->email);
}

Status AddAddresses(const std::vector<std::string>& values, UserDirectory& users,
                    std::vector<std::string>& out) {
  for (const std::string& v : values) {
    CRIER_ASSIGN_OR_RETURN(std::optional<std::string> address, AddressOf(v, users));
    if (address && !IsPlaceholderAddress(*address)) AddUnique(out, *address);
  }
  return Status::Ok();
}

Status AddUsers(const std::vector<std::string>& values, UserDirectory& users,
                std::vector<std::string>& out) {
  for (const std::string& v : values) {
    CRIER_ASSIGN_OR_RETURN(std::optional<UserInfo> user, users.FindUser(v));
    if (user && user->enabled) AddUnique(out, user->name);
  }
  return Status::Ok();
}

}  // namespace

Status StoreUserDirectory::Load() {
  if (loaded_) return Status::Ok();
  CRIER_ASSIGN_OR_RETURN(std::vector<Json> docs,
                         txn_.ListDocs(DocQuery{"User", {}, {{"name", false}}}));
  for (const Json& d : docs) {
    Entry e;
    e.info.name = d.value("name", "");
    e.info.email = Scalar(d.value("email", Json()));
    const Json& enabled = d.value("enabled", Json(1));
    e.info.enabled = !(enabled.is_number() && enabled.get<double>() == 0);
    if (d.contains("roles") && d["roles"].is_array()) {
      for (const Json& row : d["roles"]) {
        if (row.is_object()) e.roles.push_back(Scalar(row.value("role", Json())));
      }
    }
    users_.push_back(std::move(e));
  }
  loaded_ = true;
  return Status::Ok();
}

Result<std::vector<UserInfo>> StoreUserDirectory::UsersWithRole(std::string_view role) {
  CRIER_RETURN_IF_ERROR(Load());
  std::vector<UserInfo> out;
  for (const Entry& e : users_) {
    if (!e.info.enabled) continue;
    bool has = e.info.name == "Administrator" ||
               std::find(e.roles.begin(), e.roles.end(), role) != e.roles.end();
    if (has) out.push_back(e.info);
  }
  return out;
}

Result<std::optional<UserInfo>> StoreUserDirectory::FindUser(std::string_view name_or_email) {
  CRIER_RETURN_IF_ERROR(Load());
  for (const Entry& e : users_) {
    if (e.info.name == name_or_email) return std::optional<UserInfo>(e.info);
  }
  for (const Entry& e : users_) {
    if (!e.info.email.empty() && e.info.email == name_or_email) {
      return std::optional<UserInfo>(e.info);
    }
  }
  return std::optional<UserInfo>();
}

std::vector<std::string> SplitAddresses(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',' || text[i] == '\n') {
      std::string piece = Trim(text.substr(start, i - start));
      if (!piece.empty()) out.push_back(std::move(piece));
      start = i + 1;
    }
  }
  return out;
}

std::vector<std::string> DocumentFieldValues(const Json& doc, std::string_view spec) {
  std::vector<std::string> out;
  auto add = [&out](const Json& v) {
    for (std::string& piece : SplitAddresses(Scalar(v))) out.push_back(std::move(piece));
  };
  size_t comma = spec.find(',');
  if (comma == std::string_view::npos) {
    auto it = doc.find(std::string(spec));
    if (it != doc.end()) add(*it);
    return out;
  }
  std::string field = Trim(spec.substr(0, comma));
  std::string table = Trim(spec.substr(comma + 1));
  auto rows = doc.find(table);
  if (rows == doc.end() || !rows->is_array()) return out;
  for (const Json& row : *rows) {
    if (row.is_object() && row.contains(field)) add(row[field]);
  }
  return out;
}

Result<RowTargets> EvaluateRows(const CompiledNotification& notification,
                                const value::Context& context, const Json& doc) {
  RowTargets t;
  const auto& rows = notification.recipients();
  for (size_t i = 0; i < rows.size(); ++i) {
    const CompiledRecipient& r = rows[i];
    std::string prefix = fmt::format("recipients[{}].", i + 1);
    if (r.condition) {
      auto holds = r.condition->Test(context);
      if (!holds.ok()) {
        return FromEngine(prefix + "condition", fmt::format("Recipients row {} condition", i + 1),
                          holds.error())
            .ToStatus();
      }
      if (!*holds) continue;
    }
    if (!r.row.receiver_by_document_field.empty()) {
      for (std::string& v : DocumentFieldValues(doc, r.row.receiver_by_document_field)) {
        t.field_values.push_back(std::move(v));
      }
    }
    if (!r.row.receiver_by_role.empty()) t.roles.push_back(r.row.receiver_by_role);
    auto lines = [&](const std::shared_ptr<const tmpl::Template>& compiled, const std::string& raw,
                     const char* which, std::vector<std::string>& out) -> Status {
      std::string text = raw;
      if (compiled) {
        auto rendered = compiled->Render(context);
        if (!rendered.ok()) {
          return FromEngine(prefix + which, fmt::format("Recipients row {} {}", i + 1, which),
                            rendered.error())
              .ToStatus();
        }
        text = std::move(rendered).value();
      }
      for (std::string& piece : SplitAddresses(text)) out.push_back(std::move(piece));
      return Status::Ok();
    };
    CRIER_RETURN_IF_ERROR(lines(r.cc, r.row.cc, "cc", t.cc));
    CRIER_RETURN_IF_ERROR(lines(r.bcc, r.row.bcc, "bcc", t.bcc));
  }
  return t;
}

bool IsPlaceholderAddress(std::string_view address) {
  return address == "admin@example.com" || address == "guest@example.com";
}

Result<EmailRecipients> ResolveEmail(const RowTargets& targets, UserDirectory& users) {
  EmailRecipients r;
  CRIER_RETURN_IF_ERROR(AddAddresses(targets.field_values, users, r.to));
  for (const std::string& role : targets.roles) {
    CRIER_ASSIGN_OR_RETURN(std::vector<UserInfo> holders, users.UsersWithRole(role));
    for (const UserInfo& u : holders) {
      if (IsEmailAddress(u.email) && !IsPlaceholderAddress(u.email)) AddUnique(r.to, u.email);
    }
  }
  CRIER_RETURN_IF_ERROR(AddAddresses(targets.cc, users, r.cc));
  CRIER_RETURN_IF_ERROR(AddAddresses(targets.bcc, users, r.bcc));
  return r;
}

Result<std::vector<std::string>> ResolveUsers(const RowTargets& targets, UserDirectory& users) {
  std::vector<std::string> out;
  CRIER_RETURN_IF_ERROR(AddUsers(targets.field_values, users, out));
  for (const std::string& role : targets.roles) {
    CRIER_ASSIGN_OR_RETURN(std::vector<UserInfo> holders, users.UsersWithRole(role));
    for (const UserInfo& u : holders) AddUnique(out, u.name);
  }
  CRIER_RETURN_IF_ERROR(AddUsers(targets.cc, users, out));
  CRIER_RETURN_IF_ERROR(AddUsers(targets.bcc, users, out));
  return out;
}

Result<EmailRecipients> EmailRecipientsOf(const CompiledNotification& notification,
                                          const value::Context& context, const Json& doc,
                                          UserDirectory& users) {
  CRIER_ASSIGN_OR_RETURN(RowTargets targets, EvaluateRows(notification, context, doc));
  return ResolveEmail(targets, users);
}

Result<std::vector<std::string>> SystemNotificationUsers(const CompiledNotification& notification,
                                                         const value::Context& context,
                                                         const Json& doc, UserDirectory& users) {
  RowTargets targets;
  if (notification.recipients().empty()) {
    targets.roles.push_back("System Manager");
  } else {
    CRIER_ASSIGN_OR_RETURN(targets, EvaluateRows(notification, context, doc));
  }
  return ResolveUsers(targets, users);
}

}  // namespace crier::rules
