// leiden: local moving, refinement, aggregation; contract in leiden.hpp.
#include "engine/community/leiden.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "engine/community/detail/labels.hpp"
#include "engine/community/detail/local_moving.hpp"
#include "engine/community/detail/working_graph.hpp"

namespace corridor {
namespace {

// Refinement [1, Alg. A.3]: within each community of part, merge singletons
// into well-connected sub-communities. Returns the refined ids (compacted).
std::vector<std::uint32_t> refine(const detail::WorkingGraph& h, const std::vector<std::uint32_t>& part,
                                  const detail::Objective& obj, double theta, std::mt19937_64& rng) {
  const std::uint32_t n = h.n();
  std::vector<std::uint32_t> ref(n);
  std::vector<double> rmass(n), ext(n), cmass(n, 0.0), acc(n, 0.0);
  std::vector<std::uint32_t> rsize(n, 1);
  std::vector<std::uint32_t> seen(n, 0);  // 0/1; not char, whose stores may alias anything
  for (std::uint32_t v = 0; v < n; ++v) {
    ref[v] = v;
    rmass[v] = obj.mass(h, v);
    cmass[part[v]] += rmass[v];
    double e = 0;  // weight from v to the rest of its community
    for (auto k = h.offsets[v]; k < h.offsets[v + 1]; ++k) {
      if (part[h.nbr[k]] == part[v]) e += h.w[k];
    }
    ext[v] = e;
  }
  auto well_connected = [&](double ext_w, double m, double total) {
    return ext_w >= obj.gamma * m * (total - m) * obj.scale;
  };
  std::vector<std::uint32_t> touched;
  std::vector<double> weight_to, prob;
  std::vector<std::uint32_t> cand;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (auto v : detail::random_order(n, rng)) {
    if (rsize[ref[v]] != 1) continue;  // only vertices still alone move
    const double mv = obj.mass(h, v);
    const double total = cmass[part[v]];
    if (!well_connected(ext[v], mv, total)) continue;
    touched.clear();
    for (auto k = h.offsets[v]; k < h.offsets[v + 1]; ++k) {
      const auto u = h.nbr[k];
      if (part[u] != part[v]) continue;
      const auto r = ref[u];
      if (!seen[r]) {
        seen[r] = 1;
        touched.push_back(r);
      }
      acc[r] += h.w[k];
    }
    // Candidates: v's own singleton (gain 0) and well-connected
    // sub-communities joined to v by positive weight with gain >= 0. Gains
    // are in edge-weight units (igraph's and leidenalg's scale), so theta =
    // 0.01 makes the choice nearly greedy, as in [1].
    weight_to.assign(1, 0.0);
    cand.assign(1, ref[v]);
    for (auto r : touched) {
      if (r == ref[v] || !(acc[r] > 0) || !well_connected(ext[r], rmass[r], total)) continue;
      const double gain = obj.gain(acc[r], mv, rmass[r]);
      if (gain < 0) continue;
      cand.push_back(r);
      weight_to.push_back(gain);
    }
    std::uint32_t chosen = ref[v];
    if (cand.size() > 1) {
      const double top = *std::max_element(weight_to.begin(), weight_to.end());
      prob.resize(cand.size());
      double sum = 0;
      for (std::size_t i = 0; i < cand.size(); ++i) {
        const double z = (weight_to[i] - top) / theta;
        sum += prob[i] = z < -700 ? 0.0 : std::exp(z);  // exp underflows to 0 below about -745
      }
      double x = unit(rng) * sum;
      chosen = cand.back();
      for (std::size_t i = 0; i < cand.size(); ++i) {
        if ((x -= prob[i]) <= 0) {
          chosen = cand[i];
          break;
        }
      }
    }
    if (chosen != ref[v]) {
      const auto old = ref[v];
      ext[chosen] = ext[chosen] + ext[v] - 2 * acc[chosen];
      rmass[chosen] += mv;
      ++rsize[chosen];
      rsize[old] = 0;
      rmass[old] = 0;
      ref[v] = chosen;
    }
    for (auto r : touched) acc[r] = seen[r] = 0;
  }
  detail::compact(ref);
  return ref;
}

// One run of the algorithm from `start` (level-0 ids < n); returns levels.
int run_once(const detail::WorkingGraph& base, std::vector<std::uint32_t>& membership, const detail::Objective& obj,
             double theta, std::mt19937_64& rng, const RunContext& ctx) {
  const std::uint32_t n = base.n();
  std::vector<std::uint32_t> where(n);  // level-0 vertex -> vertex of the current level
  for (std::uint32_t v = 0; v < n; ++v) where[v] = v;
  std::vector<std::uint32_t> part = membership;
  detail::compact(part);
  detail::WorkingGraph level;
  const detail::WorkingGraph* h = &base;
  int levels = 0;
  for (;;) {
    ctx.check_interrupt();
    ++levels;
    detail::move_nodes(*h, part, obj, rng, true, ctx);
    const std::uint32_t count = detail::compact(part);
    if (count == h->n()) break;  // every vertex alone: nothing left to aggregate
    std::vector<std::uint32_t> ref = refine(*h, part, obj, theta, rng);
    std::uint32_t rcount = 0;
    for (auto r : ref) rcount = std::max(rcount, r + 1);
    std::vector<std::uint32_t> next_part;
    if (rcount < h->n()) {
      next_part.assign(rcount, 0);
      for (std::uint32_t v = 0; v < h->n(); ++v) next_part[ref[v]] = part[v];
    } else {  // refinement merged nothing: aggregate by the coarse partition
      ref = part;
      rcount = count;
      next_part.resize(count);
      for (std::uint32_t c = 0; c < count; ++c) next_part[c] = c;
    }
    for (auto& x : where) x = ref[x];
    level = detail::aggregate(*h, ref, rcount, ctx.thread_count());
    h = &level;
    part = std::move(next_part);
  }
  for (std::uint32_t v = 0; v < n; ++v) membership[v] = part[where[v]];
  detail::split_disconnected(base, membership);
  return levels;
}

}  // namespace

CommunityResult leiden(const CsrGraph& g, const LeidenParams& params, const RunContext& ctx) {
  if (!(params.resolution >= 0) || std::isinf(params.resolution)) {
    throw std::invalid_argument("leiden: resolution must be finite and non-negative, got " +
                                std::to_string(params.resolution));
  }
  if (!(params.theta > 0) || std::isinf(params.theta)) {
    throw std::invalid_argument("leiden: theta must be positive and finite, got " + std::to_string(params.theta));
  }
  if (params.max_iter < 1) {
    throw std::invalid_argument("leiden: max_iter must be at least 1, got " + std::to_string(params.max_iter));
  }
  if (params.weighted) detail::check_weights(g, "leiden");
  const detail::WorkingGraph base = detail::working_graph(g, params.weighted);
  const bool cpm = params.objective == LeidenObjective::kCpm;
  detail::Objective obj{cpm, params.resolution, cpm ? 1.0 : (base.total > 0 ? 1.0 / (2 * base.total) : 0.0)};
  std::mt19937_64 rng(ctx.seed);
  const std::uint32_t n = base.n();

  CommunityResult r;
  std::vector<std::uint32_t> best(n);
  for (std::uint32_t v = 0; v < n; ++v) best[v] = v;
  double best_q = detail::quality(base, best, obj);
  const double norm = cpm ? 1.0 : (base.total > 0 ? 1.0 : 0.0);
  for (int it = 0; it < params.max_iter; ++it) {
    std::vector<std::uint32_t> m = best;
    r.iterations += run_once(base, m, obj, params.theta, rng, ctx);
    const double q = detail::quality(base, m, obj);
    const bool better = (q - best_q) * norm > detail::kMinGain;
    if (better || it == 0) {
      best.swap(m);
      best_q = q;
    }
    if (!better) break;
  }
  r.membership = std::move(best);
  r.count = detail::renumber_by_size(r.membership);
  r.quality = detail::quality(base, r.membership, obj);
  return r;
}

}  // namespace corridor
