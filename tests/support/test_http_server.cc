// crier_test_http_server: a small server on crier's HTTP layer that stands in for `crier serve` in
// the tests of ServerProcess (and of anything else that needs a real process speaking HTTP).
// Usage: crier_test_http_server --listen HOST:PORT [--data-dir DIR]
//   GET /healthz        "ok"
//   GET /env/{name}     the value of environment variable {name}, or 404
//   GET /starts         how many times a server started with this --data-dir (kept in DIR/starts)
//   GET /pid            this process's id
// SIGTERM or SIGINT stops it gracefully with exit status 0.
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "http/http_server.h"

namespace {

std::string FlagValue(int argc, char** argv, std::string_view name) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (name == argv[i]) return argv[i + 1];
  }
  return {};
}

// Appends one line to DIR/starts and returns the number of lines.
int CountStart(const std::string& data_dir) {
  if (data_dir.empty()) return 0;
  const std::string path = data_dir + "/starts";
  { std::ofstream(path, std::ios::app) << "start\n"; }
  std::ifstream in(path);
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace crier::http;
  auto listen = ParseListenAddress(FlagValue(argc, argv, "--listen"));
  if (!listen.ok()) {
    fmt::print(stderr, "crier_test_http_server: {}\n", listen.status().message());
    return 2;
  }
  const int starts = CountStart(FlagValue(argc, argv, "--data-dir"));

  // Block the stop signals in every thread; the main thread takes them with sigwait below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Router router;
  router.Get("/healthz", [](Request&) { return Response::Text(200, "ok"); });
  router.Get("/env/{name}", [](Request& request) {
    std::string name(request.PathParam("name"));
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return ErrorResponse(404, "no such variable");
    return Response::Text(200, value);
  });
  router.Get("/starts", [starts](Request&) { return Response::Text(200, std::to_string(starts)); });
  router.Get("/pid", [](Request&) { return Response::Text(200, std::to_string(::getpid())); });

  auto server = HttpServer::Start({.host = listen->host, .port = listen->port}, std::move(router));
  if (!server.ok()) {
    fmt::print(stderr, "crier_test_http_server: {}\n", server.status().message());
    return 1;
  }
  fmt::print("listening on {}\n", (*server)->base_url());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  fmt::print("stopping on signal {}\n", signal);
  (*server)->Stop();
  return 0;
}
