// HttpSender over libcurl's multi interface: one thread drives every transfer, connections are
// kept alive and reused per host, HTTP/2 is used where the server offers it (TLS with ALPN),
// TLS certificates are verified, redirects are never followed (a webhook URL must be exact), and
// at most `max_in_flight` requests are on the wire at once (the rest wait in order).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "delivery/http_sender.h"

namespace crier {

struct CurlSenderOptions {
  Micros connect_timeout = std::chrono::seconds(5);
  Micros total_timeout = std::chrono::seconds(10);  // Frappe's webhook timeout.
  size_t max_in_flight = 256;                       // Requests on the wire at once, across hosts.
  long max_connections_per_host = 64;               // 0: unlimited.
  size_t max_answer_bytes = 64 * 1024;  // Larger answers are cut (classification needs little).
  std::string ca_file;  // PEM bundle to trust instead of the system's ("" for the system's).
  bool http2 = true;
  std::string user_agent = "crier";
};

class CurlHttpSender final : public HttpSender {
 public:
  // Starts the sender's thread. Fails when libcurl cannot be initialised.
  static Result<std::unique_ptr<CurlHttpSender>> Create(CurlSenderOptions options = {});

  // Stops the thread. Requests still queued or in flight complete with TransportError::kOther
  // ("sender stopped"), on the destroying thread.
  ~CurlHttpSender() override;

  void Send(HttpRequest request, Done done) override;

  // Requests accepted and not yet completed (queued + in flight).
  size_t pending() const;

  struct Transfer;

 private:
  explicit CurlHttpSender(CurlSenderOptions options);
  void Run();
  void StartQueued();
  void Finish(Transfer* transfer, int curl_code);

  const CurlSenderOptions options_;
  void* multi_ = nullptr;  // CURLM*, used by the sender's thread only (and curl_multi_wakeup).
  std::thread thread_;

  mutable std::mutex mu_;  // Guards queue_, stopping_, pending_.
  std::deque<std::unique_ptr<Transfer>> queue_;
  bool stopping_ = false;
  size_t pending_ = 0;

  // Owned by the sender's thread.
  std::vector<std::unique_ptr<Transfer>> active_;
  std::vector<void*> idle_handles_;  // CURL* kept for reuse.
};

}  // namespace crier
