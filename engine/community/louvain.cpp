// louvain: sweeps of local moving and aggregation; contract in louvain.hpp.
// The verifier for every community kernel is modularity_reference (the
// quality it reports) plus the partition checks in the tests.
#include "engine/community/louvain.hpp"

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "engine/community/detail/labels.hpp"
#include "engine/community/detail/local_moving.hpp"
#include "engine/community/detail/working_graph.hpp"

namespace corridor {

CommunityResult louvain(const CsrGraph& g, const LouvainParams& params, const RunContext& ctx) {
  if (!(params.resolution >= 0) || std::isinf(params.resolution)) {
    throw std::invalid_argument("louvain: resolution must be finite and non-negative, got " +
                                std::to_string(params.resolution));
  }
  if (params.max_levels < 1) {
    throw std::invalid_argument("louvain: max_levels must be at least 1, got " + std::to_string(params.max_levels));
  }
  if (params.weighted) detail::check_weights(g, "louvain");
  const detail::WorkingGraph base = detail::working_graph(g, params.weighted);
  detail::Objective obj{false, params.resolution, base.total > 0 ? 1.0 / (2 * base.total) : 0.0};
  std::mt19937_64 rng(ctx.seed);
  const std::uint32_t n = base.n();
  std::vector<std::uint32_t> where(n);  // level-0 vertex -> vertex of the current level
  for (std::uint32_t v = 0; v < n; ++v) where[v] = v;

  CommunityResult r;
  detail::WorkingGraph level;
  const detail::WorkingGraph* h = &base;
  for (int lvl = 0; lvl < params.max_levels; ++lvl) {
    ctx.check_interrupt();
    std::vector<std::uint32_t> part(h->n());
    for (std::uint32_t v = 0; v < h->n(); ++v) part[v] = v;
    const bool moved = detail::move_nodes(*h, part, obj, rng, false, ctx);
    r.iterations = lvl + 1;
    if (!moved) break;
    const std::uint32_t count = detail::compact(part);
    for (auto& x : where) x = part[x];
    level = detail::aggregate(*h, part, count, ctx.thread_count());
    h = &level;
  }
  r.membership = std::move(where);
  r.count = detail::renumber_by_size(r.membership);
  r.quality = detail::quality(base, r.membership, obj);
  return r;
}

}  // namespace corridor
