// What a write transaction has published (WriteTxn::Publish), so that each message goes out once.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace crier {

// The (topic, payload) pairs published in one write transaction. Publishing the same pair again
// adds nothing: PostgreSQL's NOTIFY delivers identical notifications of a transaction once, and
// every store keeps to that (an insert that queues 10 messages wakes the workers once).
class Publications {
 public:
  // True when the pair is new to the transaction, and so to be delivered.
  bool Add(std::string_view topic, std::string_view payload) {
    return seen_.emplace(std::string(topic), std::string(payload)).second;
  }

 private:
  std::set<std::pair<std::string, std::string>> seen_;
};

}  // namespace crier
