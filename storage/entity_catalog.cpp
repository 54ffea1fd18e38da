#include "storage/entity_catalog.hpp"

#include <algorithm>
#include <functional>

namespace corridor::storage {

std::uint64_t EntityCatalog::hash(std::uint16_t type, std::string_view key) {
  const std::uint64_t h = std::hash<std::string_view>{}(key);
  return (h ^ (std::uint64_t{type} * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
}

std::uint32_t EntityCatalog::find(std::uint16_t type, std::string_view key) const {
  if (slots_.empty()) return kMissing;
  const std::uint64_t h = hash(type, key);
  const std::uint64_t mask = slots_.size() - 1;
  const std::uint64_t tag = h >> 32;
  for (std::uint64_t s = h & mask;; s = (s + 1) & mask) {
    const std::uint64_t slot = slots_[s];
    if (slot == 0) return kMissing;
    if ((slot >> 32) != tag) continue;
    const auto id = static_cast<std::uint32_t>(slot) - 1;
    if (type_[id] == type && keys_.at(id) == key) return id;
  }
}

void EntityCatalog::find_many(std::uint16_t type, const StringColumn& keys, std::uint32_t* out) const {
  const std::size_t n = keys.size();
  if (slots_.empty()) {
    std::fill(out, out + n, kMissing);
    return;
  }
  constexpr std::size_t kGroup = 32;
  const std::uint64_t mask = slots_.size() - 1;
  std::uint64_t h[kGroup];
  std::uint64_t pos[kGroup];
  for (std::size_t base = 0; base < n; base += kGroup) {
    const std::size_t g = std::min(kGroup, n - base);
    // 1. hash, prefetch the home slot
    for (std::size_t j = 0; j < g; ++j) {
      h[j] = hash(type, keys.at(base + j));
      __builtin_prefetch(&slots_[h[j] & mask]);
    }
    // 2. first slot whose tag matches (or the empty slot ending the run);
    //    prefetch the candidate's key offset and type
    for (std::size_t j = 0; j < g; ++j) {
      std::uint64_t s = h[j] & mask;
      while (slots_[s] != 0 && (slots_[s] >> 32) != (h[j] >> 32)) s = (s + 1) & mask;
      pos[j] = s;
      if (slots_[s] != 0) {
        const auto id = static_cast<std::uint32_t>(slots_[s]) - 1;
        __builtin_prefetch(&keys_.offsets[id]);
        __builtin_prefetch(&type_[id]);
      }
    }
    // 3. prefetch the candidates' key bytes
    for (std::size_t j = 0; j < g; ++j) {
      if (slots_[pos[j]] != 0) __builtin_prefetch(keys_.bytes.data() + keys_.offsets[static_cast<std::uint32_t>(slots_[pos[j]]) - 1]);
    }
    // 4. confirm; on a tag collision, finish that probe the slow way
    for (std::size_t j = 0; j < g; ++j) {
      const std::uint64_t slot = slots_[pos[j]];
      if (slot == 0) {
        out[base + j] = kMissing;
        continue;
      }
      const auto id = static_cast<std::uint32_t>(slot) - 1;
      const std::string_view key = keys.at(base + j);
      out[base + j] = (type_[id] == type && keys_.at(id) == key) ? id : find(type, key);
    }
  }
}

void EntityCatalog::insert_slot(std::uint32_t id, std::uint64_t h) {
  const std::uint64_t mask = slots_.size() - 1;
  std::uint64_t s = h & mask;
  while (slots_[s] != 0) s = (s + 1) & mask;
  slots_[s] = ((h >> 32) << 32) | (std::uint64_t{id} + 1);
}

void EntityCatalog::grow() {
  slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, 0);
  for (std::uint32_t id = 0; id < size(); ++id) insert_slot(id, hash(type_[id], keys_.at(id)));
}

std::uint32_t EntityCatalog::append(std::uint16_t type, std::string_view key) {
  type_.push_back(type);
  keys_.push_back(key);
  const std::uint32_t id = size() - 1;
  if (2 * std::uint64_t{size()} > slots_.size()) {
    grow();  // reinserts every id, this one included
  } else {
    insert_slot(id, hash(type, key));
  }
  return id;
}

void EntityCatalog::truncate(std::uint32_t n) {
  if (n >= size()) return;
  type_.resize(n);
  keys_.offsets.resize(std::size_t{n} + 1);
  keys_.bytes.resize(keys_.offsets.back());
  std::fill(slots_.begin(), slots_.end(), 0);
  for (std::uint32_t id = 0; id < n; ++id) insert_slot(id, hash(type_[id], keys_.at(id)));
}

}  // namespace corridor::storage
