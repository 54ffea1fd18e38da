#include "engine/disruption/fragmentation.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

#include "engine/graph/parallel.hpp"

namespace corridor {

namespace {

template <class F>
void for_each_neighbor(const CsrGraph& g, VertexId v, F&& f) {
  for (VertexId u : g.out_neighbors(v)) f(u);
  if (g.directed())
    for (VertexId u : g.in_neighbors(v)) f(u);
}

}  // namespace

std::vector<std::int64_t> component_labels(const CsrGraph& g, const std::vector<std::uint8_t>& removed,
                                           std::uint64_t* count) {
  const VertexId n = g.num_vertices();
  std::vector<std::int64_t> label(n, -1);
  std::vector<VertexId> stack;
  std::int64_t next = 0;
  for (VertexId s = 0; s < n; ++s) {
    if (label[s] >= 0 || (!removed.empty() && removed[s])) continue;
    label[s] = next;
    stack.push_back(s);
    while (!stack.empty()) {
      const VertexId v = stack.back();
      stack.pop_back();
      for_each_neighbor(g, v, [&](VertexId u) {
        if (label[u] < 0 && (removed.empty() || !removed[u])) {
          label[u] = next;
          stack.push_back(u);
        }
      });
    }
    ++next;
  }
  if (count) *count = static_cast<std::uint64_t>(next);
  return label;
}

double fragmentation_from_sizes(const std::vector<std::uint64_t>& sizes) {
  const double n = static_cast<double>(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}));
  if (n < 2) return 1.0;
  double within = 0;
  for (std::uint64_t s : sizes) within += static_cast<double>(s) * static_cast<double>(s - (s > 0));
  return 1.0 - within / (n * (n - 1));
}

NetworkState state_from_sizes(const std::vector<std::uint64_t>& sizes, bool distances) {
  NetworkState st;
  st.remaining = std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0});
  st.components = sizes.size();
  st.lcc = sizes.empty() ? 0 : *std::max_element(sizes.begin(), sizes.end());
  st.fragmentation = fragmentation_from_sizes(sizes);
  if (!distances) st.efficiency = st.distance_fragmentation = std::numeric_limits<double>::quiet_NaN();
  return st;
}

std::vector<double> inverse_distance_sums(const CsrGraph& g, const std::vector<std::uint8_t>& removed,
                                          const std::vector<VertexId>& sources, const RunContext& ctx) {
  const VertexId n = g.num_vertices();
  const std::int64_t k = static_cast<std::int64_t>(sources.size());
  if (k == 0) return {};
  std::vector<double> sums(k, 0.0);
  detail::Stop stop;
  const int threads = std::max(1, std::min<int>(ctx.thread_count(), static_cast<int>(k)));
#pragma omp parallel num_threads(threads)
  {
    detail::Poller poller(ctx, stop, {.items = 1});
    auto dist = detail::make_or_fail<std::vector<std::int32_t>>(stop, n, -1);
    auto queue = detail::make_or_fail<std::vector<VertexId>>(stop);
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t i = 0; i < k; ++i) {
      if (stop() || !dist || !queue) continue;
      auto& d = *dist;
      auto& q = *queue;
      q.clear();
      q.push_back(sources[i]);
      d[sources[i]] = 0;
      double sum = 0;
      for (std::size_t head = 0; head < q.size(); ++head) {
        const VertexId v = q[head];
        if (d[v] > 0) sum += 1.0 / d[v];
        for_each_neighbor(g, v, [&](VertexId u) {
          if (d[u] < 0 && (removed.empty() || !removed[u])) {
            d[u] = d[v] + 1;
            q.push_back(u);
          }
        });
      }
      for (VertexId v : q) d[v] = -1;
      sums[i] = sum;
      poller.after(q.size());
    }
  }
  stop.rethrow();
  return sums;
}

NetworkState network_state(const CsrGraph& g, const std::vector<std::uint8_t>& removed,
                           const StateParams& params, const RunContext& ctx) {
  const VertexId n = g.num_vertices();
  if (!removed.empty() && removed.size() != n)
    throw std::invalid_argument("removed: one flag per vertex expected");
  std::uint64_t count = 0;
  const auto label = component_labels(g, removed, &count);
  std::vector<std::uint64_t> sizes(count, 0);
  std::vector<VertexId> alive;
  for (VertexId v = 0; v < n; ++v)
    if (label[v] >= 0) {
      ++sizes[label[v]];
      alive.push_back(v);
    }
  NetworkState st = state_from_sizes(sizes, params.distances);
  if (!params.distances) return st;
  const std::uint64_t r = alive.size();
  if (r < 2) return st;

  // The sources: all remaining vertices, or k of them drawn without replacement.
  std::vector<VertexId> sources = alive;
  if (params.distance_sources > 0 && params.distance_sources < r) {
    std::mt19937_64 rng(ctx.seed ^ 0x9e3779b97f4a7c15ULL);
    for (std::uint64_t i = 0; i < params.distance_sources; ++i) {
      std::uniform_int_distribution<std::uint64_t> pick(i, r - 1);
      std::swap(sources[i], sources[pick(rng)]);
    }
    sources.resize(params.distance_sources);
  }
  const auto sums = inverse_distance_sums(g, removed, sources, ctx);
  const std::int64_t k = static_cast<std::int64_t>(sources.size());
  double total = 0;
  for (double s : sums) total += s;
  const double rn = static_cast<double>(r);
  total *= rn / static_cast<double>(k);
  st.efficiency = total / (rn * (rn - 1));
  st.distance_fragmentation = 1.0 - st.efficiency;
  return st;
}

}  // namespace corridor
