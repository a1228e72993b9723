// A small pool of SMTP senders.
#include "delivery/mail_pool.h"

#include <algorithm>

namespace crier {

MailPool::MailPool(MailSender& sender, int threads) : sender_(sender) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Run(); });
}

MailPool::~MailPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void MailPool::Submit(EmailAccount account, EmailMessage message, Done done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back({std::move(account), std::move(message), std::move(done)});
  }
  cv_.notify_one();
}

void MailPool::Run() {
  while (true) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // Stopping, and nothing left to send.
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job.done(sender_.Send(job.account, job.message));
  }
}

}  // namespace crier
