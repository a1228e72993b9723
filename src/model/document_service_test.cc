#include "model/document_service.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "model/test_env.h"

namespace crier {
namespace {

class DocumentServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.Insert("DocType", {{"name", "Customer"},
                                        {"autoname", "field:customer_name"},
                                        {"fields", {{{"fieldname", "customer_name"}}}}})
                    .ok());
    ASSERT_TRUE(
        env_.Insert(
                "DocType",
                {{"name", "Ticket Row"},
                 {"istable", 1},
                 {"fields",
                  {{{"fieldname", "item"}, {"reqd", 1}},
                   {{"fieldname", "qty"}, {"fieldtype", "Int"}},
                   {{"fieldname", "customer"}, {"fieldtype", "Link"}, {"options", "Customer"}}}}})
            .ok());
    auto t = env_.Insert(
        "DocType",
        {{"name", "Ticket"},
         {"autoname", "TCK-.YYYY.-.####"},
         {"is_submittable", 1},
         {"fields",
          {{{"fieldname", "subject"}, {"label", "Subject"}, {"reqd", 1}},
           {{"fieldname", "status"},
            {"fieldtype", "Select"},
            {"options", "Open\nReplied\nClosed"},
            {"default", "Open"}},
           {{"fieldname", "total"}, {"fieldtype", "Currency"}},
           {{"fieldname", "count"}, {"fieldtype", "Int"}, {"default", "2"}},
           {{"fieldname", "due_date"}, {"fieldtype", "Date"}},
           {{"fieldname", "opened"}, {"fieldtype", "Date"}, {"default", "Today"}},
           {{"fieldname", "customer"}, {"fieldtype", "Link"}, {"options", "Customer"}},
           {{"fieldname", "code"}, {"fieldtype", "Data"}, {"unique", 1}},
           {{"fieldname", "note"}, {"fieldtype", "Small Text"}, {"allow_on_submit", 1}},
           {{"fieldname", "rows"}, {"fieldtype", "Table"}, {"options", "Ticket Row"}}}}});
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    ASSERT_TRUE(env_.Insert("Customer", {{"customer_name", "ACME"}}).ok());
  }

  std::int64_t CountTickets() {
    auto r = env_.store().BeginRead();
    return *env_.documents().Count(**r, "Ticket", nullptr);
  }

  ModelTestEnv env_;
};

TEST_F(DocumentServiceTest, InsertCastsFillsDefaultsAndStamps) {
  WriteOptions alice;
  alice.user = "Administrator";
  auto d = env_.Insert("Ticket",
                       {{"subject", "Printer on fire"},
                        {"total", "42000.5"},
                        {"customer", "ACME"},
                        {"due_date", "2026-03-05 10:00:00"},
                        {"__islocal", 1}},
                       alice);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ((*d)["name"], "TCK-2026-0001");
  EXPECT_EQ((*d)["doctype"], "Ticket");
  EXPECT_EQ((*d)["docstatus"], 0);
  EXPECT_EQ((*d)["owner"], "Administrator");
  EXPECT_EQ((*d)["creation"], "2026-03-01 09:00:00.000000");
  EXPECT_EQ((*d)["modified"], (*d)["creation"]);
  EXPECT_EQ((*d)["status"], "Open");
  EXPECT_EQ((*d)["count"], 2);
  EXPECT_EQ((*d)["opened"], "2026-03-01");
  EXPECT_EQ((*d)["total"], 42000.5);
  EXPECT_EQ((*d)["due_date"], "2026-03-05");
  EXPECT_EQ((*d)["code"], nullptr);
  EXPECT_EQ((*d)["rows"], Json::array());
  EXPECT_FALSE(d->contains("__islocal"));
  EXPECT_EQ(*env_.Get("Ticket", "TCK-2026-0001"), *d);
  EXPECT_EQ((*env_.Insert("Ticket", {{"subject", "second"}}))["name"], "TCK-2026-0002");
}

