// The one door through which delivery talks HTTP. Workers and tests depend on this interface
// only; CurlHttpSender (curl_http_sender.h) is the real one, FakeHttpSender
// (fake_http_sender.h) the scripted one for tests.
#pragma once

#include <functional>

#include "channels/http_message.h"

namespace crier {

class HttpSender {
 public:
  using Done = std::function<void(HttpResponse)>;

  virtual ~HttpSender() = default;

  // Starts sending `request`. `done` runs exactly once, with the answer or a transport error, on
  // a thread of the sender's choosing; it must not block (hand work off instead). Requests to the
  // same host may complete in any order: ordering per webhook is the caller's job (send the next
  // only after `done`). Thread-safe.
  virtual void Send(HttpRequest request, Done done) = 0;
};

// Sends and blocks until the answer. For the synchronous API methods (webhook.send_test_message,
// notification.send_test). REQUIRES: not called from inside a `done` callback of `sender`.
HttpResponse SendAndWait(HttpSender& sender, HttpRequest request);

}  // namespace crier
