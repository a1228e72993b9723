// The LISTEN thread.
#include "store/postgres/listener.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>

#include "base/log.h"

namespace crier::pg {
namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};

}  // namespace

Listener::Listener(const ConnInfo& info, std::string channel, Callback callback)
    : info_(info), channel_(std::move(channel)), callback_(std::move(callback)) {}

Result<std::unique_ptr<Listener>> Listener::Start(const ConnInfo& info, std::string channel,
                                                  Callback callback) {
  std::unique_ptr<Listener> listener(new Listener(info, std::move(channel), std::move(callback)));
  listener->stop_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (listener->stop_fd_ < 0) return Internal("eventfd failed");
  CRIER_RETURN_IF_ERROR(listener->Connect());
  listener->thread_ = std::thread([l = listener.get()] { l->Run(); });
  return listener;
}

Listener::~Listener() {
  if (thread_.joinable()) {
    std::uint64_t one = 1;
    (void)!write(stop_fd_, &one, sizeof(one));
    thread_.join();
  }
  if (stop_fd_ >= 0) close(stop_fd_);
}

Status Listener::Connect() {
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn,
                         Connection::Open(info_, "crier-listener"));
  // The channel is crier's own identifier (letters, digits, underscore): quoting keeps its case.
  CRIER_RETURN_IF_ERROR(conn->Exec(fmt::format("LISTEN \"{}\"", channel_)));
  if (PQsetnonblocking(conn->handle(), 1) != 0) return Internal("cannot make the listener async");
  backend_pid_ = conn->backend_pid();
  conn_ = std::move(conn);
  return Status::Ok();
}

bool Listener::WaitForStop(std::chrono::milliseconds timeout) {
  pollfd fd{stop_fd_, POLLIN, 0};
  return poll(&fd, 1, static_cast<int>(timeout.count())) > 0;
}

void Listener::Run() {
  std::chrono::milliseconds backoff = kFirstBackoff;
  while (true) {
    if (!conn_) {
      if (WaitForStop(backoff)) return;
      Status s = Connect();
      if (!s.ok()) {
        CRIER_LOG_WARNING("postgresql listener: {}; retrying in {} ms", s.message(),
                          backoff.count());
        backoff = std::min(backoff * 2, kMaxBackoff);
        continue;
      }
      backoff = kFirstBackoff;
      ++reconnects_;
      CRIER_LOG_INFO("postgresql listener: listening again on {}", info_.redacted);
    }
    pollfd fds[2] = {{PQsocket(conn_->handle()), POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    int ready = poll(fds, 2, -1);  // TCP keepalives (connection.cc) end a dead peer's wait.
    if (ready < 0) continue;       // EINTR.
    if (fds[1].revents != 0) return;
    bool alive = PQconsumeInput(conn_->handle()) == 1;
    while (PGnotify* n = PQnotifies(conn_->handle())) {
      callback_(n->extra);
      PQfreemem(n);
    }
    if (!alive || !conn_->healthy()) {
      CRIER_LOG_WARNING("postgresql listener: connection lost ({}); reconnecting",
                        info_.Scrub(OneLine(PQerrorMessage(conn_->handle()))));
      conn_.reset();
      backend_pid_ = 0;
    }
  }
}

}  // namespace crier::pg
