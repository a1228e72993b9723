// The raw loopback rate between crier's HTTP sender and the mock chat services: the ceiling of the
// end-to-end delivery benchmark. Each figure is printed with its ratio to a reference measured in
// the same run: a minimal blocking Boost.Beast client on one keep-alive connection (what one
// connection can do at best, with no sender machinery).
//
// Usage: loopback_bench [--seconds S] [--mock-threads N]
#include <algorithm>
// clang-format off
#include <utility>  // Before Asio: Boost 1.74's awaitable.hpp needs std::exchange.
// clang-format on
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "delivery/curl_http_sender.h"
#include "loopback.h"
#include "mock_chat.h"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;
using crier::bench::Concurrent;
using crier::bench::Figure;
using crier::bench::kMattermostBody;
using crier::bench::Sequential;
using crier::bench::Summarise;

Figure Reference(uint16_t port, double seconds) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  std::vector<double> lat;
  beast::flat_buffer buffer;
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < end) {
    auto t0 = Clock::now();
    http::request<http::string_body> req{http::verb::post, "/mattermost/hooks/abc123", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.body() = std::string(kMattermostBody);
    req.prepare_payload();
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    if (res.result_int() != 200) std::abort();
    lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  return Summarise(std::move(lat), seconds);
}

void Print(const char* name, const Figure& f, const Figure& reference) {
  std::printf("%-44s %9.0f req/s  x%5.2f of reference   p50 %6.0f us  p99 %6.0f us\n", name,
              f.per_second, f.per_second / reference.per_second, f.p50_us, f.p99_us);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  int mock_threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view arg = argv[i];
    if (arg == "--seconds") seconds = std::atof(argv[i + 1]);
    if (arg == "--mock-threads") mock_threads = std::atoi(argv[i + 1]);
  }
  crier::mock::MockChatOptions options;
  options.threads = mock_threads;
  options.record_bodies = false;
  options.max_records = 1000;
  crier::mock::MockChat mock(options);
  if (!mock.Start()) return 1;
  auto sender = crier::CurlHttpSender::Create().value();

  std::printf("loopback HTTP, %.0f s per figure, mock with %d I/O thread(s), %u cores\n", seconds,
              mock_threads, std::thread::hardware_concurrency());
  Figure reference = Reference(mock.port(), seconds);
  Print("reference: Beast client, 1 connection", reference, reference);
  Print("sender, 1 at a time (one webhook's FIFO)", Sequential(*sender, mock, seconds, false),
        reference);
  Print("sender + Mattermost channel, 1 at a time", Sequential(*sender, mock, seconds, true),
        reference);
  for (int k : {4, 16, 64}) {
    std::string name = "sender, " + std::to_string(k) + " webhooks in flight";
    Print(name.c_str(), Concurrent(*sender, mock, seconds, k), reference);
  }
  return 0;
}
