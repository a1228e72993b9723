// Loopback figures of the HTTP sender.
#include "loopback.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "channels/channel.h"

namespace crier::bench {

using Clock = std::chrono::steady_clock;

Figure Summarise(std::vector<double> latencies_us, double seconds) {
  Figure f;
  f.per_second = static_cast<double>(latencies_us.size()) / seconds;
  if (latencies_us.empty()) return f;
  std::sort(latencies_us.begin(), latencies_us.end());
  f.p50_us = latencies_us[latencies_us.size() / 2];
  f.p99_us = latencies_us[std::min(latencies_us.size() - 1, latencies_us.size() * 99 / 100)];
  return f;
}

Figure Sequential(HttpSender& sender, const mock::MockChat& mock, double seconds, bool full) {
  const Channel& mattermost = *FindChannel("Mattermost");
  Webhook hook;
  hook.name = "bench";
  hook.service = "Mattermost";
  hook.url = mock.ServiceUrl("mattermost") + "/hooks/abc123";
  ChatMessage message;
  message.text = "New Issue ISS-0001: printer on fire";
  message.doc_url = "http://erp/app/issue/ISS-0001";
  ChannelEnv env;
  std::vector<double> lat;
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < end) {
    auto t0 = Clock::now();
    HttpRequest req;
    if (full) {
      req = mattermost.BuildRequest(hook, message, env).value();
    } else {
      req.url = hook.url;
      req.headers = {{"Content-Type", "application/json"}};
      req.body = std::string(kMattermostBody);
    }
    HttpResponse res = SendAndWait(sender, std::move(req));
    if (full) {
      Outcome o = ClassifyAnswer(mattermost, hook, res, SystemClock().Now());
      if (!o.delivered()) std::abort();
    } else if (res.status != 200) {
      std::abort();
    }
    lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  return Summarise(std::move(lat), seconds);
}

Figure Concurrent(HttpSender& sender, const mock::MockChat& mock, double seconds, int in_flight) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<double> lat;
  std::atomic<bool> stop{false};
  std::atomic<int> outstanding{0};
  std::function<void(int)> launch = [&](int hook) {
    HttpRequest req;
    req.url = mock.ServiceUrl("mattermost") + "/hooks/hook" + std::to_string(hook);
    req.headers = {{"Content-Type", "application/json"}};
    req.body = std::string(kMattermostBody);
    auto t0 = Clock::now();
    ++outstanding;
    sender.Send(std::move(req), [&, hook, t0](HttpResponse res) {
      if (res.status != 200) std::abort();
      {
        std::lock_guard<std::mutex> lock(mu);
        lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
      if (!stop) launch(hook);
      if (--outstanding == 0) cv.notify_all();
    });
  };
  auto start = Clock::now();
  for (int i = 0; i < in_flight; ++i) launch(i);
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));  // The measured interval.
  stop = true;
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return outstanding == 0; });
  return Summarise(std::move(lat), elapsed);
}

}  // namespace crier::bench
