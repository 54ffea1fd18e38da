// The per-common-neighbour term of the local indices (local_scores.hpp), shared
// by the pair scorer and the top-k search so that both sum the same doubles in
// the same order. Internal to engine/linkpred.
#pragma once

#include <cmath>

#include "engine/linkpred/local_scores.hpp"

namespace corridor::detail {

// Term of common neighbour z (degree or strength dz) joining u and v through
// edges of weight wuz and wzv. Jaccard counts (its division comes at the end).
inline double link_term(LinkScore m, bool weighted, double dz, double wuz, double wzv) {
  const double w = weighted ? wuz + wzv : 1.0;
  switch (m) {
    case LinkScore::kAdamicAdar:
      return weighted ? (dz > 0 ? w / std::log1p(dz) : 0.0) : 1.0 / std::log(dz);
    case LinkScore::kResourceAllocation:
      return dz > 0 ? w / dz : 0.0;
    case LinkScore::kCommonNeighbors:
      return w;
    default:
      return 1.0;
  }
}

}  // namespace corridor::detail
