// Delivery metrics.
#include "delivery/delivery_metrics.h"

#include <algorithm>

#include "delivery/delivery_record.h"

namespace crier {

using metrics::WriteHeader;
using metrics::WriteSample;

DeliveryMetrics::DeliveryMetrics()
    : deliveries_("crier_deliveries_total",
                  "Deliveries that ended, by service and outcome (delivered, or the reason they "
                  "failed).",
                  {"service", "outcome"}),
      attempts_("crier_delivery_attempts_total",
                "Delivery attempts by service and the reason of their outcome.",
                {"service", "reason"}),
      retries_("crier_delivery_retries_total",
               "Attempts that failed and will be retried, by service and reason.",
               {"service", "reason"}),
      latency_("crier_delivery_send_seconds",
               "Time from sending a request to the service's whole answer, by service.",
               {"service"}, {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}),
      disabled_("crier_webhooks_disabled_total",
                "Webhooks disabled after repeated answers saying they no longer exist.",
                {"service"}),
      lost_leases_("crier_delivery_lost_leases_total",
                   "Outcomes not recorded because the row's lease had passed to another worker.",
                   {}),
      store_errors_("crier_delivery_store_errors_total",
                    "Failed attempts to record outcomes or claim rows (retried).", {}) {}

void DeliveryMetrics::RecordAttempt(std::string_view service, const Outcome& outcome,
                                    const Decision& decision, bool sent) {
  const std::string s(service);
  attempts_.Add({s, std::string(ReasonLabel(outcome.reason))});
  if (sent) {
    latency_.Observe({s}, static_cast<double>(outcome.latency.count()) / 1e6);
  }
  switch (decision.step) {
    case NextStep::kRetry:
      retries_.Add({s, std::string(ReasonLabel(outcome.reason))});
      break;
    case NextStep::kDone:
    case NextStep::kFail:
      deliveries_.Add({s, std::string(ReasonLabel(decision.reason))});
      break;
  }
}

void DeliveryMetrics::RecordDisabledWebhook(std::string_view service) {
  disabled_.Add({std::string(service)});
}

void DeliveryMetrics::RecordLostLeases(int rows) {
  lost_leases_.Add({}, rows);
}

void DeliveryMetrics::RecordStoreError() {
  store_errors_.Add({});
}

double DeliveryMetrics::Deliveries(std::string_view service, std::string_view outcome) const {
  return deliveries_.Value({std::string(service), std::string(outcome)});
}

double DeliveryMetrics::Attempts(std::string_view service, std::string_view reason) const {
  return attempts_.Value({std::string(service), std::string(reason)});
}

Result<std::string> DeliveryMetrics::Render(ReadTxn& txn, TimePoint now,
                                            const DispatcherGauges& g) const {
  std::string out;
  deliveries_.Render(out);
  attempts_.Render(out);
  retries_.Render(out);
  latency_.Render(out);
  disabled_.Render(out);
  lost_leases_.Render(out);
  store_errors_.Render(out);

  WriteHeader(
      out, "crier_outbox_messages",
      "Messages in the outbox waiting to be sent (queued, including retries) or being sent.",
      "gauge");
  std::int64_t oldest_us = 0;
  for (const char* status : {kRowQueued, kRowSending}) {
    CRIER_ASSIGN_OR_RETURN(std::int64_t n, txn.CountOutbox(status));
    WriteSample(out, "crier_outbox_messages", {{"status", status}}, static_cast<double>(n));
    CRIER_ASSIGN_OR_RETURN(std::vector<OutboxMessage> first, txn.ListOutbox(status, 1));
    if (!first.empty() && (oldest_us == 0 || first[0].created_us < oldest_us)) {
      oldest_us = first[0].created_us;
    }
  }
  WriteHeader(out, "crier_outbox_oldest_message_age_seconds",
              "Age of the oldest message still waiting or being sent (0 when there is none).",
              "gauge");
  double age =
      oldest_us == 0 ? 0 : std::max(0.0, static_cast<double>(ToMicros(now) - oldest_us) / 1e6);
  WriteSample(out, "crier_outbox_oldest_message_age_seconds", {}, age);

  auto gauge = [&out](const char* name, const char* help, double value) {
    WriteHeader(out, name, help, "gauge");
    WriteSample(out, name, {}, value);
  };
  gauge("crier_delivery_worker_up", "1 while this node's delivery workers run.", g.running ? 1 : 0);
  gauge("crier_delivery_held_messages", "Messages this node claimed and has not recorded yet.",
        static_cast<double>(g.held));
  gauge("crier_delivery_in_flight", "Requests and e-mails this node has on the wire.",
        static_cast<double>(g.in_flight));
  gauge("crier_delivery_unrecorded_outcomes",
        "Outcomes this node knows and has not written yet (part of the duplicate window).",
        static_cast<double>(g.unrecorded));
  gauge("crier_delivery_active_queues", "Webhooks and e-mail accounts this node is sending to.",
        static_cast<double>(g.lanes));
  return out;
}

}  // namespace crier
