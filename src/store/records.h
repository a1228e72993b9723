// The rows a store keeps besides documents: versions, sessions, credentials, series counters,
// settings, the delivery outbox and the scheduler ledger. Plain values; times are microseconds
// since the Unix epoch so that every store compares them the same way.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace crier {

// A document as it was before a write (update or delete).
struct Version {
  std::int64_t id = 0;  // Increases with every version recorded, across documents.
  std::string doctype;
  std::string name;
  nlohmann::json doc;  // The whole document, standard fields included.
};

// A login session. `id_hash` is a hash of the cookie value: the cookie itself is never stored.
struct SessionRecord {
  std::string id_hash;
  std::string user;
  std::int64_t created_us = 0;
  std::int64_t expires_us = 0;
};

// An API key; `secret_hash` is a hash of the secret, which is shown once and never stored.
struct ApiKeyRecord {
  std::string api_key;
  std::string user;
  std::string secret_hash;
  std::int64_t created_us = 0;
};

// A stored password hash (an encoded argon2 string) of one user.
struct PasswordRecord {
  std::string user;
  std::string hash;
};

// A naming-series counter: the last value NextSeriesValue() handed out for `key`.
struct SeriesCounter {
  std::string key;
  std::int64_t value = 0;
};

struct Setting {
  std::string key;
  std::string value;
};

// One scheduled notification sent for a document and reference date (the scheduler's ledger).
struct LedgerEntry {
  std::string notification;
  std::string doctype;
  std::string docname;
  std::string reference_date;
  std::int64_t recorded_us = 0;
};

// One message waiting to be delivered (the transactional outbox). Written in the same transaction
// as the document event that produced it; claimed by delivery workers under a lease, so that a
// worker that dies mid-send leaves its rows to be claimed again once the lease expires. The row is
// also the message's `Webhook Delivery`: stores serve that DocType from the outbox (see
// store/deliveries.h), so the fields below the lease say what users read about the delivery.
struct OutboxMessage {
  std::int64_t id = 0;  // Assigned by the store; increases with insertion order.
  std::string queue;    // Ordering key: messages of one queue are delivered in id order.
  std::string channel;  // Which sender handles it (e.g. "webhook", "email").
  std::string payload;  // What the sender needs, as JSON text (may hold secrets: never log).
  std::string status = "queued";  // queued | sending | delivered | failed.
  int attempts = 0;
  std::int64_t created_us = 0;
  std::int64_t next_attempt_us = 0;  // Not claimed before this time.
  std::string lease_owner;           // Who claimed it (status sending).
  std::int64_t lease_until_us = 0;   // The claim expires then; another worker may take it.
  int last_status = 0;               // Last HTTP (or SMTP) status, 0 when none.
  std::string last_error;            // Redacted.
  std::string reference_doctype;     // The document and notification that produced it.
  std::string reference_name;
  std::string notification;
  // What the Webhook Delivery shows besides the above. Times are local date-time strings as
  // documents carry them (written by crier, so that every store shows crier's time zone).
  std::string service;       // Mattermost, Slack... or Email.
  std::string owner;         // The user whose write produced the message.
  std::string creation;      // When it was produced.
  std::string modified;      // When an attempt or a retry last changed it.
  std::string next_attempt;  // When a retry is due ("" when none is).
  std::string delivered_at;  // "" until delivered.
  double latency_ms = 0;     // Of the last attempt.
  // The delivery's name when it is not DeliveryName(id): a delivery retried before the outbox
  // served Webhook Delivery kept its first name on a newer row. "" for every row written since.
  std::string delivery;

  friend bool operator==(const OutboxMessage&, const OutboxMessage&) = default;
};

}  // namespace crier
