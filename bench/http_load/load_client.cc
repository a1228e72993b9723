// One Worker per client thread owns an io_context and its share of the connections; the workers
// only share the request counter and the start time, so they never contend while measuring.
#include "load_client.h"

#include <fmt/format.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "body_template.h"

namespace crier::load {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using SteadyTime = SteadyClock::time_point;

// What every worker reads and never writes while running (except the atomic counter).
struct Plan {
  const LoadOptions& options;
  BodyTemplate target;
  BodyTemplate body;
  std::string fixed_headers;  // "Host: ...\r\n" and the user's headers, each ending in CRLF.
  tcp::resolver::results_type endpoints;
  SteadyTime start;         // Warm-up begins.
  SteadyTime measure_from;  // Requests scheduled/started from here on are counted.
  SteadyTime end;           // No request starts at or after this.
  std::atomic<std::uint64_t> counter{1};

  std::string BuildRequest() {
    std::uint64_t n = counter.fetch_add(1, std::memory_order_relaxed);
    std::string out = fmt::format("{} {} HTTP/1.1\r\n", options.method, target.Render(n));
    out += fixed_headers;
    if (!options.body.empty() || options.method == "POST" || options.method == "PUT") {
      std::string payload = body.Render(n);
      out += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n\r\n", options.content_type,
                         payload.size());
      out += payload;
    } else {
      out += "\r\n";
    }
    return out;
  }
};

class Worker;

// One keep-alive connection. Lives as long as its Worker; reconnects after errors.
class Connection {
 public:
  Connection(Worker& worker, asio::io_context& io) : worker_(worker), stream_(io), retry_(io) {}
  void Connect();
  // Sends one request whose latency counts from `scheduled`. REQUIRES: the connection is connected
  // and idle (it was handed to Worker::OnIdle).
  void Send(SteadyTime scheduled);

 private:
  void OnResponse(beast::error_code ec);
  void Reconnect();

  Worker& worker_;
  beast::tcp_stream stream_;
  asio::steady_timer retry_;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
  std::string request_;
  SteadyTime scheduled_;
};

class Worker {
 public:
  Worker(Plan& plan, int connections, double rate, double phase)
      : plan_(plan), io_(1), tick_(io_), drain_(io_), rate_(rate), phase_(phase) {
    for (int i = 0; i < connections; ++i)
      conns_.push_back(std::make_unique<Connection>(*this, io_));
    outcome_.latencies_ns.reserve(
        rate > 0 ? static_cast<size_t>(rate * plan.options.duration_s * 1.1) : 1 << 20);
  }

  // Connects every connection (before the shared start time).
  void ConnectAll() {
    for (auto& c : conns_) c->Connect();
    io_.run_for(std::chrono::seconds(5));  // Returns once connects are done (no other work yet).
    io_.restart();
  }

  void Run() {
    running_ = true;
    if (rate_ > 0) {
      tick_.expires_at(Scheduled(0));
      tick_.async_wait([this](beast::error_code ec) {
        if (!ec) OnTick();
      });
    } else {
      tick_.expires_at(plan_.start);
      tick_.async_wait([this](beast::error_code ec) {
        if (ec) return;
        std::vector<Connection*> ready;
        ready.swap(idle_);
        for (Connection* c : ready) OnIdle(*c);
      });
    }
    drain_.expires_at(plan_.end + std::chrono::duration_cast<SteadyClock::duration>(
                                      std::chrono::duration<double>(plan_.options.timeout_s)));
    drain_.async_wait([this](beast::error_code ec) {
      if (ec) return;
      outcome_.unsent += pending_.size();
      io_.stop();
    });
    io_.run();
  }

  // A connection is ready for its next request.
  void OnIdle(Connection& c) {
    if (!running_) {
      idle_.push_back(&c);
      return;
    }
    SteadyTime now = SteadyClock::now();
    if (rate_ > 0) {
      if (!pending_.empty()) {
        SteadyTime scheduled = pending_.front();
        pending_.pop_front();
        Start(c, scheduled);
      } else {
        idle_.push_back(&c);
        MaybeFinish(now);
      }
    } else if (now < plan_.end) {
      Start(c, now);
    } else {
      idle_.push_back(&c);
      MaybeFinish(now);
    }
  }

