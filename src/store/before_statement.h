// The hook a write transaction sets on its connection to insert the rows it held back
// (WriteTxn::EnqueueOutboxLater) before anything else it sends; shared by both stores.
#pragma once

#include <functional>
#include <utility>

#include "base/status.h"

namespace crier {

// Runs a hook before each statement of a connection, but not before the statements the hook
// itself sends. Not thread-safe: one per connection, used by its one user.
class BeforeStatementHook {
 public:
  // `hook` runs from now on; nullptr removes it.
  void Set(std::function<Status()> hook) { hook_ = std::move(hook); }

  // Runs the hook, unless there is none or it is already running; its error fails the statement.
  Status Run() {
    if (!hook_ || running_) return Status::Ok();
    running_ = true;
    Status s = hook_();
    running_ = false;
    return s;
  }

 private:
  std::function<Status()> hook_;
  bool running_ = false;
};

}  // namespace crier
