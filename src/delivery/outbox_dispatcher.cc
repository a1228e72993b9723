// The delivery workers: one thread claims, refreshes targets, keeps time and records outcomes in
// batches; the senders' callbacks (curl's thread, the mail threads) process each outcome at once
// and start the next message of the same queue, so that a webhook's messages follow each other
// without waiting for the worker thread.
#include "delivery/outbox_dispatcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "base/log.h"
#include "channels/classify.h"
#include "delivery/delivery_record.h"
#include "delivery/enqueue.h"

namespace crier {

struct OutboxDispatcher::Doorbell {
  std::mutex mu;                       // Guards target.
  OutboxDispatcher* target = nullptr;  // Null once the dispatcher is gone.
};

namespace {

constexpr auto kStoreRetryDelay = std::chrono::seconds(1);

Outcome Refusal(Reason reason, std::string detail) {
  Outcome o;
  o.verdict = Verdict::kFailed;
  o.reason = reason;
  o.detail = std::move(detail);
  return o;
}

EmailMessage MailFor(const EmailAccount& account, const EmailDelivery& e) {
  EmailMessage m;
  m.from_name = account.sender_name;
  m.from_address = account.email_id;
  m.to = e.recipients;
  m.cc = e.cc;
  m.bcc = e.bcc;
  m.subject = e.subject;
  m.markdown = e.message;
  return m;
}

}  // namespace

OutboxDispatcher::OutboxDispatcher(Deps deps, DispatcherOptions options)
    : d_(deps),
      options_(std::move(options)),
      owner_(LeaseOwner(options_.node_id, RandomHex(deps.random, 6))),
      gone_(options_.gone_threshold),
      doorbell_(std::make_shared<Doorbell>()) {}

OutboxDispatcher::~OutboxDispatcher() {
  Stop();
}

Status OutboxDispatcher::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_) return Status(StatusCode::kFailedPrecondition, "the dispatcher already started");
    started_ = true;
    running_ = true;
    heartbeat_ = d_.clock.Now();
  }
  mail_pool_ = std::make_unique<MailPool>(d_.mail, options_.mail_threads);
  {
    std::lock_guard<std::mutex> lock(doorbell_->mu);
    doorbell_->target = this;
  }
  // Subscriptions live as long as the store: they hold the doorbell, not the dispatcher.
  d_.store.Subscribe(std::string(kOutboxTopic), [bell = doorbell_](std::string_view) {
    std::lock_guard<std::mutex> lock(bell->mu);
    if (bell->target != nullptr) bell->target->OnPublished();
  });
  d_.store.Subscribe(std::string(kTargetsTopic), [bell = doorbell_](std::string_view queue) {
    std::lock_guard<std::mutex> lock(bell->mu);
    if (bell->target != nullptr) bell->target->OnTargetChanged(queue);
  });
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void OutboxDispatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_) return;
    stopping_ = true;
    Ring();
  }
  if (thread_.joinable()) thread_.join();
  mail_pool_.reset();
  std::lock_guard<std::mutex> lock(doorbell_->mu);
  doorbell_->target = nullptr;
}

void OutboxDispatcher::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  claim_wanted_ = true;
  kick_all_ = true;
  Ring();
}

void OutboxDispatcher::Ring() {
  bell_ = true;
  cv_.notify_one();
}

void OutboxDispatcher::OnPublished() {
  std::lock_guard<std::mutex> lock(mu_);
  claim_wanted_ = true;
  Ring();
}

void OutboxDispatcher::OnTargetChanged(std::string_view queue) {
  std::lock_guard<std::mutex> lock(mu_);
  targets_.erase(std::string(queue));
  if (std::optional<QueueTarget> q = ParseQueue(queue); q && !q->email) gone_.Forget(q->name);
  if (lanes_.count(std::string(queue))) needs_target_.insert(std::string(queue));
  claim_wanted_ = true;  // An enabled webhook's retried rows may be due.
  Ring();
}