TEST_F(DocumentServiceTest, BadInputIsRefusedNamingTheFieldAndWritesNothing) {
  struct Case {
    Json input;
    StatusCode code;
    std::string field;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {{{"subject", "x"}, {"colour", "red"}},
       StatusCode::kInvalidArgument,
       "colour",
       "unknown field"},
      {{{"subject", "x"}, {"total", "a lot"}}, StatusCode::kInvalidArgument, "total", "number"},
      {{{"subject", "x"}, {"count", 1.5}}, StatusCode::kInvalidArgument, "count", "whole"},
      {{{"total", 3}},
       StatusCode::kInvalidArgument,
       "subject",
       "Value missing for Ticket: Subject"},
      {{{"subject", "  "}}, StatusCode::kInvalidArgument, "subject", "Value missing"},
      {{{"subject", "x"}, {"status", "Pending"}},
       StatusCode::kInvalidArgument,
       "status",
       "should be one of"},
      {{{"subject", "x"}, {"customer", "Globex"}},
       StatusCode::kInvalidArgument,
       "customer",
       "Could not find Customer: Globex"},
      {{{"subject", "x"}, {"due_date", "2026-02-30"}},
       StatusCode::kInvalidArgument,
       "due_date",
       "date"},
      {{{"subject", "x"}, {"rows", {{{"qty", 1}}}}},
       StatusCode::kInvalidArgument,
       "rows[1].item",
       "row 1"},
      {{{"subject", "x"}, {"rows", {{{"item", "a"}, {"qty", "many"}}}}},
       StatusCode::kInvalidArgument,
       "rows[1].qty",
       "whole"},
      {{{"subject", "x"}, {"rows", {{{"item", "a"}, {"customer", "Nobody"}}}}},
       StatusCode::kInvalidArgument,
       "rows[1].customer",
       "Could not find Customer"},
      {{{"subject", "x"}, {"rows", {{{"item", "a"}, {"bogus", 1}}}}},
       StatusCode::kInvalidArgument,
       "rows[1].bogus",
       "unknown field"},
      {{{"subject", "x"}, {"rows", "not rows"}}, StatusCode::kInvalidArgument, "rows", "list"},
      {{{"subject", "x"}, {"docstatus", 2}}, StatusCode::kInvalidArgument, "docstatus", ""},
      {{{"subject", "x"}, {"doctype", "Customer"}}, StatusCode::kInvalidArgument, "doctype", ""},
  };
  for (const Case& c : cases) {
    auto d = env_.Insert("Ticket", c.input);
    ASSERT_FALSE(d.ok()) << c.input.dump();
    EXPECT_EQ(d.status().code(), c.code) << c.input.dump();
    EXPECT_EQ(d.status().field(), c.field) << c.input.dump() << ": " << d.status().ToString();
    EXPECT_NE(d.status().message().find(c.message_part), std::string::npos) << d.status().message();
  }
  EXPECT_EQ(CountTickets(), 0);
  // A key that is no field name is not quoted back: it may be a whole body holding a secret.
  auto odd = env_.Insert("Ticket", {{"{\"url\":\"https://h/hooks/s3cr3t\"}", ""}});
  EXPECT_EQ(odd.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(odd.status().message().find("s3cr3t"), std::string::npos);
  EXPECT_EQ(odd.status().field(), "");
  EXPECT_EQ(env_.Insert("Nope", Json::object()).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(env_.Insert("Ticket Row", {{"item", "a"}}).status().code(),
            StatusCode::kInvalidArgument);
  // The failed attempts did not use up series numbers.
  EXPECT_EQ((*env_.Insert("Ticket", {{"subject", "ok"}}))["name"], "TCK-2026-0001");
}

TEST_F(DocumentServiceTest, DuplicatesAreConflicts) {
  EXPECT_EQ(env_.Insert("Customer", {{"customer_name", "ACME"}}).status().code(),
            StatusCode::kConflict);
  ASSERT_TRUE(env_.Insert("Ticket", {{"subject", "a"}, {"code", "X1"}}).ok());
  auto dup = env_.Insert("Ticket", {{"subject", "b"}, {"code", "X1"}});
  EXPECT_EQ(dup.status().code(), StatusCode::kConflict);
  EXPECT_EQ(dup.status().field(), "code");
  EXPECT_EQ(CountTickets(), 1);
}

TEST_F(DocumentServiceTest, PartialUpdatesKeepVersionsAndCheckModified) {
  Json d = *env_.Insert("Ticket", {{"subject", "a"}, {"total", 10}});
  std::string name = d["name"];
  auto u = env_.Update("Ticket", name, {{"status", "Replied"}, {"modified", d["modified"]}});
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ((*u)["status"], "Replied");
  EXPECT_EQ((*u)["total"], 10.0);                                                    // Untouched.
  EXPECT_GT((*u)["modified"].get<std::string>(), d["modified"].get<std::string>());  // Same clock.
  // A write from someone who still holds the first copy.
  auto stale = env_.Update("Ticket", name, {{"status", "Closed"}, {"modified", d["modified"]}});
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_EQ(stale.status().field(), "modified");
  env_.clock().Advance(std::chrono::seconds(5));
  auto v = env_.Update("Ticket", name, {{"status", "Closed"}});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ((*v)["modified"], "2026-03-01 09:00:05.000000");
  auto r = env_.store().BeginRead();
  auto versions = env_.documents().Versions(**r, "Ticket", name);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].doc["status"], "Replied");
  EXPECT_EQ((*versions)[1].doc["status"], "Open");
  EXPECT_EQ(env_.documents().Versions(**r, "Ticket", "TCK-NONE").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(env_.Update("Ticket", "TCK-NONE", {{"status", "Closed"}}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(env_.Update("Ticket", name, {{"name", "other"}}).status().field(), "name");
  EXPECT_EQ(env_.Update("Ticket", name, {{"subject", nullptr}}).status().field(), "subject");
}

TEST_F(DocumentServiceTest, DocstatusLifeCycle) {
  std::string name = (*env_.Insert("Ticket", {{"subject", "a"}}))["name"];
  auto submitted = env_.Update("Ticket", name, {{"docstatus", 1}, {"note", "sent"}});
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  EXPECT_EQ((*submitted)["docstatus"], 1);
  // After submission only allow_on_submit fields change.
  EXPECT_TRUE(env_.Update("Ticket", name, {{"note", "still editable"}}).ok());
  auto frozen = env_.Update("Ticket", name, {{"subject", "changed"}});
  EXPECT_EQ(frozen.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(frozen.status().field(), "subject");
  EXPECT_EQ(env_.Update("Ticket", name, {{"docstatus", 0}}).status().field(), "docstatus");
  EXPECT_EQ(env_.Delete("Ticket", name).code(), StatusCode::kInvalidArgument);
  auto cancelled = env_.Update("Ticket", name, {{"docstatus", 2}});
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().ToString();
  EXPECT_EQ(env_.Update("Ticket", name, {{"note", "x"}}).status().field(), "docstatus");
  EXPECT_EQ(env_.Update("Ticket", name, {{"docstatus", 1}}).status().field(), "docstatus");
  EXPECT_TRUE(env_.Delete("Ticket", name).ok());
  EXPECT_EQ(env_.Get("Ticket", name).status().code(), StatusCode::kNotFound);
  auto r = env_.store().BeginRead();
  EXPECT_EQ(env_.documents().Versions(**r, "Ticket", name)->front().doc["docstatus"], 2);
  // Inserting directly as submitted; not allowed on a non-submittable DocType.
  EXPECT_EQ((*env_.Insert("Ticket", {{"subject", "b"}, {"docstatus", 1}}))["docstatus"], 1);
  EXPECT_EQ(env_.Insert("Customer", {{"customer_name", "B"}, {"docstatus", 1}}).status().field(),
            "docstatus");
}

TEST_F(DocumentServiceTest, ChildRowsAreStampedAndReplacedWhole) {
  auto d = env_.Insert(
      "Ticket",
      {{"subject", "a"},
       {"rows", {{{"item", "bolt"}, {"qty", "3"}}, {{"item", "nut"}, {"customer", "ACME"}}}}});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const Json& rows = (*d)["rows"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["qty"], 3);
  EXPECT_EQ(rows[0]["idx"], 1);
  EXPECT_EQ(rows[1]["idx"], 2);
  EXPECT_EQ(rows[1]["parent"], (*d)["name"]);
  EXPECT_EQ(rows[1]["parenttype"], "Ticket");
  EXPECT_EQ(rows[1]["parentfield"], "rows");
  EXPECT_EQ(rows[1]["doctype"], "Ticket Row");
  EXPECT_EQ(rows[0]["name"].get<std::string>().size(), 10u);
  Json keep = rows[1];
  auto u = env_.Update("Ticket", (*d)["name"], {{"rows", {keep}}});
  ASSERT_TRUE(u.ok());
  ASSERT_EQ((*u)["rows"].size(), 1u);
  EXPECT_EQ((*u)["rows"][0]["name"], keep["name"]);
  EXPECT_EQ((*u)["rows"][0]["idx"], 1);
}

TEST_F(DocumentServiceTest, ListFiltersOrdersAndPages) {
  for (int i = 1; i <= 5; ++i) {
    env_.clock().Advance(std::chrono::seconds(1));
    ASSERT_TRUE(env_.Insert("Ticket", {{"subject", "t" + std::to_string(i)},
                                       {"total", i * 100},
                                       {"status", i % 2 ? "Open" : "Closed"}})
                    .ok());
  }
  auto r = env_.store().BeginRead();
  ListRequest req{"Ticket", {"name", "total"}, {{"total", ">=", "200"}}, "total desc", 1, 2};
  auto page = env_.documents().List(**r, req);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0], (Json{{"name", "TCK-2026-0004"}, {"total", 400.0}}));
  EXPECT_EQ((*page)[1]["name"], "TCK-2026-0003");
  auto defaults = env_.documents().List(**r, ListRequest{"Ticket"});
  ASSERT_EQ(defaults->size(), 5u);
  EXPECT_EQ((*defaults)[0], (Json{{"name", "TCK-2026-0005"}}));  // modified desc, name only.
  EXPECT_EQ(*env_.documents().Count(**r, "Ticket", Json{{"status", "Open"}}), 3);
  EXPECT_EQ(
      env_.documents().List(**r, ListRequest{"Ticket", nullptr, nullptr, "bogus"}).status().field(),
      "order_by");
  EXPECT_EQ(env_.documents().List(**r, ListRequest{"Nope"}).status().code(), StatusCode::kNotFound);
}

TEST_F(DocumentServiceTest, ConcurrentInsertsGetDistinctSeriesNames) {
  constexpr int kThreads = 8, kEach = 25;
  std::mutex mu;
  std::set<std::string> names;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto d = env_.Insert("Ticket", {{"subject", "load"}});
        if (!d.ok()) {
          ++errors;
          continue;
        }
        std::lock_guard lock(mu);
        names.insert((*d)["name"].get<std::string>());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(names.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_TRUE(names.count("TCK-2026-0200"));
}

// A hook of our own, as issue 4's rules will be: it records what it sees and writes more rows in
// the same transaction.
class RecordingHook final : public WriteHook {
 public:
  Status Run(HookContext& ctx) override {
    if (ctx.meta.name != "Ticket") return Status::Ok();
    seen.push_back(std::string(ActionName(ctx.action)) + ":" + std::string(ctx.hook));
    if (ctx.hook == "validate" && ctx.doc["subject"] == "refuse me") {
      return InvalidArgument("refused by a hook", "subject");
    }
    if (ctx.hook == "before_save") ctx.doc["note"] = "set before save";
    if (ctx.hook == "on_update" && ctx.before != nullptr) {
      before_status.push_back(ctx.before->value("status", ""));
    }
    if (ctx.hook == "after_insert") {
      // A row written by the hook, in the document's transaction (like an Error Log or outbox).
      CRIER_RETURN_IF_ERROR(
          ctx.documents
              .Insert(ctx.txn, ctx.options, "Customer",
                      {{"customer_name", "for " + ctx.doc["name"].get<std::string>()}})
              .status());
      if (ctx.doc["subject"] == "fail after insert") return Internal("hook failed late");
    }
    if (ctx.hook == "on_update" && ctx.doc["status"] == "Replied" && ctx.options.origin.empty()) {
      // Like "set property after alert": a nested save of the same document.
      WriteOptions nested = ctx.options;
      nested.origin = "test:close";
      CRIER_RETURN_IF_ERROR(ctx.documents
                                .Update(ctx.txn, nested, "Ticket",
                                        ctx.doc["name"].get<std::string>(), {{"status", "Closed"}})
                                .status());
    }
    if (ctx.hook == "on_update" && ctx.doc["subject"] == "loop") {
      return ctx.documents
          .Update(ctx.txn, ctx.options, "Ticket", ctx.doc["name"].get<std::string>(),
                  Json::object())
          .status();
    }
    return Status::Ok();
  }
  std::vector<std::string> seen;
  std::vector<std::string> before_status;
};

TEST_F(DocumentServiceTest, HooksRunInOrderInsideTheTransaction) {
  auto hook = std::make_unique<RecordingHook>();
  RecordingHook* h = hook.get();
  env_.documents().AddHook(std::move(hook));

  auto d = env_.Insert("Ticket", {{"subject", "a"}});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const std::string name = (*d)["name"];
  EXPECT_EQ(h->seen, (std::vector<std::string>{"insert:before_insert", "insert:validate",
                                               "insert:before_save", "insert:after_insert",
                                               "insert:on_update", "insert:on_change"}));
  EXPECT_EQ((*d)["note"], "set before save");  // Before-hooks' changes are stored.
  EXPECT_TRUE(env_.Get("Customer", "for " + name).ok());

  // The nested save runs its own hooks and sees the outer write as its `before`.
  h->seen.clear();
  auto u = env_.Update("Ticket", name, {{"status", "Replied"}});
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ((*env_.Get("Ticket", name))["status"], "Closed");
  EXPECT_EQ(h->before_status, (std::vector<std::string>{"Open", "Replied"}));
  auto r = env_.store().BeginRead();
  EXPECT_EQ(env_.documents().Versions(**r, "Ticket", name)->size(), 2u);
  r->reset();

  // A hook's error refuses the write; a late failure rolls back the rows hooks wrote too.
  EXPECT_EQ(env_.Insert("Ticket", {{"subject", "refuse me"}}).status().field(), "subject");
  auto late = env_.Insert("Ticket", {{"subject", "fail after insert"}});
  EXPECT_EQ(late.status().code(), StatusCode::kInternal);
  EXPECT_EQ(CountTickets(), 1);
  auto read = env_.store().BeginRead();
  EXPECT_EQ(*env_.documents().Count(**read, "Customer", nullptr), 2);  // ACME + the first hook row.
  read->reset();

  // Submit and cancel run their own hook names.
  h->seen.clear();
  ASSERT_TRUE(env_.Update("Ticket", name, {{"docstatus", 1}}).ok());
  EXPECT_EQ(h->seen,
            (std::vector<std::string>{"submit:validate", "submit:before_submit", "submit:on_update",
                                      "submit:on_submit", "submit:on_change"}));
  h->seen.clear();
  ASSERT_TRUE(env_.Update("Ticket", name, {{"docstatus", 2}}).ok());
  EXPECT_EQ(h->seen, (std::vector<std::string>{"cancel:before_cancel", "cancel:on_cancel",
                                               "cancel:on_change"}));
  h->seen.clear();
  ASSERT_TRUE(env_.Delete("Ticket", name).ok());
  EXPECT_EQ(h->seen, (std::vector<std::string>{"delete:on_trash", "delete:after_delete"}));

  // A hook that saves its own document on every save is stopped, not looped forever.
  auto loop = env_.Insert("Ticket", {{"subject", "loop"}});
  EXPECT_EQ(loop.status().code(), StatusCode::kFailedPrecondition);
}

// Webhook Deliveries are the outbox rows: only the delivery workers and delivery.retry change them.
TEST_F(DocumentServiceTest, WebhookDeliveriesCannotBeWrittenAsDocuments) {
  auto inserted = env_.Insert("Webhook Delivery", {{"webhook", "Ops"}, {"status", "Delivered"}});
  EXPECT_EQ(inserted.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(inserted.status().message().find("delivery.retry"), std::string::npos);
  EXPECT_EQ(
      env_.Update("Webhook Delivery", "DLV-0000000001", {{"status", "Delivered"}}).status().code(),
      StatusCode::kPermissionDenied);
  EXPECT_EQ(env_.Delete("Webhook Delivery", "DLV-0000000001").code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace crier
