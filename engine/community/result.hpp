// CommunityResult: what a partitioning kernel returns — one community id per
// vertex plus the facts of the run.
#pragma once

#include <cstdint>
#include <vector>

namespace corridor {

struct CommunityResult {
  // One id per vertex, indexed by VertexId. Ids are 0 .. count - 1, numbered
  // by size (largest = 0), ties by smallest member vertex.
  std::vector<std::uint32_t> membership;
  std::uint32_t count = 0;  // number of communities
  int iterations = 0;       // levels (Louvain / Leiden) or sweeps (label propagation)
  double quality = 0;       // the objective reached (modularity or CPM); 0 where none
};

}  // namespace corridor
