// outbox_floor: what SQLite alone needs to store the messages of an insert, with none of crier's
// code on the path (ADR 0002, "Update, eighth session"). crier's store creates the database (its
// real schema and pragmas); then a plain SQLite connection (through crier's VFS, as the store
// writes) inserts, with prepared statements and nothing else, rows shaped like the ones a notified
// Issue insert writes:
//   - the Issue's row alone;
//   - the Issue and 10 outbox rows as the engine wrote them until the ninth session (one
//     statement per message, crier's schema), then as it writes them (one statement for all);
//   - the Issue and 10 minimal rows (id, queue, payload; one partial index): the cheapest row a
//     per-message outbox could have, one statement each, then one for all;
//   - the Issue and its 10 messages in one minimal row.
// Each level runs with one insert per transaction and with --group inserts per transaction (what
// group commit makes of concurrent API requests), in rounds that alternate between the levels.
// SQLite checkpoints in line (its default), where crier's store checkpoints on a thread of its
// own: on 2 cores that moves the work, it does not remove it.
//
//   outbox_floor [--rounds R] [--per-round N] [--group G]
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "bench_message.h"
#include "common/bench_args.h"
#include "delivery/outbox_payload.h"
#include "store/open_store.h"
#include "store/outbox_insert.h"
#include "store/sqlite/wal_vfs.h"

namespace crier {
namespace {

using SteadyClock = std::chrono::steady_clock;

// The table the minimal levels write: no column the store does not need to find and send it.
constexpr const char* kMinimalSchema =
    "CREATE TABLE IF NOT EXISTS minimal_outbox (id INTEGER PRIMARY KEY, queue TEXT NOT NULL, "
    "payload TEXT NOT NULL, status INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS minimal_outbox_pending ON minimal_outbox (queue, id) "
    "WHERE status = 0;";

class Db {
 public:
  explicit Db(const std::string& path) {
    // crier's VFS, as its store writes (two write(2) calls per commit, store/sqlite/wal_vfs.h).
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        sqlite::WalVfsName()) != SQLITE_OK) {
      Fail("open");
    }
    Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16000;");
    Exec(kMinimalSchema);
  }
  ~Db() {
    for (sqlite3_stmt* st : statements_) sqlite3_finalize(st);
    sqlite3_close(db_);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void Exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) Fail(sql);
  }
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
      Fail(sql);
    }
    statements_.push_back(st);
    return st;
  }
  // Binds texts to ?1, ?2... and runs the statement.
  void Run(sqlite3_stmt* st, std::initializer_list<std::string_view> texts) {
    Run(st, std::span<const std::string_view>(texts.begin(), texts.size()));
  }
  // Binds the messages' values as crier's store does (store/outbox_insert.h) and runs the INSERT.
  void RunRows(sqlite3_stmt* st, std::span<const OutboxMessage> messages) {
    int i = 0;
    for (const OutboxMessage& m : messages) {
      ForEachOutboxInsertValue(m, [&](const auto& value) {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) {
          sqlite3_bind_text(st, ++i, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
        } else {
          sqlite3_bind_int64(st, ++i, value);
        }
      });
    }
    if (sqlite3_step(st) != SQLITE_DONE) Fail(sqlite3_sql(st));
    sqlite3_reset(st);
  }
  void Run(sqlite3_stmt* st, std::span<const std::string_view> texts) {
    int i = 0;
    for (std::string_view t : texts) {
      sqlite3_bind_text(st, ++i, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
    }
    if (sqlite3_step(st) != SQLITE_DONE) Fail(sqlite3_sql(st));
    sqlite3_reset(st);
  }

 private:
  [[noreturn]] void Fail(const char* what) {
    throw std::runtime_error(fmt::format("{}: {}", what, sqlite3_errmsg(db_)));
  }
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
};

enum class Rows {
  kNone,
  kOutbox,
  kOutboxOneStatement,
  kMinimal,
  kMinimalOneStatement,
  kMinimalBatched
};

