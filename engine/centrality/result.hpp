// CentralityResult: what an iterative or per-vertex centrality returns — one
// score per vertex plus the convergence facts of the run.
#pragma once

#include <vector>

namespace corridor {

struct CentralityResult {
  std::vector<double> score;  // one per vertex, indexed by VertexId
  int iterations = 0;         // iterations run (0 for non-iterative measures)
  double residual = 0;        // last change measured by the stopping rule
  bool converged = true;      // false when max_iter stopped the run first
};

// How an edge weight is read by distance-based measures (betweenness,
// closeness): as a length (kDistance), or as a tie strength converted to the
// length 1 / weight (kStrength: more calls = closer).
enum class WeightAs { kDistance, kStrength };

}  // namespace corridor
