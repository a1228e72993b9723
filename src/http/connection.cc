// The per-connection HTTP/1.1 state machine on Boost.Beast. Handlers run on the worker pool; every
// socket operation and every member of Connection is touched only on the connection's strand.
#include "http/connection.h"

#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "base/log.h"
#include "http/response_stream.h"

namespace crier::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using SteadyClock = std::chrono::steady_clock;

namespace {

// How long a closing connection keeps reading (and discarding) what the client still sends.
constexpr std::chrono::milliseconds kLingerTime{2000};

bool IsTokenChar(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7F) return false;
  return std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

// A header the application set that would break the response framing or inject another header.
bool IsValidHeader(const Response::Field& field) {
  if (field.first.empty()) return false;
  for (char c : field.first) {
    if (!IsTokenChar(c)) return false;
  }
  for (char c : field.second) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return !EqualsIgnoreCase(field.first, "content-length") &&
         !EqualsIgnoreCase(field.first, "transfer-encoding") &&
         !EqualsIgnoreCase(field.first, "connection");
}

// Why a response cannot be sent as the handler built it, or empty when it can.
std::string InvalidResponseReason(const Response& response) {
  if (response.status < 200 || response.status > 599) {
    return fmt::format("status {} is not a final HTTP status", response.status);
  }
  for (const Response::Field& field : response.headers) {
    if (!IsValidHeader(field)) return "a header name or value is not allowed";
  }
  return {};
}

}  // namespace

// The ResponseStream handed to the application: a queue guarded by a mutex, drained by the
// connection's strand.
class StreamImpl final : public ResponseStream {
 public:
  StreamImpl(std::weak_ptr<Connection> connection, std::size_t max_queued)
      : connection_(std::move(connection)), max_queued_(max_queued) {}

  bool Write(std::string data) override {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    if (queued_bytes_ + data.size() > max_queued_) {
      // The client is not reading: drop the stream rather than buffer without end.
      closed_ = true;
      abandoned_ = true;
      queue_.clear();
      NotifyLocked();
      return false;
    }
    queued_bytes_ += data.size();
    queue_.push_back(std::move(data));
    NotifyLocked();
    return true;
  }

  void Close() override {
    std::lock_guard lock(mu_);
    if (closed_) return;
    closed_ = true;
    NotifyLocked();
  }

  bool closed() const override {
    std::lock_guard lock(mu_);
    return closed_;
  }

  // Strand side. The next piece to send, or nullopt when the queue is empty.
  std::optional<std::string> Pop() {
    std::lock_guard lock(mu_);
    flush_posted_ = false;
    if (abandoned_ || queue_.empty()) return std::nullopt;
    std::string data = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= data.size();
    return data;
  }
  // Strand side: true once closed and everything queued was taken (or the stream was abandoned).
  bool Finished() const {
    std::lock_guard lock(mu_);
    return closed_ && (abandoned_ || queue_.empty());
  }
  bool Abandoned() const {
    std::lock_guard lock(mu_);
    return abandoned_;
  }
  // Strand side: the client left or the connection failed; later writes are refused.
  void Abandon() {
    std::lock_guard lock(mu_);
    closed_ = true;
    abandoned_ = true;
    queue_.clear();
  }

 private:
  void NotifyLocked() {
    if (flush_posted_) return;
    flush_posted_ = true;
    if (auto c = connection_.lock()) c->PostFlush();
  }

  const std::weak_ptr<Connection> connection_;
  const std::size_t max_queued_;
  mutable std::mutex mu_;
  std::deque<std::string> queue_;  // Guarded by mu_.
  std::size_t queued_bytes_ = 0;   // Guarded by mu_.
  bool closed_ = false;            // Guarded by mu_.
  bool abandoned_ = false;         // Guarded by mu_.
  bool flush_posted_ = false;      // Guarded by mu_.
};

Connection::Connection(ServerCore& core, asio::ip::tcp::socket socket)
    : core_(core), stream_(std::move(socket)) {
  beast::error_code ec;
  auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec) client_address_ = remote.address().to_string();
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
}

Connection::~Connection() {
  if (stream_impl_) stream_impl_->Abandon();
  core_.Unregister(this);
}

void Connection::Start() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] { self->WaitForRequest(); });
}

void Connection::Shutdown() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    switch (self->state_) {
      case State::kIdle:
        self->Close();
        break;
      case State::kStreaming:
        if (self->stream_impl_) self->stream_impl_->Close();
        self->Flush();
        break;
      default:
        // Reading, handling or writing: the answer goes out with Connection: close.
        break;
    }
  });
}

void Connection::ForceClose() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
}

void Connection::PostFlush() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] { self->Flush(); });
}