class Level {
 public:
  Level(std::string label, Rows rows, int group, const std::string& dir)
      : label_(std::move(label)), rows_(rows), group_(group) {
    const std::string path = dir + "/crier.db";
    // The schema, migrations and pragmas are the store's own.
    auto store = OpenStore("sqlite:" + path);
    if (!store.ok()) throw std::runtime_error(store.status().ToString());
    store->reset();
    db_ = std::make_unique<Db>(path);
    insert_doc_ = db_->Prepare(
        "INSERT INTO documents (doctype, name, docstatus, owner, creation, modified, "
        "modified_by, data) VALUES ('Issue', ?1, 0, 'Administrator', ?2, ?2, 'Administrator', "
        "?3)");
    // The INSERTs crier's store runs: one row, and a save's 10 rows in one statement.
    insert_outbox_ = db_->Prepare(OutboxInsertSql(1, '?').c_str());
    insert_outbox_ten_ = db_->Prepare(OutboxInsertSql(10, '?').c_str());
    insert_minimal_ =
        db_->Prepare("INSERT INTO minimal_outbox (queue, payload, status) VALUES (?1, ?2, 0)");
    std::string ten_minimal = "INSERT INTO minimal_outbox (queue, payload, status) VALUES ";
    for (int k = 0; k < 10; ++k) {
      ten_minimal += fmt::format("{}('webhook:Bench', ?{}, 0)", k == 0 ? "" : ", ", k + 1);
    }
    insert_minimal_ten_ = db_->Prepare(ten_minimal.c_str());
  }

  // Inserts `count` Issues, `group_` per transaction; adds their time to this level's. The rows'
  // texts are made before the clock starts: only SQLite is timed.
  void Run(int count) {
    std::vector<Insert> inserts;
    for (int i = 0; i < count; ++i) inserts.push_back(Make(done_ + i));
    auto start = SteadyClock::now();
    for (int i = 0; i < count; ++i) {
      if (i % group_ == 0) db_->Exec("BEGIN IMMEDIATE");
      const Insert& in = inserts[i];
      db_->Run(insert_doc_, {in.name, kNow, in.doc});
      InsertMessages(in);
      if (i % group_ == group_ - 1 || i == count - 1) db_->Exec("COMMIT");
    }
    seconds_ += std::chrono::duration<double>(SteadyClock::now() - start).count();
    done_ += count;
  }

  const std::string& label() const { return label_; }
  double rate() const { return done_ / seconds_; }

 private:
  static constexpr const char* kNow = "2026-12-06 08:00:37.164918";
  static constexpr std::int64_t kNowUs = 1796544037164918;
  struct Insert {
    std::string name, doc;
    std::vector<std::string> payloads;    // The minimal levels'.
    std::vector<OutboxMessage> messages;  // The outbox levels', as the engine queues them.
  };

  // The Issue's messages, as this level stores them.
  void InsertMessages(const Insert& in) {
    switch (rows_) {
      case Rows::kNone:
        return;
      case Rows::kOutbox:
        for (const OutboxMessage& m : in.messages) db_->RunRows(insert_outbox_, {&m, 1});
        return;
      case Rows::kOutboxOneStatement:
        db_->RunRows(insert_outbox_ten_, in.messages);
        return;
      case Rows::kMinimalOneStatement:
        db_->Run(insert_minimal_ten_,
                 std::vector<std::string_view>(in.payloads.begin(), in.payloads.end()));
        return;
      case Rows::kMinimal:
      case Rows::kMinimalBatched:
        for (const std::string& payload : in.payloads) {
          db_->Run(insert_minimal_, {"webhook:Bench", payload});
        }
        return;
    }
  }