DispatcherStats OutboxDispatcher::StatsLocked() const {
  DispatcherStats s = stats_;
  s.running = running_;
  s.held = held_;
  s.in_flight = in_flight_;
  s.unrecorded = pending_.updates.size() + writing_;
  s.stopping = stopping_;
  s.lanes = lanes_.size();
  return s;
}

DispatcherStats OutboxDispatcher::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return StatsLocked();
}

DispatcherGauges OutboxDispatcher::gauges() const {
  DispatcherStats s = stats();
  return {s.running, s.held, s.in_flight, s.unrecorded, s.lanes};
}

bool OutboxDispatcher::WaitFor(const std::function<bool(const DispatcherStats&)>& done,
                               std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return progress_cv_.wait_for(lock, timeout, [&] { return done(StatsLocked()); });
}

bool OutboxDispatcher::Healthy() const {
  std::lock_guard<std::mutex> lock(mu_);
  const Micros allowed = std::max<Micros>(3 * options_.poll_interval, std::chrono::seconds(60));
  return running_ && !stopping_ && d_.clock.Now() - heartbeat_ < allowed;
}

// ---- The worker thread ------------------------------------------------------------------------

void OutboxDispatcher::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  bool first = true;
  int failures_while_stopping = 0;
  Sends sends;
  auto issue = [&] {  // Sends what was started, without the lock.
    if (sends.empty()) return;
    lock.unlock();
    Issue(sends);
    sends.clear();
    lock.lock();
  };
  while (true) {
    TimePoint now = d_.clock.Now();
    heartbeat_ = now;
    bell_ = false;
    ++stats_.loops;
    progress_cv_.notify_all();
    while (!lane_timers_.empty() && lane_timers_.top().first <= now) {
      std::string queue = lane_timers_.top().second;
      lane_timers_.pop();
      auto it = lanes_.find(queue);
      if (it == lanes_.end() || !it->second.wake_at || *it->second.wake_at > now) continue;
      it->second.wake_at.reset();
      StartLane(it->second, now, sends);
      MaybeErase(queue);
    }
    while (!claim_timers_.empty() && claim_timers_.top() <= now) {
      claim_timers_.pop();
      claim_wanted_ = true;
    }
    if (now >= next_poll_) {
      claim_wanted_ = true;
      next_poll_ = now + options_.poll_interval;
    }
    if (now >= next_lease_scan_ || stopping_) {
      for (auto& [queue, lane] : lanes_) TrimLane(lane, now);
      next_lease_scan_ = now + options_.lease / 8;
    }
    if (std::exchange(kick_all_, false) && !stopping_) {
      for (auto& [queue, lane] : lanes_) StartLane(lane, now, sends);
    }
    for (auto it = lanes_.begin(); it != lanes_.end();) {
      it = it->second.idle() ? lanes_.erase(it) : std::next(it);
    }
    issue();

    if (!needs_target_.empty() && now >= store_retry_at_) {
      std::set<std::string> queues = std::move(needs_target_);
      needs_target_.clear();
      lock.unlock();
      std::map<std::string, Result<DeliveryTarget>> loaded = LoadTargets(queues);
      lock.lock();
      now = d_.clock.Now();
      for (auto& [queue, target] : loaded) {
        if (!target.ok()) {
          CRIER_LOG_ERROR("delivery: reading the target of {} failed: {}", queue,
                          target.status().ToString());
          ++stats_.store_errors;
          needs_target_.insert(queue);
          store_retry_at_ = now + kStoreRetryDelay;
          continue;
        }
        targets_[queue] = std::make_shared<const DeliveryTarget>(std::move(target).value());
        auto lane = lanes_.find(queue);
        if (lane == lanes_.end()) continue;
        TrimLane(lane->second, now);
        StartLane(lane->second, now, sends);
        MaybeErase(queue);
      }
      issue();
      continue;
    }

    const bool claim =
        !stopping_ && claim_wanted_ && held_ < static_cast<std::size_t>(options_.max_held);
    if ((claim || !pending_.empty() || first) && now >= store_retry_at_) {
      RecordBatch batch = std::move(pending_);
      pending_ = RecordBatch{};
      const int limit =
          claim ? std::min<int>(options_.claim_batch, options_.max_held - static_cast<int>(held_))
                : 0;
      claim_wanted_ = false;
      writing_ = batch.updates.size();
      lock.unlock();
      Result<RoundResult> round = StoreRound(batch, limit, first);
      lock.lock();
      writing_ = 0;
      now = d_.clock.Now();
      if (!round.ok()) {
        CRIER_LOG_ERROR("delivery: recording outcomes or claiming rows failed (retried): {}",
                        round.status().ToString());
        ++stats_.store_errors;
        if (d_.metrics) d_.metrics->RecordStoreError();
        // Keep what was not written, before what arrived meanwhile.
        batch.updates.insert(batch.updates.end(), pending_.updates.begin(), pending_.updates.end());
        batch.disable.insert(batch.disable.end(), pending_.disable.begin(), pending_.disable.end());
        pending_ = std::move(batch);
        claim_wanted_ = claim_wanted_ || claim;
        store_retry_at_ = now + kStoreRetryDelay;
        if (stopping_ && in_flight_ == 0 && inbox_.empty() && ++failures_while_stopping >= 3) {
          CRIER_LOG_ERROR(
              "delivery: stopping without recording {} outcomes; their rows are sent "
              "again once their lease ends",
              pending_.updates.size());
          break;
        }
      } else {
        first = false;
        ++stats_.store_rounds;
        stats_.recorded += round->counts.written;
        stats_.lost += round->counts.lost;
        stats_.disabled += round->counts.disabled_webhooks.size();
        stats_.recovered += round->recovered;
        if (d_.metrics && round->counts.lost > 0) d_.metrics->RecordLostLeases(round->counts.lost);
        for (const GoneWebhook& gone : round->counts.disabled_webhooks) {
          // Re-read at once: its queued messages now fail as disabled.
          const std::string queue = WebhookQueue(gone.webhook);
          targets_.erase(queue);
          if (lanes_.count(queue)) needs_target_.insert(queue);
          if (d_.metrics) d_.metrics->RecordDisabledWebhook(gone.service);
        }
        stats_.claimed += round->claimed.size();
        // A full batch means more may be waiting; the recovered rows are due now.
        claim_wanted_ = claim_wanted_ ||
                        (limit > 0 && static_cast<int>(round->claimed.size()) == limit) ||
                        round->recovered > 0;
        AddClaimed(std::move(round->claimed), now, sends);
        kick_all_ = true;  // Lanes paused while outcomes waited to be written may go on.
      }
      progress_cv_.notify_all();
      issue();
      continue;
    }

    if (stopping_ && in_flight_ == 0 && held_ == 0 && pending_.empty() && inbox_.empty()) break;

    TimePoint deadline = next_poll_;
    if (!lane_timers_.empty()) deadline = std::min(deadline, lane_timers_.top().first);
    if (!claim_timers_.empty()) deadline = std::min(deadline, claim_timers_.top());
    deadline = std::min(deadline, next_lease_scan_);
    if (!pending_.empty() || !needs_target_.empty()) deadline = std::min(deadline, store_retry_at_);
    Micros wait = std::clamp<Micros>(std::chrono::duration_cast<Micros>(deadline - d_.clock.Now()),
                                     Micros(0), options_.poll_interval);
    cv_.wait_for(lock, wait, [this] { return bell_; });
  }
  running_ = false;
  progress_cv_.notify_all();
}

