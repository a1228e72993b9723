// Randomness reaches crier's code through a Random, like time through a Clock: document names,
// session ids and API secrets come from the secure source in production and from a seeded one in
// tests that need repeatable names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <random>
#include <span>
#include <string>

namespace crier {

// A source of random bytes. Implementations are thread-safe.
class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(std::span<std::uint8_t> out) = 0;
};

// The operating system's cryptographically secure generator (getrandom(2)). Never null, lives
// forever.
Random& SecureRandom();

// A deterministic generator for tests. Not for secrets.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}
  void Fill(std::span<std::uint8_t> out) override;

 private:
  std::mutex mu_;
  std::mt19937_64 engine_;  // Guarded by mu_.
};

// `bytes` random bytes as 2*bytes lowercase hex digits.
std::string RandomHex(Random& random, std::size_t bytes);

}  // namespace crier
