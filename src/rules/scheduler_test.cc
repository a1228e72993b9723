// The scheduler driven by Tick(now) with a fake clock: Days runs at the daily time, caught up after
// downtime, never twice for one (notification, document, date); Minutes windows; the index.
#include "rules/scheduler.h"

#include <gtest/gtest.h>

#include "rules/rules_test_env.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

TimePoint At(int y, int m, int d, int hh, int mm) {
  return FromLocal(DateTime{{y, m, d}, hh, mm, 0, 0});
}

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.Insert("DocType", {{"name", "Event"},
                                        {"fields",
                                         {{{"fieldname", "subject"}, {"fieldtype", "Data"}},
                                          {{"fieldname", "starts_on"}, {"fieldtype", "Datetime"}},
                                          {{"fieldname", "event_type"},
                                           {"fieldtype", "Select"},
                                           {"options", "Private\nPublic"}}}}})
                    .ok());
  }

  Json Event(const std::string& subject, const std::string& starts_on) {
    return env_.Insert("Event", {{"subject", subject}, {"starts_on", starts_on}}).value();
  }

  // A System Notification to the event's owner (Administrator).
  void Notify(Json doc) {
    doc["document_type"] = "Event";
    doc["channel"] = "System Notification";
    doc["subject"] = "{{ alert.name }}: {{ doc.subject }}";
    doc["recipients"] = {{{"receiver_by_document_field", "owner"}}};
    env_.AddNotification(doc);
  }

  std::vector<std::string> Bell() {
    std::vector<std::string> out;
    for (const Json& log : env_.List("Notification Log")) out.push_back(log["subject"]);
    return out;
  }

  TickReport Tick(TimePoint now) {
    env_.clock().Set(now);
    Result<TickReport> r = env_.engine().scheduler().Tick(now);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->ran);
    return r.ok() ? *r : TickReport{};
  }

  RulesTestEnv env_;
};

// Reference 8.9, on crier's daily time: the run at 09:00 sends for events two days ahead.
TEST_F(SchedulerTest, DaysBeforeRunsAtTheDailyTimeOncePerDocumentAndDate) {
  Notify({{"name", "Soon"},
          {"event", "Days Before"},
          {"date_changed", "starts_on"},
          {"days_in_advance", 2}});
  Event("old", "2014-01-01 12:00:00");
  EXPECT_EQ(Tick(At(2026, 3, 1, 8, 0)).daily_runs.size(), 0u);  // Not 09:00 yet.
  Event("party", "2026-03-03 12:00:00");
  Event("later", "2026-03-04 12:00:00");
  TickReport first = Tick(At(2026, 3, 1, 9, 0));
  EXPECT_EQ(first.daily_runs, (std::vector<Date>{{2026, 3, 1}}));
  EXPECT_EQ(first.sent, 1);
  EXPECT_EQ(Bell(), (std::vector<std::string>{"Soon: party"}));
  EXPECT_TRUE(Tick(At(2026, 3, 1, 9, 1)).daily_runs.empty());
  // Running the same day again (a crash before the run was recorded) sends nothing twice.
  ASSERT_TRUE(RunInWriteTxn(env_.store(), [](WriteTxn& txn) {
                return txn.SetSetting(kDailyLastRunSetting, "2026-02-28");
              }).ok());
  TickReport again = Tick(At(2026, 3, 1, 9, 2));
  EXPECT_EQ(again.daily_runs, (std::vector<Date>{{2026, 3, 1}}));
  EXPECT_EQ(again.sent, 0);
  EXPECT_EQ(Bell(), (std::vector<std::string>{"Soon: party"}));
  // The next day selects the next event.
  Tick(At(2026, 3, 2, 9, 0));
  EXPECT_EQ(Bell(), (std::vector<std::string>{"Soon: party", "Soon: later"}));
}

TEST_F(SchedulerTest, DaysMissedWhileDownAreCaughtUp) {
  Notify({{"name", "After"},
          {"event", "Days After"},
          {"date_changed", "starts_on"},
          {"days_in_advance", 1},
          {"condition", "doc.event_type != 'Private'"}});
  Tick(At(2026, 3, 1, 9, 0));
  Event("a", "2026-03-02 10:00:00");
  Event("b", "2026-03-03 10:00:00");
  Json hidden = Event("private", "2026-03-03 11:00:00");
  ASSERT_TRUE(env_.Update("Event", hidden["name"], {{"event_type", "Private"}}).ok());
  Event("c", "2026-03-05 10:00:00");
  // Down from March 1st after the run until March 6th 10:00: the runs of the 2nd to the 6th.
  TickReport r = Tick(At(2026, 3, 6, 10, 0));
  EXPECT_EQ(
      r.daily_runs,
      (std::vector<Date>{{2026, 3, 2}, {2026, 3, 3}, {2026, 3, 4}, {2026, 3, 5}, {2026, 3, 6}}));
  EXPECT_EQ(Bell(), (std::vector<std::string>{"After: a", "After: b", "After: c"}));
}

TEST_F(SchedulerTest, DateQueriesSeekAnIndex) {
  Notify({{"name", "Soon"}, {"event", "Days Before"}, {"date_changed", "starts_on"}});
  auto txn = env_.store().BeginRead();
  ASSERT_TRUE(txn.ok());
  QueryPlan days =
      (*txn)->ExplainDocQuery(Scheduler::DaysQuery("Event", "starts_on", {2026, 3, 3})).value();
  EXPECT_FALSE(days.scans_all) << days.text;
  DateTime now{{2026, 3, 1}, 9, 0, 0, 0};
  QueryPlan minutes =
      (*txn)
          ->ExplainDocQuery(Scheduler::MinutesQuery(
              "Event", "starts_on", MinutesWindowFor(Event::kMinutesBefore, std::nullopt, now, 15)))
          .value();
  EXPECT_FALSE(minutes.scans_all) << minutes.text;
}

