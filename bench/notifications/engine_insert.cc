// engine_insert: the in-process side of bench/run_notifications.sh. The same Issue inserts and
// the same notifications (bench/notifications/setup_notifications.py), without HTTP: each insert
// made alone through DocumentService with the notification engine installed, on a fresh SQLite
// store per level: no notification; 100 enabled, none matching; 100 of which 10 match, each
// queuing one Mattermost message. One thread, one transaction per insert: this is the time an
// insert holds SQLite's single write lock, which bounds the API's insert rate once the writer is
// the bottleneck (as it is with 10 messages per insert). Rounds alternate between the stores so
// that the machine's drift hits each of them alike. Prints one line per level and the ratios.
//
// A fourth level is the floor of the issue's data model: no notification, but each Issue insert
// also writes 10 outbox rows directly in its transaction, with payloads of the size the engine
// writes (no evaluation or rendering). No engine can queue 10 messages per
// insert for less while it keeps one outbox row per message in the document's transaction.
//
// A fifth level is the same floor for a design not built (ADR 0002): the 10 payloads in one outbox
// row, as a JSON array. It bounds what holding several messages per row could reach.
//
//   engine_insert [--rounds R] [--per-round N] [--level L]
// --level L measures that level alone (0 to 4, in the order above): for a profiler.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "bench_message.h"
#include "channels/message.h"
#include "common/bench_args.h"
#include "delivery/enqueue.h"
#include "delivery/outbox_payload.h"
#include "model/builtin_controllers.h"
#include "model/builtin_doctypes.h"
#include "model/document_service.h"
#include "rules/rules_engine.h"
#include "store/open_store.h"

namespace crier {
namespace {

using SteadyClock = std::chrono::steady_clock;

// One store with its document service and notification engine.
class Level {
 public:
  Level(std::string label, const std::string& dir) : label_(std::move(label)), dir_(dir) {}

  // `bare_rows`: outbox rows each Issue insert writes directly (the floor levels), or messages in
  // one row when `batched`.
  Status Open(int notifications, int matching, int bare_rows, bool batched) {
    bare_rows_ = bare_rows;
    batched_ = batched;
    CRIER_ASSIGN_OR_RETURN(store_, OpenStore("sqlite:" + dir_ + "/crier.db"));
    documents_ = std::make_unique<DocumentService>(metas_, SystemClock(), SecureRandom());
    RegisterBuiltinControllers(*documents_);
    CRIER_RETURN_IF_ERROR(InstallBuiltins(*store_, *documents_));
    CRIER_RETURN_IF_ERROR(InstallDemo(*store_, *documents_));
    engine_ = std::make_unique<rules::RulesEngine>(*store_, *documents_, env_, SystemClock(),
                                                   rules::SchedulerOptions{});
    engine_->Install();
    if (notifications == 0) return Status::Ok();
    CRIER_RETURN_IF_ERROR(Insert(
        "Incoming Webhook URL", {{"webhook_name", "Bench"},
                                 {"service", "Mattermost"},
                                 {"webhook_url", "http://127.0.0.1:9/hooks/benchbenchbench1234"}}));
    const std::string message =
        "*Nouveau ticket*\n\nNouvelle demande n° {{ doc.name }}.\n\n*Détails*\n\n"
        "• Client : {{ doc.customer }}\n• Sujet : {{ doc.subject }}\n"
        "• Message : {{ doc.description }}";
    for (int i = 0; i < notifications; ++i) {
      const int threshold = i < matching ? 10 : 1000 + i;
      std::string condition = fmt::format("doc.status == \"Open\" and doc.total > {}", threshold);
      CRIER_RETURN_IF_ERROR(Insert("Notification", {{"name", fmt::format("bench {:03}", i)},
                                                    {"channel", "External Collaboration Tool"},
                                                    {"incoming_webhook_url", "Bench"},
                                                    {"document_type", "Issue"},
                                                    {"event", i % 2 == 0 ? "New" : "Save"},
                                                    {"subject", "Nouveau ticket {{ doc.name }}"},
                                                    {"condition", condition},
                                                    {"message", message}}));
    }
    return Status::Ok();
  }

  // Inserts `count` Issues, one transaction each; adds their time to this level's.
  Status Run(int count) {
    for (int i = 0; i < count; ++i) {
      Json issue = {{"subject", fmt::format("load test {}", done_ + i)},
                    {"customer", "ACME"},
                    {"description", "An issue created by the load test"},
                    {"priority", "Medium"},
                    {"total", 12.5}};
      auto start = SteadyClock::now();
      CRIER_RETURN_IF_ERROR(InsertIssue(std::move(issue)));
      seconds_ += std::chrono::duration<double>(SteadyClock::now() - start).count();
    }
    done_ += count;
    return Status::Ok();
  }

  Result<std::int64_t> Queued() {
    CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_->BeginRead());
    return txn->CountOutbox("");
  }

  const std::string& label() const { return label_; }
  double rate() const { return done_ / seconds_; }
  int done() const { return done_; }

 private:
  Status Insert(const std::string& doctype, Json doc) {
    return RunInWriteTxn(*store_, [&](WriteTxn& txn) {
      return documents_->Insert(txn, WriteOptions{}, doctype, std::move(doc)).status();
    });
  }

