// The getrandom(2)-backed secure source and the seeded test source.
#include "base/random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>

namespace crier {
namespace {

class OsRandom final : public Random {
 public:
  void Fill(std::span<std::uint8_t> out) override {
    std::size_t off = 0;
    while (off < out.size()) {
      ssize_t n = ::getrandom(out.data() + off, out.size() - off, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        std::abort();  // No secure randomness: continuing would hand out guessable secrets.
      }
      off += static_cast<std::size_t>(n);
    }
  }
};

}  // namespace

Random& SecureRandom() {
  static OsRandom* random = new OsRandom();
  return *random;
}

void SeededRandom::Fill(std::span<std::uint8_t> out) {
  std::lock_guard lock(mu_);
  for (auto& b : out) b = static_cast<std::uint8_t>(engine_() & 0xff);
}

std::string RandomHex(Random& random, std::size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string raw(bytes, '\0');
  random.Fill(std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(raw.data()), raw.size()));
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

}  // namespace crier
