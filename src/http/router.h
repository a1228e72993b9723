// Maps a request's method and path to its handler. Patterns name their variable segments
// (`/api/resource/{doctype}/{name}`), values arrive percent-decoded (DocType names with spaces),
// and the answers for unknown paths and wrong methods (404, 405 with Allow) are the same
// everywhere.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "http/request.h"
#include "http/response.h"

namespace crier::http {

// Handles one request. Called on a worker thread, possibly concurrently with other requests, so a
// handler must be thread-safe. It may block (database work). It may set request.set_user().
using Handler = std::function<Response(Request&)>;

// Checks a route pattern: starts with '/', segments separated by '/', each a literal (no '{', '}',
// '%' or '?') or a `{name}` (name: letters, digits, '_'), the last one may be `{name...}` (the rest
// of the path, zero or more segments), names distinct. Errors name the problem.
Status ValidateRoutePattern(std::string_view pattern);

class Router {
 public:
  struct Match {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed, kBadPath };
    Kind kind = Kind::kNotFound;
    const Handler* handler = nullptr;    // Set when kFound; owned by the Router.
    std::vector<Request::Field> params;  // Decoded path parameters, when kFound.
    std::string allow;                   // "GET, POST" when kMethodNotAllowed.
    std::string error;                   // Why, when kBadPath.
  };

  // Adds a route. Where several patterns match a path, the most specific wins: at the first
  // segment where they differ, a literal beats `{name}`, which beats `{name...}`. Matching is
  // exact: `/a/` does not match `/a`.
  // REQUIRES: ValidateRoutePattern(pattern).ok() and no route with the same method and pattern.
  // Route tables are code, so a violation is a programming error: it prints why and aborts.
  Router& Add(std::string_view method, std::string_view pattern, Handler handler);
  Router& Get(std::string_view pattern, Handler handler) {
    return Add("GET", pattern, std::move(handler));
  }
  Router& Post(std::string_view pattern, Handler handler) {
    return Add("POST", pattern, std::move(handler));
  }
  Router& Put(std::string_view pattern, Handler handler) {
    return Add("PUT", pattern, std::move(handler));
  }
  Router& Delete(std::string_view pattern, Handler handler) {
    return Add("DELETE", pattern, std::move(handler));
  }

  // Finds the route for `method` and a raw (percent-encoded) `path`. Thread-safe once routes are
  // added.
  Match Find(std::string_view method, std::string_view path) const;

  // Finds the route and calls its handler with the path parameters set on `request`; otherwise
  // answers 404, 405 (with an Allow header) or 400 (malformed percent-encoding in the path) in
  // crier's error format. Thread-safe once routes are added.
  Response Handle(Request& request) const;

 private:
  struct Segment {
    enum class Kind { kLiteral = 0, kParam = 1, kRest = 2 };
    Kind kind;
    std::string text;  // The literal, or the parameter's name.
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };

  static bool MoreSpecific(const Route& a, const Route& b);
  static bool Matches(const Route& route, const std::vector<std::string>& decoded,
                      std::vector<Request::Field>* params);

  std::vector<Route> routes_;
};

}  // namespace crier::http