// Reference 8.5 and 8.6.
TEST_F(SchedulerTest, MinutesBeforeAndAfterFireOnceInTheirWindow) {
  Notify({{"name", "Before"},
          {"event", "Minutes Before"},
          {"datetime_changed", "starts_on"},
          {"minutes_offset", 15}});
  Notify({{"name", "After"},
          {"event", "Minutes After"},
          {"datetime_changed", "starts_on"},
          {"minutes_offset", 15}});
  Event("soon", "2026-03-01 10:14:00");     // 14 minutes after 10:00.
  Event("started", "2026-03-01 09:44:00");  // 16 minutes before 10:00.
  Event("far", "2026-03-01 11:00:00");
  Json before = env_.Get("Notification", "Before").value();
  EXPECT_EQ(Tick(At(2026, 3, 1, 10, 0)).sent, 2);
  // Notifications run in name order.
  EXPECT_EQ(Bell(), (std::vector<std::string>{"After: started", "Before: soon"}));
  // The watermark moved, the notification's version did not.
  Json after_tick = env_.Get("Notification", "Before").value();
  EXPECT_EQ(after_tick["datetime_last_run"], "2026-03-01 10:00:00");
  EXPECT_EQ(after_tick["modified"], before["modified"]);
  // Every minute until 10:46: "soon" is 15 minutes past at 10:29, "far" (11:00) 15 minutes
  // away at 10:45; each is sent once, nothing twice.
  for (int m = 1; m <= 46; ++m) Tick(At(2026, 3, 1, 10, 0) + std::chrono::minutes(m));
  EXPECT_EQ(Bell(), (std::vector<std::string>{"After: started", "Before: soon", "After: soon",
                                              "Before: far"}));
}

TEST_F(SchedulerTest, SelectForDayListsWhatTodaysRunSends) {
  Notify({{"name", "Soon"},
          {"event", "Days Before"},
          {"date_changed", "starts_on"},
          {"days_in_advance", 2},
          {"condition", "doc.event_type == 'Public'"}});
  Json a = Event("a", "2026-03-03 08:00:00");
  ASSERT_TRUE(env_.Update("Event", a["name"], {{"event_type", "Public"}}).ok());
  Event("private", "2026-03-03 09:00:00");
  Json notification = env_.Get("Notification", "Soon").value();
  auto& scheduler = env_.engine().scheduler();
  auto selected = scheduler.SelectForDay(notification, {2026, 3, 1}, At(2026, 3, 1, 8, 0));
  ASSERT_TRUE(selected.ok()) << selected.status().ToString();
  ASSERT_EQ(selected->size(), 1u);
  EXPECT_EQ((*selected)[0].name, a["name"]);
  EXPECT_FALSE((*selected)[0].already_sent);
  Tick(At(2026, 3, 1, 9, 0));
  selected = scheduler.SelectForDay(notification, {2026, 3, 1}, At(2026, 3, 1, 9, 5));
  ASSERT_EQ(selected->size(), 1u);
  EXPECT_TRUE((*selected)[0].already_sent);
  Json other = env_.AddNotification({{"name", "Other"}, {"event", "New"}});
  EXPECT_EQ(scheduler.SelectForDay(other, {2026, 3, 1}, At(2026, 3, 1, 9, 5)).status().field(),
            "event");
}

// Days notifications may target a child table (reference 2.6): the row is `doc`, the parent is
// what the bell refers to.
TEST_F(SchedulerTest, DaysOnAChildTableRefersToTheParent) {
  ASSERT_TRUE(env_.Insert("DocType", {{"name", "Milestone"},
                                      {"istable", 1},
                                      {"fields",
                                       {{{"fieldname", "title"}, {"fieldtype", "Data"}},
                                        {{"fieldname", "due"}, {"fieldtype", "Date"}}}}})
                  .ok());
  ASSERT_TRUE(
      env_.Insert(
              "DocType",
              {{"name", "Project"},
               {"fields",
                {{{"fieldname", "milestones"}, {"fieldtype", "Table"}, {"options", "Milestone"}}}}})
          .ok());
  Json project = env_.Insert("Project", {{"milestones",
                                          {{{"title", "beta"}, {"due", "2026-03-02"}},
                                           {{"title", "v1"}, {"due", "2026-04-01"}}}}})
                     .value();
  env_.AddNotification({{"name", "Due"},
                        {"document_type", "Milestone"},
                        {"event", "Days Before"},
                        {"date_changed", "due"},
                        {"days_in_advance", 1},
                        {"channel", "System Notification"},
                        {"subject", "{{ doc.title }} due"}});
  Tick(At(2026, 3, 1, 9, 0));
  std::vector<Json> bell = env_.List("Notification Log");
  ASSERT_EQ(bell.size(), 1u);  // Administrator, a System Manager (no recipient rows).
  EXPECT_EQ(bell[0]["subject"], "beta due");
  EXPECT_EQ(bell[0]["document_type"], "Project");
  EXPECT_EQ(bell[0]["document_name"], project["name"]);
}

}  // namespace
}  // namespace crier::rules
