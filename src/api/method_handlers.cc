// The methods the server itself provides: login, logout, API keys, the logged-in user and
// document counts.
#include <fmt/format.h>

#include "api/api.h"
#include "http/cookies.h"

namespace crier {
namespace {

std::string Arg(const Json& args, const char* name) {
  auto it = args.find(name);
  if (it == args.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

Status SetSessionCookie(http::Response& response, const std::string& value, bool secure,
                        bool remove) {
  http::SetCookie cookie;
  cookie.name = "sid";
  cookie.value = value;
  cookie.http_only = true;
  cookie.secure = secure;
  cookie.same_site = http::SameSite::kLax;
  if (remove) cookie.max_age = std::chrono::seconds(0);
  return response.AddCookie(cookie);
}

}  // namespace

void Api::AddBuiltinMethods() {
  AddMethod(
      "login",
      {true, [this](MethodCall& call) -> Result<Json> {
         std::string usr = Arg(call.args, "usr");
         std::string pwd = Arg(call.args, "pwd");
         if (usr.empty() || pwd.empty()) {
           return InvalidArgument("login needs usr and pwd", usr.empty() ? "usr" : "pwd");
         }
         const std::string& address = call.request.client_address();
         Result<LoginResult> login = auth_.Login(usr, pwd, address);
         if (!login.ok()) {
           if (login.status().code() == StatusCode::kResourceExhausted) {
             auto wait = auth_.LoginWait(usr, address);
             call.response.SetHeader(
                 "Retry-After", std::to_string(std::max<long long>(
                                    1, std::chrono::ceil<std::chrono::seconds>(wait).count())));
           }
           return login.status();
         }
         call.request.set_user(login->principal.user);
         CRIER_RETURN_IF_ERROR(
             SetSessionCookie(call.response, login->session_id, options_.secure_cookies, false));
         return Json{{"message", "Logged In"},
                     {"home_page", "/"},
                     {"full_name", login->principal.full_name},
                     {"user", login->principal.user}};
       }});
  AddMethod("logout", {true, [this](MethodCall& call) -> Result<Json> {
                         if (auto sid = call.request.Cookie("sid")) {
                           CRIER_RETURN_IF_ERROR(auth_.Logout(*sid));
                         }
                         CRIER_RETURN_IF_ERROR(SetSessionCookie(call.response, "Guest",
                                                                options_.secure_cookies, true));
                         return Json("Logged Out");
                       }});
  MethodSpec keys{false, [this](MethodCall& call) -> Result<Json> {
                    CRIER_ASSIGN_OR_RETURN(
                        ApiKeys k, auth_.GenerateKeys(*call.principal, Arg(call.args, "user")));
                    return Json{{"api_key", k.api_key}, {"api_secret", k.api_secret}};
                  }};
  AddMethod("user.generate_keys", keys);
  AddMethod("frappe.core.doctype.user.user.generate_keys", keys);
  AddMethod("frappe.auth.get_logged_user",
            {false, [](MethodCall& call) -> Result<Json> { return Json(call.principal->user); }});
  AddMethod(
      "frappe.client.get_count",
      {false, [this](MethodCall& call) -> Result<Json> {
         std::string doctype = Arg(call.args, "doctype");
         CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, documents_.GetMeta(doctype));
         Permission p = Decide(*call.principal, *meta, Access::kRead);
         if (!p.allowed) {
           return PermissionDenied(fmt::format("User {} does not have permission to read {}",
                                               call.principal->user, meta->name));
         }
         Json filters = call.args.value("filters", Json());
         if (filters.is_string()) {
           filters = Json::parse(filters.get<std::string>(), nullptr, false);
           if (filters.is_discarded()) {
             return InvalidArgument("filters is not valid JSON", "filters");
           }
         }
         std::vector<Filter> own;
         if (p.only_own) own.push_back({meta->owner_field, FilterOp::kEq, call.principal->user});
         CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
         CRIER_ASSIGN_OR_RETURN(std::int64_t n, documents_.Count(*txn, meta->name, filters, own));
         return Json(n);
       }});
}

}  // namespace crier