  Insert Make(int n) const {
    Insert in;
    in.name = fmt::format("ISS-2026-{:06}", n);
    // The Issue as DocumentService stores it (its defaults included).
    in.doc =
        nlohmann::json{
            {"assigned_to", nullptr}, {"creation", kNow},
            {"customer", "ACME"},     {"description", "An issue created by the load test"},
            {"docstatus", 0},         {"doctype", "Issue"},
            {"due_date", nullptr},    {"idx", 0},
            {"modified", kNow},       {"modified_by", "Administrator"},
            {"name", in.name},        {"owner", "Administrator"},
            {"priority", "Medium"},   {"resolution", nullptr},
            {"status", "Open"},       {"subject", fmt::format("load test {}", n)},
            {"total", 12.5}}
            .dump();
    if (rows_ == Rows::kNone) return in;
    nlohmann::json batch = nlohmann::json::array();
    for (int k = 0; k < 10; ++k) {
      nlohmann::json payload =
          ChatPayload("Bench",
                      bench::RenderedMessage("http://127.0.0.1:8000", in.name,
                                             fmt::format("load test {}", n), k),
                      /*keep_doc=*/false);
      if (rows_ == Rows::kMinimalBatched) {
        batch.push_back(std::move(payload));
        continue;
      }
      if (rows_ == Rows::kOutbox || rows_ == Rows::kOutboxOneStatement) {
        OutboxMessage m;
        m.queue = "webhook:Bench";
        m.channel = "chat";
        m.payload = payload.dump();
        m.created_us = m.next_attempt_us = kNowUs;
        m.reference_doctype = "Issue";
        m.reference_name = in.name;
        m.notification = fmt::format("bench {:03}", k);
        m.service = "Mattermost";
        m.owner = "Administrator";
        m.creation = m.modified = kNow;
        in.messages.push_back(std::move(m));
      } else {
        in.payloads.push_back(payload.dump());
      }
    }
    if (rows_ == Rows::kMinimalBatched) in.payloads.push_back(batch.dump());
    return in;
  }

  std::string label_;
  Rows rows_;
  int group_;
  std::unique_ptr<Db> db_;
  sqlite3_stmt* insert_doc_ = nullptr;
  sqlite3_stmt* insert_outbox_ = nullptr;
  sqlite3_stmt* insert_outbox_ten_ = nullptr;
  sqlite3_stmt* insert_minimal_ = nullptr;
  sqlite3_stmt* insert_minimal_ten_ = nullptr;
  double seconds_ = 0;
  int done_ = 0;
};

int Main(int argc, char** argv) {
  const int rounds = bench::IntFlag(argc, argv, "--rounds", 10);
  const int per_round = bench::IntFlag(argc, argv, "--per-round", 1000);
  const int group = bench::IntFlag(argc, argv, "--group", 3);
  if (rounds < 1 || per_round < 1 || group < 1) {
    fmt::print(stderr, "outbox_floor: --rounds, --per-round and --group must be positive\n");
    return 2;
  }
  const bench::ScratchDir dir;
  struct Spec {
    const char* label;
    Rows rows;
  };
  const Spec specs[] = {{"Issue row alone", Rows::kNone},
                        {"+ 10 outbox rows, crier's schema", Rows::kOutbox},
                        {"+ the same in one INSERT", Rows::kOutboxOneStatement},
                        {"+ 10 minimal rows", Rows::kMinimal},
                        {"+ the same in one INSERT", Rows::kMinimalOneStatement},
                        {"+ 10 messages in one minimal row", Rows::kMinimalBatched}};
  std::vector<std::unique_ptr<Level>> levels;
  for (int g : {1, group}) {
    for (const Spec& spec : specs) {
      std::string sub = fmt::format("{}/{}", dir.path(), levels.size());
      std::filesystem::create_directories(sub);
      levels.push_back(std::make_unique<Level>(spec.label, spec.rows, g, sub));
    }
    if (group == 1) break;
  }
  for (int r = 0; r < rounds; ++r) {
    for (auto& level : levels) level->Run(per_round);
  }
  fmt::print("SQLite alone, crier's schema and pragmas, one thread ({} rounds of {}):\n", rounds,
             per_round);
  for (size_t i = 0; i < levels.size(); ++i) {
    if (i % std::size(specs) == 0) {
      const int g = i == 0 ? 1 : group;
      fmt::print("{} insert{} per transaction:\n", g, g == 1 ? "" : "s");
    }
    const Level& base = *levels[i - i % std::size(specs)];
    const double us = 1e6 / levels[i]->rate();
    fmt::print("  {:<36} {:>8.0f} inserts/s  {:>6.1f} us  x{:.2f}  (+{:.1f} us)\n",
               levels[i]->label(), levels[i]->rate(), us, levels[i]->rate() / base.rate(),
               us - 1e6 / base.rate());
  }
  return 0;
}

}  // namespace
}  // namespace crier

int main(int argc, char** argv) {
  try {
    return crier::Main(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "outbox_floor: {}\n", e.what());
    return 1;
  }
}
