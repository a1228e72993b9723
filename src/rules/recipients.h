// Who receives a notification (reference 2.9, Frappe's get_list_of_recipients), for e-mail and for
// the bell. For each `Notification Recipient` row whose condition holds: the document field
// (`owner`, `field`, or `field,child_table` for every row of a child table), the role (every
// enabled user holding it), and the cc/bcc lines (rendered with Jinja when they hold '{', split on
// commas and new lines). Each list is de-duplicated, first occurrence kept.
//
// E-mail gets addresses: a value that is an address is kept, a value naming a User becomes that
// user's address; Frappe's placeholder addresses of Administrator and Guest (admin@example.com,
// guest@example.com) are never mailed. The bell gets users: a value naming a User or holding a
// user's address; only enabled users. Administrator holds every role (as in Frappe), so a
// System Manager row reaches Administrator's bell.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "rules/compiled_notification.h"
#include "store/store.h"
#include "value/context.h"

namespace crier::rules {

struct UserInfo {
  std::string name;  // The User's name ("Administrator", or the e-mail address).
  std::string email;
  bool enabled = true;
};

// The users crier knows, as recipient resolution needs them.
class UserDirectory {
 public:
  virtual ~UserDirectory() = default;
  // Enabled users holding `role`; Administrator is included for every role.
  virtual Result<std::vector<UserInfo>> UsersWithRole(std::string_view role) = 0;
  // The user named `name_or_email`, or whose e-mail it is; nullopt when none.
  virtual Result<std::optional<UserInfo>> FindUser(std::string_view name_or_email) = 0;
};

// A UserDirectory reading `User` documents in `txn` (loaded once, on first use).
class StoreUserDirectory final : public UserDirectory {
 public:
  explicit StoreUserDirectory(ReadTxn& txn) : txn_(txn) {}
  Result<std::vector<UserInfo>> UsersWithRole(std::string_view role) override;
  Result<std::optional<UserInfo>> FindUser(std::string_view name_or_email) override;

 private:
  Status Load();
  struct Entry {
    UserInfo info;
    std::vector<std::string> roles;
  };
  ReadTxn& txn_;
  bool loaded_ = false;
  std::vector<Entry> users_;
};

struct EmailRecipients {
  std::vector<std::string> to, cc, bcc;
  bool empty() const { return to.empty() && cc.empty() && bcc.empty(); }
};

// The rows' targets before users are looked up: raw values from document fields, role names, and
// the cc/bcc pieces.
struct RowTargets {
  std::vector<std::string> field_values;
  std::vector<std::string> roles;
  std::vector<std::string> cc;
  std::vector<std::string> bcc;
};

// "a@x.com, b@x.com\nc@x.com" -> ["a@x.com", "b@x.com", "c@x.com"]: split on commas and new
// lines, trimmed, empty pieces dropped.
std::vector<std::string> SplitAddresses(std::string_view text);

// The values of `spec` ("owner", "field" or "field,child_table") in `doc`, each split like
// addresses.
std::vector<std::string> DocumentFieldValues(const nlohmann::json& doc, std::string_view spec);

// Evaluates the rows of `notification` against `context` (which holds doc and alert): row
// conditions, cc/bcc templates. kUnprocessable naming the row's field with line and column when a
// condition or template fails.
Result<RowTargets> EvaluateRows(const CompiledNotification& notification,
                                const value::Context& context, const nlohmann::json& doc);

// Frappe's placeholder addresses, never mailed.
bool IsPlaceholderAddress(std::string_view address);

Result<EmailRecipients> ResolveEmail(const RowTargets& targets, UserDirectory& users);
// User names, enabled only.
Result<std::vector<std::string>> ResolveUsers(const RowTargets& targets, UserDirectory& users);

// The e-mail recipients of `notification` for `doc` (EvaluateRows then ResolveEmail).
Result<EmailRecipients> EmailRecipientsOf(const CompiledNotification& notification,
                                          const value::Context& context, const nlohmann::json& doc,
                                          UserDirectory& users);

// The users whose bell a system notification rings: the rows' users, or, when the notification
// has no recipient row at all, every enabled System Manager (Administrator included), so that
// ticking "Send System Notification" as the seed guide shows always reaches someone.
Result<std::vector<std::string>> SystemNotificationUsers(const CompiledNotification& notification,
                                                         const value::Context& context,
                                                         const nlohmann::json& doc,
                                                         UserDirectory& users);

}  // namespace crier::rules
