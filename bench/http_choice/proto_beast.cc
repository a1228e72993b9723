// ADR 0001 prototype: the insert endpoint on Boost.Beast/Asio 1.74, an asynchronous server where a
// few event-loop threads own every connection and the handler runs on a separate worker pool (as
// blocking database work must), or inline on the event loop when --workers is 0.
// Usage: proto_beast [--port P] [--io-threads K] [--workers N] [--work-us U]; prints "port P".
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "insert_work.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

http::response<http::string_body> Handle(const http::request<http::string_body>& req,
                                         std::chrono::microseconds work) {
  http::response<http::string_body> res;
  res.version(11);
  res.keep_alive(req.keep_alive());
  if (req.method() == http::verb::get && req.target() == "/healthz") {
    res.result(http::status::ok);
    res.set(http::field::content_type, "text/plain");
    res.body() = "ok";
  } else if (req.method() == http::verb::post && req.target() == "/api/resource/Issue") {
    auto answer = crier::bench::HandleInsert(req.body(), work);
    res.result(static_cast<unsigned>(answer.status));
    res.set(http::field::content_type, "application/json");
    res.body() = std::move(answer.body);
  } else {
    res.result(http::status::not_found);
  }
  res.prepare_payload();
  return res;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, asio::thread_pool* workers, std::chrono::microseconds work)
      : stream_(std::move(socket)), workers_(workers), work_(work) {}

  void Read() {
    parser_.emplace();
    parser_->body_limit(1 << 20);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

 private:
  void OnRead(beast::error_code ec) {
    if (ec) return Close();
    auto req = std::make_shared<http::request<http::string_body>>(parser_->release());
    if (workers_ == nullptr) return Write(Handle(*req, work_));
    asio::post(*workers_, [self = shared_from_this(), req] {
      auto res = Handle(*req, self->work_);
      asio::post(self->stream_.get_executor(),
                 [self, res = std::move(res)]() mutable { self->Write(std::move(res)); });
    });
  }

  void Write(http::response<http::string_body> res) {
    res_ = std::move(res);
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec || !self->res_.keep_alive()) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  asio::thread_pool* workers_;
  std::chrono::microseconds work_;
};

void Accept(tcp::acceptor& acceptor, asio::io_context& io, asio::thread_pool* workers,
            std::chrono::microseconds work) {
  acceptor.async_accept(asio::make_strand(io),
                        [&acceptor, &io, workers, work](beast::error_code ec, tcp::socket socket) {
                          if (!ec) {
                            socket.set_option(tcp::no_delay(true));
                            std::make_shared<Session>(std::move(socket), workers, work)->Read();
                          }
                          Accept(acceptor, io, workers, work);
                        });
}

}  // namespace

int main(int argc, char** argv) {
  using crier::bench::IntFlag;
  const int port = IntFlag(argc, argv, "--port", 0);
  const int io_threads = IntFlag(argc, argv, "--io-threads", 1);
  const int worker_count = IntFlag(argc, argv, "--workers", 4);
  const std::chrono::microseconds work(IntFlag(argc, argv, "--work-us", 50));

  asio::io_context io(io_threads);
  std::unique_ptr<asio::thread_pool> workers;
  if (worker_count > 0) workers = std::make_unique<asio::thread_pool>(worker_count);
  tcp::acceptor acceptor(io,
                         {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  std::printf("port %d\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  Accept(acceptor, io, workers.get(), work);
  std::vector<std::thread> threads;
  for (int i = 1; i < io_threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  return 0;
}
