// crier's HTTP/1.1 server: listens on HOST:PORT, keeps connections alive, runs handlers on a worker
// pool (they may block on the database), enforces HttpLimits, streams server-sent events, and
// stops gracefully. Built on Boost.Beast (see docs/adr/0001-http-server.md); no Beast or Asio type
// appears in this header, so nothing outside src/http includes them.
//
//   Router router;
//   router.Get("/healthz", [](Request&) { return Response::Text(200, "ok"); });
//   auto server = HttpServer::Start({.port = 8000}, std::move(router));
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "http/limits.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace crier::http {

// What the completion hook learns about each finished request: enough for one log line, and
// nothing that may be secret (no query string, no headers, no body).
struct RequestLogEntry {
  std::string_view method;                // Empty when the request line could not be parsed.
  std::string_view path;                  // Without the query string, still percent-encoded.
  int status = 0;                         // What was sent (or was being sent when the client left).
  std::chrono::microseconds duration{0};  // From the request's first byte to the response's last.
  std::string_view user;  // Request::user() as the handler left it; empty if anonymous.
  std::string_view client_address;
  std::size_t response_bytes = 0;  // Body bytes sent (all chunks, for streams).
};

// Called once per request, after its response is sent or abandoned, on a server thread. Must be
// quick and thread-safe (several requests finish at once).
using CompletionHook = std::function<void(const RequestLogEntry&)>;

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // An IP address (IPv4 or IPv6 literal) or "localhost".
  std::uint16_t port = 8000;       // 0 picks a free port; read it back with HttpServer::port().
  int io_threads = 1;              // Threads that accept, parse and write (cheap work).
  int worker_threads = 0;          // Threads that run handlers; 0 = DefaultWorkerThreads().
  HttpLimits limits = {};
  CompletionHook on_complete = {};  // Optional.
};

// Two per hardware thread, at least 2: handlers mostly wait on the database, and 4 on this 2-core
// machine kept p99 lowest in the ADR 0001 measurements.
int DefaultWorkerThreads();

// "HOST:PORT" as given to `crier serve --listen` ("127.0.0.1:8000", "[::1]:8080", "0.0.0.0:0").
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};
Result<ListenAddress> ParseListenAddress(std::string_view text);

class HttpServer {
 public:
  // Binds, listens and starts serving on background threads; returns once connections are being
  // accepted. Errors: kInvalidArgument for a host that is not an address, kUnavailable when the
  // address cannot be bound (in use, not local), naming the address.
  static Result<std::unique_ptr<HttpServer>> Start(HttpServerOptions options, Handler handler);
  static Result<std::unique_ptr<HttpServer>> Start(HttpServerOptions options, Router router);

  // Stops (see Stop) with the default grace period.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (the real one when options.port was 0).
  std::uint16_t port() const;
  // "http://HOST:PORT" (IPv6 hosts in brackets).
  std::string base_url() const;
  // Open connections right now.
  int connection_count() const;

  // Stops accepting, closes idle keep-alive connections and streams, lets requests in progress
  // finish and answer (with Connection: close) for up to `grace`, then closes what is left and
  // waits for running handlers to return. Idempotent; thread-safe; must not be called from a
  // handler.
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace crier::http
