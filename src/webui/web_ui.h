// The web UI's routes: `crier serve` answers the browser from the files embedded in the binary.
// UI pages (/, /login, /app/...) all get index.html, whose script routes on the client side;
// /assets/... are the scripts, styles and images. Nothing here is registered under /api,
// /healthz or /metrics, so the UI never shadows the server's own endpoints.
//
//   http::Router router;
//   api.AddRoutes(router);
//   webui::AddRoutes(router);
#pragma once

#include <span>
#include <string_view>

#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "webui/embedded_asset.h"

namespace crier::webui {

// Adds GET /, /login, /app/{path...} (index.html) and /assets/{file...} to `router`, serving
// `assets` (default: the files compiled into the binary). `assets` must outlive the router and hold
// "index.html". REQUIRES: none of these routes is already on the router.
void AddRoutes(http::Router& router, std::span<const EmbeddedAsset> assets = EmbeddedAssets());

// The answer for one embedded file: 200 with its body, Content-Type and ETag, or 304 without a
// body when the request's If-None-Match names that ETag (or is "*"). Every answer says
// `Cache-Control: no-cache` (browsers revalidate, cheaply, so a new binary's UI shows at once),
// `X-Content-Type-Options: nosniff`; HTML adds a Content-Security-Policy that allows only this
// origin's scripts, styles and connections, and forbids framing.
http::Response ServeAsset(const EmbeddedAsset& asset, const http::Request& request);

// The asset at `path` (relative to web/, as in EmbeddedAsset::path), or nullptr.
const EmbeddedAsset* FindAsset(std::span<const EmbeddedAsset> assets, std::string_view path);

}  // namespace crier::webui