void Connection::WaitForRequest() {
  state_ = State::kIdle;
  if (core_.stopping) return Close();
  if (buffer_.size() > 0) return ReadHeader();  // A pipelined request is already here.
  stream_.expires_after(core_.options.limits.idle_timeout);
  stream_.async_read_some(buffer_.prepare(4096),
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            if (ec) return self->Close();
                            self->buffer_.commit(n);
                            self->ReadHeader();
                          });
}

void Connection::ReadHeader() {
  state_ = State::kReading;
  started_ = SteadyClock::now();
  method_.clear();
  path_.clear();
  user_.clear();
  status_ = 0;
  response_bytes_ = 0;
  finished_ = false;
  const HttpLimits& limits = core_.options.limits;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(limits.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  parser_->body_limit(limits.max_body_bytes);
  stream_.expires_after(limits.read_timeout);
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
}

bool Connection::IsRequestReadError(beast::error_code ec) const {
  // The client left or was too slow: there is nobody to answer.
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
         ec == beast::error::timeout || ec == asio::error::operation_aborted ||
         ec == asio::error::connection_reset || ec == bhttp::error::partial_message;
}

void Connection::OnHeader(beast::error_code ec) {
  const HttpLimits& limits = core_.options.limits;
  if (ec == bhttp::error::header_limit) {
    return SendError(431,
                     fmt::format("request header larger than {} bytes", limits.max_header_bytes));
  }
  const auto& req = parser_->get();
  method_ = std::string(req.method_string());
  std::string_view target(req.target().data(), req.target().size());
  path_ = std::string(target.substr(0, target.find('?')));
  version_ = req.version();
  keep_alive_ = req.keep_alive();
  if (ec == bhttp::error::body_limit) {
    return SendError(413, fmt::format("request body larger than {} bytes", limits.max_body_bytes));
  }
  if (ec) {
    if (IsRequestReadError(ec)) {
      finished_ = true;  // No request to report: the connection just ended.
      return Close();
    }
    return SendError(400, "malformed HTTP request");
  }
  if (target.size() > limits.max_url_bytes) {
    return SendError(414, fmt::format("request URL longer than {} bytes", limits.max_url_bytes));
  }
  auto expect = req.find(bhttp::field::expect);
  if (expect != req.end()) {
    std::string_view value(expect->value().data(), expect->value().size());
    if (!EqualsIgnoreCase(value, "100-continue")) {
      return SendError(417, "only 'Expect: 100-continue' is supported");
    }
    if (!parser_->is_done()) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                               [self = shared_from_this()](beast::error_code e, std::size_t) {
                                 if (e) return self->Close();
                                 self->ReadBody();
                               });
    }
  }
  if (parser_->is_done()) return Dispatch();
  ReadBody();
}

void Connection::ReadBody() {
  bhttp::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnBody(ec); });
}

void Connection::OnBody(beast::error_code ec) {
  if (ec == bhttp::error::body_limit) {
    return SendError(
        413, fmt::format("request body larger than {} bytes", core_.options.limits.max_body_bytes));
  }
  if (ec) {
    if (IsRequestReadError(ec)) {
      Finish(ec == beast::error::timeout ? 408 : 400);  // The client stopped sending.
      return Close();
    }
    return SendError(400, "malformed HTTP request body");
  }
  Dispatch();
}

void Connection::Dispatch() {
  state_ = State::kHandling;
  auto message = parser_->release();
  std::string_view target(message.target().data(), message.target().size());
  auto request = Request::Create(method_, target);
  if (!request.ok()) return SendError(400, request.status().message());
  for (const auto& field : message) {
    request->AddHeader(std::string(field.name_string()), std::string(field.value()));
  }
  request->set_body(std::move(message.body()));
  request->set_client_address(client_address_);
  asio::post(core_.workers,
             [self = shared_from_this(), req = std::move(request).value()]() mutable {
               Response response = self->core_.RunHandler(req);
               asio::post(self->stream_.get_executor(),
                          [self, response = std::move(response), user = req.user()]() mutable {
                            self->user_ = std::move(user);
                            self->Respond(std::move(response));
                          });
             });
}

void Connection::Respond(Response response) {
  if (state_ == State::kClosed) return Finish(response.status);
  std::string invalid = InvalidResponseReason(response);
  if (!invalid.empty()) {
    CRIER_LOG_ERROR("http: handler for {} {} built an invalid response: {}", method_, path_,
                    invalid);
    return Send(ErrorResponse(500, "internal error: invalid response"), false);
  }
  if (response.stream) return BeginStream(std::move(response));
  Send(std::move(response), keep_alive_ && !core_.stopping);
}

