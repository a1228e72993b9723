// The slow path of Arena: new chunks from the system allocator, and the memory limit.
#include "value/arena.h"

#include <fmt/format.h>

#include <cstdlib>

#include "value/error.h"

namespace crier::value {

Arena::~Arena() {
  while (chunks_ != nullptr) {
    Chunk* next = chunks_->next;
    std::free(chunks_);
    chunks_ = next;
  }
}

void* Arena::AllocateSlow(size_t n, size_t align) {
  size_t need = n + align + sizeof(Chunk);
  size_t size = next_chunk_size_;
  while (size < need) size *= 2;
  if (reserved_ + size > limit_ && reserved_ + need <= limit_) size = limit_ - reserved_;
  if (reserved_ + size > limit_) {
    Throw(ErrorClass::kMemoryError,
          fmt::format("memory limit of {} bytes reached (limits.max_memory_bytes)", limit_));
  }
  auto* chunk = static_cast<Chunk*>(std::malloc(size));
  if (chunk == nullptr) throw std::bad_alloc();
  reserved_ += size;
  chunk->next = chunks_;
  chunk->size = size;
  chunks_ = chunk;
  cur_ = reinterpret_cast<char*>(chunk + 1);
  end_ = reinterpret_cast<char*>(chunk) + size;
  if (next_chunk_size_ < (size_t{1} << 20)) next_chunk_size_ *= 2;
  return Allocate(n, align);
}

}  // namespace crier::value
