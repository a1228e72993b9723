// A scripted HttpSender for tests of whatever sends: it records every request and answers with a
// responder function, either at once (on the sending thread) or when the test releases it, so
// ordering and concurrency can be driven step by step without a network or a clock.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "delivery/http_sender.h"

namespace crier {

class FakeHttpSender final : public HttpSender {
 public:
  using Responder = std::function<HttpResponse(const HttpRequest&)>;

  // By default every request is answered 200 "ok".
  FakeHttpSender();
  explicit FakeHttpSender(Responder responder);

  // Records the request; answers it now, or keeps it pending while held.
  void Send(HttpRequest request, Done done) override;

  void set_responder(Responder responder);
  // While held, requests wait for Release*(); releasing answers them with the responder.
  void Hold(bool hold);
  // Answers the oldest pending request; false when none is pending.
  bool ReleaseOne();
  // Answers every pending request in order; returns how many.
  size_t ReleaseAll();

  std::vector<HttpRequest> requests() const;  // Every request sent, in order.
  size_t pending() const;

  // Shorthands for responders.
  static HttpResponse Answer(int status, std::string body = "", HttpHeaders headers = {});
  static HttpResponse Fail(TransportError error, std::string message);

 private:
  mutable std::mutex mu_;  // Guards everything below.
  Responder responder_;
  bool hold_ = false;
  std::vector<HttpRequest> requests_;
  std::deque<std::pair<HttpRequest, Done>> pending_;
};

}  // namespace crier
