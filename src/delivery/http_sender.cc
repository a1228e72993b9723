// The synchronous helper over any HttpSender.
#include "delivery/http_sender.h"

#include <future>

namespace crier {

HttpResponse SendAndWait(HttpSender& sender, HttpRequest request) {
  auto promise = std::make_shared<std::promise<HttpResponse>>();
  std::future<HttpResponse> answer = promise->get_future();
  sender.Send(std::move(request),
              [promise](HttpResponse response) { promise->set_value(std::move(response)); });
  return answer.get();
}

}  // namespace crier