Result<OutboxDispatcher::RoundResult> OutboxDispatcher::StoreRound(const RecordBatch& batch,
                                                                   int limit, bool first) {
  RoundResult out;
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<WriteTxn> txn, d_.store.BeginWrite());
  if (first) {
    CRIER_ASSIGN_OR_RETURN(out.recovered, ReleaseEarlierLeases(*txn, options_.node_id, owner_));
  }
  CRIER_ASSIGN_OR_RETURN(out.counts, WriteRecords(*txn, d_.documents, owner_, batch));
  std::vector<OutboxMessage> rows;
  if (limit > 0) {
    const std::int64_t now_us = ToMicros(d_.clock.Now());
    CRIER_ASSIGN_OR_RETURN(
        rows, txn->ClaimOutbox(owner_, now_us, now_us + options_.lease.count(), limit));
  }
  CRIER_RETURN_IF_ERROR(txn->Commit());
  out.claimed.reserve(rows.size());
  for (OutboxMessage& row : rows) {
    HeldRow held;
    held.message = ReadPayload(row);
    held.row = std::move(row);
    out.claimed.push_back(std::move(held));
  }
  return out;
}

std::map<std::string, Result<DeliveryTarget>> OutboxDispatcher::LoadTargets(
    const std::set<std::string>& queues) {
  std::map<std::string, Result<DeliveryTarget>> out;
  Result<std::unique_ptr<ReadTxn>> txn = d_.store.BeginRead();
  for (const std::string& queue : queues) {
    out.emplace(queue, txn.ok() ? LoadTarget(**txn, queue, d_.clock.Now())
                                : Result<DeliveryTarget>(txn.status()));
  }
  return out;
}

