// HttpServer: the listening socket, the thread pools and graceful stop. The per-connection
// protocol is in connection.cc.
#include "http/http_server.h"

#include <fmt/format.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <charconv>
#include <thread>
#include <vector>

#include "base/log.h"
#include "http/connection.h"
#include "http/server_core.h"

namespace crier::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Response ServerCore::RunHandler(Request& request) const {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    CRIER_LOG_ERROR("http: handler for {} {} threw: {}", request.method(), request.path(),
                    e.what());
  } catch (...) {
    CRIER_LOG_ERROR("http: handler for {} {} threw a non-standard exception", request.method(),
                    request.path());
  }
  return ErrorResponse(500, "internal error");
}

void ServerCore::Register(Connection* c, std::weak_ptr<Connection> weak) {
  std::lock_guard lock(registry_mu);
  registry.emplace(c, std::move(weak));
  connection_count.fetch_add(1);
}

void ServerCore::Unregister(Connection* c) {
  std::lock_guard lock(registry_mu);
  if (registry.erase(c) > 0) connection_count.fetch_sub(1);
  registry_cv.notify_all();
}

std::vector<std::shared_ptr<Connection>> ServerCore::LiveConnections() {
  std::lock_guard lock(registry_mu);
  std::vector<std::shared_ptr<Connection>> out;
  for (auto& [raw, weak] : registry) {
    if (auto strong = weak.lock()) out.push_back(std::move(strong));
  }
  return out;
}

bool ServerCore::WaitForNoConnections(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(registry_mu);
  return registry_cv.wait_until(lock, deadline, [this] { return registry.empty(); });
}

int DefaultWorkerThreads() {
  int hardware = static_cast<int>(std::thread::hardware_concurrency());
  return std::max(2, 2 * hardware);
}

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  ListenAddress out;
  std::string_view port_text;
  if (text.starts_with('[')) {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return InvalidArgument(fmt::format("listen address '{}' is not [IPV6]:PORT", text));
    }
    out.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return InvalidArgument(fmt::format("listen address '{}' is not HOST:PORT", text));
    }
    out.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (out.host.empty() || port_text.empty() || ec != std::errc() ||
      end != port_text.data() + port_text.size() || port > 65535) {
    return InvalidArgument(fmt::format("listen address '{}' is not HOST:PORT", text));
  }
  out.port = static_cast<std::uint16_t>(port);
  return out;
}

struct HttpServer::Impl {
  Impl(HttpServerOptions options, Handler handler, int workers)
      : core(std::move(options), std::move(handler), workers),
        acceptor(core.io),
        retry_timer(core.io),
        keep_running(core.io.get_executor()) {
    reject_response = [] {
      Response r = ErrorResponse(503, "too many connections, retry later");
      return fmt::format(
          "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
          "Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{}",
          r.body.size(), r.body);
    }();
  }

  void Accept() {
    acceptor.async_accept(
        asio::make_strand(core.io), [this](boost::system::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || core.stopping) return;
          if (ec) {
            // Out of descriptors, typically: wait a little instead of spinning.
            CRIER_LOG_WARNING("http: accept failed: {}", ec.message());
            retry_timer.expires_after(std::chrono::milliseconds(100));
            retry_timer.async_wait([this](boost::system::error_code e) {
              if (!e) Accept();
            });
            return;
          }
          if (core.connection_count.load() >= core.options.limits.max_connections) {
            Reject(socket);
          } else {
            auto connection = std::make_shared<Connection>(core, std::move(socket));
            core.Register(connection.get(), connection);
            connection->Start();
          }
          Accept();
        });
  }

  // Best effort: a short 503 on a fresh socket fits in its send buffer, so a non-blocking send
  // either writes it whole or the client is gone.
  void Reject(tcp::socket& socket) {
    boost::system::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.send(asio::buffer(reject_response), 0, ignored);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  void Stop(std::chrono::milliseconds grace) {
    std::lock_guard lock(stop_mu);
    if (stopped) return;
    stopped = true;
    core.stopping = true;
    asio::post(core.io, [this] {
      boost::system::error_code ignored;
      acceptor.close(ignored);
      retry_timer.cancel();
    });
    for (auto& c : core.LiveConnections()) c->Shutdown();
    auto deadline = std::chrono::steady_clock::now() + grace;
    if (!core.WaitForNoConnections(deadline)) {
      for (auto& c : core.LiveConnections()) c->ForceClose();
      core.WaitForNoConnections(std::chrono::steady_clock::now() + std::chrono::seconds(1));
    }
    core.workers.join();  // Handlers still running finish; their answers go nowhere.
    keep_running.reset();
    core.io.stop();
    for (auto& t : io_threads) t.join();
  }

  ServerCore core;
  tcp::acceptor acceptor;
  asio::steady_timer retry_timer;
  // Keeps the event loop running while no socket operation is pending (all connections busy in
  // handlers during Stop, say), so that handlers' answers can still be posted to it.
  asio::executor_work_guard<asio::io_context::executor_type> keep_running;
  std::string reject_response;
  std::vector<std::thread> io_threads;
  std::uint16_t port = 0;
  std::string host;
  std::mutex stop_mu;
  bool stopped = false;  // Guarded by stop_mu.
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  Stop();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options, Handler handler) {
  if (options.io_threads < 1) return InvalidArgument("io_threads must be at least 1");
  int workers = options.worker_threads == 0 ? DefaultWorkerThreads() : options.worker_threads;
  if (workers < 1) return InvalidArgument("worker_threads must be at least 1");
  std::string host = options.host == "localhost" ? "127.0.0.1" : options.host;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    return InvalidArgument(fmt::format("listen host '{}' is not an IP address", options.host));
  }
  const std::uint16_t wanted_port = options.port;
  auto impl = std::make_unique<Impl>(std::move(options), std::move(handler), workers);
  tcp::endpoint endpoint(address, wanted_port);
  auto fail = [&](std::string_view what) {
    return Status(StatusCode::kUnavailable, fmt::format("cannot listen on {}:{}: {}: {}", host,
                                                        wanted_port, what, ec.message()));
  };
  impl->acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  // Lets a restarted server bind its port while old connections sit in TIME_WAIT.
  impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (ec) return fail("SO_REUSEADDR");
  impl->acceptor.bind(endpoint, ec);
  if (ec) return fail("bind");
  impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  impl->port = impl->acceptor.local_endpoint().port();
  impl->host = address.is_v6() ? fmt::format("[{}]", host) : host;
  impl->Accept();
  for (int i = 0; i < impl->core.options.io_threads; ++i) {
    impl->io_threads.emplace_back([core = &impl->core] { core->io.run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options, Router router) {
  return Start(std::move(options), [router = std::make_shared<const Router>(std::move(router))](
                                       Request& request) { return router->Handle(request); });
}

std::uint16_t HttpServer::port() const {
  return impl_->port;
}

std::string HttpServer::base_url() const {
  return fmt::format("http://{}:{}", impl_->host, impl_->port);
}

int HttpServer::connection_count() const {
  return impl_->core.connection_count.load();
}

void HttpServer::Stop(std::chrono::milliseconds grace) {
  if (impl_) impl_->Stop(grace);
}

}  // namespace crier::http