  // An Issue insert, and the floor levels' outbox rows in its transaction.
  Status InsertIssue(Json issue) {
    return RunInWriteTxn(*store_, [&](WriteTxn& txn) -> Status {
      CRIER_ASSIGN_OR_RETURN(Json saved,
                             documents_->Insert(txn, WriteOptions{}, "Issue", std::move(issue)));
      const std::string name = saved.value("name", "");
      Json batch = Json::array();
      for (int i = 0; i < bare_rows_; ++i) {
        ChatMessage m = bench::RenderedMessage(env_.base_url, name, saved.value("subject", ""), i);
        if (batched_) {
          batch.push_back(ChatPayload("Bench", m, /*keep_doc=*/false));
          continue;
        }
        CRIER_RETURN_IF_ERROR(
            txn.EnqueueOutbox(Row(m, ChatPayload("Bench", m, false).dump())).status());
      }
      if (!batch.empty()) {
        ChatMessage m;
        m.reference_doctype = "Issue";
        m.reference_name = name;
        CRIER_RETURN_IF_ERROR(txn.EnqueueOutbox(Row(m, batch.dump())).status());
      }
      return Status::Ok();
    });
  }

  static OutboxMessage Row(const ChatMessage& m, std::string payload) {
    OutboxMessage row;
    row.queue = WebhookQueue("Bench");
    row.channel = std::string(kChatChannel);
    row.payload = std::move(payload);
    row.reference_doctype = m.reference_doctype;
    row.reference_name = m.reference_name;
    row.notification = m.notification;
    return row;
  }

  std::string label_;
  std::string dir_;
  MetaCache metas_;
  ChannelEnv env_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<DocumentService> documents_;
  std::unique_ptr<rules::RulesEngine> engine_;
  int bare_rows_ = 0;
  bool batched_ = false;
  double seconds_ = 0;
  int done_ = 0;
};

int Main(int argc, char** argv) {
  const int rounds = bench::IntFlag(argc, argv, "--rounds", 10);
  const int per_round = bench::IntFlag(argc, argv, "--per-round", 500);
  const int only = bench::IntFlag(argc, argv, "--level", -1);
  const bench::ScratchDir dir;
  struct Spec {
    const char* label;
    int notifications, matching, bare_rows;
    bool batched;
  };
  const Spec specs[] = {{"none", 0, 0, 0, false},
                        {"100 enabled, none matching", 100, 0, 0, false},
                        {"100 enabled, 10 matching (10 messages/insert)", 100, 10, 0, false},
                        {"floor: 10 outbox rows written directly", 0, 0, 10, false},
                        {"floor, batched: 10 messages in one row", 0, 0, 10, true}};
  if (only < -1 || only >= static_cast<int>(std::size(specs))) {
    fmt::print(stderr, "engine_insert: --level must be 0 to {}\n", std::size(specs) - 1);
    return 2;
  }
  std::vector<std::unique_ptr<Level>> levels;
  for (const Spec& spec : specs) {
    std::string sub = fmt::format("{}/{}", dir.path(), levels.size());
    std::filesystem::create_directories(sub);
    levels.push_back(std::make_unique<Level>(spec.label, sub));
    Status opened =
        levels.back()->Open(spec.notifications, spec.matching, spec.bare_rows, spec.batched);
    if (!opened.ok()) {
      fmt::print(stderr, "engine_insert: {}: {}\n", spec.label, opened.ToString());
      return 1;
    }
  }
  for (int r = 0; r < rounds; ++r) {
    for (auto& level : levels) {
      if (only >= 0 && level != levels[only]) continue;
      Status ran = level->Run(per_round);
      if (!ran.ok()) {
        fmt::print(stderr, "engine_insert: {}: {}\n", level->label(), ran.ToString());
        return 1;
      }
    }
  }
  if (only >= 0) {
    fmt::print("{}: {:.0f} inserts/s\n", levels[only]->label(), levels[only]->rate());
    return 0;
  }
  fmt::print(
      "Issue inserts through DocumentService and the notification engine, in process, one "
      "thread, SQLite ({} rounds of {}):\n",
      rounds, per_round);
  const double base = levels.front()->rate();
  for (auto& level : levels) {
    fmt::print("{:<46} {:>8.0f} inserts/s  x{:.2f}\n", level->label(), level->rate(),
               level->rate() / base);
  }
  // What one queued message adds to an insert, beyond evaluating the 100 notifications.
  const double evaluate_us = 1e6 / levels[1]->rate(), send_us = 1e6 / levels[2]->rate();
  fmt::print(
      "per insert: {:.0f} us without notifications, {:.0f} us evaluating 100, {:.0f} us "
      "with 10 messages ({:.1f} us per message)\n",
      1e6 / base, evaluate_us, send_us, (send_us - evaluate_us) / 10);
  const double floor_us = 1e6 / levels[3]->rate();
  fmt::print(
      "floor: {:.0f} us per insert with 10 bare outbox rows ({:.1f} us per row); the "
      "rate 10 messages per insert can reach is at most {:.0f}/s\n",
      floor_us, (floor_us - 1e6 / base) / 10, levels[3]->rate());
  fmt::print(
      "floor, batched (a design not built, ADR 0002): {:.0f} us per insert, x{:.2f} of the "
      "inserts without notifications\n",
      1e6 / levels[4]->rate(), levels[4]->rate() / base);
  Result<std::int64_t> queued = levels[2]->Queued();
  fmt::print("messages queued with 10 matching: {} for {} inserts\n", queued.ok() ? *queued : -1,
             levels[2]->done());
  return 0;
}

}  // namespace
}  // namespace crier

int main(int argc, char** argv) {
  return crier::Main(argc, argv);
}
