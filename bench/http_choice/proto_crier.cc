// The ADR 0001 insert endpoint on crier's own HTTP layer (src/http over Beast), to check that the
// layer keeps the figures of the raw Beast prototype it was chosen from.
// Usage: proto_crier [--port P] [--workers N] [--work-us U]; prints "port P" once listening.
#include <cstdio>

#include "http/http_server.h"
#include "http/stop_signal.h"
#include "insert_work.h"

int main(int argc, char** argv) {
  using namespace crier::http;
  using crier::bench::IntFlag;
  const int port = IntFlag(argc, argv, "--port", 0);
  const int workers = IntFlag(argc, argv, "--workers", 0);
  const std::chrono::microseconds work(IntFlag(argc, argv, "--work-us", 50));

  BlockStopSignals();

  Router router;
  router.Get("/healthz", [](Request&) { return Response::Text(200, "ok"); });
  router.Post("/api/resource/{doctype}", [work](Request& request) {
    auto answer = crier::bench::HandleInsert(request.body(), work);
    return Response::Json(answer.status, std::move(answer.body));
  });
  auto server = HttpServer::Start(
      {.port = static_cast<std::uint16_t>(port), .worker_threads = workers}, std::move(router));
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 1;
  }
  std::printf("port %d\n", (*server)->port());
  std::fflush(stdout);
  WaitForStopSignal();
  (*server)->Stop();
  return 0;
}
