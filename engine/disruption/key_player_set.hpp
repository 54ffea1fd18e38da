// key_player_set: Borgatti's key player problem [1] — the k people whose
// removal breaks the network most (KPP-Neg), or who reach most of it within
// m steps (KPP-Pos).
//
// Objectives (maximised), on the graph read as undirected (weak, as
// network_state):
//   kFragmentation          F of the graph without the set (fragmentation.hpp);
//   kDistanceFragmentation  DF of the graph without the set (1 - global
//                           efficiency, all-pairs BFS: O(n m) per evaluation,
//                           small graphs only);
//   kReach                  the share of vertices outside the set within m
//                           hops of a member: |{v not in S: d(S, v) <= m}| /
//                           (n - k) (1 when n = k).
// Search [1]: every restart starts from a set, then swaps: for each member
// (in set order) it tries every non-member (in vertex order) and takes the
// first swap that raises the objective by more than 1e-12, until a full pass
// finds none or max_passes passes ran. Restart 0 starts greedily (add the
// vertex that raises the objective most, ties to the lowest vertex id);
// restarts 1.. start from a random set drawn from ctx.seed + restart. The
// best set over restarts is returned (ties: the earliest restart), sorted by
// vertex id. `include` members are always in the set and never swapped out;
// `exclude` vertices are never chosen.
//
// Errors (std::invalid_argument, naming the parameter): k < 1 or more than
// the vertices available (n - |exclude|); m < 1 with kReach; restarts < 1;
// include/exclude out of range or overlapping; |include| > k.
// Deterministic for ctx.seed; interruptible between evaluations' passes.
// Time: O(restarts * passes * k * n) evaluations of O(n + m) (kFragmentation,
// kReach) or O(n m) (kDistanceFragmentation).
//
// [1] S. P. Borgatti. Identifying sets of key players in a social network.
//     Comput. Math. Organiz. Theor. 12:21-34, 2006.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

enum class KeyPlayerObjective { kFragmentation, kDistanceFragmentation, kReach };

struct KeyPlayerParams {
  std::uint64_t k = 5;
  KeyPlayerObjective objective = KeyPlayerObjective::kFragmentation;
  int m = 2;
  int restarts = 5;
  int max_passes = 50;
  std::vector<VertexId> include;
  std::vector<VertexId> exclude;
};

struct KeyPlayerResult {
  std::vector<VertexId> set;  // sorted by vertex id
  double objective = 0;
  int best_restart = 0;
  std::uint64_t evaluations = 0;
};

KeyPlayerResult key_player_set(const CsrGraph& g, const KeyPlayerParams& params = {}, const RunContext& ctx = {});

// The objective of one set (the verifier's building block; same definitions).
double key_player_objective(const CsrGraph& g, const std::vector<VertexId>& set, KeyPlayerObjective objective,
                            int m = 2, const RunContext& ctx = {});

}  // namespace corridor