  void OnDone(SteadyTime scheduled, SteadyTime now, bool ok, bool got_status) {
    --in_flight_;
    if (scheduled < plan_.measure_from) return;
    if (ok) {
      outcome_.latencies_ns.push_back(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - scheduled).count());
    } else {
      ++outcome_.errors;
      if (got_status) ++outcome_.non_2xx;
    }
  }

  bool Expected(unsigned status) const {
    int want = plan_.options.expect_status;
    return want == 0 ? status >= 200 && status < 300 : static_cast<int>(status) == want;
  }

  RunOutcome& outcome() { return outcome_; }
  Plan& plan() { return plan_; }
  tcp::resolver::results_type endpoints() const { return plan_.endpoints; }

 private:
  SteadyTime Scheduled(std::uint64_t k) const {
    auto offset = std::chrono::duration<double>((static_cast<double>(k) + phase_) / rate_);
    return plan_.start + std::chrono::duration_cast<SteadyClock::duration>(offset);
  }

  void Start(Connection& c, SteadyTime scheduled) {
    ++in_flight_;
    c.Send(scheduled);
  }

  // Open loop: queue every request now due, then hand queued requests to idle connections.
  void OnTick() {
    SteadyTime now = SteadyClock::now();
    for (SteadyTime t = Scheduled(next_); t <= now && t < plan_.end; t = Scheduled(++next_)) {
      pending_.push_back(t);
    }
    while (!pending_.empty() && !idle_.empty()) {
      Connection* c = idle_.back();
      idle_.pop_back();
      SteadyTime scheduled = pending_.front();
      pending_.pop_front();
      Start(*c, scheduled);
    }
    SteadyTime next = Scheduled(next_);
    if (next < plan_.end) {
      tick_.expires_at(next);
      tick_.async_wait([this](beast::error_code ec) {
        if (!ec) OnTick();
      });
    } else {
      scheduling_done_ = true;
      MaybeFinish(now);
    }
  }

  void MaybeFinish(SteadyTime now) {
    bool scheduling_over = rate_ > 0 ? scheduling_done_ : now >= plan_.end;
    if (scheduling_over && pending_.empty() && in_flight_ == 0) io_.stop();
  }

  Plan& plan_;
  asio::io_context io_;
  asio::steady_timer tick_;
  asio::steady_timer drain_;
  double rate_;   // Requests/s for this worker; 0 for closed loop.
  double phase_;  // Offset of this worker's schedule, in requests, so workers interleave.
  std::vector<std::unique_ptr<Connection>> conns_;
  std::vector<Connection*> idle_;
  std::deque<SteadyTime> pending_;
  std::uint64_t next_ = 0;
  int in_flight_ = 0;
  bool running_ = false;  // False while connecting: ready connections wait in idle_.
  bool scheduling_done_ = false;
  RunOutcome outcome_;
};

void Connection::Connect() {
  stream_.expires_after(std::chrono::seconds(5));
  stream_.async_connect(worker_.endpoints(), [this](beast::error_code ec, const tcp::endpoint&) {
    if (ec) {
      retry_.expires_after(std::chrono::milliseconds(20));
      retry_.async_wait([this](beast::error_code e) {
        if (!e) Connect();
      });
      return;
    }
    stream_.socket().set_option(tcp::no_delay(true));
    worker_.OnIdle(*this);
  });
}

void Connection::Send(SteadyTime scheduled) {
  scheduled_ = scheduled;
  request_ = worker_.plan().BuildRequest();
  parser_.emplace();
  parser_->body_limit(64u << 20);
  stream_.expires_after(std::chrono::duration_cast<SteadyClock::duration>(
      std::chrono::duration<double>(worker_.plan().options.timeout_s)));
  asio::async_write(stream_, asio::buffer(request_), [this](beast::error_code ec, size_t) {
    if (ec) return OnResponse(ec);
    http::async_read(stream_, buffer_, *parser_,
                     [this](beast::error_code e, size_t) { OnResponse(e); });
  });
}

void Connection::OnResponse(beast::error_code ec) {
  SteadyTime now = SteadyClock::now();
  if (ec) {
    worker_.OnDone(scheduled_, now, false, false);
    Reconnect();
    return;
  }
  const auto& response = parser_->get();
  worker_.OnDone(scheduled_, now, worker_.Expected(response.result_int()), true);
  if (!response.keep_alive()) {
    Reconnect();
    return;
  }
  worker_.OnIdle(*this);
}

void Connection::Reconnect() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
  buffer_.clear();
  Connect();
}

}  // namespace

RunOutcome RunLoad(const LoadOptions& options) {
  asio::io_context resolve_io;
  tcp::resolver resolver(resolve_io);
  beast::error_code ec;
  auto endpoints = resolver.resolve(options.host, options.port, ec);
  RunOutcome total;
  if (ec) {
    total.errors = 1;
    return total;
  }
  std::string fixed = fmt::format("Host: {}:{}\r\n", options.host, options.port);
  for (const std::string& h : options.headers) fixed += h + "\r\n";
  Plan plan{
      options, BodyTemplate(options.target), BodyTemplate(options.body), fixed, endpoints, {}, {},
      {}};

  const int threads = options.threads;
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < threads; ++t) {
    int conns = options.connections / threads + (t < options.connections % threads ? 1 : 0);
    double rate = options.rate / threads;
    workers.push_back(
        std::make_unique<Worker>(plan, conns, rate, static_cast<double>(t) / threads));
  }
  for (auto& w : workers) w->ConnectAll();

  auto seconds = [](double s) {
    return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s));
  };
  plan.start = SteadyClock::now() + std::chrono::milliseconds(50);
  plan.measure_from = plan.start + seconds(options.warmup_s);
  plan.end = plan.measure_from + seconds(options.duration_s);

  std::vector<std::thread> pool;
  for (auto& w : workers) pool.emplace_back([&w] { w->Run(); });
  for (auto& t : pool) t.join();

  total.measured_seconds = options.duration_s;
  for (auto& w : workers) {
    RunOutcome& o = w->outcome();
    total.latencies_ns.insert(total.latencies_ns.end(), o.latencies_ns.begin(),
                              o.latencies_ns.end());
    total.errors += o.errors;
    total.non_2xx += o.non_2xx;
    total.unsent += o.unsent;
  }
  return total;
}

}  // namespace crier::load
