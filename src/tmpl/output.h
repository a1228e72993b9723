// Where a render (or a captured block, macro body, included template) writes its text. A render
// makes many small writes (the template's text between tags, each printed value), and
// std::string::append is an out-of-line call for each; Output keeps a std::string grown in steps
// and writes through a cursor, so a write is a bounds check and a copy.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "value/value.h"

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
    value::CopyBytes(Room(s.size()), s.data(), s.size());
    size_ += s.size();
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
