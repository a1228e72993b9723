// The mock's HTTP server: Boost.Beast on an io_context, asynchronous so that a "slow" service
// holds no thread and thousands of requests per second fit on one core.
#include "mock_chat.h"

#include <fmt/format.h>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace crier::mock {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using nlohmann::json;

json Record::ToJson() const {
  json h = json::object();
  for (const auto& [k, v] : headers) h[k] = v;
  return {{"seq", seq},
          {"service", service},
          {"method", method},
          {"target", target},
          {"headers", h},
          {"body", body},
          {"received_us", received_us},
          {"status", status},
          {"problems", problems},
          {"remote_port", remote_port}};
}

namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Session;

}  // namespace

struct MockChat::Impl {
  MockChat* owner = nullptr;
  MockChatOptions options;
  // Chat traffic runs on `ioc` (options.threads threads); the control API on its own thread and
  // context, so that a control request may wait for work done on the chat side.
  net::io_context ioc;
  net::io_context control_ioc;
  net::strand<net::io_context::executor_type> admin{ioc.get_executor()};  // Owns chat_acceptor.
  std::unique_ptr<net::executor_work_guard<net::io_context::executor_type>> work;
  std::unique_ptr<net::executor_work_guard<net::io_context::executor_type>> control_work;
  std::vector<std::thread> threads;
  tcp::acceptor chat_acceptor{admin};
  tcp::acceptor control_acceptor{control_ioc};
  uint16_t chat_port = 0;
  uint16_t control_port = 0;
  bool started = false;

  mutable std::mutex mu;  // Guards everything below.
  mutable std::condition_variable counted;
  std::map<std::string, ModeSpec, std::less<>> modes;
  ModeSpec all_mode;
  std::deque<Record> records;
  uint64_t next_seq = 1;
  std::map<std::string, uint64_t, std::less<>> counts;
  std::map<std::string, std::map<int, uint64_t>, std::less<>> statuses;
  bool is_down = false;
  std::set<std::weak_ptr<Session>, std::owner_less<std::weak_ptr<Session>>> chat_sessions;

  void Accept(tcp::acceptor& acceptor, bool control);
  bool Listen(tcp::acceptor& acceptor, uint16_t& port);
  ModeSpec TakeMode(const std::string& service);
  http::response<http::string_body> HandleControl(const http::request<http::string_body>& req);
};

