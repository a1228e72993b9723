// crier's Frappe-compatible REST API (DESIGN.md section 5): /api/resource/{DocType}[/{name}] for
// documents, /api/method/{name} for methods, /healthz. Every request is authenticated first (no
// data without valid credentials: 401), checked against the user's permissions (403), and runs in
// one store transaction, so a failed request leaves nothing behind. Errors are
// {"exc_type", "message", "field"} with the status of their StatusCode.
//
// Other layers add methods (notification.preview, events.ingest, delivery.retry...) with
// AddMethod before the routes are served.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "auth/auth_service.h"
#include "auth/permissions.h"
#include "http/json_body.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "model/document_service.h"
#include "store/store.h"

namespace crier {

struct ApiOptions {
  int max_json_depth = http::kDefaultMaxJsonDepth;  // Deeper request bodies get 400.
  bool secure_cookies = false;                      // Set when crier is served over https.
};

// One call of a method. `args` holds the JSON body's members (or the form fields) and the query
// parameters (the body wins). A method may add headers or cookies to `response`.
struct MethodCall {
  http::Request& request;
  http::Response& response;
  const Principal* principal;  // nullptr only for allow_guest methods called without credentials.
  Json args;
};

struct MethodSpec {
  bool allow_guest = false;  // Callable without credentials (login, logout).
  // Returns the `message` of the answer, or an error Status (mapped to its HTTP status).
  std::function<Result<Json>(MethodCall&)> run;
};

class Api {
 public:
  // All references must outlive the Api.
  Api(Store& store, DocumentService& documents, AuthService& auth, ApiOptions options = {});

  // Adds (or replaces) the method /api/method/<name>. REQUIRES: before serving.
  void AddMethod(const std::string& name, MethodSpec spec);
  // Adds a check to GET /healthz beside the store's: OK, or what is wrong (no secret). /healthz
  // answers 200 {"status": "ok", "checks": {name: "ok"...}} when all pass, else 503 with each
  // failing check's message. REQUIRES: before serving; the check is thread-safe and quick.
  void AddHealthCheck(const std::string& name, std::function<Status()> check);
  // Adds every route to `router`.
  void AddRoutes(http::Router& router);

  Store& store() { return store_; }
  DocumentService& documents() { return documents_; }
  AuthService& auth() { return auth_; }

  // The principal of a request from its `sid` cookie or Authorization header; sets
  // request.user(). kUnauthenticated when there are none or they are invalid.
  Result<Principal> Authenticate(http::Request& request);

 private:
  Result<http::Response> ListDocuments(http::Request& request);
  Result<http::Response> InsertDocument(http::Request& request);
  Result<http::Response> GetDocument(http::Request& request);
  Result<http::Response> UpdateDocument(http::Request& request);
  Result<http::Response> DeleteDocument(http::Request& request);
  Result<http::Response> DocumentVersions(http::Request& request);
  Result<http::Response> CallMethod(http::Request& request);
  http::Response Health();
  void AddBuiltinMethods();
  Result<std::shared_ptr<const Meta>> ResourceMeta(const http::Request& request);
  Result<Json> BodyObject(const http::Request& request, bool allow_empty) const;

  Store& store_;
  DocumentService& documents_;
  AuthService& auth_;
  const ApiOptions options_;
  std::map<std::string, MethodSpec, std::less<>> methods_;
  std::map<std::string, std::function<Status()>> health_checks_;
};

// The answer for a failed request: the StatusCode's HTTP status (http::HttpStatusFor) and
// crier's error body; server-side failures (5xx) are also logged.
http::Response ApiError(const Status& status);

}  // namespace crier
