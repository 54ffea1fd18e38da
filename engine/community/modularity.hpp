// modularity: the quality of a partition, networkx's
// community.modularity(G, communities, weight, resolution) to rounding.
//
// Undirected:  Q = sum_c [ L_c / m - resolution * (K_c / (2m))^2 ],
//   L_c = weight of edges inside c (a self-loop once), K_c = total degree of
//   c (a self-loop adds twice its weight), m = total edge weight.
// Directed (Leicht & Newman [1], as networkx):
//   Q = sum_c [ L_c / m - resolution * Kout_c * Kin_c / m^2 ].
// Unweighted reads every (aggregated) edge as weight 1. A graph with no edge
// weight has Q = 0 by convention here (networkx divides by zero).
// Time O(n + m).
//
// Throws std::invalid_argument naming the parameter when membership is not
// one id per vertex, resolution is negative or not finite, or (weighted) a
// weight is negative or not finite.
//
// References
// [1] E. A. Leicht, M. E. J. Newman. Community structure in directed
//     networks. Phys. Rev. Lett. 100, 118703, 2008.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/graph/csr_graph.hpp"

namespace corridor {

struct ModularityParams {
  double resolution = 1.0;
  bool weighted = true;
};

double modularity(const CsrGraph& g, const std::vector<std::uint32_t>& membership,
                  const ModularityParams& params = {});

// The verifier: the pairwise definition
//   Q = 1/(2m) sum_ij [A_ij - resolution k_i k_j / (2m)] delta(c_i, c_j)
// (directed: 1/m sum_ij [A_ij - resolution kout_i kin_j / m] delta), O(n^2).
double modularity_reference(const CsrGraph& g, const std::vector<std::uint32_t>& membership,
                            const ModularityParams& params = {});

}  // namespace corridor
