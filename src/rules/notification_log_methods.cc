// The bell's methods: notification_log.unread_count and notification_log.mark_read, always about
// the calling user's own Notification Log entries.
#include <fmt/format.h>

#include "rules/json_text.h"
#include "rules/rules_api.h"

namespace crier::rules {
namespace {

constexpr const char* kLog = "Notification Log";

bool Truthy(const Json& args, const char* name) {
  auto it = args.find(name);
  if (it == args.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number()) return it->get<double>() != 0;
  if (it->is_string()) return *it == "1" || *it == "true";
  return false;
}

std::vector<Filter> Unread(const std::string& user) {
  return {{"for_user", FilterOp::kEq, user}, {"read", FilterOp::kEq, 0}};
}

}  // namespace

void AddNotificationLogMethods(Api& api, RulesEngine& engine) {
  api.AddMethod("notification_log.unread_count",
                {false, [&engine](MethodCall& call) -> Result<Json> {
                   CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, engine.store().BeginRead());
                   CRIER_ASSIGN_OR_RETURN(std::int64_t n, txn->CountDocs(DocQuery{
                                                              kLog, Unread(call.principal->user)}));
                   return Json(n);
                 }});
  api.AddMethod(
      "notification_log.mark_read",
      {false, [&engine](MethodCall& call) -> Result<Json> {
         const std::string& user = call.principal->user;
         std::string name = TextOf(call.args, "name");
         bool all = Truthy(call.args, "all");
         if (name.empty() && !all) {
           return InvalidArgument("mark_read needs the name of an entry, or all: 1", "name");
         }
         WriteOptions o;
         o.user = user;
         o.origin = "notification_log.mark_read";
         CRIER_ASSIGN_OR_RETURN(std::unique_ptr<WriteTxn> txn, engine.store().BeginWrite());
         std::vector<std::string> names;
         if (all) {
           CRIER_ASSIGN_OR_RETURN(
               std::vector<Json> unread,
               txn->ListDocs(DocQuery{kLog, Unread(user), {{"creation", false}}}));
           for (const Json& d : unread) names.push_back(d.value("name", ""));
         } else {
           CRIER_ASSIGN_OR_RETURN(std::optional<Json> entry, txn->GetDoc(kLog, name));
           // Another user's entry is as unknown as a missing one: its existence is not told.
           if (!entry || entry->value("for_user", Json()) != user) {
             return NotFound(fmt::format("Notification Log {} not found", name));
           }
           if (entry->value("read", Json(0)) == Json(0)) names.push_back(name);
         }
         for (const std::string& n : names) {
           CRIER_RETURN_IF_ERROR(
               engine.documents().Update(*txn, o, kLog, n, Json{{"read", 1}}).status());
         }
         CRIER_RETURN_IF_ERROR(txn->Commit());
         return Json{{"marked", names.size()}};
       }});
}

}  // namespace crier::rules
