// The raw loopback rate of crier's HTTP sender against the mock chat services, measured the same
// way by the sender's own benchmark (loopback_bench.cc) and by the outbox benchmark
// (outbox_bench.cc), which prints it as the ceiling of end-to-end delivery.
#pragma once

#include <string_view>
#include <vector>

#include "delivery/http_sender.h"
#include "mock_chat.h"

namespace crier::bench {

// A Mattermost message body as the channel builds it, for requests that skip the channel.
inline constexpr std::string_view kMattermostBody =
    R"({"text":"New Issue ISS-0001: printer on fire\n<http://erp/app/issue/ISS-0001|Document link>"})";

struct Figure {
  double per_second = 0;
  double p50_us = 0, p99_us = 0;
};

// Requests per second over `seconds` and the median and 99th percentile of `latencies_us`.
Figure Summarise(std::vector<double> latencies_us, double seconds);

// One request at a time through `sender` to one Mattermost webhook of `mock` (the shape of one
// webhook's FIFO). With `full`, the channel builds each request and classifies each answer too.
Figure Sequential(HttpSender& sender, const mock::MockChat& mock, double seconds, bool full);

// `in_flight` requests at once, each to its own webhook, kept full for `seconds`.
Figure Concurrent(HttpSender& sender, const mock::MockChat& mock, double seconds, int in_flight);

}  // namespace crier::bench
