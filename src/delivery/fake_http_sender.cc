// The scripted sender.
#include "delivery/fake_http_sender.h"

namespace crier {

FakeHttpSender::FakeHttpSender()
    : FakeHttpSender([](const HttpRequest&) { return Answer(200, "ok"); }) {}

FakeHttpSender::FakeHttpSender(Responder responder) : responder_(std::move(responder)) {}

void FakeHttpSender::Send(HttpRequest request, Done done) {
  Responder responder;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(request);
    if (hold_) {
      pending_.emplace_back(std::move(request), std::move(done));
      return;
    }
    responder = responder_;
  }
  done(responder(request));
}

void FakeHttpSender::set_responder(Responder responder) {
  std::lock_guard<std::mutex> lock(mu_);
  responder_ = std::move(responder);
}

void FakeHttpSender::Hold(bool hold) {
  std::lock_guard<std::mutex> lock(mu_);
  hold_ = hold;
}

bool FakeHttpSender::ReleaseOne() {
  std::pair<HttpRequest, Done> next;
  Responder responder;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (pending_.empty()) return false;
    next = std::move(pending_.front());
    pending_.pop_front();
    responder = responder_;
  }
  next.second(responder(next.first));
  return true;
}

size_t FakeHttpSender::ReleaseAll() {
  size_t n = 0;
  while (ReleaseOne()) ++n;
  return n;
}

std::vector<HttpRequest> FakeHttpSender::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

size_t FakeHttpSender::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_.size();
}

HttpResponse FakeHttpSender::Answer(int status, std::string body, HttpHeaders headers) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

HttpResponse FakeHttpSender::Fail(TransportError error, std::string message) {
  HttpResponse r;
  r.error = error;
  r.error_message = std::move(message);
  return r;
}

}  // namespace crier
