// Serving the embedded files: lookup, conditional requests and the headers that keep the UI safe.
#include "webui/web_ui.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "http/request.h"

namespace crier::webui {
namespace {

constexpr std::string_view kIndex = "index.html";

// The UI is the only script on its pages: no inline code, no other origin, no framing.
constexpr std::string_view kHtmlPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

// Whether an If-None-Match header value lists `etag` (or is "*"). Weak validators ("W/...")
// compare by their opaque part, as RFC 9110 asks for If-None-Match.
bool EtagMatches(std::string_view header, std::string_view etag) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(pos, comma - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
    pos = comma + 1;
  }
  return false;
}

}  // namespace

const EmbeddedAsset* FindAsset(std::span<const EmbeddedAsset> assets, std::string_view path) {
  auto it = std::lower_bound(assets.begin(), assets.end(), path,
                             [](const EmbeddedAsset& a, std::string_view p) { return a.path < p; });
  if (it == assets.end() || it->path != path) return nullptr;
  return &*it;
}

http::Response ServeAsset(const EmbeddedAsset& asset, const http::Request& request) {
  http::Response response;
  auto if_none_match = request.Header("If-None-Match");
  if (if_none_match && EtagMatches(*if_none_match, asset.etag)) {
    response.status = 304;
  } else {
    response.status = 200;
    response.body = std::string(asset.body);
    response.SetHeader("Content-Type", std::string(asset.content_type));
  }
  response.SetHeader("ETag", std::string(asset.etag));
  response.SetHeader("Cache-Control", "no-cache");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  if (asset.content_type.starts_with("text/html")) {
    response.SetHeader("Content-Security-Policy", std::string(kHtmlPolicy));
    response.SetHeader("X-Frame-Options", "DENY");
    response.SetHeader("Referrer-Policy", "same-origin");
  }
  return response;
}

void AddRoutes(http::Router& router, std::span<const EmbeddedAsset> assets) {
  const EmbeddedAsset* index = FindAsset(assets, kIndex);
  if (index == nullptr) {
    // The asset table is built from the source tree; without index.html the build is broken.
    std::fprintf(stderr, "webui::AddRoutes: the embedded assets have no index.html\n");
    std::abort();
  }
  auto page = [index](http::Request& request) { return ServeAsset(*index, request); };
  router.Get("/", page);
  router.Get("/login", page);
  router.Get("/app/{path...}", page);
  router.Get("/assets/{file...}", [assets](http::Request& request) {
    std::string path = "assets/" + std::string(request.PathParam("file"));
    const EmbeddedAsset* asset = FindAsset(assets, path);
    if (asset == nullptr) {
      return http::ErrorResponse(404, "no such file: /" + path);
    }
    return ServeAsset(*asset, request);
  });
}

}  // namespace crier::webui