void OutboxDispatcher::AddClaimed(std::vector<HeldRow> rows, TimePoint now, Sends& sends) {
  std::set<std::string> touched;
  for (HeldRow& held : rows) {
    const std::int64_t id = held.row.id;
    if (!held_ids_.insert(id).second) continue;  // Our own row, re-claimed: its lease is renewed.
    const std::string queue = held.row.queue;
    Lane& lane = lanes_[queue];
    lane.queue = queue;
    if (InsertInOrder(lane, std::move(held))) {
      ++held_;
    } else {
      held_ids_.erase(id);
    }
    touched.insert(queue);
  }
  for (const std::string& queue : touched) {
    Lane& lane = lanes_[queue];
    auto target = targets_.find(queue);
    if (target == targets_.end()) {
      needs_target_.insert(queue);
      continue;
    }
    TrimLane(lane, now);
    StartLane(lane, now, sends);
    MaybeErase(queue);
  }
}

void OutboxDispatcher::Issue(Sends& sends) {
  for (Send& s : sends) {
    if (s.target->email) {
      mail_pool_->Submit(s.target->account, std::move(s.mail),
                         [this, queue = s.queue, id = s.row_id](Outcome outcome) {
                           OnOutcome(queue, id, std::move(outcome));
                         });
      continue;
    }
    d_.http.Send(std::move(s.request), [this, queue = s.queue, id = s.row_id,
                                        target = s.target](HttpResponse response) {
      Outcome outcome = ClassifyAnswer(*target->channel, target->webhook, response, d_.clock.Now());
      OnOutcome(queue, id, std::move(outcome));
    });
  }
}

// ---- Outcomes (any thread) ----------------------------------------------------------------------

void OutboxDispatcher::OnOutcome(std::string queue, std::int64_t row_id, Outcome outcome) {
  std::unique_lock<std::mutex> lock(mu_);
  inbox_.push_back({std::move(queue), row_id, std::move(outcome)});
  if (draining_) return;  // The thread draining will take it (it may be this one, re-entered).
  draining_ = true;
  Sends sends;
  while (!inbox_.empty()) {
    std::deque<Completion> batch = std::move(inbox_);
    inbox_.clear();
    const TimePoint now = d_.clock.Now();
    for (Completion& c : batch) Process(c, now, sends);
    progress_cv_.notify_all();
    if (!sends.empty()) {
      lock.unlock();
      Issue(sends);  // A sender that answers at once re-enters OnOutcome: it queues and returns.
      sends.clear();
      lock.lock();
    }
  }
  draining_ = false;
}

