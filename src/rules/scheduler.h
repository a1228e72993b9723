// The scheduler of Days Before/After and Minutes Before/After notifications, inside `crier serve`:
// a thread that ticks at the start of every minute (of the injected Clock) and runs, on exactly one
// node (Store::RunExclusive("scheduler")), the Minutes window of every Minutes notification and
// the daily runs that are due (schedule.h). Each (notification, document, reference date) is
// recorded in the store's ledger in the same transaction as what it sent, so nothing is ever sent
// twice, whatever crashes or re-runs happen. Each document is evaluated in its own transaction.
//
// Tests call Tick(now) directly with a FakeClock and no thread, running days in milliseconds.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "model/document_service.h"
#include "rules/notification_cache.h"
#include "rules/runner.h"
#include "rules/schedule.h"
#include "store/store.h"

namespace crier::rules {

struct SchedulerOptions {
  DailyTime daily_time;       // When Days notifications run, local time (default 09:00).
  int max_catch_up_days = 7;  // Days (and Minutes windows) caught up after downtime, at most.
};

// What one tick did.
struct TickReport {
  bool ran = false;              // false: another node holds the scheduler lock.
  std::vector<Date> daily_runs;  // The dates whose Days run was made.
  int sent = 0;                  // Notifications whose condition held and that were sent.
};

// A document a scheduled notification selected.
struct Selected {
  std::string name;  // The document's (or, for a child row, the row's) name.
  std::string reference_doctype;
  std::string reference_name;
  std::string reference_date;  // The ledger's reference: the date or datetime value.
  bool already_sent = false;   // In the ledger.
};

class Scheduler {
 public:
  // References must outlive the scheduler.
  Scheduler(Store& store, DocumentService& documents, NotificationCache& cache,
            NotificationRunner& runner, const Clock& clock, SchedulerOptions options);
  ~Scheduler();  // Stops the thread.

  // Runs what is due at `now`. kOk with ran=false when another node is ticking.
  Result<TickReport> Tick(TimePoint now);

  // Starts the thread: a tick now, then at the start of every minute. Idempotent.
  void Start();
  // Stops the thread and waits for a tick in progress to end. Idempotent.
  void Stop();

  // The documents a Days notification's run for `run_date` selects and whose condition holds
  // (what that run would send, already sent ones flagged). kInvalidArgument (field event) for a
  // notification that is not a Days one.
  Result<std::vector<Selected>> SelectForDay(const nlohmann::json& notification,
                                             const Date& run_date, TimePoint now);

  // The store query of a Days run (for tests proving it uses an index).
  static DocQuery DaysQuery(const std::string& doctype, const std::string& field,
                            const Date& reference_date);
  static DocQuery MinutesQuery(const std::string& doctype, const std::string& field,
                               const MinutesWindow& window);

  const SchedulerOptions& options() const { return options_; }

 private:
  struct Candidate {
    std::shared_ptr<const Meta> meta;
    nlohmann::json doc;
    Selected selected;
  };
  Status RunDaily(const Date& run_date, TimePoint now, TickReport& report);
  Status RunMinutes(TimePoint now, TickReport& report);
  Result<std::vector<nlohmann::json>> ListScheduled(const std::vector<std::string>& events);
  Result<std::shared_ptr<const CompiledNotification>> Compiled(const nlohmann::json& doc);
  Result<std::vector<Candidate>> DaysCandidates(ReadTxn& txn, const CompiledNotification& n,
                                                const Date& run_date);
  // Evaluates `n` for one candidate in its own transaction, through the ledger.
  Status SendOne(const CompiledNotification& n, const Candidate& c, TimePoint now,
                 TickReport& report);
  void Loop();

  Store& store_;
  DocumentService& documents_;
  NotificationCache& cache_;
  NotificationRunner& runner_;
  const Clock& clock_;
  const SchedulerOptions options_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // Guarded by mu_.
  std::thread thread_;
};

// The settings key holding the last date whose daily run completed.
inline constexpr std::string_view kDailyLastRunSetting = "rules.daily_last_run";

}  // namespace crier::rules
