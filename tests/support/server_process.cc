// ServerProcess: fork/exec, health polling, signals and cleanup.
#include "support/server_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/free_port.h"
#include "support/http_client.h"

extern char** environ;

namespace crier::testing {
namespace {

using SteadyClock = std::chrono::steady_clock;

// How often to poll the health endpoint and the child's state while waiting.
constexpr std::chrono::milliseconds kPollInterval{20};

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The program's full path: as given when it holds a '/', else the first executable in PATH.
std::string ResolveProgram(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    size_t colon = dirs.find(':');
    std::string candidate = std::string(dirs.substr(0, colon)) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return program;
}

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string CrierBinary() {
  if (const char* env = std::getenv("CRIER_BINARY"); env != nullptr && *env != '\0') return env;
  return CRIER_DEFAULT_BINARY;
}

std::vector<std::string> CrierServeCommand(std::vector<std::string> extra_args) {
  std::vector<std::string> command = {CrierBinary(), "serve", "--listen",
                                      "{listen}",    "--db",  "sqlite:{data_dir}/crier.db"};
  for (std::string& arg : extra_args) command.push_back(std::move(arg));
  return command;
}

Result<std::unique_ptr<ServerProcess>> ServerProcess::Start(ServerProcessOptions options) {
  if (options.command.empty()) return InvalidArgument("ServerProcess: empty command");
  std::unique_ptr<ServerProcess> server(new ServerProcess(std::move(options)));
  if (server->options_.data_dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/crier-test-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      return Internal(fmt::format("mkdtemp {}: {}", pattern, std::strerror(errno)));
    }
    server->data_dir_ = pattern;
    server->owns_data_dir_ = true;
  } else {
    server->data_dir_ = server->options_.data_dir;
    std::error_code ec;
    std::filesystem::create_directories(server->data_dir_, ec);
  }
  const bool auto_port = server->options_.port == 0;
  constexpr int kAttempts = 3;
  Status status;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (auto_port) {
      CRIER_ASSIGN_OR_RETURN(server->port_, PickFreePort());
    } else {
      server->port_ = server->options_.port;
    }
    status = server->Launch();
    if (status.ok()) return server;
    // Only a child that exited on its own may have lost a race for the port; a timeout will not
    // get better by retrying.
    if (!auto_port || server->running() || status.code() != StatusCode::kUnavailable ||
        status.message().find("exited") == std::string::npos) {
      break;
    }
  }
  return status;
}

ServerProcess::~ServerProcess() {
  Kill();
  if (!owns_data_dir_) return;
  if (std::getenv("CRIER_KEEP_TEST_DATA") != nullptr) {
    std::fprintf(stderr, "ServerProcess: kept data folder %s\n", data_dir_.c_str());
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(data_dir_, ec);
}

std::string ServerProcess::base_url() const {
  return fmt::format("http://127.0.0.1:{}", port_);
}

Status ServerProcess::Launch() {
  const std::string listen = fmt::format("127.0.0.1:{}", port_);
  std::vector<std::string> args;
  for (const std::string& arg : options_.command) {
    std::string a = ReplaceAll(arg, "{port}", std::to_string(port_));
    a = ReplaceAll(std::move(a), "{listen}", listen);
    a = ReplaceAll(std::move(a), "{base_url}", base_url());
    a = ReplaceAll(std::move(a), "{data_dir}", data_dir_);
    args.push_back(std::move(a));
  }
  args[0] = ResolveProgram(args[0]);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    bool overridden = false;
    for (const auto& [name, value] : options_.env) {
      if (entry.starts_with(name + "=")) overridden = true;
    }
    if (!overridden) env.emplace_back(entry);
  }
  for (const auto& [name, value] : options_.env) env.push_back(name + "=" + value);

  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  const std::string log_path = data_dir_ + "/server.log";
  const pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) return Internal(fmt::format("fork: {}", std::strerror(errno)));
  if (pid == 0) {
    ::setpgid(0, 0);
    // Die with the test (when the thread that started us ends), never outlive it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log >= 0) {
      ::dup2(log, STDOUT_FILENO);
      ::dup2(log, STDERR_FILENO);
    }
    if (null >= 0) ::dup2(null, STDIN_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    const char msg[] = "ServerProcess: execve failed\n";
    [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, msg, sizeof(msg) - 1);
    ::_exit(127);
  }
  pid_ = pid;
  return WaitHealthy();
}

Status ServerProcess::WaitHealthy() {
  const auto deadline = SteadyClock::now() + options_.start_timeout;
  HttpClient client(base_url());
  client.set_timeout(std::chrono::milliseconds(1000));
  while (true) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return Status(StatusCode::kUnavailable,
                    fmt::format("server exited with status {} before answering GET {}; log:\n{}",
                                DecodeWaitStatus(status), options_.health_path, LogTail()));
    }
    auto answer = client.Get(options_.health_path);
    if (answer.ok() && answer->status == 200) return Status::Ok();
    if (SteadyClock::now() >= deadline) {
      Kill();
      return Status(StatusCode::kUnavailable,
                    fmt::format("server did not answer GET {} with 200 within {} ms (last: {}); "
                                "log:\n{}",
                                options_.health_path, options_.start_timeout.count(),
                                answer.ok() ? fmt::format("status {}", answer->status)
                                            : answer.status().message(),
                                LogTail()));
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

bool ServerProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

Result<int> ServerProcess::WaitExit(std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return DecodeWaitStatus(status);
    }
    if (SteadyClock::now() >= deadline) {
      return Status(StatusCode::kDeadlineExceeded, "server did not exit in time");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

Result<int> ServerProcess::Terminate() {
  if (!running()) {
    return Status(StatusCode::kFailedPrecondition, "server is not running");
  }
  ::kill(pid_, SIGTERM);
  auto code = WaitExit(options_.stop_timeout);
  if (code.ok()) return code;
  Kill();
  return Status(StatusCode::kDeadlineExceeded,
                fmt::format("server ignored SIGTERM for {} ms and was killed",
                            options_.stop_timeout.count()));
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);  // The whole group, in case the command spawned helpers.
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

Status ServerProcess::Restart() {
  if (running()) {
    return Status(StatusCode::kFailedPrecondition, "Restart: the server is still running");
  }
  return Launch();
}

std::string ServerProcess::Log() const {
  std::ifstream in(data_dir_ + "/server.log", std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string ServerProcess::LogTail() const {
  constexpr size_t kTail = 4000;
  std::string log = Log();
  return log.size() > kTail ? "..." + log.substr(log.size() - kTail) : log;
}

}  // namespace crier::testing