void Connection::Send(Response response, bool keep_alive) {
  if (state_ == State::kClosed) return Finish(response.status);
  state_ = State::kWriting;
  status_ = response.status;
  response_bytes_ = response.body.size();
  response_ = {};
  response_.version(version_);
  response_.result(static_cast<unsigned>(response.status));
  for (auto& [name, value] : response.headers) response_.insert(name, value);
  response_.body() = std::move(response.body);
  response_.keep_alive(keep_alive);
  response_.prepare_payload();
  stream_.expires_after(core_.options.limits.write_timeout);
  bhttp::async_write(
      stream_, response_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnWritten(ec); });
}

void Connection::SendError(int status, std::string_view message) {
  linger_on_close_ = true;  // Part of the request may still be unread.
  Send(ErrorResponse(status, message), false);
}

void Connection::OnWritten(beast::error_code ec) {
  Finish(status_);
  if (ec) return Close();
  if (!response_.keep_alive()) return linger_on_close_ ? CloseGracefully() : Close();
  WaitForRequest();
}

void Connection::BeginStream(Response response) {
  state_ = State::kStreaming;
  status_ = response.status;
  chunked_ = version_ >= 11;
  stream_header_ = {};
  stream_header_.version(version_);
  stream_header_.result(static_cast<unsigned>(response.status));
  for (auto& [name, value] : response.headers) stream_header_.insert(name, value);
  stream_header_.keep_alive(false);  // The connection ends with the stream.
  if (chunked_) stream_header_.chunked(true);
  stream_serializer_.emplace(stream_header_);
  stream_.expires_after(core_.options.limits.write_timeout);
  bhttp::async_write_header(
      stream_, *stream_serializer_,
      [self = shared_from_this(), start = std::move(response.stream)](beast::error_code ec,
                                                                      std::size_t) mutable {
        if (ec) {
          self->Finish(self->status_);
          return self->Close();
        }
        self->stream_impl_ = std::make_shared<StreamImpl>(
            self->weak_from_this(), self->core_.options.limits.max_stream_buffer_bytes);
        self->WatchForDisconnect();
        if (self->core_.stopping) self->stream_impl_->Close();
        asio::post(self->core_.workers,
                   [start = std::move(start), stream = self->stream_impl_] { start(stream); });
      });
}

void Connection::WatchForDisconnect() {
  // Nothing is expected from the client while it listens; any end of input means it left.
  stream_.socket().async_read_some(asio::buffer(watch_byte_),
                                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (self->state_ != State::kStreaming) return;
                                     if (!ec) return self->WatchForDisconnect();
                                     if (self->stream_impl_) self->stream_impl_->Abandon();
                                     self->Flush();
                                   });
}

void Connection::Flush() {
  if (state_ != State::kStreaming || writing_chunk_ || !stream_impl_) return;
  if (stream_impl_->Abandoned()) {
    Finish(status_);
    return Close();
  }
  std::optional<std::string> next = stream_impl_->Pop();
  if (!next) {
    if (stream_impl_->Finished()) EndStream();
    return;
  }
  writing_chunk_ = true;
  chunk_ = std::move(*next);
  auto done = [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->writing_chunk_ = false;
    if (ec) {
      self->stream_impl_->Abandon();
      self->Finish(self->status_);
      return self->Close();
    }
    self->response_bytes_ += self->chunk_.size();
    self->Flush();
  };
  stream_.expires_after(core_.options.limits.write_timeout);
  if (chunked_) {
    asio::async_write(stream_, bhttp::make_chunk(asio::buffer(chunk_)), std::move(done));
  } else {
    asio::async_write(stream_, asio::buffer(chunk_), std::move(done));
  }
}

void Connection::EndStream() {
  state_ = State::kClosing;
  Finish(status_);
  if (!chunked_) return Close();  // HTTP/1.0: the end of the connection ends the body.
  writing_chunk_ = true;
  stream_.expires_after(core_.options.limits.write_timeout);
  asio::async_write(stream_, bhttp::make_chunk_last(),
                    [self = shared_from_this()](beast::error_code, std::size_t) {
                      // The client sends nothing while it listens, so closing at once cannot lose
                      // it our answer (and the disconnect watcher still holds the read side).
                      self->writing_chunk_ = false;
                      self->Close();
                    });
}

void Connection::Finish(int status) {
  if (finished_) return;
  finished_ = true;
  if (!core_.options.on_complete) return;
  RequestLogEntry entry;
  entry.method = method_;
  entry.path = path_;
  entry.status = status;
  entry.duration =
      std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started_);
  entry.user = user_;
  entry.client_address = client_address_;
  entry.response_bytes = response_bytes_;
  core_.options.on_complete(entry);
}

void Connection::CloseGracefully() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosing;
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTime);
  Linger();
}

void Connection::Linger() {
  stream_.async_read_some(asio::buffer(watch_byte_),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec || self->state_ == State::kClosed) return self->Close();
                            self->Linger();
                          });
}

void Connection::Close() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  if (stream_impl_) stream_impl_->Abandon();
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

}  // namespace crier::http
