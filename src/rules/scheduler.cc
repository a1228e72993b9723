// The Days and Minutes scheduler.
#include "rules/scheduler.h"

#include <fmt/format.h>

#include "base/log.h"
#include "model/logs.h"
#include "rules/eval_context.h"
#include "rules/json_text.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

WriteOptions SchedulerWrite() {
  WriteOptions o;
  o.user = "Administrator";
  o.origin = "scheduler";
  return o;
}

long long DaysBetween(const DateTime& a, const DateTime& b) {
  return DaysFromCivil(b.date) - DaysFromCivil(a.date);
}

}  // namespace

Scheduler::Scheduler(Store& store, DocumentService& documents, NotificationCache& cache,
                     NotificationRunner& runner, const Clock& clock, SchedulerOptions options)
    : store_(store),
      documents_(documents),
      cache_(cache),
      runner_(runner),
      clock_(clock),
      options_(options) {}

Scheduler::~Scheduler() {
  Stop();
}

DocQuery Scheduler::DaysQuery(const std::string& doctype, const std::string& field,
                              const Date& reference_date) {
  TextRange range = DayRange(reference_date);
  return DocQuery{doctype,
                  {{field, FilterOp::kGe, range.first}, {field, FilterOp::kLe, range.last}},
                  {{"name", false}}};
}

DocQuery Scheduler::MinutesQuery(const std::string& doctype, const std::string& field,
                                 const MinutesWindow& window) {
  return DocQuery{doctype,
                  {{field, FilterOp::kGt, BoundText(window.lower)},
                   {field, FilterOp::kLe, BoundText(window.upper)}},
                  {{"name", false}}};
}

Result<std::vector<Json>> Scheduler::ListScheduled(const std::vector<std::string>& events) {
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
  DocQuery q{"Notification",
             {{"enabled", FilterOp::kEq, 1}, {"event", FilterOp::kIn, Json(events)}},
             {{"name", false}}};
  return txn->ListDocs(q);
}

Result<std::shared_ptr<const CompiledNotification>> Scheduler::Compiled(const Json& doc) {
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const DoctypeRules> rules,
                         cache_.Get(TextOf(doc, "document_type")));
  const auto* found = rules->Find(TextOf(doc, "name"));
  // The cache is right unless the notification changed since it was loaded (its datetime_last_run
  // is not part of what is compiled, and modified is kept when the scheduler writes it).
  if (found != nullptr && (*found)->spec().doc.value("modified", Json()) == doc["modified"]) {
    return *found;
  }
  return CompiledNotification::Compile(SpecFromDoc(doc));
}

Result<std::vector<Scheduler::Candidate>> Scheduler::DaysCandidates(ReadTxn& txn,
                                                                    const CompiledNotification& n,
                                                                    const Date& run_date) {
  const NotificationSpec& spec = n.spec();
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, documents_.GetMeta(spec.document_type));
  Date reference = DaysReferenceDate(*spec.event, run_date, spec.days_in_advance);
  std::string reference_text = FormatDate(reference);
  std::vector<Candidate> out;
  if (!meta->istable) {
    CRIER_ASSIGN_OR_RETURN(std::vector<Json> docs,
                           txn.ListDocs(DaysQuery(meta->name, spec.date_changed, reference)));
    for (Json& d : docs) {
      std::string name = TextOf(d, "name");
      out.push_back({meta, std::move(d), Selected{name, meta->name, name, reference_text, false}});
    }
    return out;
  }
  // A child table: its rows live inside their parents, which have no index on the rows' dates.
  TextRange range = DayRange(reference);
  for (const std::string& parent_name : documents_.metas().Names()) {
    auto parent = documents_.GetMeta(parent_name);
    if (!parent.ok() || (*parent)->istable) continue;
    for (const FieldMeta& table : (*parent)->fields) {
      if (table.type != FieldType::kTable || table.options != meta->name) continue;
      CRIER_ASSIGN_OR_RETURN(std::vector<Json> parents, txn.ListDocs(DocQuery{parent_name}));
      for (const Json& p : parents) {
        auto rows = p.find(table.fieldname);
        if (rows == p.end() || !rows->is_array()) continue;
        for (const Json& row : *rows) {
          std::string date = TextOf(row, spec.date_changed.c_str());
          if (date.empty() || date < range.first || date > range.last) continue;
          out.push_back({meta, row,
                         Selected{TextOf(row, "name"), parent_name, TextOf(p, "name"),
                                  reference_text, false}});
        }
      }
    }
  }
  return out;
}

