// Producing deliveries inside a document's transaction (the transactional outbox). The notification
// engine calls these while a document write is open; nothing here touches the network. Each
// message becomes one outbox row per part (the store's `outbox`, claimed later by the delivery
// workers) and one `Webhook Delivery` document per part that users see, all committed or rolled
// back with the document. A wake-up is published on kOutboxTopic once the transaction commits.
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
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "channels/message.h"
#include "delivery/outbox_payload.h"
#include "model/document_service.h"
#include "store/store.h"

namespace crier {

inline constexpr std::string_view kOutboxTopic = "outbox";
inline constexpr std::string_view kChatChannel = "chat";
inline constexpr std::string_view kEmailChannel = "email";

// "DLV-0000000042" for outbox row 42: the Webhook Delivery document that shows that row.
std::string DeliveryName(std::int64_t outbox_id);

// The outbox queue of a webhook: its messages are delivered in the order they were queued.
std::string WebhookQueue(std::string_view webhook_name);
// The outbox queue of an Email Account's messages.
std::string EmailQueue(std::string_view account_name);

// Queues `message` for the `Incoming Webhook URL` named `webhook_name`: split to the service's
// size limit (channels/split.h), one outbox row and one Webhook Delivery (status Queued) per part,
// in order. `message.doc_url` is filled from env.base_url and the reference when empty. Returns
// the Webhook Delivery names. Errors, each naming the field `incoming_webhook_url`: kNotFound for
// no such webhook, kFailedPrecondition for a disabled one, kInvalidArgument for a webhook whose
// settings are invalid (unknown service...). Nothing is written on error.
Result<std::vector<std::string>> EnqueueChat(WriteTxn& txn, DocumentService& documents,
                                             const ChannelEnv& env, std::string_view webhook_name,
                                             ChatMessage message, const WriteOptions& options);

// Queues one e-mail (EmailDelivery: outbox_payload.h): one outbox row and one Webhook Delivery
// (service "Email"). Returns the delivery's name. kInvalidArgument when there is no recipient at
// all; kFailedPrecondition (field `sender`) when no Email Account can send (none named, none with
// default_outgoing, or the one named has outgoing disabled); kNotFound (field `sender`) for an
// unknown account.
Result<std::string> EnqueueEmail(WriteTxn& txn, DocumentService& documents,
                                 const EmailDelivery& email, const WriteOptions& options);

}  // namespace crier
