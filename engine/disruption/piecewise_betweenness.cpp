#include "engine/disruption/piecewise_betweenness.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "engine/graph/subgraph.hpp"

namespace corridor {


RunContext serial_if_small(const CsrGraph& sub, const RunContext& ctx) {
  RunContext c = ctx;
  if (std::uint64_t{sub.num_vertices()} * (sub.num_edges() + 1) < kSerialBetweennessWork) c.threads = 1;
  return c;
}

PiecewiseBetweenness::PiecewiseBetweenness(const CsrGraph& g, const BetweennessParams& params)
    : g_(g), params_(params) {
  if (!params.sources.empty() || !params.targets.empty() || params.endpoints)
    throw std::invalid_argument("params: sources, targets and endpoints are not supported piecewise");
  params_.normalized = false;
  const VertexId n = g.num_vertices();
  removed_.assign(n, 0);
  label_ = component_labels(g, removed_, &components_);
  size_.assign(components_, 0);
  for (VertexId v = 0; v < n; ++v) ++size_[label_[v]];
  remaining_ = n;
  score_.assign(n, 0.0);
  reach_.assign(n, 0.0);
  stale_.assign(n, 1);
  // The first scores(): one kernel call on the whole graph (a union of
  // components is as good as one piece, and it keeps the kernel's blocks
  // the same as a full recompute's at step 0).
  if (n >= 3) {
    dirty_.emplace_back(n);
    std::iota(dirty_.back().begin(), dirty_.back().end(), VertexId{0});
  }
}

void PiecewiseBetweenness::remove(const std::vector<VertexId>& vertices) {
  const VertexId n = g_.num_vertices();
  for (VertexId v : vertices)
    if (v >= n) throw std::invalid_argument("vertices: a vertex id out of range");
  // The components that lose someone are retired; their other vertices are
  // relabelled piece by piece below.
  std::vector<std::uint8_t> hit(size_.size(), 0);
  bool any = false;
  for (VertexId v : vertices) {
    if (removed_[v]) continue;
    hit[label_[v]] = 1;
    removed_[v] = 1;
    score_[v] = 0;
    --remaining_;
    any = true;
  }
  if (!any) return;
  std::vector<VertexId> orphans;  // increasing id
  for (VertexId v = 0; v < n; ++v) {
    if (label_[v] < 0 || !hit[label_[v]]) continue;
    if (!removed_[v]) orphans.push_back(v);
    label_[v] = -1;
    stale_[v] = 1;
  }
  for (std::size_t c = 0; c < hit.size(); ++c)
    if (hit[c]) {
      size_[c] = 0;
      --components_;
    }
  std::vector<VertexId> piece;
  auto visit = [&](VertexId u) {
    if (label_[u] < 0 && !removed_[u]) {
      label_[u] = static_cast<std::int64_t>(size_.size());
      piece.push_back(u);
    }
  };
  for (VertexId s : orphans) {
    if (label_[s] >= 0) continue;
    piece.clear();
    visit(s);
    for (std::size_t head = 0; head < piece.size(); ++head) {
      const VertexId v = piece[head];
      for (VertexId u : g_.out_neighbors(v)) visit(u);
      if (g_.directed())
        for (VertexId u : g_.in_neighbors(v)) visit(u);
    }
    size_.push_back(piece.size());
    ++components_;
    if (piece.size() < 3) {
      for (VertexId v : piece) score_[v] = 0;  // no pair has a middle vertex
    } else {
      std::sort(piece.begin(), piece.end());
      dirty_.push_back(piece);
    }
  }
}

const std::vector<double>& PiecewiseBetweenness::scores(const RunContext& ctx) {
  // Newest first: a piece queued later lies inside what remains of an earlier
  // one (when remove() ran twice without scores() between), so the finer
  // pieces are scored and the earlier set keeps only what they did not cover
  // — still a union of components, so it can be scored as one graph.
  std::vector<std::uint8_t> done(dirty_.size() > 1 ? g_.num_vertices() : 0, 0);
  for (std::size_t i = dirty_.size(); i-- > 0;) {
    std::vector<VertexId>& piece = dirty_[i];
    std::erase_if(piece, [&](VertexId v) { return removed_[v] != 0 || (!done.empty() && done[v]); });
    for (VertexId v : piece)
      if (!done.empty()) done[v] = 1;
    if (piece.size() < 3) {
      for (VertexId v : piece) score_[v] = 0;
      continue;
    }
    const CsrGraph sub = induced_subgraph(g_, piece);
    const auto sc = betweenness(sub, params_, serial_if_small(sub, ctx)).score;
    for (std::size_t j = 0; j < piece.size(); ++j) score_[piece[j]] = sc[j];
    recomputed_ += piece.size();
  }
  dirty_.clear();
  return score_;
}

NetworkState PiecewiseBetweenness::state(const StateParams& params, const RunContext& ctx) {
  if (params.distances && params.distance_sources > 0 && params.distance_sources < remaining_)
    return network_state(g_, removed_, params, ctx);
  std::vector<std::uint64_t> sizes;
  sizes.reserve(components_);
  for (std::uint64_t s : size_)
    if (s > 0) sizes.push_back(s);
  NetworkState st = state_from_sizes(sizes, params.distances);
  if (!params.distances || remaining_ < 2) return st;
  std::vector<VertexId> sources;
  for (VertexId v = 0; v < g_.num_vertices(); ++v)
    if (!removed_[v] && stale_[v]) sources.push_back(v);
  const auto sums = inverse_distance_sums(g_, removed_, sources, ctx);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    reach_[sources[i]] = sums[i];
    stale_[sources[i]] = 0;
  }
  double total = 0;  // in vertex order, as network_state adds its sources
  for (VertexId v = 0; v < g_.num_vertices(); ++v)
    if (!removed_[v]) total += reach_[v];
  const double rn = static_cast<double>(remaining_);
  st.efficiency = total / (rn * (rn - 1));
  st.distance_fragmentation = 1.0 - st.efficiency;
  return st;
}

}  // namespace corridor
