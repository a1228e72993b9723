// A real `crier serve --demo` on a free loopback port with a known Administrator password, and
// helpers to talk to it as Administrator, as a regular user, or as nobody.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/server_process.h"

namespace crier::testing {

inline constexpr const char* kAdminPassword = "admin-Passw0rd";

class CrierTest : public ::testing::Test {
 protected:
  // Starts the server; `extra_args` go after `crier serve --listen ... --db ... --demo`.
  void StartServer(std::vector<std::string> extra_args = {});
  void SetUp() override { StartServer(); }

  std::string url() const { return server_->base_url(); }
  // A client logged in as Administrator (session cookie).
  std::unique_ptr<HttpClient> Admin();
  // Creates (as Administrator) an enabled user with a password and optional roles, and returns a
  // client logged in as that user.
  std::unique_ptr<HttpClient> NewUser(const std::string& email,
                                      std::vector<std::string> roles = {});
  // A client with no credentials.
  std::unique_ptr<HttpClient> Anonymous() { return std::make_unique<HttpClient>(url()); }

  std::unique_ptr<ServerProcess> server_;
};

// The JSON body of an answer (a failed test when it is not JSON).
nlohmann::json BodyOf(const HttpResponse& response);
// Percent-encodes a query value.
std::string Encode(const std::string& value);

}  // namespace crier::testing
