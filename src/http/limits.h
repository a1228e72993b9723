// Every bound the HTTP server puts on what a client may send or hold, as named, safe defaults that
// `crier serve` can change. A request that exceeds one gets a clear status (413, 414, 431) or, for
// timeouts, a closed connection; none can make the server buffer or wait without end.
#pragma once

#include <chrono>
#include <cstddef>

namespace crier::http {

struct HttpLimits {
  // Largest request body accepted; larger ones are answered 413 before the body is read (when
  // Content-Length announces it) or as soon as the limit is passed (chunked bodies).
  static constexpr std::size_t kDefaultMaxBodyBytes = 1 << 20;  // 1 MiB: a large document.
  // Request line plus all header fields; beyond it, 431.
  static constexpr std::size_t kDefaultMaxHeaderBytes = 16 << 10;  // 16 KiB.
  // Request target (path and query); beyond it, 414. Frappe list queries with filters fit easily.
  static constexpr std::size_t kDefaultMaxUrlBytes = 8 << 10;  // 8 KiB.
  // How long an open connection may sit without starting a request (keep-alive idle time).
  static constexpr std::chrono::milliseconds kDefaultIdleTimeout{60'000};
  // From a request's first byte to its last: a slow sender (slowloris) is cut off after this.
  static constexpr std::chrono::milliseconds kDefaultReadTimeout{30'000};
  // To send one response, or one chunk of a streamed response, to a client that stopped reading.
  static constexpr std::chrono::milliseconds kDefaultWriteTimeout{30'000};
  // Open connections; a connection beyond this gets a 503 and is closed at once. Each costs a
  // file descriptor and ~10 KiB; 512 leaves room under the usual 1024-descriptor limit for the
  // database and outgoing webhook connections.
  static constexpr int kDefaultMaxConnections = 512;
  // Data queued on a streamed response (server-sent events) that the client has not yet taken;
  // beyond it the client is too slow and the stream is closed rather than buffering without end.
  static constexpr std::size_t kDefaultMaxStreamBufferBytes = 1 << 20;  // 1 MiB.

  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
  std::size_t max_header_bytes = kDefaultMaxHeaderBytes;
  std::size_t max_url_bytes = kDefaultMaxUrlBytes;
  std::chrono::milliseconds idle_timeout = kDefaultIdleTimeout;
  std::chrono::milliseconds read_timeout = kDefaultReadTimeout;
  std::chrono::milliseconds write_timeout = kDefaultWriteTimeout;
  int max_connections = kDefaultMaxConnections;
  std::size_t max_stream_buffer_bytes = kDefaultMaxStreamBufferBytes;
};

}  // namespace crier::http
