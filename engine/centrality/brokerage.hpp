// brokerage: Gould and Fernandez's brokerage roles [1] for a graph with a
// group per vertex, as R's sna::brokerage [2] defines them (its node-level
// raw.nli, exp.nli and z.nli).
//
// For every two-path a -> b -> c with a, b, c distinct and no arc a -> c (an
// arc c -> a does not matter), broker b is credited with one role by the
// groups of a, b, c:
//   coordinator    (w_I)  a, b, c in one group
//   itinerant      (w_O)  a, c in one group, b in another
//   representative (b_IO) a in b's group, c in another
//   gatekeeper     (b_OI) c in b's group, a in another
//   liaison        (b_O)  a, b, c in three groups
// Every stored arc counts whatever its weight; self-loops form no two-path.
// An undirected graph counts each edge as two arcs, as sna does with an
// undirected network or a symmetric matrix (there representative and
// gatekeeper counts are equal).
//
// Expected values: sna's Bernoulli-graph null, not the observed two-paths.
// With N vertices and m arcs (self-loops included, as sna's edge list counts
// them; 2 per undirected edge), d = m / (N (N - 1)); a given ordered triple
// is an open two-path with probability d^2 (1 - d). For a broker whose group
// has s members, M = N - s, sums over the other groups j of size n_j:
//   E   = d^2 (1-d) P
//   Var = E (1 - d^2 (1-d)) + K d^3 (1-d)^3
//   role            P                    K
//   coordinator     (s-1)(s-2)           2 (s-1)(s-2)(s-3)
//   itinerant       sum n_j (n_j - 1)    2 sum n_j (n_j - 1)(n_j - 2)
//   representative  M (s-1)              2 [(s-1) C(M,2) + M C(s-1,2)]
//   gatekeeper      as representative
//   liaison         M^2 - sum n_j^2      4 sum n_j C(M - n_j, 2)
//   total           (N-1)(N-2)           2 (N-1)(N-2)(N-3)
// z = (count - E) / sqrt(Var) in plain IEEE arithmetic, as in R. Groups get
// no special case: a one-member group has P = K = 0 for coordinator,
// representative and gatekeeper (and a two-member group for coordinator),
// so those z are 0/0 = NaN; so is every z when d = 0. (Only a density >= 1
// reached through self-loops can give sd = 0 with a nonzero count, hence
// +-Inf, or a negative variance, hence NaN, as in R.)
//
// Time O(sum over b of in(b) out(b) log) at worst, usually far less (see
// brokerage.cpp), plus O(n log n) for the groups; memory O(n) per thread.
//
// Throws std::invalid_argument when group.size() != g.num_vertices().
//
// [1] R. V. Gould, R. M. Fernandez, Sociological Methodology 19:89-126, 1989.
// [2] sna (C. T. Butts): brokerage in R/models.R, brokerage_R in src/gli.c.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

enum BrokerageRole { kCoordinator, kItinerant, kRepresentative, kGatekeeper, kLiaison, kNumRoles };

struct BrokerageResult {
  std::array<std::vector<double>, kNumRoles> count;     // per role, per vertex
  std::vector<double> total;                            // sum of the five roles
  std::array<std::vector<double>, kNumRoles> expected;  // per role, per vertex
  std::array<std::vector<double>, kNumRoles> z;         // (count - expected) / sd; NaN where both are 0
  std::vector<double> total_z;                          // (total - E_total) / sd_total
};

BrokerageResult brokerage(const CsrGraph& g, const std::vector<std::uint32_t>& group,
                          const RunContext& ctx = {});

std::array<std::vector<double>, kNumRoles> brokerage_counts_reference(const CsrGraph& g,
                                                                      const std::vector<std::uint32_t>& group);

}  // namespace corridor
