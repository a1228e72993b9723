// ADR 0001 prototype: the insert endpoint on cpp-httplib (Debian's libcpp-httplib 0.11.4), a
// blocking server where each connection is served by one thread of a fixed pool.
// Usage: proto_httplib [--port P] [--threads N] [--work-us U]; prints "port P" once listening.
#include <httplib.h>

#include <cstdio>

#include "insert_work.h"

int main(int argc, char** argv) {
  using crier::bench::IntFlag;
  const int port = IntFlag(argc, argv, "--port", 0);
  const int threads = IntFlag(argc, argv, "--threads", 8);
  const std::chrono::microseconds work(IntFlag(argc, argv, "--work-us", 50));

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(1'000'000);
  server.set_keep_alive_timeout(30);
  server.set_payload_max_length(1 << 20);
  server.set_tcp_nodelay(true);
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  server.Post("/api/resource/Issue", [work](const httplib::Request& req, httplib::Response& res) {
    auto answer = crier::bench::HandleInsert(req.body, work);
    res.status = answer.status;
    res.set_content(answer.body, "application/json");
  });
  int bound = port == 0 ? server.bind_to_any_port("127.0.0.1") : port;
  if (port != 0 && !server.bind_to_port("127.0.0.1", port)) return 1;
  std::printf("port %d\n", bound);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}
