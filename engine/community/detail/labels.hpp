// Renumbering community labels: by size (largest = 0), ties by smallest member
// vertex, so that a partition's ids do not depend on how a kernel found it.
// Internal to engine/community.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

namespace corridor::detail {

// Relabels `labels` in place (any ids < labels.size()); returns the count.
inline std::uint32_t renumber_by_size(std::vector<std::uint32_t>& labels) {
  const std::size_t n = labels.size();
  constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t top = 0;
  for (auto l : labels) top = std::max(top, l + 1);
  std::vector<std::uint64_t> size(top, 0);
  std::vector<std::uint32_t> first(top, kNone);
  for (std::size_t v = 0; v < n; ++v) {
    ++size[labels[v]];
    if (first[labels[v]] == kNone) first[labels[v]] = static_cast<std::uint32_t>(v);
  }
  std::vector<std::uint32_t> used;
  for (std::uint32_t c = 0; c < top; ++c) {
    if (size[c] > 0) used.push_back(c);
  }
  std::sort(used.begin(), used.end(), [&](std::uint32_t a, std::uint32_t b) {
    return size[a] != size[b] ? size[a] > size[b] : first[a] < first[b];
  });
  std::vector<std::uint32_t> id(top, kNone);
  for (std::uint32_t i = 0; i < used.size(); ++i) id[used[i]] = i;
  for (auto& l : labels) l = id[l];
  return static_cast<std::uint32_t>(used.size());
}

}  // namespace corridor::detail