void OutboxDispatcher::Process(Completion& c, TimePoint now, Sends& sends) {
  auto it = lanes_.find(c.queue);
  if (it == lanes_.end() || !it->second.in_flight || it->second.rows.empty() ||
      it->second.rows.front().row.id != c.row_id) {
    CRIER_LOG_ERROR("delivery: an outcome for outbox row {} that is not on the wire", c.row_id);
    return;
  }
  Lane& lane = it->second;
  lane.in_flight = false;
  --in_flight_;
  Finish(lane, c.outcome, /*sent=*/true, now);
  StartLane(lane, now, sends);
  MaybeErase(c.queue);
}

void OutboxDispatcher::Finish(Lane& lane, const Outcome& outcome, bool sent, TimePoint now) {
  HeldRow held = std::move(lane.rows.front());
  lane.rows.pop_front();
  held_ids_.erase(held.row.id);
  --held_;
  OutboxMessage row = std::move(held.row);
  if (!sent) row.attempts = std::max(0, row.attempts - 1);  // Attempts count requests made.
  const Decision decision =
      Decide(options_.retry, outcome, std::max(1, row.attempts), FromMicros(row.created_us), now,
             UniformFromBits([this] {
               std::uint64_t bits = 0;
               d_.random.Fill({reinterpret_cast<std::uint8_t*>(&bits), sizeof bits});
               return bits;
             }()));
  pending_.updates.push_back(RecordAttempt(row, outcome, decision, now));
  auto target = targets_.find(lane.queue);
  std::shared_ptr<const DeliveryTarget> keep = target == targets_.end() ? nullptr : target->second;
  const DeliveryTarget* t = keep.get();
  const std::string service = t != nullptr && !t->service.empty() ? t->service : "unknown";
  if (d_.metrics) d_.metrics->RecordAttempt(service, outcome, decision, sent);
  if (sent) ++stats_.sent;
  switch (decision.step) {
    case NextStep::kDone:
      ++stats_.delivered;
      break;
    case NextStep::kFail:
      ++stats_.failed;
      break;
    case NextStep::kRetry:
      ++stats_.retried;
      claim_timers_.push(decision.next_attempt);
      break;
  }
  if (sent && t != nullptr && !t->email && gone_.Record(t->webhook.name, outcome)) {
    pending_.disable.push_back(
        {t->webhook.name, t->service, options_.gone_threshold, outcome.detail});
    // Nothing more goes to it, even before the disabling is written.
    auto disabled = std::make_shared<DeliveryTarget>(*t);
    disabled->problem = Reason::kDisabled;
    disabled->problem_detail = fmt::format(
        "Incoming Webhook URL '{}' was disabled after {} answers saying it no longer exists",
        t->webhook.name, options_.gone_threshold);
    targets_[lane.queue] = std::move(disabled);
  }
  if (decision.step == NextStep::kRetry) {
    if (outcome.retry_after && t != nullptr && !t->email) {
      rate_.PauseUntil(t->webhook.name, t->rate, now + *outcome.retry_after, now);
    }
    // First in, first out: nothing behind it goes before it.
    ReleaseRows(lane, 0, std::nullopt);
  }
  Ring();  // The worker thread writes the outcome.
}

void OutboxDispatcher::ReleaseRows(Lane& lane, size_t keep,
                                   std::optional<TimePoint> first_not_before) {
  const size_t skip = (lane.in_flight ? 1 : 0) + keep;
  if (lane.rows.size() <= skip) return;
  for (size_t i = skip; i < lane.rows.size(); ++i) {
    const OutboxMessage& row = lane.rows[i].row;
    pending_.updates.push_back(ReleaseRow(row, i == skip ? first_not_before : std::nullopt));
    held_ids_.erase(row.id);
  }
  if (first_not_before) claim_timers_.push(*first_not_before);
  const size_t released = lane.rows.size() - skip;
  lane.rows.erase(lane.rows.begin() + static_cast<std::ptrdiff_t>(skip), lane.rows.end());
  held_ -= released;
  stats_.released += released;
  if (lane.rows.empty()) lane.wake_at.reset();
}

