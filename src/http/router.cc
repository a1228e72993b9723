// Route patterns, matching and dispatch.
#include "http/router.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "http/url_decode.h"

namespace crier::http {
namespace {

std::vector<std::string_view> SplitSegments(std::string_view path) {
  std::vector<std::string_view> out;
  path.remove_prefix(1);  // The leading '/'.
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

Status ValidateRoutePattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') {
    return InvalidArgument(fmt::format("route pattern '{}' must start with '/'", pattern));
  }
  std::vector<std::string_view> segments = SplitSegments(pattern);
  std::set<std::string_view> names;
  for (size_t i = 0; i < segments.size(); ++i) {
    std::string_view s = segments[i];
    if (s.starts_with('{')) {
      if (!s.ends_with('}')) {
        return InvalidArgument(
            fmt::format("route pattern '{}': unclosed '{{' in '{}'", pattern, s));
      }
      std::string_view name = s.substr(1, s.size() - 2);
      if (name.ends_with("...")) {
        if (i + 1 != segments.size()) {
          return InvalidArgument(
              fmt::format("route pattern '{}': '{}' must be the last segment", pattern, s));
        }
        name.remove_suffix(3);
      }
      if (name.empty()) {
        return InvalidArgument(fmt::format("route pattern '{}': empty parameter name", pattern));
      }
      for (char c : name) {
        if (!IsNameChar(c)) {
          return InvalidArgument(
              fmt::format("route pattern '{}': bad parameter name '{}'", pattern, name));
        }
      }
      if (!names.insert(name).second) {
        return InvalidArgument(
            fmt::format("route pattern '{}': parameter '{}' appears twice", pattern, name));
      }
    } else if (s.find_first_of("{}%?#") != std::string_view::npos) {
      return InvalidArgument(
          fmt::format("route pattern '{}': literal segment '{}' holds '{{', '}}', '%', '?' or '#'",
                      pattern, s));
    }
  }
  return Status::Ok();
}

Router& Router::Add(std::string_view method, std::string_view pattern, Handler handler) {
  Status valid = ValidateRoutePattern(pattern);
  for (const Route& r : routes_) {
    if (valid.ok() && r.method == method && r.pattern == pattern) {
      valid = InvalidArgument(fmt::format("route {} {} is added twice", method, pattern));
    }
  }
  if (!valid.ok()) {
    std::fprintf(stderr, "Router::Add: %s\n", valid.message().c_str());
    std::abort();
  }
  Route route{std::string(method), std::string(pattern), {}, std::move(handler)};
  for (std::string_view s : SplitSegments(pattern)) {
    if (s.starts_with('{') && s.ends_with("...}")) {
      route.segments.push_back({Segment::Kind::kRest, std::string(s.substr(1, s.size() - 5))});
    } else if (s.starts_with('{')) {
      route.segments.push_back({Segment::Kind::kParam, std::string(s.substr(1, s.size() - 2))});
    } else {
      route.segments.push_back({Segment::Kind::kLiteral, std::string(s)});
    }
  }
  routes_.push_back(std::move(route));
  return *this;
}

bool Router::MoreSpecific(const Route& a, const Route& b) {
  size_t n = std::min(a.segments.size(), b.segments.size());
  for (size_t i = 0; i < n; ++i) {
    if (a.segments[i].kind != b.segments[i].kind) return a.segments[i].kind < b.segments[i].kind;
  }
  return a.segments.size() > b.segments.size();
}

bool Router::Matches(const Route& route, const std::vector<std::string>& decoded,
                     std::vector<Request::Field>* params) {
  const auto& segs = route.segments;
  for (size_t i = 0; i < segs.size(); ++i) {
    const Segment& seg = segs[i];
    if (seg.kind == Segment::Kind::kRest) {
      std::string rest;
      for (size_t k = i; k < decoded.size(); ++k) {
        if (k > i) rest += '/';
        rest += decoded[k];
      }
      if (params != nullptr) params->emplace_back(seg.text, std::move(rest));
      return true;
    }
    if (i >= decoded.size()) return false;
    if (seg.kind == Segment::Kind::kLiteral) {
      if (decoded[i] != seg.text) return false;
    } else {
      if (decoded[i].empty()) return false;
      if (params != nullptr) params->emplace_back(seg.text, decoded[i]);
    }
  }
  return segs.size() == decoded.size();
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') {
    match.kind = Match::Kind::kBadPath;
    match.error = "path must start with '/'";
    return match;
  }
  std::vector<std::string> decoded;
  for (std::string_view raw : SplitSegments(path)) {
    auto segment = PercentDecode(raw, DecodeMode::kPath);
    if (!segment.ok()) {
      match.kind = Match::Kind::kBadPath;
      match.error = "malformed path: " + segment.status().message();
      return match;
    }
    decoded.push_back(std::move(segment).value());
  }
  const Route* best = nullptr;
  std::vector<std::string> allowed;
  for (const Route& route : routes_) {
    if (!Matches(route, decoded, nullptr)) continue;
    if (route.method == method) {
      if (best == nullptr || MoreSpecific(route, *best)) best = &route;
    } else if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) {
      allowed.push_back(route.method);
    }
  }
  if (best != nullptr) {
    match.kind = Match::Kind::kFound;
    match.handler = &best->handler;
    Matches(*best, decoded, &match.params);
    return match;
  }
  if (!allowed.empty()) {
    match.kind = Match::Kind::kMethodNotAllowed;
    std::sort(allowed.begin(), allowed.end());
    for (const std::string& m : allowed) {
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += m;
    }
  }
  return match;
}

Response Router::Handle(Request& request) const {
  Match match = Find(request.method(), request.path());
  switch (match.kind) {
    case Match::Kind::kFound:
      request.set_path_params(std::move(match.params));
      return (*match.handler)(request);
    case Match::Kind::kBadPath:
      return ErrorResponse(400, match.error);
    case Match::Kind::kMethodNotAllowed: {
      Response r = ErrorResponse(405, fmt::format("method {} is not allowed here; allowed: {}",
                                                  request.method(), match.allow));
      r.SetHeader("Allow", match.allow);
      return r;
    }
    case Match::Kind::kNotFound:
      break;
  }
  return ErrorResponse(404, fmt::format("no endpoint for {} {}", request.method(), request.path()));
}

}  // namespace crier::http
