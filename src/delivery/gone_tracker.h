// Deciding when a webhook that keeps answering "gone" (deleted hook, unknown webhook, archived
// channel) should be disabled, so that crier stops sending into the void and tells a System
// Manager instead: after `threshold` such answers with no delivery in between.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "channels/outcome.h"

namespace crier {

class GoneTracker {
 public:
  explicit GoneTracker(int threshold = 3) : threshold_(threshold) {}

  // Records the outcome of a delivery to `webhook`. A delivery resets the count; a gone answer
  // adds one; other outcomes (retries, other failures) leave it. Returns true exactly once, when
  // this answer makes `threshold` gone answers in a row: the caller then disables the webhook
  // (and writes the Error Log and the system notification). Thread-safe.
  bool Record(std::string_view webhook, const Outcome& outcome);

  int consecutive(std::string_view webhook) const;

  // Forgets a webhook (re-enabled by an administrator, or deleted).
  void Forget(std::string_view webhook);

 private:
  const int threshold_;
  mutable std::mutex mu_;  // Guards counts_.
  std::map<std::string, int, std::less<>> counts_;
};

}  // namespace crier
