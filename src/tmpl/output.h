// Where a render (or a captured block, macro body, included template) writes its text. A render
// makes many small writes (the template's text between tags, each printed value), and
// std::string::append is an out-of-line call for each; Output keeps a std::string grown in steps
// and writes through a cursor, so a write is a bounds check and a copy.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace crier::tmpl {

class Output {
 public:
  // `reserve`: bytes to make room for up front (a hint; writes beyond it grow the buffer).
  explicit Output(size_t reserve = 0) {
    if (reserve) buf_.resize(reserve);
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void Append(std::string_view s) {
    size_t n = s.size();
    char* p = Room(n);
    const char* q = s.data();
    // Most writes are a few bytes: two overlapping fixed-size copies instead of a memcpy call.
    if (n >= 8 && n <= 16) {
      std::memcpy(p, q, 8);
      std::memcpy(p + n - 8, q + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(p, q, 4);
      std::memcpy(p + n - 4, q + n - 4, 4);
    } else if (n > 0 && n < 4) {
      p[0] = q[0];
      p[n / 2] = q[n / 2];
      p[n - 1] = q[n - 1];
    } else if (n > 16) {
      std::memcpy(p, q, n);
    }
    size_ += n;
  }
  // Returns room for `n` bytes at the end; the caller writes m <= n of them, then Commit(m).
  char* Room(size_t n) {
    if (n > buf_.size() - size_) Grow(n);
    return buf_.data() + size_;
  }
  void Commit(size_t n) { size_ += n; }

  size_t size() const { return size_; }
  std::string_view view() const { return {buf_.data(), size_}; }
  // The text written so far; leaves the Output empty.
  std::string Take() {
    buf_.resize(size_);
    size_ = 0;
    return std::move(buf_);
  }

 private:
  void Grow(size_t n) {
    size_t want = buf_.size() * 2;
    if (want < size_ + n) want = size_ + n;
    if (want < 256) want = 256;
    buf_.resize(want);
  }

  std::string buf_;  // bytes [0, size_) are the text; the rest is room
  size_t size_ = 0;
};

}  // namespace crier::tmpl
