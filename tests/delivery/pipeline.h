// The whole delivery pipeline of one crier node in one object, on the real pieces: a SQLite store
// in a folder, the document layer with the built-in DocTypes, EnqueueChat for producing rows, the
// curl HTTP sender and the outbox dispatcher, on the system clock. The fault tests, their
// SIGKILL driver and the outbox benchmark use it to drive the outbox directly; the end-to-end
// tests and benchmark (tests/cluster, bench/e2e) go through `crier serve` instead.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "channels/email/email.h"
#include "delivery/curl_http_sender.h"
#include "delivery/delivery_metrics.h"
#include "delivery/outbox_dispatcher.h"
#include "model/document_service.h"
#include "model/meta_cache.h"
#include "store/store.h"

namespace crier::testing {

struct PipelineOptions {
  std::string db_path;  // The SQLite file (created if missing).
  DispatcherOptions dispatcher = {};
  CurlSenderOptions curl = {};
};

class Pipeline {
 public:
  // Opens the store (installing the built-ins), the sender and the dispatcher, not started.
  static Result<std::unique_ptr<Pipeline>> Open(PipelineOptions options);
  // Stops the dispatcher, then closes everything.
  ~Pipeline();

  Status Start() { return dispatcher_->Start(); }
  void Stop() { dispatcher_->Stop(); }

  // Adds (or replaces) an Incoming Webhook URL.
  Status AddWebhook(const std::string& name, const std::string& service, const std::string& url,
                    const std::string& rate_limit = "unlimited");
  // Queues each (webhook, text) in one transaction, in order.
  Status Enqueue(const std::vector<std::pair<std::string, std::string>>& messages);
  // Rows still queued or being sent.
  Result<std::int64_t> Pending();
  // How many rows have each status.
  Result<std::int64_t> Count(std::string_view status);

  Store& store() { return *store_; }
  DocumentService& documents() { return *documents_; }
  OutboxDispatcher& dispatcher() { return *dispatcher_; }
  DeliveryMetrics& metrics() { return metrics_; }
  CurlHttpSender& sender() { return *sender_; }

 private:
  Pipeline() = default;

  std::unique_ptr<Store> store_;
  MetaCache metas_;
  std::unique_ptr<DocumentService> documents_;
  std::unique_ptr<CurlHttpSender> sender_;
  std::unique_ptr<MailSender> mail_;
  ChannelEnv env_;
  DeliveryMetrics metrics_;
  std::unique_ptr<OutboxDispatcher> dispatcher_;
};

}  // namespace crier::testing
