// Operations on DictObj: an insertion-ordered map with Python key semantics, linear for small
// sizes (typical documents) and indexed by open addressing past kLinearMax entries.
#pragma once

#include <cstdint>
#include <string_view>

#include "value/runtime.h"
#include "value/value.h"

namespace crier::value {

inline constexpr uint32_t kLinearMax = 8;

// Index of the entry whose key equals `key`, or -1. `hash` must be Hash(key).
int64_t DictFind(const DictObj* d, const Value& key, uint64_t hash);
int64_t DictFind(const DictObj* d, const Value& key);
// Fast lookup of a string key (attribute names); `hash` must be HashString(key).
int64_t DictFindStr(const DictObj* d, std::string_view key, uint64_t hash);
int64_t DictFindStr(const DictObj* d, std::string_view key);
// Inserts or replaces (keeping the original position and key, as Python does).
void DictSet(Arena& arena, DictObj* d, const Value& key, const Value& value);
void DictSet(Arena& arena, DictObj* d, const Value& key, const Value& value, uint64_t hash);
// Removes the entry at `index` (order of the others is kept).
void DictEraseAt(Arena& arena, DictObj* d, int64_t index);
void DictClear(DictObj* d);
// A shallow copy (same mode, not frozen).
DictObj* DictCopy(Arena& arena, const DictObj* d);
// Raises TypeError when `d` is frozen (shared between threads) and must not change.
void CheckMutable(const DictObj* d);
void CheckMutable(const ListObj* l);

}  // namespace crier::value
