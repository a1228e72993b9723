// DictObj's lookup and update: a linear scan for small dicts, an open-addressing index otherwise.
#include "value/dict.h"

#include "value/ops.h"

namespace crier::value {
namespace {

bool KeysEqual(const Value& a, const Value& b) {
  if (a.is_str() && b.is_str()) return SameText(a.str(), b.str());
  return Equal(a, b);
}

void BuildIndex(Arena& arena, DictObj* d) {
  uint32_t cap = 16;
  while (cap < d->entries.size * 2) cap *= 2;
  int32_t* index = arena.NewArray<int32_t>(cap);
  for (uint32_t i = 0; i < cap; ++i) index[i] = -1;
  uint32_t mask = cap - 1;
  for (uint32_t i = 0; i < d->entries.size; ++i) {
    uint32_t slot = static_cast<uint32_t>(d->entries[i].hash) & mask;
    while (index[slot] >= 0) slot = (slot + 1) & mask;
    index[slot] = static_cast<int32_t>(i);
  }
  d->index = index;
  d->index_mask = mask;
}

}  // namespace

int64_t DictFind(const DictObj* d, const Value& key, uint64_t hash) {
  if (d->index == nullptr) {
    for (uint32_t i = 0; i < d->entries.size; ++i) {
      const DictEntry& e = d->entries[i];
      if (e.hash == hash && KeysEqual(e.key, key)) return i;
    }
    return -1;
  }
  uint32_t slot = static_cast<uint32_t>(hash) & d->index_mask;
  while (true) {
    int32_t i = d->index[slot];
    if (i < 0) return -1;
    const DictEntry& e = d->entries[static_cast<size_t>(i)];
    if (e.hash == hash && KeysEqual(e.key, key)) return i;
    slot = (slot + 1) & d->index_mask;
  }
}

int64_t DictFind(const DictObj* d, const Value& key) {
  return DictFind(d, key, Hash(key));
}

int64_t DictFindStr(const DictObj* d, std::string_view key, uint64_t hash) {
  if (d->index == nullptr) {
    // Entries keep their key's hash: comparing it first skips most keys in one instruction (a
    // zero `hash` means "not computed", see the overload below).
    for (uint32_t i = 0; i < d->entries.size; ++i) {
      const DictEntry& e = d->entries[i];
      if ((hash == 0 || e.hash == hash) && e.key.is_str() && SameText(e.key.str(), key)) return i;
    }
    return -1;
  }
  uint32_t slot = static_cast<uint32_t>(hash) & d->index_mask;
  while (true) {
    int32_t i = d->index[slot];
    if (i < 0) return -1;
    const DictEntry& e = d->entries[static_cast<size_t>(i)];
    if (e.hash == hash && e.key.is_str() && SameText(e.key.str(), key)) return i;
    slot = (slot + 1) & d->index_mask;
  }
}

int64_t DictFindStr(const DictObj* d, std::string_view key) {
  if (d->index == nullptr) return DictFindStr(d, key, 0);
  return DictFindStr(d, key, HashString(key));
}

void DictSet(Arena& arena, DictObj* d, const Value& key, const Value& value, uint64_t hash) {
  int64_t i = DictFind(d, key, hash);
  if (i >= 0) {
    d->entries[static_cast<size_t>(i)].value = value;
    return;
  }
  d->entries.Push(arena, DictEntry{key, value, hash});
  if (d->entries.size > kLinearMax) {
    if (d->index == nullptr || d->entries.size * 2 > d->index_mask + 1) {
      BuildIndex(arena, d);
    } else {
      uint32_t slot = static_cast<uint32_t>(hash) & d->index_mask;
      while (d->index[slot] >= 0) slot = (slot + 1) & d->index_mask;
      d->index[slot] = static_cast<int32_t>(d->entries.size - 1);
    }
  }
}

void DictSet(Arena& arena, DictObj* d, const Value& key, const Value& value) {
  DictSet(arena, d, key, value, Hash(key));
}

void DictEraseAt(Arena& arena, DictObj* d, int64_t index) {
  d->entries.Erase(static_cast<size_t>(index));
  if (d->entries.size > kLinearMax) {
    BuildIndex(arena, d);
  } else {
    d->index = nullptr;
    d->index_mask = 0;
  }
}

void DictClear(DictObj* d) {
  d->entries.size = 0;
  d->index = nullptr;
  d->index_mask = 0;
}

DictObj* DictCopy(Arena& arena, const DictObj* d) {
  auto* out = arena.New<DictObj>();
  out->mode = d->mode;
  out->entries.Reserve(arena, d->entries.size);
  for (const DictEntry& e : d->entries) out->entries.Push(arena, e);
  if (out->entries.size > kLinearMax) BuildIndex(arena, out);
  return out;
}

void CheckMutable(const DictObj* d) {
  if (d->frozen) {
    Throw(ErrorClass::kTypeError, "this object is shared by concurrent renders and is read-only");
  }
}

void CheckMutable(const ListObj* l) {
  if (l->frozen) {
    Throw(ErrorClass::kTypeError, "this object is shared by concurrent renders and is read-only");
  }
}

}  // namespace crier::value