Status Scheduler::SendOne(const CompiledNotification& n, const Candidate& c, TimePoint now,
                          TickReport& report) {
  const bool child = c.meta->istable;
  return RunInWriteTxn(store_, [&](WriteTxn& txn) -> Status {
    CRIER_ASSIGN_OR_RETURN(bool seen, txn.LedgerContains(n.name(), c.meta->name, c.selected.name,
                                                         c.selected.reference_date));
    if (seen) return Status::Ok();
    Json doc = c.doc;
    if (!child) {
      // What the document is now, in this transaction (it may have changed since the query).
      CRIER_ASSIGN_OR_RETURN(std::optional<Json> fresh, txn.GetDoc(c.meta->name, c.selected.name));
      if (!fresh) return Status::Ok();
      doc = std::move(*fresh);
    }
    value::Context context =
        MakeContext({doc, nullptr, txn, documents_, ToLocal(now), runner_.env().base_url});
    Target target{*c.meta, doc};
    if (child) {
      target.reference_doctype = c.selected.reference_doctype;
      target.reference_name = c.selected.reference_name;
    }
    RunReport run = runner_.Run(txn, SchedulerWrite(), n, context, target);
    if (run.condition_met) {
      CRIER_ASSIGN_OR_RETURN(
          bool recorded,
          txn.RecordLedger(n.name(), c.meta->name, c.selected.name, c.selected.reference_date,
                           std::chrono::duration_cast<Micros>(now.time_since_epoch()).count()));
      if (recorded) ++report.sent;
    }
    return Status::Ok();
  });
}

Status Scheduler::RunDaily(const Date& run_date, TimePoint now, TickReport& report) {
  CRIER_ASSIGN_OR_RETURN(std::vector<Json> notifications,
                         ListScheduled({"Days Before", "Days After"}));
  for (const Json& doc : notifications) {
    auto compiled = Compiled(doc);
    if (!compiled.ok()) {
      CRIER_LOG_ERROR("scheduler: notification {}: {}", TextOf(doc, "name"),
                      compiled.status().message());
      continue;
    }
    const CompiledNotification& n = **compiled;
    if (!n.ok() || !n.spec().event || !IsDaysEvent(*n.spec().event)) {
      CRIER_LOG_WARNING("scheduler: notification {} is not runnable: {}", n.name(),
                        n.ok() ? "not a Days event" : n.errors().front().message);
      continue;
    }
    std::vector<Candidate> candidates;
    {
      CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
      auto found = DaysCandidates(*txn, n, run_date);
      if (!found.ok()) {
        CRIER_LOG_ERROR("scheduler: notification {}: {}", n.name(), found.status().message());
        continue;
      }
      candidates = std::move(found).value();
    }
    for (const Candidate& c : candidates) {
      Status s = SendOne(n, c, now, report);
      if (!s.ok()) {
        CRIER_LOG_ERROR("scheduler: notification {} for {} {}: {}", n.name(), c.meta->name,
                        c.selected.name, s.message());
      }
    }
  }
  CRIER_RETURN_IF_ERROR(RunInWriteTxn(store_, [&](WriteTxn& txn) {
    return txn.SetSetting(kDailyLastRunSetting, FormatDate(run_date));
  }));
  report.daily_runs.push_back(run_date);
  return Status::Ok();
}

