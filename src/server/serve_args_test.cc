#include "server/serve_args.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

Result<ServeOptions> Parse(std::vector<std::string_view> args,
                           std::optional<std::string> password = std::nullopt) {
  return ParseServeArgs(args, [&](const char* name) {
    return std::string(name) == "CRIER_ADMIN_PASSWORD" ? password : std::nullopt;
  });
}

TEST(ServeArgsTest, DefaultsAreDesignMdOnes) {
  auto o = Parse({});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->db_url, "sqlite:./crier-data/crier.db");
  EXPECT_EQ(o->listen, "127.0.0.1:8000");
  EXPECT_EQ(o->base_url, "");
  EXPECT_FALSE(o->demo);
  EXPECT_EQ(o->max_body_bytes, 1u << 20);
  EXPECT_FALSE(o->admin_password);
  EXPECT_TRUE(o->delivery_enabled);
  EXPECT_EQ(o->node_id, "") << "the host name, chosen by the server";
  EXPECT_EQ(o->delivery.lease, std::chrono::minutes(2));
  EXPECT_EQ(o->delivery.retry.max_age, std::chrono::hours(24));
}

TEST(ServeArgsTest, DeliveryFlags) {
  auto o = Parse({"--node-id", "node-2", "--delivery-batch", "64", "--delivery-lease", "45s",
                  "--mail-threads", "4", "--retry-initial", "250ms", "--retry-max-delay", "2s",
                  "--retry-max-age", "1m"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->node_id, "node-2");
  EXPECT_EQ(o->delivery.claim_batch, 64);
  EXPECT_EQ(o->delivery.lease, std::chrono::seconds(45));
  EXPECT_EQ(o->delivery.mail_threads, 4);
  EXPECT_EQ(o->delivery.retry.initial_delay, std::chrono::milliseconds(250));
  EXPECT_EQ(o->delivery.retry.max_delay, std::chrono::seconds(2));
  EXPECT_EQ(o->delivery.retry.max_age, std::chrono::minutes(1));
  EXPECT_FALSE(Parse({"--no-delivery"})->delivery_enabled);
}

TEST(ServeArgsTest, EveryFlag) {
  auto o =
      Parse({"--db", "sqlite:/tmp/x.db", "--listen", "127.0.0.1:0", "--base-url",
             "https://crier.example.com", "--demo", "--max-body-bytes", "4096", "--workers", "3"},
            std::string("s3cret-admin"));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->db_url, "sqlite:/tmp/x.db");
  EXPECT_EQ(o->listen, "127.0.0.1:0");
  EXPECT_EQ(o->base_url, "https://crier.example.com");
  EXPECT_TRUE(o->demo);
  EXPECT_EQ(o->max_body_bytes, 4096u);
  EXPECT_EQ(o->worker_threads, 3);
  EXPECT_EQ(o->admin_password, "s3cret-admin");
}

TEST(ServeArgsTest, ErrorsNameTheFlag) {
  struct Case {
    std::vector<std::string_view> args;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{"--db"}, "--db"},
      {{"--listen", "--demo"}, "--listen"},
      {{"--base-url", "ftp://x"}, "--base-url"},
      {{"--max-body-bytes", "lots"}, "--max-body-bytes"},
      {{"--max-body-bytes", "10"}, "--max-body-bytes"},
      {{"--workers", "0"}, "--workers"},
      {{"--port", "80"}, "--port"},
      {{"--node-id", "a/b"}, "--node-id"},
      {{"--delivery-batch", "0"}, "--delivery-batch"},
      {{"--delivery-lease", "1s"}, "--delivery-lease"},
      {{"--delivery-lease", "soon"}, "--delivery-lease"},
      {{"--retry-max-age", "-5m"}, "--retry-max-age"},
      {{"--mail-threads", "100"}, "--mail-threads"},
  };
  for (const Case& c : cases) {
    auto o = Parse(c.args);
    ASSERT_FALSE(o.ok()) << c.field;
    EXPECT_EQ(o.status().code(), StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(o.status().field(), c.field);
  }
  EXPECT_EQ(Parse({"--help"}).status().code(), StatusCode::kFailedPrecondition);
}

TEST(ServeArgsTest, SchedulerFlags) {
  auto defaults = Parse({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->scheduler.daily_time, (rules::DailyTime{9, 0}));
  EXPECT_EQ(defaults->scheduler.max_catch_up_days, 7);
  EXPECT_TRUE(defaults->run_scheduler);
  auto o = Parse({"--daily-time", "07:30", "--catch-up-days", "3", "--no-scheduler"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->scheduler.daily_time, (rules::DailyTime{7, 30}));
  EXPECT_EQ(o->scheduler.max_catch_up_days, 3);
  EXPECT_FALSE(o->run_scheduler);
  for (const char* bad : {"7:30", "24:00", "12:60", "noon", ""}) {
    auto r = Parse({"--daily-time", bad});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "--daily-time") << bad;
  }
  EXPECT_EQ(Parse({"--catch-up-days", "0"}).status().field(), "--catch-up-days");
}

}  // namespace
}  // namespace crier
