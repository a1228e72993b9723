// Servers that tests start and stop themselves (nghttpd for HTTP/2 over TLS, aiosmtpd for SMTP,
// crier-mock-chat): a child process whose output goes to a file, and helpers to find a free
// loopback port and wait for a server to listen.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace crier::testing {

class Subprocess {
 public:
  // Starts argv[0] (searched in PATH) with stdout and stderr appended to `log_path`. nullptr when
  // it cannot be started.
  static std::unique_ptr<Subprocess> Start(const std::vector<std::string>& argv,
                                           const std::string& log_path);
  // Sends SIGTERM and waits for the child (SIGKILL after 5 s).
  ~Subprocess();

  pid_t pid() const { return pid_; }
  // Whether the child is still running (it has not exited).
  bool Running();

 private:
  explicit Subprocess(pid_t pid) : pid_(pid) {}
  pid_t pid_;
  bool reaped_ = false;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bound to 0, then released).
uint16_t FreeLoopbackPort();

// Polls until something accepts TCP connections on 127.0.0.1:port or the deadline passes.
bool WaitForPort(uint16_t port, std::chrono::milliseconds deadline);

// The full path of an executable found in PATH or in `extra_dirs`, "" when absent.
std::string FindExecutable(const std::string& name,
                           const std::vector<std::string>& extra_dirs = {});

// The whole content of a file ("" when unreadable).
std::string ReadFile(const std::string& path);

}  // namespace crier::testing
