// A crier node reduced to its delivery pipeline, as a program the SIGKILL test can kill: it
// queues messages (with --enqueue) while its dispatcher sends them, and exits once nothing is
// left to send, printing its figures as one JSON line.
//
// Usage: outbox_driver --db PATH --url MATTERMOST_BASE --webhooks N --messages M --node-id ID
//                      [--enqueue]
// Webhook i is "hook<i>" at MATTERMOST_BASE/hooks/<id of i>; message k (0-based) goes to webhook
// k % N with the text "msg <k>".
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "pipeline.h"

namespace {

using crier::testing::Pipeline;
using crier::testing::PipelineOptions;

int Fail(const crier::Status& s) {
  std::fprintf(stderr, "outbox_driver: %s\n", s.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, url, node_id = "driver";
  int webhooks = 4, messages = 10000;
  bool enqueue = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--db") {
      db = next();
    } else if (a == "--url") {
      url = next();
    } else if (a == "--webhooks") {
      webhooks = std::atoi(next().c_str());
    } else if (a == "--messages") {
      messages = std::atoi(next().c_str());
    } else if (a == "--node-id") {
      node_id = next();
    } else if (a == "--enqueue") {
      enqueue = true;
    } else {
      std::fprintf(stderr, "outbox_driver: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  PipelineOptions options;
  options.db_path = db;
  options.dispatcher.node_id = node_id;
  auto pipeline = Pipeline::Open(options);
  if (!pipeline.ok()) return Fail(pipeline.status());
  Pipeline& p = **pipeline;
  if (enqueue) {
    for (int w = 0; w < webhooks; ++w) {
      crier::Status s = p.AddWebhook(fmt::format("hook{}", w), "Mattermost",
                                     fmt::format("{}/hooks/k{:025d}", url, w));
      if (!s.ok()) return Fail(s);
    }
  }
  if (crier::Status s = p.Start(); !s.ok()) return Fail(s);
  if (enqueue) {
    // Documents arrive while messages go out: 100 per transaction.
    for (int k = 0; k < messages; k += 100) {
      std::vector<std::pair<std::string, std::string>> batch;
      for (int j = k; j < std::min(messages, k + 100); ++j) {
        batch.emplace_back(fmt::format("hook{}", j % webhooks), fmt::format("msg {}", j));
      }
      if (crier::Status s = p.Enqueue(batch); !s.ok()) return Fail(s);
    }
    std::printf("enqueued %d\n", messages);
    std::fflush(stdout);
  }
  while (true) {
    auto pending = p.Pending();
    if (!pending.ok()) return Fail(pending.status());
    if (*pending == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // A process polling its own DB.
  }
  p.Stop();
  crier::DispatcherStats s = p.dispatcher().stats();
  std::printf(
      "{\"claimed\": %llu, \"sent\": %llu, \"delivered\": %llu, \"retried\": %llu, \"failed\": "
      "%llu, \"recovered\": %llu}\n",
      static_cast<unsigned long long>(s.claimed), static_cast<unsigned long long>(s.sent),
      static_cast<unsigned long long>(s.delivered), static_cast<unsigned long long>(s.retried),
      static_cast<unsigned long long>(s.failed), static_cast<unsigned long long>(s.recovered));
  return 0;
}
