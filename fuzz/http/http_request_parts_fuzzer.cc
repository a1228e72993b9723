// Fuzzes every parser of request parts that src/http runs on client bytes before a handler sees
// them (query string, Cookie header, percent-decoding, request targets, routing) and the
// formatters whose output goes back on the wire (Set-Cookie, server-sent events), checking the
// invariants later layers rely on: decoded text is valid UTF-8 without NUL, and nothing the
// application writes can break a header line.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/cookies.h"
#include "http/query_params.h"
#include "http/request.h"
#include "http/router.h"
#include "http/sse.h"
#include "http/url_decode.h"

namespace {

using namespace crier::http;

void Require(bool condition) {
  if (!condition) std::abort();
}

bool Clean(std::string_view text) {
  return IsValidUtf8(text) && text.find('\0') == std::string_view::npos;
}

const Router& FuzzRouter() {
  static const Router* router = [] {
    auto* r = new Router();
    Handler ok = [](Request&) { return Response::Text(200, "ok"); };
    r->Get("/api/resource/{doctype}", ok)
        .Get("/api/resource/{doctype}/{name}", ok)
        .Get("/api/resource/DocType/{name}", ok)
        .Post("/api/method/{method}", ok)
        .Get("/assets/{file...}", ok)
        .Get("/", ok);
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);

  for (DecodeMode mode : {DecodeMode::kPath, DecodeMode::kQuery}) {
    auto decoded = PercentDecode(input, mode);
    if (decoded.ok()) {
      Require(Clean(*decoded));
      auto again = PercentDecode(PercentEncode(*decoded), mode);
      Require(again.ok() && *again == *decoded);
    }
  }

  auto query = ParseQueryString(input);
  if (query.ok()) {
    for (const auto& [name, value] : query->items()) Require(Clean(name) && Clean(value));
  }

  for (const auto& [name, value] : ParseCookieHeader(input)) {
    Require(!name.empty());
    Require(name.find(';') == std::string::npos && value.find(';') == std::string::npos);
    Require(name.find('=') == std::string::npos);
  }

  auto request = Request::Create("GET", input);
  if (request.ok()) {
    Require(request->path().find('?') == std::string::npos);
    Router::Match match = FuzzRouter().Find("GET", request->path());
    if (match.kind == Router::Match::Kind::kFound) {
      for (const auto& [name, value] : match.params) Require(Clean(value));
    }
    Response response = FuzzRouter().Handle(*request);
    Require(response.status == 200 || response.status == 400 || response.status == 404 ||
            response.status == 405);
  }

  size_t half = input.size() / 2;
  SetCookie cookie{.name = std::string(input.substr(0, half)),
                   .value = std::string(input.substr(half))};
  auto set_cookie = FormatSetCookie(cookie);
  if (set_cookie.ok()) {
    Require(set_cookie->find_first_of("\r\n") == std::string::npos);
  }

  std::string event = FormatSseEvent({.event = std::string(input), .data = std::string(input)});
  Require(event.find('\r') == std::string::npos);
  Require(event.ends_with("\n\n"));
  return 0;
}
