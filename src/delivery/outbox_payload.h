// The payload of an outbox row, written by enqueue.cc and read back by the workers: one place that
// knows its keys, so that the producer (the notification engine's transaction) and the consumer
// (the dispatcher, maybe on another node and another version) agree. Payloads name the webhook or
// e-mail account, never its URL or password.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "channels/message.h"
#include "store/query.h"
#include "store/records.h"

namespace crier {

// One e-mail as queued (EnqueueEmail's input, minus nothing).
struct EmailDelivery {
  std::string account =
      {};  // The `Email Account` to send through; "" for the default outgoing one.
  std::vector<std::string> recipients = {};
  std::vector<std::string> cc = {};
  std::vector<std::string> bcc = {};
  std::string subject = {};
  std::string message = {};  // Markdown or HTML, as the notification rendered it.
  std::string reference_doctype = {};
  std::string reference_name = {};
  std::string notification = {};
};

// {"webhook", "text", "subject", "doc_url", "reference_doctype", "reference_name", "notification",
//  "part", "parts", "doc"?}: `doc` only when `keep_doc` (Generic webhooks render it).
Json ChatPayload(const std::string& webhook, const ChatMessage& part, bool keep_doc);

// {"account", "recipients", "cc", "bcc", "subject", "message", "reference_doctype",
//  "reference_name", "notification"} with `account` resolved to a real account name.
Json EmailPayload(const std::string& account, const EmailDelivery& email);

// What a claimed row asks for.
struct QueuedMessage {
  bool email = false;
  std::string target;  // The webhook or the e-mail account.
  ChatMessage chat;    // When !email.
  EmailDelivery mail;  // When email.
};

// Reads a row written by EnqueueChat / EnqueueEmail (a row re-queued by delivery.retry before
// schema version 2 also has "delivery", the name of its Webhook Delivery, now on the row itself).
// kInvalidArgument naming the key when the payload is not what those write.
Result<QueuedMessage> ReadPayload(const OutboxMessage& row);

}  // namespace crier