namespace {

std::map<std::string, std::string> LowerHeaders(const http::request<http::string_body>& req) {
  std::map<std::string, std::string> out;
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out[name] = std::string(field.value());
  }
  return out;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, MockChat::Impl& impl, bool control)
      : stream_(std::move(socket)), impl_(impl), control_(control), timer_(stream_.get_executor()) {
    beast::error_code ec;
    remote_port_ = stream_.socket().remote_endpoint(ec).port();
  }

  void Start() { Read(); }

  void Close() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      self->stream_.socket().close(ec);
    });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(64 * 1024 * 1024);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->Shutdown();
                       self->OnRequest(self->parser_->release());
                     });
  }

  void OnRequest(http::request<http::string_body> req) {
    auto res = std::make_shared<http::response<http::string_body>>();
    int delay_ms = 0;
    if (control_) {
      *res = impl_.HandleControl(req);
    } else {
      delay_ms = HandleChat(req, *res);
    }
    res->version(req.version());
    res->keep_alive(req.keep_alive());
    res->prepare_payload();
    if (delay_ms > 0) {
      timer_.expires_after(std::chrono::milliseconds(delay_ms));
      timer_.async_wait([self = shared_from_this(), res](beast::error_code ec) {
        if (ec) return self->Shutdown();
        self->Write(res);
      });
    } else {
      Write(res);
    }
  }

  // Emulates and records one chat request; returns how long to wait before answering.
  int HandleChat(const http::request<http::string_body>& req,
                 http::response<http::string_body>& res) {
    std::string target(req.target());
    size_t q = target.find('?');
    MockRequest mr;
    mr.method = std::string(req.method_string());
    mr.path = target.substr(0, q);
    mr.query = q == std::string::npos ? "" : target.substr(q + 1);
    mr.headers = LowerHeaders(req);
    mr.body = req.body();
    Route route = RouteOf(mr.path);
    ModeSpec mode = impl_.TakeMode(route.service);
    std::vector<std::string> problems;
    MockAnswer answer = Emulate(route.service, route.sub_path, mr, mode, problems);
    res.result(static_cast<unsigned>(answer.status));
    if (!answer.content_type.empty()) res.set(http::field::content_type, answer.content_type);
    for (const auto& [name, value] : answer.headers) res.set(name, value);
    res.body() = std::move(answer.body);

    Record rec;
    rec.service = route.service.empty() ? "unknown" : route.service;
    rec.method = std::move(mr.method);
    rec.target = std::move(target);
    rec.received_us = NowMicros();
    rec.status = answer.status;
    rec.remote_port = remote_port_;
    rec.problems = std::move(problems);
    if (impl_.options.record_bodies) {
      rec.headers = std::move(mr.headers);
      rec.body = std::move(mr.body);
    }
    {
      std::lock_guard<std::mutex> lock(impl_.mu);
      rec.seq = impl_.next_seq++;
      impl_.counts[rec.service]++;
      impl_.statuses[rec.service][rec.status]++;
      impl_.records.push_back(std::move(rec));
      while (impl_.records.size() > impl_.options.max_records) impl_.records.pop_front();
    }
    impl_.counted.notify_all();
    return mode.mode == Mode::kSlow ? mode.delay_ms : 0;
  }

  void Write(std::shared_ptr<http::response<http::string_body>> res) {
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, size_t) {
                        if (ec || !res->keep_alive()) return self->Shutdown();
                        self->Read();
                      });
  }

  void Shutdown() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  MockChat::Impl& impl_;
  bool control_;
  uint16_t remote_port_ = 0;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

http::response<http::string_body> JsonResponse(int status, const json& body) {
  http::response<http::string_body> res;
  res.result(static_cast<unsigned>(status));
  res.set(http::field::content_type, "application/json");
  res.body() = body.dump();
  return res;
}

std::map<std::string, std::string> QueryOf(std::string_view target) {
  std::map<std::string, std::string> out;
  size_t q = target.find('?');
  if (q == std::string_view::npos) return out;
  std::string_view s = target.substr(q + 1);
  while (!s.empty()) {
    size_t amp = s.find('&');
    std::string_view pair = s.substr(0, amp);
    size_t eq = pair.find('=');
    out[std::string(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    s = s.substr(amp + 1);
  }
  return out;
}

}  // namespace

bool MockChat::Impl::Listen(tcp::acceptor& acceptor, uint16_t& port) {
  beast::error_code ec;
  tcp::endpoint endpoint(net::ip::make_address(options.host, ec), port);
  if (ec) return false;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    std::fprintf(stderr, "mock_chat: cannot listen on %s:%u: %s\n", options.host.c_str(), port,
                 ec.message().c_str());
    beast::error_code ignored;
    acceptor.close(ignored);
    return false;
  }
  port = acceptor.local_endpoint().port();
  return true;
}

void MockChat::Impl::Accept(tcp::acceptor& acceptor, bool control) {
  auto executor = control ? net::make_strand(control_ioc) : net::make_strand(ioc);
  acceptor.async_accept(
      executor, [this, &acceptor, control](beast::error_code ec, tcp::socket socket) {
        if (ec) return;  // Closed (down or stopping).
        socket.set_option(tcp::no_delay(true), ec);
        auto session = std::make_shared<Session>(std::move(socket), *this, control);
        if (!control) {
          std::lock_guard<std::mutex> lock(mu);
          for (auto it = chat_sessions.begin(); it != chat_sessions.end();) {
            it = it->expired() ? chat_sessions.erase(it) : std::next(it);
          }
          chat_sessions.insert(session);
        }
        session->Start();
        Accept(acceptor, control);
      });
}

