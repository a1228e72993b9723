// Consecutive gone answers per webhook.
#include "delivery/gone_tracker.h"

namespace crier {

bool GoneTracker::Record(std::string_view webhook, const Outcome& outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  if (outcome.delivered()) {
    if (auto it = counts_.find(webhook); it != counts_.end()) counts_.erase(it);
    return false;
  }
  if (!outcome.gone()) return false;
  auto it = counts_.find(webhook);
  if (it == counts_.end()) it = counts_.emplace(std::string(webhook), 0).first;
  return ++it->second == threshold_;
}

int GoneTracker::consecutive(std::string_view webhook) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = counts_.find(webhook);
  return it == counts_.end() ? 0 : it->second;
}

void GoneTracker::Forget(std::string_view webhook) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = counts_.find(webhook); it != counts_.end()) counts_.erase(it);
}

}  // namespace crier
