// The INSERT that queues new outbox messages, one or several rows per statement, shared by both
// stores (WriteTxn::EnqueueOutbox and the rows EnqueueOutboxLater holds back).
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <iterator>
#include <string>

#include "store/records.h"

namespace crier {

// How many of a new message's fields one row binds, and at most how many rows one statement
// inserts (so a store prepares at most that many statement texts, whatever a save queues).
inline constexpr size_t kOutboxInsertParams = 12;
inline constexpr size_t kOutboxRowsPerInsert = 16;

// Calls `bind` with each field a row binds, in the order of OutboxInsertSql's parameters.
template <typename Bind>
void ForEachOutboxInsertValue(const OutboxMessage& m, Bind&& bind) {
  bind(m.queue);
  bind(m.channel);
  bind(m.payload);
  bind(m.created_us);
  bind(m.next_attempt_us);
  bind(m.reference_doctype);
  bind(m.reference_name);
  bind(m.notification);
  bind(m.service);
  bind(m.owner);
  bind(m.creation);
  bind(m.modified);
}

// INSERT of `rows` new messages, 1 to kOutboxRowsPerInsert (queued, no attempt yet; the other
// columns take their defaults). Row r binds parameters r * kOutboxInsertParams + 1 onwards,
// written `marker` and the number: '$' for PostgreSQL, '?' for SQLite. Ids are assigned in row
// order. Each text is built once: a save's INSERT is on the write path.
inline const std::string& OutboxInsertSql(size_t rows, char marker) {
  using Texts = std::array<std::string, kOutboxRowsPerInsert>;
  auto build = [](char m) {
    Texts texts;
    for (size_t n = 1; n <= kOutboxRowsPerInsert; ++n) {
      std::string sql =
          "INSERT INTO outbox (queue, channel, payload, created_us, next_attempt_us, "
          "reference_doctype, reference_name, notification, service, owner, creation, modified, "
          "status, attempts) VALUES ";
      for (size_t r = 0; r < n; ++r) {
        sql += r == 0 ? "(" : ", (";
        for (size_t p = 1; p <= kOutboxInsertParams; ++p) {
          fmt::format_to(std::back_inserter(sql), "{}{}, ", m, r * kOutboxInsertParams + p);
        }
        sql += "'queued', 0)";
      }
      texts[n - 1] = std::move(sql);
    }
    return texts;
  };
  static const Texts dollar = build('$');
  static const Texts question = build('?');
  return (marker == '$' ? dollar : question)[rows - 1];
}

}  // namespace crier
