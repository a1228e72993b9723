// The real clock.
#include "base/clock.h"

namespace crier {
namespace {

class RealClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace

Clock& SystemClock() {
  static RealClock* clock = new RealClock();  // Never destroyed: usable from any static's destructor.
  return *clock;
}

}  // namespace crier
