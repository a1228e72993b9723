// Time reaches crier's code through a Clock, so that tests run days of scheduling in milliseconds
// by advancing a FakeClock instead of sleeping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace crier {

using TimePoint = std::chrono::system_clock::time_point;
using Micros = std::chrono::microseconds;

// Microseconds since the Unix epoch, as the store keeps times, and back.
inline std::int64_t ToMicros(TimePoint t) {
  return std::chrono::duration_cast<Micros>(t.time_since_epoch()).count();
}
inline TimePoint FromMicros(std::int64_t us) {
  return TimePoint(Micros(us));
}

// Wall-clock time. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// The process-wide real clock (std::chrono::system_clock). Never null, lives forever.
Clock& SystemClock();

// A clock that only moves when told to. Thread-safe: readers see either the old or the new time.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_us_(ToMicros(start)) {}

  TimePoint Now() const override { return TimePoint(Micros(now_us_.load())); }
  void Set(TimePoint t) { now_us_.store(ToMicros(t)); }
  void Advance(Micros d) { now_us_.fetch_add(d.count()); }

 private:
  std::atomic<long long> now_us_;
};

}  // namespace crier
