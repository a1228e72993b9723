// `crier serve` as an object: opens the store (running migrations), installs the built-in
// DocTypes, creates Administrator at first start, wires documents, auth and the REST API, and
// serves HTTP. Other layers extend it between Create() and Serve() (write hooks on documents(),
// methods on api()), so the composition stays in one place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "api/api.h"
#include "auth/auth_service.h"
#include "auth/password_hasher.h"
#include "base/clock.h"
#include "base/random.h"
#include "channels/email/email.h"
#include "channels/message.h"
#include "delivery/delivery_metrics.h"
#include "delivery/engine_renderer.h"
#include "delivery/http_sender.h"
#include "delivery/outbox_dispatcher.h"
#include "http/http_server.h"
#include "http/limits.h"
#include "model/document_service.h"
#include "model/meta_cache.h"
#include "rules/rules_engine.h"
#include "store/store.h"

namespace crier {

struct ServeOptions {
  std::string db_url = "sqlite:./crier-data/crier.db";
  std::string listen = "127.0.0.1:8000";
  std::string base_url;  // The address users reach crier at; default http://<listen>.
  bool demo = false;     // Create the demo DocType Issue.
  std::size_t max_body_bytes = http::HttpLimits::kDefaultMaxBodyBytes;
  int max_json_depth = http::kDefaultMaxJsonDepth;
  int worker_threads = 0;                     // 0: the HTTP layer's default.
  std::optional<std::string> admin_password;  // CRIER_ADMIN_PASSWORD, used at first start.
  Argon2Params argon2 = {};
  // Days/Minutes notifications: the daily time, the catch-up bound, and whether Serve() starts
  // the scheduler's thread (tests drive rules().scheduler().Tick() themselves instead).
  rules::SchedulerOptions scheduler = {};
  bool run_scheduler = true;
  // The outbox workers: on unless a node should only serve the API. Their lease owner is
  // `node_id` ("": this host's name), which replaces delivery.node_id.
  bool delivery_enabled = true;
  std::string node_id;
  DispatcherOptions delivery = {};
};

class Server {
 public:
  // Everything but the listening socket. `clock` and `random` must outlive the server.
  static Result<std::unique_ptr<Server>> Create(ServeOptions options, const Clock& clock,
                                                Random& random);
  ~Server();

  // Starts the delivery workers (unless disabled) and accepts requests. kUnavailable naming the
  // address when it cannot be bound.
  Status Serve();
  // Stops serving: requests in progress finish (up to a grace period), then the delivery workers
  // finish what is on the wire and record it. Idempotent.
  void Stop();

  std::uint16_t port() const;
  const std::string& base_url() const { return base_url_; }
  // The Administrator password generated at first start (to print once), if any.
  const std::optional<std::string>& generated_admin_password() const { return generated_; }

  Store& store() { return *store_; }
  DocumentService& documents() { return *documents_; }
  AuthService& auth() { return *auth_; }
  Api& api() { return *api_; }
  // What sends: HTTP to chat services (libcurl multi), SMTP, and the settings every payload needs
  // (base URL for document links, app name, the Jinja renderer of Generic webhook bodies).
  HttpSender& http_sender() { return *http_sender_; }
  MailSender& mail_sender() { return *mail_sender_; }
  const ChannelEnv& channel_env() const { return channel_env_; }
  const Clock& clock() const { return clock_; }
  Random& random() { return random_; }
  // The notification engine: hooks on documents(), methods on api(), the scheduler.
  rules::RulesEngine& rules() { return *rules_; }
  // The outbox workers (null when disabled) and their metrics (GET /metrics).
  OutboxDispatcher* dispatcher() { return dispatcher_.get(); }
  DeliveryMetrics& delivery_metrics() { return delivery_metrics_; }

 private:
  Server(ServeOptions options, const Clock& clock, Random& random)
      : options_(std::move(options)), clock_(clock), random_(random) {}
  // GET /metrics: delivery's metrics in Prometheus' text format (no authentication: the page
  // holds counts by service and reason, no name or URL).
  http::Response Metrics();

  ServeOptions options_;
  const Clock& clock_;
  Random& random_;
  std::string base_url_;
  std::optional<std::string> generated_;
  // Declared in dependency order: destroyed from the HTTP server down to the store.
  std::unique_ptr<Store> store_;
  MetaCache metas_;
  std::unique_ptr<DocumentService> documents_;
  std::unique_ptr<HttpSender> http_sender_;
  std::unique_ptr<MailSender> mail_sender_;
  std::unique_ptr<EngineRenderer> renderer_;
  ChannelEnv channel_env_;
  std::unique_ptr<rules::RulesEngine> rules_;
  std::unique_ptr<PasswordHasher> hasher_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<Api> api_;
  DeliveryMetrics delivery_metrics_;
  std::unique_ptr<OutboxDispatcher> dispatcher_;  // Stopped before the senders and the store go.
  std::unique_ptr<http::HttpServer> http_;
};

// This machine's host name ("crier" when unknown): the default delivery node id.
std::string HostName();

// One request-log line: `GET /api/resource/Issue 200 1.2ms user=Administrator`. The path comes
// without its query string and no body or header is ever logged, so secrets cannot leak here.
std::string FormatRequestLog(const http::RequestLogEntry& entry);

}  // namespace crier
