// The delivery workers of one crier node: they claim due outbox rows in batches under a lease,
// send each through its channel (HTTP through the HttpSender, many webhooks at once; e-mail on a
// few threads of their own), decide what each outcome means (retry_policy.h) and record it on the
// row (which is its Webhook Delivery), many rows per transaction.
//
// Guarantees (docs/delivery.md, "Outbox pipeline"):
// - Per queue (one webhook, one e-mail account) first in, first out: the next message goes only
//   after the previous one's outcome, and a message to be retried later holds back those behind it.
// - Pacing per webhook (rate_limiter.h); a service's Retry-After pauses its webhook's bucket.
//   Waiting for a token, or for a slow service, never holds up another queue.
// - At least once: a row is marked delivered only after the service confirmed it. Rows a crashed
//   worker held are claimed again when their lease ends (at once by the same node's next run).
//   Duplicates after a crash are bounded by what was in flight or not yet recorded.
// - The worker wakes when a transaction queues messages (kOutboxTopic), when a retry or a token is
//   due, and polls only as a fallback.
//
// Time, randomness (jitter), HTTP and SMTP come in through the constructor.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "channels/email/email.h"
#include "channels/message.h"
#include "delivery/delivery_metrics.h"
#include "delivery/delivery_target.h"
#include "delivery/gone_tracker.h"
#include "delivery/http_sender.h"
#include "delivery/lane.h"
#include "delivery/mail_pool.h"
#include "delivery/rate_limiter.h"
#include "delivery/record_writer.h"
#include "delivery/retry_policy.h"
#include "model/document_service.h"
#include "store/store.h"

namespace crier {

struct DispatcherOptions {
  // This node's name, unique among the nodes sharing a database; leases are "<node_id>/<boot>",
  // and at start a node takes back at once the rows an earlier run of itself left leased.
  std::string node_id = "crier";
  int claim_batch = 256;         // Rows claimed per transaction, at most.
  int max_held = 8192;           // Rows held in memory at once, at most.
  int max_held_per_queue = 512;  // Rows of one queue held at once; the rest are given back.
  Micros lease = std::chrono::minutes(2);          // Longer than any send (HTTP 10 s, SMTP 60 s).
  Micros poll_interval = std::chrono::seconds(5);  // Fallback when no wake-up arrives.
  // Sending pauses while this many outcomes wait to be written: it bounds the duplicates a crash
  // can cause (docs/delivery.md).
  int max_unrecorded = 512;
  int mail_threads = 2;
  // A webhook's settings are re-read at least this often even without a change notification.
  Micros target_refresh = std::chrono::seconds(30);
  RetryPolicy retry = {};
  int gone_threshold = 3;  // "Gone" answers in a row before a webhook is disabled.
};

struct DispatcherStats {
  bool running = false;
  std::uint64_t claimed = 0;  // Rows claimed.
  std::uint64_t sent = 0;     // Requests and e-mails sent (whatever came of them).
  std::uint64_t delivered = 0;
  std::uint64_t retried = 0;    // Attempts to be retried later.
  std::uint64_t failed = 0;     // Deliveries failed for good (sent or not).
  std::uint64_t released = 0;   // Claimed rows given back unsent.
  std::uint64_t recovered = 0;  // Rows an earlier run of this node left leased, queued at start.
  std::uint64_t recorded = 0;   // Row updates written.
  std::uint64_t lost = 0;       // Outcomes not written: the lease had passed to another worker.
  std::uint64_t store_errors = 0;
  std::uint64_t disabled = 0;      // Webhooks disabled.
  std::uint64_t store_rounds = 0;  // Write transactions made.
  std::uint64_t loops = 0;  // Times the worker thread looked at everything (tests wait on it).
  bool stopping = false;
  std::size_t held = 0, in_flight = 0, lanes = 0;
  std::size_t unrecorded =
      0;  // Outcomes and releases not committed yet (pending or being written).
};

class OutboxDispatcher {
 public:
  struct Deps {
    Store& store;
    DocumentService& documents;  // For disabling webhooks and logs.
    HttpSender& http;
    MailSender& mail;
    const ChannelEnv& env;
    const Clock& clock;
    Random& random;
    DeliveryMetrics* metrics = nullptr;  // Optional.
  };

  // Everything in `deps` must outlive the dispatcher.
  OutboxDispatcher(Deps deps, DispatcherOptions options);
  // Stops (see Stop()).
  ~OutboxDispatcher();
  OutboxDispatcher(const OutboxDispatcher&) = delete;
  OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

