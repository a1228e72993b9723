// A fake of every chat service crier posts to, on loopback, for the contract, fault and load
// tests: each service at its own path prefix on one port (/mattermost/hooks/<id>, /slack/services/
// ..., see emulation.h), every request recorded in arrival order with its time, and a control API
// (in process, and over HTTP on a second port for other processes) that makes a service throttle,
// fail, slow down, look deleted, or makes the whole mock refuse connections.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "emulation.h"

namespace crier::mock {

struct MockChatOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;            // 0: any free port.
  uint16_t control_port = 0;    // 0: any free port.
  int threads = 1;              // I/O threads.
  size_t max_records = 200000;  // Oldest records are dropped beyond this (counts stay exact).
  bool record_bodies = true;    // false keeps only metadata (long load runs).
};

// One request as the mock saw it.
struct Record {
  uint64_t seq = 0;  // 1, 2, 3... in arrival order across services.
  std::string service;
  std::string method;
  std::string target;  // Path and query as received.
  std::map<std::string, std::string> headers;
  std::string body;
  int64_t received_us = 0;            // Unix time in microseconds when the request was complete.
  int status = 0;                     // What the mock answered.
  uint16_t remote_port = 0;           // The client's port: equal ports mean one reused connection.
  std::vector<std::string> problems;  // See Emulate().

  nlohmann::json ToJson() const;
};

class MockChat {
 public:
  explicit MockChat(MockChatOptions options = {});
  ~MockChat();  // Stops.
  MockChat(const MockChat&) = delete;
  MockChat& operator=(const MockChat&) = delete;

  // Binds both ports and starts serving. False (with a message on stderr) if a port is taken.
  bool Start();
  void Stop();

  uint16_t port() const;
  uint16_t control_port() const;
  // "http://127.0.0.1:<port>/<service>" for building webhook URLs.
  std::string ServiceUrl(std::string_view service) const;

  // Makes `service` ("*" for all) answer per `mode` from now on.
  void SetMode(std::string_view service, const ModeSpec& mode);
  // Down: the chat port refuses connections and open ones are closed. Up: it listens again on
  // the same port.
  void SetDown(bool down);
  bool down() const;

  // Records with seq > since, of one service ("" for all), at most `limit`.
  std::vector<Record> Requests(std::string_view service = "", uint64_t since = 0,
                               size_t limit = SIZE_MAX) const;
  // How many requests arrived (for a service, "" for all), including dropped records.
  uint64_t Count(std::string_view service = "") const;
  // Blocks until Count(service) >= n or the deadline passes; returns whether it got there.
  bool WaitForCount(uint64_t n, std::chrono::milliseconds deadline,
                    std::string_view service = "") const;
  // Clears records, counts and modes (not the down state).
  void Reset();
  // {"total": N, "services": {"mattermost": {"requests": n, "statuses": {"200": n}}}, "down": b}
  nlohmann::json Stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace crier::mock
