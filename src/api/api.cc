// Routing, authentication, request bodies and errors of the REST API.
#include "api/api.h"

#include <fmt/format.h>

#include "base/log.h"
#include "http/query_params.h"

namespace crier {
namespace {

using ResultHandler = std::function<Result<http::Response>(http::Request&)>;

http::Handler Wrap(ResultHandler fn) {
  return [fn = std::move(fn)](http::Request& request) {
    Result<http::Response> r = fn(request);
    if (r.ok()) return std::move(r).value();
    return ApiError(r.status());
  };
}

}  // namespace

http::Response ApiError(const Status& status) {
  if (http::HttpStatusFor(status.code()) >= 500) {
    // Internal failures are logged here; their messages never carry secrets (base/status.h).
    CRIER_LOG_ERROR("request failed: {}", status.ToString());
  }
  return http::ErrorResponse(status);
}

Api::Api(Store& store, DocumentService& documents, AuthService& auth, ApiOptions options)
    : store_(store), documents_(documents), auth_(auth), options_(options) {
  AddBuiltinMethods();
}

void Api::AddMethod(const std::string& name, MethodSpec spec) {
  methods_[name] = std::move(spec);
}

void Api::AddRoutes(http::Router& router) {
  router.Get("/healthz", [this](http::Request&) { return Health(); });
  router.Get("/api/resource/{doctype}", Wrap([this](auto& r) { return ListDocuments(r); }));
  router.Post("/api/resource/{doctype}", Wrap([this](auto& r) { return InsertDocument(r); }));
  router.Get("/api/resource/{doctype}/{name}", Wrap([this](auto& r) { return GetDocument(r); }));
  router.Put("/api/resource/{doctype}/{name}", Wrap([this](auto& r) { return UpdateDocument(r); }));
  router.Delete("/api/resource/{doctype}/{name}",
                Wrap([this](auto& r) { return DeleteDocument(r); }));
  router.Get("/api/resource/{doctype}/{name}/versions",
             Wrap([this](auto& r) { return DocumentVersions(r); }));
  router.Get("/api/method/{method}", Wrap([this](auto& r) { return CallMethod(r); }));
  router.Post("/api/method/{method}", Wrap([this](auto& r) { return CallMethod(r); }));
}

void Api::AddHealthCheck(const std::string& name, std::function<Status()> check) {
  health_checks_[name] = std::move(check);
}

http::Response Api::Health() {
  Json checks = Json::object();
  bool healthy = true;
  {
    Result<std::unique_ptr<ReadTxn>> txn = store_.BeginRead();
    Result<bool> probe = txn.ok() ? (*txn)->DocExists("DocType", "DocType") : txn.status();
    healthy = probe.ok() && *probe;
    checks["store"] = healthy ? "ok" : "the database is not available";
  }
  for (const auto& [name, check] : health_checks_) {
    Status s = check();
    checks[name] = s.ok() ? "ok" : s.message();
    healthy = healthy && s.ok();
  }
  if (!healthy) {
    Json body = {{"status", "unavailable"},
                 {"checks", checks},
                 {"exc_type", std::string(http::ExcTypeFor(503))},
                 {"message", "crier is not healthy: see checks"}};
    return http::JsonResponse(503, body);
  }
  return http::JsonResponse(200, Json{{"status", "ok"}, {"checks", checks}});
}

Result<Principal> Api::Authenticate(http::Request& request) {
  Credentials credentials;
  if (auto h = request.Header("Authorization")) credentials.authorization = std::string(*h);
  if (auto sid = request.Cookie("sid"); sid && *sid != "Guest") credentials.session_id = *sid;
  CRIER_ASSIGN_OR_RETURN(std::optional<Principal> principal, auth_.Authenticate(credentials));
  if (!principal) {
    return Status(StatusCode::kUnauthenticated,
                  "Not logged in: log in with /api/method/login or send "
                  "'Authorization: token API_KEY:API_SECRET'");
  }
  request.set_user(principal->user);
  return std::move(*principal);
}

Result<Json> Api::BodyObject(const http::Request& request, bool allow_empty) const {
  const std::string& body = request.body();
  auto type = request.Header("Content-Type");
  size_t first = body.find_first_not_of(" \t\r\n");
  bool looks_like_json = first != std::string::npos && (body[first] == '{' || body[first] == '[');
  // `curl -d '{...}'` sends JSON labelled as a form: a body that starts like JSON is read as JSON.
  if (type && type->find("application/x-www-form-urlencoded") != std::string_view::npos &&
      !looks_like_json) {
    CRIER_ASSIGN_OR_RETURN(http::QueryParams form, http::ParseQueryString(body));
    Json out = Json::object();
    for (const auto& [k, v] : form.items()) {
      if (!out.contains(k)) out[k] = v;
    }
    return out;
  }
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (allow_empty) return Json::object();
    return InvalidArgument("the request body is empty: send a JSON object");
  }
  CRIER_ASSIGN_OR_RETURN(Json parsed, http::ParseJsonBody(body, options_.max_json_depth));
  if (!parsed.is_object()) return InvalidArgument("the request body must be a JSON object");
  return parsed;
}

Result<http::Response> Api::CallMethod(http::Request& request) {
  std::string name(request.PathParam("method"));
  auto it = methods_.find(name);
  // Credentials are checked before anything else, so an unknown method tells a stranger nothing.
  // Guest methods (login, logout) ignore missing or stale credentials.
  std::optional<Principal> principal;
  Result<Principal> who = Authenticate(request);
  if (who.ok()) {
    principal = std::move(who).value();
  } else if (it == methods_.end() || !it->second.allow_guest) {
    return who.status();
  }
  if (it == methods_.end()) return NotFound(fmt::format("method '{}' not found", name));
  http::Response response = http::JsonResponse(200, Json::object());
  CRIER_ASSIGN_OR_RETURN(Json body, BodyObject(request, /*allow_empty=*/true));
  Json args = Json::object();
  for (const auto& [k, v] : request.query().items()) args[k] = v;
  for (auto& [k, v] : body.items()) args[k] = v;
  MethodCall call{request, response, principal ? &*principal : nullptr, std::move(args)};
  Result<Json> message = it->second.run(call);
  if (!message.ok()) {
    http::Response error = ApiError(message.status());
    for (const auto& [k, v] : response.headers) {
      if (!http::EqualsIgnoreCase(k, "Content-Type")) error.AddHeader(k, v);
    }
    return error;
  }
  http::Response ok = http::JsonResponse(200, Json{{"message", std::move(message).value()}});
  for (const auto& [k, v] : response.headers) {
    if (!http::EqualsIgnoreCase(k, "Content-Type")) ok.AddHeader(k, v);
  }
  return ok;
}

}  // namespace crier
