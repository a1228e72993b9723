// E-mail submission blocks for a whole SMTP conversation (up to its timeout), so the workers hand
// each e-mail to a few threads of their own and carry on with the chat webhooks meanwhile.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "channels/email/email.h"

namespace crier {

class MailPool {
 public:
  using Done = std::function<void(Outcome)>;

  // Starts `threads` (at least 1) threads sending through `sender`, which must outlive the pool.
  MailPool(MailSender& sender, int threads);
  // Sends what is still queued, then joins the threads.
  ~MailPool();
  MailPool(const MailPool&) = delete;
  MailPool& operator=(const MailPool&) = delete;

  // Queues one e-mail; `done` runs once with the outcome, on a pool thread. Thread-safe.
  void Submit(EmailAccount account, EmailMessage message, Done done);

 private:
  struct Job {
    EmailAccount account;
    EmailMessage message;
    Done done;
  };
  void Run();

  MailSender& sender_;
  std::mutex mu_;  // Guards jobs_ and stopping_.
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace crier
