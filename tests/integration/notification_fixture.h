// A `crier serve` in process for the notification acceptance tests: the real Server (store,
// documents, rules, API, HTTP on a loopback port) with a fake clock, so that tests drive the
// scheduler with rules().scheduler().Tick() and run days in milliseconds, and a client speaking
// the REST API as Administrator (API key, which does not expire when the clock jumps).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "server/server.h"
#include "support/http_client.h"

namespace crier::testing {

using nlohmann::json;

class NotificationServerTest : public ::testing::Test {
 protected:
  // The fake clock starts at 2026-03-02 08:00 local time.
  void SetUp() override;
  void TearDown() override;

  // The answer of a request; a failed test when the transport fails.
  HttpResponse Send(const std::string& method, const std::string& path, const json& body);
  // POST /api/resource/{doctype}: the stored document (the test fails unless 200).
  json Insert(const std::string& doctype, const json& doc);
  json Update(const std::string& doctype, const std::string& name, const json& patch);
  json Get(const std::string& doctype, const std::string& name);
  // Every document of `doctype` matching `filters` (Frappe's list form), all fields, oldest first.
  std::vector<json> List(const std::string& doctype, const json& filters = json::array());
  // POST /api/method/{method}: the message (the test fails unless 200).
  json Call(const std::string& method, const json& args = json::object());
  // The error answer of a refused request: {"status", "exc_type", "message", "field"}.
  json Refused(const std::string& method, const std::string& path, const json& body);

  // The queued outbox rows of a channel ("chat" or "email"), payloads parsed, oldest first.
  std::vector<json> Queued(const std::string& channel);
  std::vector<json> ErrorLogs() { return List("Error Log"); }

  // Sets the clock and runs one scheduler tick; fails the test on error.
  void Tick(const DateTime& local);

  // A user with these roles; returns a client logged in as them.
  std::unique_ptr<HttpClient> User(const std::string& email, std::vector<std::string> roles = {});
  // The default outgoing Email Account "Notifications".
  void AddEmailAccount();

  FakeClock clock_{FromLocal({{2026, 3, 2}, 8, 0, 0, 0})};
  SeededRandom random_{42};
  std::string dir_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<HttpClient> admin_;
};

// A local datetime.
inline DateTime Local(int y, int m, int d, int hh = 0, int mm = 0) {
  return DateTime{{y, m, d}, hh, mm, 0, 0};
}

}  // namespace crier::testing
