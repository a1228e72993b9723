// What GET /metrics says about delivery: deliveries by service and final outcome, every attempt by
// reason, retries, send latency, webhooks disabled, and, read at scrape time, the outbox's depth
// and the age of its oldest waiting message, plus the workers' own figures (held, in flight,
// waiting to be recorded). Labels are services and reasons only: no webhook name or URL, so the
// page holds no secret and its series stay few.
#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"
#include "channels/outcome.h"
#include "delivery/retry_policy.h"
#include "metrics/prometheus.h"
#include "store/store.h"

namespace crier {

// The dispatcher's live figures (outbox_dispatcher.h fills them).
struct DispatcherGauges {
  bool running = false;
  std::size_t held = 0;        // Rows claimed and not yet recorded.
  std::size_t in_flight = 0;   // Requests or e-mails on the wire.
  std::size_t unrecorded = 0;  // Outcomes known and not yet written.
  std::size_t lanes = 0;       // Queues being worked on.
};

class DeliveryMetrics {
 public:
  DeliveryMetrics();

  // One attempt to `service` came to `outcome` and `decision`. `sent`: a request was made (its
  // latency counts); false for a delivery failed without sending (disabled webhook, bad payload).
  void RecordAttempt(std::string_view service, const Outcome& outcome, const Decision& decision,
                     bool sent);
  void RecordDisabledWebhook(std::string_view service);
  void RecordLostLeases(int rows);
  void RecordStoreError();

  // Everything above plus the outbox gauges read in `txn` at `now`, in the text format.
  // Errors are the store's.
  Result<std::string> Render(ReadTxn& txn, TimePoint now, const DispatcherGauges& gauges) const;

  // For tests: a counter's value.
  double Deliveries(std::string_view service, std::string_view outcome) const;
  double Attempts(std::string_view service, std::string_view reason) const;

 private:
  metrics::CounterFamily deliveries_;
  metrics::CounterFamily attempts_;
  metrics::CounterFamily retries_;
  metrics::HistogramFamily latency_;
  metrics::CounterFamily disabled_;
  metrics::CounterFamily lost_leases_;
  metrics::CounterFamily store_errors_;
};

}  // namespace crier