ModeSpec MockChat::Impl::TakeMode(const std::string& service) {
  std::lock_guard<std::mutex> lock(mu);
  auto it = modes.find(service);
  ModeSpec& m = it != modes.end() ? it->second : all_mode;
  ModeSpec taken = m;
  if (m.count > 0 && --m.count == 0) m = ModeSpec();
  return taken;
}

http::response<http::string_body> MockChat::Impl::HandleControl(
    const http::request<http::string_body>& req) {
  std::string target(req.target());
  std::string path = target.substr(0, target.find('?'));
  auto query = QueryOf(target);
  if (path == "/control/health") return JsonResponse(200, {{"ok", true}});
  if (path == "/control/stats") {
    std::lock_guard<std::mutex> lock(mu);
    json services = json::object();
    uint64_t total = 0;
    for (const auto& [name, n] : counts) {
      json st = json::object();
      for (const auto& [status, k] : statuses[name]) st[std::to_string(status)] = k;
      services[name] = {{"requests", n}, {"statuses", st}};
      total += n;
    }
    return JsonResponse(200, {{"total", total}, {"services", services}, {"down", is_down}});
  }
  if (path == "/control/requests" && req.method() == http::verb::get) {
    uint64_t since = query.count("since") ? std::stoull(query["since"]) : 0;
    size_t limit = query.count("limit") ? std::stoull(query["limit"]) : SIZE_MAX;
    std::string service = query["service"];
    json list = json::array();
    uint64_t last = since;
    std::lock_guard<std::mutex> lock(mu);
    for (const Record& r : records) {
      if (r.seq <= since || (!service.empty() && r.service != service)) continue;
      if (list.size() >= limit) break;
      list.push_back(r.ToJson());
      last = r.seq;
    }
    return JsonResponse(200, {{"requests", list}, {"next", last}});
  }
  if (req.method() != http::verb::post) return JsonResponse(405, {{"error", "use POST"}});
  if (path == "/control/reset") {
    owner->Reset();
    return JsonResponse(200, {{"ok", true}});
  }
  if (path == "/control/down" || path == "/control/up") {
    owner->SetDown(path == "/control/down");
    return JsonResponse(200, {{"ok", true}, {"down", path == "/control/down"}});
  }
  if (path == "/control/mode") {
    json body = json::parse(req.body(), nullptr, false);
    if (!body.is_object()) return JsonResponse(400, {{"error", "body must be a JSON object"}});
    ModeSpec mode;
    std::string name = body.value("mode", "normal");
    if (!ParseMode(name, mode.mode)) {
      return JsonResponse(400, {{"error", "mode must be normal, error, throttle, slow or gone"}});
    }
    mode.status = body.value("status", 0);
    if (body.contains("retry_after")) {
      const json& ra = body["retry_after"];
      mode.retry_after = ra.is_string() ? ra.get<std::string>() : ra.dump();
    }
    mode.delay_ms = body.value("delay_ms", 0);
    mode.count = body.value("count", -1LL);
    std::string service = body.value("service", "*");
    if (service != "*" && RouteOf("/" + service).service.empty()) {
      return JsonResponse(400, {{"error", "unknown service " + service}});
    }
    owner->SetMode(service, mode);
    return JsonResponse(200, {{"ok", true}});
  }
  return JsonResponse(404, {{"error", "unknown control path " + path}});
}

MockChat::MockChat(MockChatOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->owner = this;
  impl_->options = std::move(options);
  impl_->chat_port = impl_->options.port;
  impl_->control_port = impl_->options.control_port;
}

MockChat::~MockChat() {
  Stop();
}

