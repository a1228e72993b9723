// Concurrency: 50 clients inserting into the same naming series at once get distinct names and no
// errors.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "crier_fixture.h"

namespace crier::testing {
namespace {

using nlohmann::json;

class NamingConcurrencyTest : public CrierTest {};

TEST_F(NamingConcurrencyTest, FiftyClientsGetDistinctNames) {
  auto admin = Admin();
  auto keys = admin->Send("POST", "/api/method/user.generate_keys");
  ASSERT_EQ(keys->status, 200);
  json k = BodyOf(*keys)["message"];
  std::string token =
      "token " + k["api_key"].get<std::string>() + ":" + k["api_secret"].get<std::string>();
  constexpr int kClients = 50, kEach = 10;
  std::mutex mu;
  std::set<std::string> names;      // Guarded by mu.
  std::vector<std::string> errors;  // Guarded by mu.
  std::atomic<int> ready{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(url());
      client.SetDefaultHeader("Authorization", token);
      ++ready;
      while (ready.load() < kClients) std::this_thread::yield();  // Start together.
      for (int i = 0; i < kEach; ++i) {
        auto r =
            client.PostJson("/api/resource/Issue", {{"subject", "client " + std::to_string(c)}});
        std::lock_guard lock(mu);
        if (!r.ok() || r->status != 200) {
          errors.push_back(r.ok() ? r->body : r.status().ToString());
          continue;
        }
        names.insert(BodyOf(*r)["data"]["name"].get<std::string>());
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_TRUE(errors.empty()) << errors.size() << " errors, first: " << errors.front();
  EXPECT_EQ(names.size(), static_cast<size_t>(kClients * kEach));
  // Consecutive: no number skipped or reused.
  std::set<int> numbers;
  for (const std::string& n : names) numbers.insert(std::stoi(n.substr(n.rfind('-') + 1)));
  EXPECT_EQ(*numbers.begin(), 1);
  EXPECT_EQ(*numbers.rbegin(), kClients * kEach);
}

}  // namespace
}  // namespace crier::testing
