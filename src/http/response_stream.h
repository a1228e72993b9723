// The sending end of a streamed response (server-sent events for the web UI's bell). The handler
// hands the server a callback; once the response headers are out, the server calls it with a
// ResponseStream that any thread may write to for as long as the client stays.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace crier::http {

class ResponseStream {
 public:
  virtual ~ResponseStream() = default;

  // Queues `data` to be sent as soon as the connection can take it. Thread-safe; never blocks.
  // Returns false once the stream is closed (the client left, the server is stopping, Close() was
  // called, or more than HttpLimits::max_stream_buffer_bytes were waiting because the client reads
  // too slowly): the caller should forget this stream.
  virtual bool Write(std::string data) = 0;

  // Ends the response after what is already queued. Thread-safe; idempotent.
  virtual void Close() = 0;

  // True once Write() would return false. Thread-safe.
  virtual bool closed() const = 0;
};

// Called once, on a worker thread, after the streamed response's headers are sent. It may keep the
// stream (shared ownership with the server) and return at once.
using StreamStart = std::function<void(std::shared_ptr<ResponseStream>)>;

}  // namespace crier::http
