#include "http/stop_signal.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

namespace crier::http {
namespace {

TEST(StopSignalTest, ABlockedStopSignalIsReturnedByTheWait) {
  BlockStopSignals();
  for (int sig : {SIGTERM, SIGINT}) {
    ASSERT_EQ(pthread_kill(pthread_self(), sig), 0);  // Pending, not delivered: it is blocked.
    EXPECT_EQ(WaitForStopSignal(), sig);
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace
}  // namespace crier::http
