// Producing deliveries inside a document's transaction (the transactional outbox). The notification
// engine calls these while a document write is open; nothing here touches the network. Each
// message becomes one outbox row per part (the store's `outbox`, claimed later by the delivery
// workers), committed or rolled back with the document; each row is also the `Webhook Delivery`
// users see (store/deliveries.h). A wake-up is published on kOutboxTopic once the transaction
// commits.
//
// The outbox rows these write are the contract with the workers:
//   channel kChatChannel, queue "webhook:<webhook name>", payload ChatPayload()
//   channel kEmailChannel, queue "email:<account name>", payload EmailPayload()
// (outbox_payload.h),
// and the `Webhook Delivery` of outbox row `id` is named DeliveryName(id). Payloads name the
// webhook or account, never their URL or password: workers read those when sending, so a corrected
// URL applies to messages already queued.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/invalidated_cache.h"
#include "base/status.h"
#include "channels/channel.h"
#include "channels/message.h"
#include "channels/webhook.h"
#include "delivery/outbox_payload.h"
#include "model/document_service.h"
#include "store/deliveries.h"
#include "store/store.h"

namespace crier {

inline constexpr std::string_view kOutboxTopic = "outbox";
inline constexpr std::string_view kChatChannel = "chat";
inline constexpr std::string_view kEmailChannel = "email";

// The outbox queue of a webhook: its messages are delivered in the order they were queued.
std::string WebhookQueue(std::string_view webhook_name);
// The outbox queue of an Email Account's messages.
std::string EmailQueue(std::string_view account_name);

// An enabled `Incoming Webhook URL` with valid settings, and its channel: where chat messages are
// queued. Read once and reused for every message a write queues to it (ChatTargets).
struct ChatTarget {
  Webhook webhook;
  const Channel* channel = nullptr;
};

// Whether messages to `target` carry the document (the Generic service's body template reads it).
bool KeepsDocument(const ChatTarget& target);

// Reads the `Incoming Webhook URL` named `webhook_name` in `txn`. Errors, each naming the field
// `incoming_webhook_url`: kNotFound for no such webhook, kFailedPrecondition for a disabled one,
// kInvalidArgument for a webhook whose settings are invalid (unknown service...).
Result<ChatTarget> ResolveChatTarget(ReadTxn& txn, std::string_view webhook_name);

// The chat targets as committed, shared by every write of the process, so that saves queuing to
// one webhook do not each read and parse it. Entries (errors included) load from committed data, in
// a read transaction of their own, and are all dropped when a change to a webhook or an e-mail
// account commits (kTargetsTopic, which TargetChangeHook publishes on every node). Thread-safe.
// Like the delivery workers, it does not see a change made earlier in the caller's own
// uncommitted transaction: ChatTargets::clear() switches to reading that transaction.
class ChatTargetCache {
 public:
  explicit ChatTargetCache(Store& store) : store_(store) {}

  // Invalidates on every message of kTargetsTopic published through the store. Call once.
  void Subscribe();
  // The target named `webhook_name`, as ResolveChatTarget() would read it from committed data.
  // Store errors are returned and not kept.
  Result<ChatTarget> Get(std::string_view webhook_name);
  // Drops every entry.
  void Invalidate() { entries_.Invalidate(""); }

 private:
  Store& store_;
  // What ResolveChatTarget() said of each webhook, errors about the webhook included.
  InvalidatedCache<Result<ChatTarget>> entries_;
};

// The chat targets one write has resolved, by webhook name (errors included), so that a save whose
// notifications queue ten messages to one webhook resolves it once: through `shared` when given,
// else by reading the write's transaction. Valid while nothing in the write changes a webhook:
// whoever may change one calls clear(), which also stops using `shared`.
class ChatTargets {
 public:
  ChatTargets() = default;
  explicit ChatTargets(ChatTargetCache* shared) : shared_(shared) {}

  const Result<ChatTarget>& Get(ReadTxn& txn, std::string_view webhook_name);
  void clear() {
    resolved_.clear();
    shared_ = nullptr;
  }

 private:
  ChatTargetCache* shared_ = nullptr;
  std::map<std::string, Result<ChatTarget>, std::less<>> resolved_;
};

// Whether the caller of EnqueueChat reads the Webhook Delivery names. When it does not, the rows
// go through WriteTxn::EnqueueOutboxLater (PostgreSQL inserts the messages of a save in one
// statement) and no name is returned.
enum class DeliveryNames { kReturned, kNotNeeded };

// Queues `message` for `target`: split to the service's size limit (channels/split.h), one outbox
// row and one Webhook Delivery (status Queued) per part, in order. `message.doc_url` is filled
// from env.base_url and the reference when empty; `message.doc` is dropped unless
// KeepsDocument(target), so callers need not copy the document for other services. Returns the
// Webhook Delivery names (none with DeliveryNames::kNotNeeded). Nothing is written on error.
Result<std::vector<std::string>> EnqueueChat(WriteTxn& txn, DocumentService& documents,
                                             const ChannelEnv& env, const ChatTarget& target,
                                             ChatMessage message, const WriteOptions& options,
                                             DeliveryNames wanted = DeliveryNames::kReturned);

// ResolveChatTarget() then EnqueueChat() to it.
Result<std::vector<std::string>> EnqueueChat(WriteTxn& txn, DocumentService& documents,
                                             const ChannelEnv& env, std::string_view webhook_name,
                                             ChatMessage message, const WriteOptions& options,
                                             DeliveryNames wanted = DeliveryNames::kReturned);

// Queues one e-mail (EmailDelivery: outbox_payload.h): one outbox row and one Webhook Delivery
// (service "Email"). Returns the delivery's name. kInvalidArgument when there is no recipient at
// all; kFailedPrecondition (field `sender`) when no Email Account can send (none named, none with
// default_outgoing, or the one named has outgoing disabled); kNotFound (field `sender`) for an
// unknown account.
Result<std::string> EnqueueEmail(WriteTxn& txn, DocumentService& documents,
                                 const EmailDelivery& email, const WriteOptions& options);

}  // namespace crier
