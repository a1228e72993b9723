// Integration tests run the real server as a child process: ServerProcess starts a command (usually
// `crier serve`) on a free loopback port with its own temporary data folder and environment,
// waits until GET /healthz answers, and can stop it politely (SIGTERM), kill it (SIGKILL, for
// durability tests) and restart it on the same port and data. The destructor always kills and
// reaps the child and removes the folder, so a failing test leaves nothing behind.
//
//   auto server = ServerProcess::Start({.command = CrierServeCommand()});
//   HttpClient client((*server)->base_url());
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace crier::testing {

struct ServerProcessOptions {
  // Program and arguments. In each argument "{port}", "{listen}" (127.0.0.1:PORT), "{base_url}"
  // and "{data_dir}" are replaced. The program is looked up in PATH unless it holds a '/'.
  std::vector<std::string> command = {};
  // Set in the child's environment on top of the inherited one.
  std::vector<std::pair<std::string, std::string>> env = {};
  std::string health_path = "/healthz";  // Must answer 200 once the server is ready.
  std::chrono::milliseconds start_timeout{20'000};
  std::chrono::milliseconds stop_timeout{10'000};  // SIGTERM grace before SIGKILL.
  std::uint16_t port = 0;                          // 0: a free port (see PickFreePort).
  std::string data_dir = {};  // Empty: a new temporary folder, removed at destruction.
};

// The path of the crier binary under test: $CRIER_BINARY, else build/crier of this build tree.
std::string CrierBinary();

// `crier serve --listen {listen} --db sqlite:{data_dir}/crier.db` plus `extra_args`.
std::vector<std::string> CrierServeCommand(std::vector<std::string> extra_args = {});

class ServerProcess {
 public:
  // Starts the command and waits until it answers health_path with 200. Errors (kUnavailable):
  // the program could not start, it exited first, or it did not answer in start_timeout; the
  // message ends with the tail of its output. With an automatic port, a child that exits early is
  // retried on new ports (another process may have taken the port meanwhile).
  static Result<std::unique_ptr<ServerProcess>> Start(ServerProcessOptions options);

  // Kills (SIGKILL) and reaps the child if it runs, and removes a temporary data folder (kept
  // when CRIER_KEEP_TEST_DATA is set, and its path printed).
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  std::string base_url() const;
  const std::string& data_dir() const { return data_dir_; }
  pid_t pid() const { return pid_; }
  // True while the child has not exited (reaps it if it has).
  bool running();

  // Sends SIGTERM and waits up to stop_timeout for the exit, then SIGKILL. Returns the exit code,
  // or 128 + signal number when a signal ended it. kFailedPrecondition when not running.
  Result<int> Terminate();
  // Sends SIGKILL to the child's process group and reaps it. No-op when not running.
  void Kill();
  // Starts the same command again with the same port, data folder and environment, and waits for
  // health. REQUIRES: not running (call Terminate or Kill first).
  Status Restart();

  // Everything the child wrote on stdout and stderr, over all its runs (data_dir/server.log).
  std::string Log() const;

 private:
  explicit ServerProcess(ServerProcessOptions options) : options_(std::move(options)) {}
  Status Launch();
  Status WaitHealthy();
  Result<int> WaitExit(std::chrono::milliseconds timeout);
  std::string LogTail() const;

  ServerProcessOptions options_;
  std::uint16_t port_ = 0;
  std::string data_dir_;
  bool owns_data_dir_ = false;
  pid_t pid_ = -1;
};

}  // namespace crier::testing
