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
  const std::uint64_t mask = slots_.size() - 1;
  for (std::uint64_t s = hash(type, key) & mask;; s = (s + 1) & mask) {
    const std::uint32_t slot = slots_[s];
    if (slot == 0) return kMissing;
    const std::uint32_t id = slot - 1;
    if (type_[id] == type && keys_.at(id) == key) return id;
  }
}

void EntityCatalog::insert_slot(std::uint32_t id) {
  const std::uint64_t mask = slots_.size() - 1;
  std::uint64_t s = hash(type_[id], keys_.at(id)) & mask;
  while (slots_[s] != 0) s = (s + 1) & mask;
  slots_[s] = id + 1;
}

void EntityCatalog::grow() {
  slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, 0);
  for (std::uint32_t id = 0; id < size(); ++id) insert_slot(id);
}

std::uint32_t EntityCatalog::append(std::uint16_t type, std::string_view key) {
  type_.push_back(type);
  keys_.push_back(key);
  const std::uint32_t id = size() - 1;
  if (2 * std::uint64_t{size()} > slots_.size()) {
    grow();  // reinserts every id, this one included
  } else {
    insert_slot(id);
  }
  return id;
}

void EntityCatalog::truncate(std::uint32_t n) {
  if (n >= size()) return;
  type_.resize(n);
  keys_.offsets.resize(std::size_t{n} + 1);
  keys_.bytes.resize(keys_.offsets.back());
  std::fill(slots_.begin(), slots_.end(), 0);
  for (std::uint32_t id = 0; id < n; ++id) insert_slot(id);
}

}  // namespace corridor::storage