Status Scheduler::RunMinutes(TimePoint now, TickReport& report) {
  CRIER_ASSIGN_OR_RETURN(std::vector<Json> notifications,
                         ListScheduled({"Minutes Before", "Minutes After"}));
  const DateTime local_now = ToLocal(now);
  for (const Json& doc : notifications) {
    auto compiled = Compiled(doc);
    if (!compiled.ok() || !(*compiled)->ok() || !(*compiled)->spec().event) continue;
    const CompiledNotification& n = **compiled;
    const NotificationSpec& spec = n.spec();
    if (!IsMinutesEvent(*spec.event)) continue;
    auto meta = documents_.GetMeta(spec.document_type);
    if (!meta.ok()) continue;
    std::optional<DateTime> last = ParseDateTime(TextOf(doc, "datetime_last_run"));
    if (last && DaysBetween(*last, local_now) > options_.max_catch_up_days) {
      last = DateTime{AddDays(local_now.date, -options_.max_catch_up_days), local_now.hour,
                      local_now.minute, local_now.second, local_now.microsecond};
    }
    if (last && *last >= local_now)
      continue;  // Already ran for this instant (or the clock went back).
    MinutesWindow window = MinutesWindowFor(*spec.event, last, local_now, spec.minutes_offset);
    std::vector<Json> docs;
    {
      CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
      auto found = txn->ListDocs(MinutesQuery((*meta)->name, spec.datetime_changed, window));
      if (!found.ok()) {
        CRIER_LOG_ERROR("scheduler: notification {}: {}", n.name(), found.status().message());
        continue;
      }
      docs = std::move(found).value();
    }
    for (Json& d : docs) {
      std::string name = TextOf(d, "name");
      std::string reference = TextOf(d, spec.datetime_changed.c_str());
      Candidate c{*meta, std::move(d), Selected{name, (*meta)->name, name, reference, false}};
      Status s = SendOne(n, c, now, report);
      if (!s.ok()) {
        CRIER_LOG_ERROR("scheduler: notification {} for {} {}: {}", n.name(), (*meta)->name, name,
                        s.message());
      }
    }
    // The watermark, written without a new version or `modified` (as Frappe's db.set_value): a
    // form open on the notification can still be saved.
    Status marked = RunInWriteTxn(store_, [&](WriteTxn& txn) -> Status {
      CRIER_ASSIGN_OR_RETURN(std::optional<Json> stored, txn.GetDoc("Notification", n.name()));
      if (!stored) return Status::Ok();
      std::string modified = TextOf(*stored, "modified");
      (*stored)["datetime_last_run"] = FormatDateTime(local_now);
      return txn.UpdateDoc(*stored, modified);
    });
    if (!marked.ok()) {
      CRIER_LOG_ERROR("scheduler: notification {}: last run not recorded: {}", n.name(),
                      marked.message());
    }
  }
  return Status::Ok();
}

Result<TickReport> Scheduler::Tick(TimePoint now) {
  TickReport report;
  CRIER_ASSIGN_OR_RETURN(bool ran, store_.RunExclusive("scheduler", [&]() -> Status {
    Status minutes = RunMinutes(now, report);
    if (!minutes.ok()) CRIER_LOG_ERROR("scheduler: minutes run failed: {}", minutes.message());
    std::optional<Date> last;
    {
      CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
      CRIER_ASSIGN_OR_RETURN(std::optional<std::string> text,
                             txn->GetSetting(kDailyLastRunSetting));
      if (text) last = ParseDate(*text);
    }
    for (const Date& d :
         DueDailyRuns(last, ToLocal(now), options_.daily_time, options_.max_catch_up_days)) {
      CRIER_RETURN_IF_ERROR(RunDaily(d, now, report));
    }
    return Status::Ok();
  }));
  report.ran = ran;
  return report;
}

Result<std::vector<Selected>> Scheduler::SelectForDay(const Json& notification,
                                                      const Date& run_date, TimePoint now) {
  auto compiled = CompiledNotification::Compile(SpecFromDoc(notification));
  const NotificationSpec& spec = compiled->spec();
  if (!spec.event || !IsDaysEvent(*spec.event)) {
    return InvalidArgument(
        fmt::format("{} is not a Days Before or Days After notification", spec.name), "event");
  }
  if (!compiled->ok()) return compiled->errors().front().ToStatus();
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
  CRIER_ASSIGN_OR_RETURN(std::vector<Candidate> candidates,
                         DaysCandidates(*txn, *compiled, run_date));
  std::vector<Selected> out;
  for (Candidate& c : candidates) {
    if (compiled->condition()) {
      value::Context context =
          MakeContext({c.doc, nullptr, *txn, documents_, ToLocal(now), runner_.env().base_url});
      SetAlert(context, *compiled);
      auto holds = compiled->condition()->Test(context);
      if (!holds.ok()) {
        return FromEngine("condition",
                          fmt::format("Condition (for {} {})", c.meta->name, c.selected.name),
                          holds.error())
            .ToStatus();
      }
      if (!*holds) continue;
    }
    CRIER_ASSIGN_OR_RETURN(
        c.selected.already_sent,
        txn->LedgerContains(spec.name, c.meta->name, c.selected.name, c.selected.reference_date));
    out.push_back(std::move(c.selected));
  }
  return out;
}

void Scheduler::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    Result<TickReport> tick = Tick(clock_.Now());
    if (!tick.ok()) CRIER_LOG_ERROR("scheduler: tick failed: {}", tick.status().message());
    TimePoint next = NextTick(clock_.Now());
    lock.lock();
    wake_.wait_for(lock, next - clock_.Now(), [this] { return stopping_; });
  }
}

}  // namespace crier::rules
