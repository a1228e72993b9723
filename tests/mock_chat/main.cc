// crier-mock-chat: the mock chat services as a program, for benchmarks and for tests that run
// crier as a separate process. Prints "chat_port N" and "control_port M" once listening, then
// serves until SIGINT or SIGTERM. Control API: see docs/delivery.md ("Mock chat services").
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mock_chat.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: crier-mock-chat [--host 127.0.0.1] [--port N] [--control-port N] "
               "[--threads N] [--max-records N] [--no-bodies]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  crier::mock::MockChatOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (arg == "--no-bodies") {
      options.record_bodies = false;
    } else if (arg == "--help" || arg == "-h") {
      Usage();
      return 0;
    } else if ((v = value()) == nullptr) {
      return Usage();
    } else if (arg == "--host") {
      options.host = v;
    } else if (arg == "--port") {
      options.port = static_cast<uint16_t>(std::atoi(v));
    } else if (arg == "--control-port") {
      options.control_port = static_cast<uint16_t>(std::atoi(v));
    } else if (arg == "--threads") {
      options.threads = std::atoi(v);
    } else if (arg == "--max-records") {
      options.max_records = std::strtoull(v, nullptr, 10);
    } else {
      return Usage();
    }
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // Inherited by the server's threads.

  crier::mock::MockChat mock(options);
  if (!mock.Start()) return 1;
  std::printf("chat_port %u\ncontrol_port %u\n", mock.port(), mock.control_port());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  mock.Stop();
  return 0;
}