bool MockChat::Start() {
  Impl& m = *impl_;
  if (m.started) return true;
  if (!m.Listen(m.chat_acceptor, m.chat_port) || !m.Listen(m.control_acceptor, m.control_port)) {
    return false;
  }
  m.Accept(m.chat_acceptor, false);
  m.Accept(m.control_acceptor, true);
  m.work = std::make_unique<net::executor_work_guard<net::io_context::executor_type>>(
      m.ioc.get_executor());
  m.control_work = std::make_unique<net::executor_work_guard<net::io_context::executor_type>>(
      m.control_ioc.get_executor());
  for (int i = 0; i < std::max(1, m.options.threads); ++i) {
    m.threads.emplace_back([&m] { m.ioc.run(); });
  }
  m.threads.emplace_back([&m] { m.control_ioc.run(); });
  m.started = true;
  return true;
}

void MockChat::Stop() {
  Impl& m = *impl_;
  if (!m.started) return;
  m.work.reset();
  m.control_work.reset();
  m.ioc.stop();
  m.control_ioc.stop();
  for (std::thread& t : m.threads) t.join();
  m.threads.clear();
  m.started = false;
}

uint16_t MockChat::port() const {
  return impl_->chat_port;
}
uint16_t MockChat::control_port() const {
  return impl_->control_port;
}

std::string MockChat::ServiceUrl(std::string_view service) const {
  return fmt::format("http://{}:{}/{}", impl_->options.host, impl_->chat_port, service);
}

void MockChat::SetMode(std::string_view service, const ModeSpec& mode) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (service == "*") {
    impl_->modes.clear();
    impl_->all_mode = mode;
  } else {
    impl_->modes[std::string(service)] = mode;
  }
}

void MockChat::SetDown(bool down) {
  Impl& m = *impl_;
  std::promise<void> done;
  // Runs on the strand that owns the chat acceptor; must not be called from a chat I/O thread.
  net::post(m.admin, [&m, down, &done] {
    std::vector<std::shared_ptr<Session>> open;
    {
      std::lock_guard<std::mutex> lock(m.mu);
      if (m.is_down == down) {
        done.set_value();
        return;
      }
      m.is_down = down;
      if (down) {
        for (const auto& weak : m.chat_sessions) {
          if (auto s = weak.lock()) open.push_back(std::move(s));
        }
        m.chat_sessions.clear();
      }
    }
    if (down) {
      beast::error_code ec;
      m.chat_acceptor.close(ec);
      for (auto& s : open) s->Close();
    } else if (m.Listen(m.chat_acceptor, m.chat_port)) {
      m.Accept(m.chat_acceptor, false);
    }
    done.set_value();
  });
  done.get_future().wait();
}

bool MockChat::down() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->is_down;
}

std::vector<Record> MockChat::Requests(std::string_view service, uint64_t since,
                                       size_t limit) const {
  std::vector<Record> out;
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (const Record& r : impl_->records) {
    if (r.seq <= since || (!service.empty() && r.service != service)) continue;
    if (out.size() >= limit) break;
    out.push_back(r);
  }
  return out;
}

uint64_t MockChat::Count(std::string_view service) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (service.empty()) return impl_->next_seq - 1;
  auto it = impl_->counts.find(service);
  return it == impl_->counts.end() ? 0 : it->second;
}

bool MockChat::WaitForCount(uint64_t n, std::chrono::milliseconds deadline,
                            std::string_view service) const {
  std::unique_lock<std::mutex> lock(impl_->mu);
  return impl_->counted.wait_for(lock, deadline, [&] {
    if (service.empty()) return impl_->next_seq - 1 >= n;
    auto it = impl_->counts.find(service);
    return it != impl_->counts.end() && it->second >= n;
  });
}

void MockChat::Reset() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->records.clear();
  impl_->counts.clear();
  impl_->statuses.clear();
  impl_->modes.clear();
  impl_->all_mode = ModeSpec();
  impl_->next_seq = 1;
}

json MockChat::Stats() const {
  http::request<http::string_body> req{http::verb::get, "/control/stats", 11};
  return json::parse(impl_->HandleControl(req).body());
}

}  // namespace crier::mock
