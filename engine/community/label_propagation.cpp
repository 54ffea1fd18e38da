// label_propagation: seeded asynchronous sweeps; contract in
// label_propagation.hpp.
#include "engine/community/label_propagation.hpp"

#include <random>
#include <stdexcept>
#include <string>

#include "engine/community/detail/labels.hpp"
#include "engine/community/detail/local_moving.hpp"
#include "engine/community/detail/working_graph.hpp"

namespace corridor {

CommunityResult label_propagation(const CsrGraph& g, const LabelPropagationParams& params, const RunContext& ctx) {
  if (params.max_iter < 1) {
    throw std::invalid_argument("label_propagation: max_iter must be at least 1, got " +
                                std::to_string(params.max_iter));
  }
  if (params.weighted) detail::check_weights(g, "label_propagation");
  const detail::WorkingGraph h = detail::working_graph(g, params.weighted);
  const std::uint32_t n = h.n();
  std::mt19937_64 rng(ctx.seed);
  std::vector<std::uint32_t> label(n), touched, best;
  for (std::uint32_t v = 0; v < n; ++v) label[v] = v;
  std::vector<double> acc(n, 0.0);
  std::vector<char> seen(n, 0);
  CommunityResult r;
  for (int sweep = 1; sweep <= params.max_iter; ++sweep) {
    ctx.check_interrupt();
    r.iterations = sweep;
    bool changed = false;
    for (auto v : detail::random_order(n, rng)) {
      if (h.offsets[v] == h.offsets[v + 1]) continue;
      touched.clear();
      for (auto k = h.offsets[v]; k < h.offsets[v + 1]; ++k) {
        const auto l = label[h.nbr[k]];
        if (!seen[l]) {
          seen[l] = 1;
          touched.push_back(l);
        }
        acc[l] += h.w[k];
      }
      double top = -1;
      for (auto l : touched) top = std::max(top, acc[l]);
      best.clear();
      bool keep = false;
      for (auto l : touched) {  // touched is in neighbour order: deterministic
        if (acc[l] == top) {
          best.push_back(l);
          keep |= l == label[v];
        }
      }
      for (auto l : touched) acc[l] = seen[l] = 0;
      if (keep) continue;
      label[v] = best[rng() % best.size()];
      changed = true;
    }
    if (!changed) break;
  }
  r.membership = std::move(label);
  r.count = detail::renumber_by_size(r.membership);
  return r;
}

}  // namespace corridor