  // Subscribes to the store's wake-ups and starts the worker thread. Call once.
  Status Start();

  // Stops claiming, waits for the requests and e-mails on the wire (the senders' timeouts bound
  // the wait), gives back the rows it held unsent, records every outcome, and joins. Idempotent.
  void Stop();

  // Look again now: claim, and start what is due. Tests call it after advancing a fake clock.
  void Wake();

  DispatcherStats stats() const;
  DispatcherGauges gauges() const;

  // Blocks until `done(stats())` holds or `timeout` (real time) passes; returns whether it held.
  // Re-checked after every change of the figures. For tests and benchmarks.
  bool WaitFor(const std::function<bool(const DispatcherStats&)>& done,
               std::chrono::milliseconds timeout) const;

  // Running, and its loop went round recently (it is not stuck in the store).
  bool Healthy() const;

  // The lease owner of this run: "<node_id>/<random boot id>".
  const std::string& owner() const { return owner_; }

 private:
  struct Completion {
    std::string queue;
    std::int64_t row_id = 0;
    Outcome outcome;
  };
  struct Send {
    std::string queue;
    std::int64_t row_id = 0;
    std::shared_ptr<const DeliveryTarget> target;
    HttpRequest request;  // Chat.
    EmailMessage mail;    // E-mail.
  };
  struct Doorbell;  // What the store's subscriptions hold: outlives the dispatcher.
  using Sends = std::vector<Send>;

  void Run();
  // One write transaction: at the first round, take back rows an earlier run left leased; write
  // `batch`; claim up to `limit` rows.
  struct RoundResult {
    RecordCounts counts;
    int recovered = 0;
    std::vector<HeldRow> claimed;
  };
  Result<RoundResult> StoreRound(const RecordBatch& batch, int limit, bool first);
  std::map<std::string, Result<DeliveryTarget>> LoadTargets(const std::set<std::string>& queues);

  // Called by the senders' callbacks (any thread).
  void OnOutcome(std::string queue, std::int64_t row_id, Outcome outcome);
  void OnPublished();
  void OnTargetChanged(std::string_view queue);
  void Issue(Sends& sends);

  // REQUIRES: mu_ held, for everything below.
  void Process(Completion& c, TimePoint now, Sends& sends);
  void StartLane(Lane& lane, TimePoint now, Sends& sends);
  void Finish(Lane& lane, const Outcome& outcome, bool sent, TimePoint now);
  void ReleaseRows(Lane& lane, size_t keep, std::optional<TimePoint> first_not_before);
  void TrimLane(Lane& lane, TimePoint now);
  void AddClaimed(std::vector<HeldRow> rows, TimePoint now, Sends& sends);
  void MaybeErase(const std::string& queue);
  void Ring();  // Wakes the worker thread.
  DispatcherStats StatsLocked() const;

  Deps d_;
  const DispatcherOptions options_;
  const std::string owner_;
  RateLimiter rate_;
  GoneTracker gone_;
  std::unique_ptr<MailPool> mail_pool_;
  std::shared_ptr<Doorbell> doorbell_;
  std::thread thread_;

  mutable std::mutex mu_;                        // Guards everything below.
  std::condition_variable cv_;                   // The worker thread waits on it.
  mutable std::condition_variable progress_cv_;  // WaitFor() waits on it.
  bool started_ = false;
  bool stopping_ = false;
  bool running_ = false;
  bool bell_ = false;         // Something changed: the worker thread should look.
  bool claim_wanted_ = true;  // New rows may be due.
  bool draining_ = false;     // A thread is processing inbox_.
  bool kick_all_ = false;     // Restart every lane (after sending paused for recording).
  std::deque<Completion> inbox_;
  std::map<std::string, Lane> lanes_;
  std::set<std::int64_t> held_ids_;
  std::map<std::string, std::shared_ptr<const DeliveryTarget>> targets_;
  std::set<std::string> needs_target_;
  using Timer = std::pair<TimePoint, std::string>;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> lane_timers_;
  std::priority_queue<TimePoint, std::vector<TimePoint>, std::greater<>> claim_timers_;
  RecordBatch pending_;
  std::size_t held_ = 0;
  std::size_t in_flight_ = 0;
  std::size_t writing_ = 0;  // Updates in the store round under way.
  TimePoint next_poll_{};
  TimePoint next_lease_scan_{};
  TimePoint store_retry_at_{};
  TimePoint heartbeat_{};
  DispatcherStats stats_;
};

}  // namespace crier
