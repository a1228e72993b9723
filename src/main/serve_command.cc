// `crier serve`: runs the server until SIGTERM or SIGINT, then stops cleanly (requests in
// progress finish, the database is closed).
#include <fmt/format.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>

#include "base/clock.h"
#include "base/random.h"
#include "main/command.h"
#include "server/serve_args.h"
#include "server/server.h"
#include "store/open_store.h"

namespace crier {
namespace {

int RunServe(std::span<const std::string_view> args) {
  Result<ServeOptions> options = ParseServeArgs(args, [](const char* name) {
    const char* v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
  });
  if (!options.ok()) {
    if (options.status().code() == StatusCode::kFailedPrecondition) {
      fmt::print("{}", options.status().message());
      return 0;
    }
    fmt::print(stderr, "error: {}\n\n{}", options.status().message(), ServeUsage());
    return 2;
  }
  // Block the stop signals before any thread starts, so every thread inherits the mask and the
  // main thread alone receives them through sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Result<std::unique_ptr<Server>> server = Server::Create(*options, SystemClock(), SecureRandom());
  if (!server.ok()) {
    fmt::print(stderr, "error: {}\n", server.status().message());
    return 1;
  }
  Status serving = (*server)->Serve();
  if (!serving.ok()) {
    fmt::print(stderr, "error: {}\n", serving.message());
    return 1;
  }
  if (const auto& password = (*server)->generated_admin_password()) {
    fmt::print(
        "crier: created user Administrator with password {} (shown once; set "
        "CRIER_ADMIN_PASSWORD at first start to choose it)\n",
        *password);
  }
  fmt::print("crier: serving {} on {} (database {})\n", (*server)->base_url(), options->listen,
             RedactStoreUrl(options->db_url));
  std::fflush(stdout);
  int received = 0;
  sigwait(&stop_signals, &received);
  fmt::print("crier: {} received, stopping\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  std::fflush(stdout);
  (*server)->Stop();
  server->reset();
  return 0;
}

}  // namespace

CRIER_REGISTER_COMMAND(
    serve, Command{"serve", "crier serve [--db URL] [--listen HOST:PORT] [--base-url URL] [--demo]",
                   "run the server: documents, notifications, REST API", RunServe});

}  // namespace crier
