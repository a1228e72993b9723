// Durability: the server is killed with SIGKILL while 8 clients write; after a restart every
// write that was acknowledged is there, whole, the database passes its integrity check, and the
// naming series goes on without reusing a name.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "crier_fixture.h"
#include "store/open_store.h"

namespace crier::testing {
namespace {

using nlohmann::json;

class DurabilityTest : public CrierTest {};

std::string TokenFor(HttpClient& admin) {
  auto keys = admin.Send("POST", "/api/method/user.generate_keys");
  EXPECT_TRUE(keys.ok() && keys->status == 200);
  json k = BodyOf(*keys)["message"];
  return "token " + k["api_key"].get<std::string>() + ":" + k["api_secret"].get<std::string>();
}

int SeriesNumber(const std::string& name) {
  return std::stoi(name.substr(name.rfind('-') + 1));
}

TEST_F(DurabilityTest, AcknowledgedWritesSurviveSigkill) {
  std::string token = TokenFor(*Admin());
  constexpr int kClients = 8;
  std::mutex mu;
  std::map<std::string, std::string> acked;  // name -> subject. Guarded by mu.
  std::atomic<int> acked_count{0}, unexpected{0};
  std::vector<std::thread> writers;
  for (int c = 0; c < kClients; ++c) {
    writers.emplace_back([&, c] {
      HttpClient client(url());
      client.SetDefaultHeader("Authorization", token);
      client.set_timeout(std::chrono::seconds(10));
      for (int i = 0;; ++i) {
        std::string subject = "writer " + std::to_string(c) + " #" + std::to_string(i);
        auto r = client.PostJson("/api/resource/Issue", {{"subject", subject},
                                                         {"customer", "C" + std::to_string(c)},
                                                         {"total", i},
                                                         {"description", std::string(200, 'd')}});
        if (!r.ok()) return;  // The server is gone.
        if (r->status != 200) {
          ++unexpected;
          return;
        }
        std::lock_guard lock(mu);
        acked[BodyOf(*r)["data"]["name"].get<std::string>()] = subject;
        ++acked_count;
      }
    });
  }
  // Kill once a good number of writes went through, with all clients still writing.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (acked_count.load() < 600 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  server_->Kill();
  for (auto& w : writers) w.join();
  ASSERT_EQ(unexpected.load(), 0);
  ASSERT_GE(acked.size(), 600u);

  // The file passes SQLite's integrity check before the server touches it again.
  {
    auto store = OpenStore("sqlite:" + server_->data_dir() + "/crier.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Status integrity = (*store)->CheckIntegrity();
    EXPECT_TRUE(integrity.ok()) << integrity.ToString();
  }

  ASSERT_TRUE(server_->Restart().ok());
  auto admin = Admin();
  for (const auto& [name, subject] : acked) {
    auto r = admin->Get("/api/resource/Issue/" + name);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->status, 200) << name << " was acknowledged but is gone";
    json doc = BodyOf(*r)["data"];
    EXPECT_EQ(doc["subject"], subject);
    EXPECT_EQ(doc["description"], std::string(200, 'd'));
  }
  // At most one unacknowledged write per client was in flight when the server died.
  auto count = admin->Get("/api/method/frappe.client.get_count?doctype=Issue");
  std::int64_t stored = BodyOf(*count)["message"];
  EXPECT_GE(stored, static_cast<std::int64_t>(acked.size()));
  EXPECT_LE(stored, static_cast<std::int64_t>(acked.size()) + kClients);
  // Every stored document is whole and names are distinct.
  auto all = admin->Get("/api/resource/Issue?limit_page_length=0&fields=" +
                        Encode(R"(["name","subject","status","modified"])"));
  ASSERT_EQ(all->status, 200);
  int highest = 0;
  json listed = BodyOf(*all);
  for (const json& d : listed["data"]) {
    EXPECT_TRUE(d["subject"].is_string());
    EXPECT_EQ(d["status"], "Open");
    highest = std::max(highest, SeriesNumber(d["name"]));
  }
  EXPECT_EQ(listed["data"].size(), static_cast<size_t>(stored));
  // The series carries on past every name handed out before the crash.
  auto next = admin->PostJson("/api/resource/Issue", {{"subject", "after restart"}});
  ASSERT_EQ(next->status, 200) << next->body;
  EXPECT_GT(SeriesNumber(BodyOf(*next)["data"]["name"]), highest);
}

}  // namespace
}  // namespace crier::testing
