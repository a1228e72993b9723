// A bump allocator that owns every value created while compiling a template or while rendering or
// evaluating once: values are plain 16-byte records that never need freeing one by one, so the
// hot path allocates nothing from the system allocator and copies are free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string_view>
#include <type_traits>

namespace crier::value {

// Not thread-safe: one Arena belongs to one render (or to one compiled template, read-only after
// compilation). Objects placed in it must be trivially destructible; their memory is released all
// at once when the Arena is destroyed. Allocating beyond `limit_bytes` throws a PyError of class
// MemoryError, so a runaway template cannot take the process's memory.
class Arena {
 public:
  static constexpr size_t kDefaultLimit = size_t{64} << 20;  // 64 MiB

  explicit Arena(size_t limit_bytes = kDefaultLimit) : limit_(limit_bytes) {}
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Returns `n` bytes aligned to `align` (a power of two, at most 16).
  void* Allocate(size_t n, size_t align = 8) {
    uintptr_t p = (reinterpret_cast<uintptr_t>(cur_) + (align - 1)) & ~(uintptr_t{align} - 1);
    if (cur_ != nullptr && p + n <= reinterpret_cast<uintptr_t>(end_)) {
      cur_ = reinterpret_cast<char*>(p + n);
      return reinterpret_cast<void*>(p);
    }
    return AllocateSlow(n, align);
  }

  template <typename T, typename... Args>
  T* New(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (Allocate(sizeof(T), alignof(T) > 16 ? 16 : alignof(T)))
        T(std::forward<Args>(args)...);
  }

  template <typename T>
  T* NewArray(size_t n) {
    static_assert(std::is_trivially_destructible_v<T>);
    return static_cast<T*>(Allocate(sizeof(T) * n, alignof(T) > 16 ? 16 : alignof(T)));
  }

  // Copies `s` into the arena; the result is not NUL-terminated.
  std::string_view CopyString(std::string_view s) {
    if (s.empty()) return {};
    char* p = static_cast<char*>(Allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  // Bytes obtained from the system allocator so far (what the limit counts).
  size_t used() const { return reserved_; }
  size_t limit() const { return limit_; }

 private:
  void* AllocateSlow(size_t n, size_t align);

  struct Chunk {
    Chunk* next;
    size_t size;
  };
  char* cur_ = nullptr;
  char* end_ = nullptr;
  Chunk* chunks_ = nullptr;
  size_t reserved_ = 0;
  size_t next_chunk_size_ = 4096;
  size_t limit_;
};

// A growable array stored in an Arena (no destructor; growth leaves the old buffer to the arena).
template <typename T>
struct ArenaVec {
  static_assert(std::is_trivially_copyable_v<T>);
  T* data = nullptr;
  uint32_t size = 0;
  uint32_t capacity = 0;

  T& operator[](size_t i) { return data[i]; }
  const T& operator[](size_t i) const { return data[i]; }
  T* begin() { return data; }
  T* end() { return data + size; }
  const T* begin() const { return data; }
  const T* end() const { return data + size; }
  bool empty() const { return size == 0; }

  void Reserve(Arena& arena, size_t n) {
    if (n <= capacity) return;
    size_t cap = capacity == 0 ? 4 : capacity;
    while (cap < n) cap *= 2;
    if (cap > UINT32_MAX) cap = UINT32_MAX;
    T* fresh = arena.NewArray<T>(cap);
    if (size) std::memcpy(static_cast<void*>(fresh), data, sizeof(T) * size);
    data = fresh;
    capacity = static_cast<uint32_t>(cap);
  }
  void Push(Arena& arena, const T& v) {
    if (size == capacity) Reserve(arena, size_t{size} + 1);
    data[size++] = v;
  }
  void Insert(Arena& arena, size_t pos, const T& v) {
    Push(arena, v);
    if (pos < size - 1) {
      std::memmove(static_cast<void*>(data + pos + 1), data + pos, sizeof(T) * (size - 1 - pos));
      data[pos] = v;
    }
  }
  void Erase(size_t pos) {
    std::memmove(static_cast<void*>(data + pos), data + pos + 1, sizeof(T) * (size - pos - 1));
    --size;
  }
};

}  // namespace crier::value