void OutboxDispatcher::TrimLane(Lane& lane, TimePoint now) {
  if (lane.rows.empty()) return;
  if (stopping_) {
    ReleaseRows(lane, 0, std::nullopt);
    return;
  }
  // Rows of one claim share a lease; give them back well before it ends.
  const std::int64_t lease_until = lane.rows.back().row.lease_until_us;
  const TimePoint horizon = FromMicros(lease_until) - options_.lease / 4;
  if (now >= horizon) {
    ReleaseRows(lane, 0, std::nullopt);
    return;
  }
  const size_t waiting = lane.rows.size() - (lane.in_flight ? 1 : 0);
  size_t keep = std::min<size_t>(waiting, static_cast<size_t>(options_.max_held_per_queue));
  std::optional<TimePoint> next;
  auto target = targets_.find(lane.queue);
  if (target != targets_.end() && target->second->usable() && !target->second->email) {
    const DeliveryTarget& t = *target->second;
    RateLimiter::Forecast f = rate_.Predict(t.webhook.name, t.rate, now, horizon, keep);
    keep = f.allowed;
    next = f.next;
  }
  if (keep < waiting) ReleaseRows(lane, keep, next);
}

void OutboxDispatcher::StartLane(Lane& lane, TimePoint now, Sends& sends) {
  while (!stopping_ && !lane.in_flight && !lane.rows.empty()) {
    if (pending_.updates.size() >= static_cast<size_t>(options_.max_unrecorded)) {
      kick_all_ = true;  // Goes on once the worker thread has written the outcomes.
      Ring();
      return;
    }
    if (lane.wake_at && *lane.wake_at > now) return;
    auto found = targets_.find(lane.queue);
    if (found == targets_.end() || now - found->second->loaded > options_.target_refresh) {
      needs_target_.insert(lane.queue);
      Ring();
      return;
    }
    std::shared_ptr<const DeliveryTarget> target = found->second;
    HeldRow& head = lane.rows.front();
    if (!head.message.ok()) {
      Finish(lane, InvalidRequest(head.message.status().message()), false, now);
      continue;
    }
    if (!target->usable()) {
      Finish(lane, Refusal(target->problem, target->problem_detail), false, now);
      continue;
    }
    if (head.message->email != target->email) {
      Finish(lane, InvalidRequest("the message does not belong to its queue's kind"), false, now);
      continue;
    }
    Send send;
    send.queue = lane.queue;
    send.row_id = head.row.id;
    send.target = target;
    if (target->email) {
      send.mail = MailFor(target->account, head.message->mail);
    } else {
      if (std::optional<TimePoint> wait =
              rate_.TryAcquire(target->webhook.name, target->rate, now)) {
        lane.wake_at = *wait;
        lane_timers_.push({*wait, lane.queue});
        Ring();
        return;
      }
      Result<HttpRequest> request =
          target->channel->BuildRequest(target->webhook, head.message->chat, d_.env);
      if (!request.ok()) {
        Finish(lane,
               InvalidRequest(WebhookRedactor(target->webhook).Scrub(request.status().message())),
               false, now);
        continue;
      }
      send.request = std::move(request).value();
    }
    lane.in_flight = true;
    ++in_flight_;
    sends.push_back(std::move(send));
    return;
  }
}

void OutboxDispatcher::MaybeErase(const std::string& queue) {
  auto it = lanes_.find(queue);
  if (it != lanes_.end() && it->second.idle()) {
    lanes_.erase(it);
    claim_wanted_ = true;  // Its queue may have more rows, blocked while it held these.
    Ring();
  }
}

}  // namespace crier
