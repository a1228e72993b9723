// What each chat service does with an incoming-webhook request, emulated from the contracts in
// shared/reference/webhook-contracts.md: the checks the real service makes (method, content type,
// JSON shape, size limits) and the answers it gives, success, error and throttle, with their exact
// shapes and headers. Pure functions, so the emulation itself is tested as tables
// (emulation_test.cc) and the server (mock_chat.h) only moves bytes.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace crier::mock {

struct MockRequest {
  std::string method;
  std::string path;                            // Without the query, percent-encoded as received.
  std::string query;                           // After '?', "" if none.
  std::map<std::string, std::string> headers;  // Lower-case names.
  std::string body;
};

struct MockAnswer {
  int status = 200;
  std::string content_type;  // "" for no Content-Type header (and usually no body).
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Extra headers.
};

// What the mock is told to do instead of answering normally.
enum class Mode {
  kNormal,    // Validate and answer as the service would.
  kError,     // Answer `status` (default 503) in the service's error shape.
  kThrottle,  // Answer the service's throttle answer (429 + Retry-After where it sends one).
  kSlow,      // Wait `delay_ms`, then answer normally.
  kGone,      // Answer as the service does for a deleted webhook.
};

struct ModeSpec {
  Mode mode = Mode::kNormal;
  int status = 0;                 // kError: the status to answer (default 503).
  std::string retry_after = "1";  // kThrottle: the Retry-After value ("" to send none).
  int delay_ms = 0;               // kSlow.
  long long count = -1;           // How many requests it applies to; -1 for all until changed.
};

std::string_view ModeName(Mode mode);
// "normal", "error", "throttle", "slow", "gone"; false for anything else.
bool ParseMode(std::string_view name, Mode& out);

// The emulated service serving a path, by its first segment ("/mattermost/hooks/x" ->
// "mattermost"). The rest of the path is the service's own (e.g. "/hooks/<id>").
struct Route {
  std::string service;   // "" when no service serves the path.
  std::string sub_path;  // The path after the service prefix.
};
Route RouteOf(std::string_view path);

// The services the mock emulates, in a fixed order: mattermost, slack, googlechat, rocketchat,
// discord, teams (Workflows), teams-connector (legacy Office 365), zulip, ntfy, matrix, generic.
const std::vector<std::string>& ServiceNames();

// Emulates `service` for one request under `mode` (kSlow is handled by the server: here it is
// kNormal). `problems` receives what the real service would do silently and badly with this
// request (split it, truncate it, fail the flow later), so tests can assert there is none.
MockAnswer Emulate(std::string_view service, std::string_view sub_path, const MockRequest& request,
                   const ModeSpec& mode, std::vector<std::string>& problems);

}  // namespace crier::mock
