// Composition of the server's layers.
#include "server/server.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "auth/user_controller.h"
#include "base/log.h"
#include "delivery/curl_http_sender.h"
#include "delivery/webhook_validator.h"
#include "metrics/prometheus.h"
#include "model/builtin_controllers.h"
#include "model/builtin_doctypes.h"
#include "rules/rules_api.h"
#include "server/delivery_methods.h"
#include "store/open_store.h"
#include "webui/web_ui.h"

namespace crier {

std::string FormatRequestLog(const http::RequestLogEntry& e) {
  return fmt::format("{} {} {} {:.1f}ms user={}", e.method.empty() ? "-" : e.method, e.path,
                     e.status, static_cast<double>(e.duration.count()) / 1000.0,
                     e.user.empty() ? "-" : e.user);
}

namespace {

// Runs `body` under the cluster-wide lock `name`, waiting (up to a minute) while another node
// holds it.
Status RunExclusiveWaiting(Store& store, std::string_view name,
                           const std::function<Status()>& body) {
  for (int attempt = 0; attempt < 600; ++attempt) {
    CRIER_ASSIGN_OR_RETURN(bool ran, store.RunExclusive(name, body));
    if (ran) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status(StatusCode::kUnavailable,
                fmt::format("another node held the '{}' lock for a minute", name));
}

}  // namespace

Result<std::unique_ptr<Server>> Server::Create(ServeOptions options, const Clock& clock,
                                               Random& random) {
  CRIER_ASSIGN_OR_RETURN(http::ListenAddress listen, http::ParseListenAddress(options.listen));
  std::unique_ptr<Server> s(new Server(std::move(options), clock, random));
  const ServeOptions& o = s->options_;
  s->base_url_ = o.base_url.empty() ? "http://" + o.listen : o.base_url;
  while (!s->base_url_.empty() && s->base_url_.back() == '/') s->base_url_.pop_back();
  (void)listen;

  CRIER_ASSIGN_OR_RETURN(s->store_, OpenStore(o.db_url));
  s->documents_ = std::make_unique<DocumentService>(s->metas_, clock, random);
  RegisterBuiltinControllers(*s->documents_);
  s->documents_->AddHook(MakeWebhookValidator());
  CRIER_ASSIGN_OR_RETURN(s->http_sender_, CurlHttpSender::Create());
  s->mail_sender_ = std::make_unique<SmtpMailSender>(SmtpOptions{}, clock,
                                                     [&random] { return RandomHex(random, 16); });
  s->renderer_ = std::make_unique<EngineRenderer>(clock);
  s->channel_env_.base_url = s->base_url_;
  s->channel_env_.renderer = s->renderer_.get();

  s->hasher_ = std::make_unique<PasswordHasher>(random, o.argon2);
  s->documents_->AddHook(std::make_unique<UserController>(*s->hasher_));
  s->auth_ = std::make_unique<AuthService>(*s->store_, *s->documents_, *s->hasher_, clock, random);
  s->documents_->AddHook(s->auth_->CacheInvalidationHook());
  // Installing is check-then-insert: nodes sharing a database take turns, so that two nodes
  // started at once on an empty database do not both create Administrator.
  Status installed = RunExclusiveWaiting(*s->store_, "bootstrap", [&]() -> Status {
    CRIER_RETURN_IF_ERROR(InstallBuiltins(*s->store_, *s->documents_));
    if (o.demo) CRIER_RETURN_IF_ERROR(InstallDemo(*s->store_, *s->documents_));
    CRIER_ASSIGN_OR_RETURN(s->generated_, s->auth_->EnsureAdministrator(o.admin_password));
    return Status::Ok();
  });
  CRIER_RETURN_IF_ERROR(installed);

  ApiOptions api;
  api.max_json_depth = o.max_json_depth;
  api.secure_cookies = s->base_url_.rfind("https://", 0) == 0;
  s->api_ = std::make_unique<Api>(*s->store_, *s->documents_, *s->auth_, api);

  s->rules_ = std::make_unique<rules::RulesEngine>(*s->store_, *s->documents_, s->channel_env_,
                                                   clock, o.scheduler);
  s->rules_->Install();
  rules::AddRulesMethods(*s->api_, *s->rules_, *s->http_sender_, *s->mail_sender_);
  AddDeliveryMethods(*s->api_, *s->http_sender_, s->channel_env_, clock);
  if (o.delivery_enabled) {
    DispatcherOptions d = o.delivery;
    d.node_id = o.node_id.empty() ? HostName() : o.node_id;
    s->dispatcher_ = std::make_unique<OutboxDispatcher>(
        OutboxDispatcher::Deps{*s->store_, *s->documents_, *s->http_sender_, *s->mail_sender_,
                               s->channel_env_, clock, random, &s->delivery_metrics_},
        std::move(d));
    s->api_->AddHealthCheck("delivery", [dispatcher = s->dispatcher_.get()] {
      return dispatcher->Healthy()
                 ? Status::Ok()
                 : Status(StatusCode::kUnavailable, "the delivery workers are not running");
    });
  }
  return s;
}

Server::~Server() {
  Stop();
}

Status Server::Serve() {
  CRIER_ASSIGN_OR_RETURN(http::ListenAddress listen, http::ParseListenAddress(options_.listen));
  if (dispatcher_ && !dispatcher_->stats().running) CRIER_RETURN_IF_ERROR(dispatcher_->Start());
  http::Router router;
  api_->AddRoutes(router);
  router.Get("/metrics", [this](http::Request&) { return Metrics(); });
  webui::AddRoutes(router);
  http::HttpServerOptions o;
  o.host = listen.host;
  o.port = listen.port;
  o.worker_threads = options_.worker_threads;
  o.limits.max_body_bytes = options_.max_body_bytes;
  o.on_complete = [](const http::RequestLogEntry& entry) {
    LogLevel level = entry.status >= 500 ? LogLevel::kError : LogLevel::kInfo;
    if (level >= GetLogLevel()) WriteLog(level, FormatRequestLog(entry));
  };
  CRIER_ASSIGN_OR_RETURN(http_, http::HttpServer::Start(std::move(o), std::move(router)));
  if (options_.base_url.empty()) {
    base_url_ = http_->base_url();  // The real port when listening on port 0.
    channel_env_.base_url = base_url_;
  }
  if (options_.run_scheduler) rules_->scheduler().Start();
  return Status::Ok();
}

void Server::Stop() {
  if (http_) http_->Stop();
  if (rules_) rules_->scheduler().Stop();
  if (dispatcher_) dispatcher_->Stop();
}

namespace {

// The store's write transactions and commits (docs/storage.md, "Group commit").
void RenderStoreMetrics(const Store& store, std::string& out) {
  const CommitCounts counts = store.commit_counts();
  metrics::WriteHeader(out, "crier_store_write_transactions_total",
                       "Write transactions that kept their writes.", "counter");
  metrics::WriteSample(out, "crier_store_write_transactions_total", {},
                       static_cast<double>(counts.transactions));
  metrics::WriteHeader(out, "crier_store_commits_total",
                       "Database commits that made them durable (SQLite commits queued write "
                       "transactions together).",
                       "counter");
  metrics::WriteSample(out, "crier_store_commits_total", {}, static_cast<double>(counts.commits));
}

}  // namespace

http::Response Server::Metrics() {
  Result<std::unique_ptr<ReadTxn>> txn = store_->BeginRead();
  DispatcherGauges gauges = dispatcher_ ? dispatcher_->gauges() : DispatcherGauges{};
  Result<std::string> text =
      txn.ok() ? delivery_metrics_.Render(**txn, clock_.Now(), gauges) : txn.status();
  if (!text.ok()) return http::ErrorResponse(503, "the database is not available");
  RenderStoreMetrics(*store_, *text);
  return http::Response::Text(200, std::move(text).value(), metrics::kContentType);
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "crier";
  return name;
}

std::uint16_t Server::port() const {
  return http_ ? http_->port() : 0;
}

}  // namespace crier
