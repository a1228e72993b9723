// Internal to src/http: one accepted TCP connection and the HTTP/1.1 exchange on it: wait for a
// request (idle timeout), read it within the limits, run the handler on the worker pool, write the
// answer or stream, keep alive or close. All of a connection's socket work runs on its own strand.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "http/server_core.h"

namespace crier::http {

class StreamImpl;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // REQUIRES: `socket`'s executor is a strand of core.io.
  Connection(ServerCore& core, boost::asio::ip::tcp::socket socket);
  ~Connection();

  // Begins serving. Call once, right after construction through make_shared.
  void Start();
  // Graceful stop of this connection: idle ones close now, a request in progress is answered with
  // Connection: close, a stream is ended. Thread-safe (posts to the strand).
  void Shutdown();
  // Closes the socket now; pending work completes with errors. Thread-safe.
  void ForceClose();
  // Schedules sending whatever the stream has queued. Thread-safe; called by StreamImpl.
  void PostFlush();

 private:
  enum class State { kIdle, kReading, kHandling, kWriting, kStreaming, kClosing, kClosed };

  void WaitForRequest();
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec);
  void ReadBody();
  void OnBody(boost::beast::error_code ec);
  void Dispatch();
  void Respond(Response response);
  // Sends `response`; afterwards keeps the connection for the next request or closes it.
  void Send(Response response, bool keep_alive);
  // An error the server itself answers (malformed or over-limit request): always closes after.
  void SendError(int status, std::string_view message);
  void OnWritten(boost::beast::error_code ec);
  void BeginStream(Response response);
  void WatchForDisconnect();
  void Flush();
  void EndStream();
  // Reports the finished request to the completion hook, once per request.
  void Finish(int status);
  // Closes the sending side, then reads and discards what the client still sends for a moment,
  // so that it receives our answer instead of a reset (lingering close).
  void CloseGracefully();
  void Linger();
  void Close();
  bool IsRequestReadError(boost::beast::error_code ec) const;

  ServerCore& core_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::string client_address_;
  State state_ = State::kIdle;

  // The request in progress.
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::string method_;
  std::string path_;
  std::string user_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool linger_on_close_ = false;  // Set when we answer before reading the whole request.
  bool finished_ = true;          // Whether Finish() ran for the current request.
  int status_ = 0;
  std::size_t response_bytes_ = 0;
  std::chrono::steady_clock::time_point started_;

  // The answer being written.
  boost::beast::http::response<boost::beast::http::string_body> response_;

  // A streamed answer.
  boost::beast::http::response<boost::beast::http::empty_body> stream_header_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::empty_body>>
      stream_serializer_;
  std::shared_ptr<StreamImpl> stream_impl_;
  std::string chunk_;  // The piece being written.
  bool writing_chunk_ = false;
  bool chunked_ = true;   // False for HTTP/1.0 clients: the stream ends with the connection.
  char watch_byte_[256];  // Discarded input while streaming or lingering.
};

}  // namespace crier::http
