// Riondato–Kornaropoulos betweenness sampling [1], parallel over samples.
//
// Sample i seeds its own generator from (ctx.seed, i), draws an ordered pair
// s != t, runs a BFS (Dijkstra) from s that stops once t is settled — every
// count sigma on a shortest s-t path is final by then — and walks back from t
// choosing each predecessor v of w with probability sigma(v) / sigma(w), which
// picks one shortest path uniformly [1]. The inner vertices of the path
// get one hit each (relaxed atomic increments of integers, so the totals do not
// depend on which thread drew which sample); the estimate is hits / r.
//
// [1] M. Riondato, E. M. Kornaropoulos. Fast approximation of betweenness
//     centrality through sampling. Data Min. Knowl. Disc. 30:438-475, 2016.
#include "engine/centrality/approx_betweenness.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/centrality/detail/shortest_paths.hpp"
#include "engine/graph/parallel.hpp"

namespace corridor {
namespace {

using detail::kInf;
using detail::kUnreached;
using detail::Lengths;

constexpr double kC = 0.5;                        // the universal constant c of [1]
constexpr double kMaxSamples = 9007199254740992;  // 2^53

// Thread 0 polls the interrupt callback after this many samples or arcs
// scanned, whichever comes first.
constexpr detail::PollEvery kPoll{.items = 64, .work = std::uint64_t{1} << 22};

// splitmix64's output function: a bijective 64-bit mix.
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// splitmix64; sample i starts at mix64(mix64(seed) ^ i), a hashed point of the
// 2^64 cycle, so the streams of different samples do not line up.
class SampleRng {
 public:
  SampleRng(std::uint64_t seed, std::uint64_t sample) : state_(mix64(mix64(seed) ^ sample)) {}

  std::uint64_t next() { return mix64(state_ += 0x9E3779B97F4A7C15ull); }
  // Uniform in [0, bound), bound > 0, by rejection (no modulo bias).
  std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                std::numeric_limits<std::uint64_t>::max() % bound;
    std::uint64_t x;
    do x = next();
    while (x >= limit);
    return x % bound;
  }
  // Uniform in [0, 1).
  double unit() { return double(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

void validate(const CsrGraph& g, const ApproxBetweennessParams& p) {
  if (!(p.epsilon > 0 && p.epsilon < 1)) {
    throw std::invalid_argument("approx_betweenness: params.epsilon must be in (0, 1), got " +
                                std::to_string(p.epsilon));
  }
  if (!(p.delta > 0 && p.delta < 1)) {
    throw std::invalid_argument("approx_betweenness: params.delta must be in (0, 1), got " +
                                std::to_string(p.delta));
  }
  if (p.weighted) detail::check_path_weights(g, p.weight_as, "approx_betweenness");
}

// An upper bound on the vertex diameter VD (the most vertices on a shortest
// path): one sweep over each connected component C, from its lowest id u.
// - Undirected, unweighted: VD(C) <= min(|C|, d1 + d2 + 1), d1 >= d2 the two
//   largest BFS distances from u (of two distinct vertices): any s-t distance
//   is at most d(s,u) + d(u,t) [1].
// - Undirected, weighted: a shortest path of k edges is at least k * lmin long
//   (lmin the shortest edge of C) and, as above, at most D1 + D2 long, D1 >= D2
//   the two largest Dijkstra distances from u, so VD(C) <= min(|C|,
//   floor((D1 + D2) / lmin) + 1), the quotient taken 1e-9 high against rounding.
// - Directed: the triangle inequality through u fails (d(s,u) + d(u,t) need
//   not bound d(s,t)), so VD(C) <= |C| over the weakly connected components.
std::uint64_t vertex_diameter_bound(const CsrGraph& g, const Lengths& len) {
  const VertexId n = g.num_vertices();
  const Adjacency& out = g.out();
  const Adjacency& in = g.in();
  std::vector<char> seen(n, 0);
  std::vector<VertexId> order;  // one component, in nondecreasing distance from u
  std::uint64_t vd = 0;
  if (g.directed()) {
    for (VertexId u = 0; u < n; ++u) {
      if (seen[u]) continue;
      seen[u] = 1;
      order.assign(1, u);
      for (std::size_t head = 0; head < order.size(); ++head) {
        const VertexId v = order[head];
        for (const Adjacency* a : {&out, &in}) {
          for (EdgeOffset i = a->offsets[v]; i < a->offsets[v + 1]; ++i) {
            const VertexId w = a->neighbors[i];
            if (!seen[w]) {
              seen[w] = 1;
              order.push_back(w);
            }
          }
        }
      }
      vd = std::max<std::uint64_t>(vd, order.size());
    }
    return vd;
  }
  std::vector<double> dist(n, kInf);  // hop counts are exact as doubles
  std::vector<std::pair<double, VertexId>> heap;
  const auto later = std::greater<>();
  for (VertexId u = 0; u < n; ++u) {
    if (seen[u]) continue;
    order.clear();
    double lmin = 1;
    dist[u] = 0;
    if (!len.out()) {
      seen[u] = 1;
      order.push_back(u);
      for (std::size_t head = 0; head < order.size(); ++head) {
        const VertexId v = order[head];
        for (EdgeOffset i = out.offsets[v]; i < out.offsets[v + 1]; ++i) {
          const VertexId w = out.neighbors[i];
          if (!seen[w]) {
            seen[w] = 1;
            dist[w] = dist[v] + 1;
            order.push_back(w);
          }
        }
      }
    } else {
      lmin = kInf;
      heap.assign(1, {0.0, u});
      while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const auto [d, v] = heap.back();
        heap.pop_back();
        if (seen[v]) continue;  // seen: settled
        seen[v] = 1;
        order.push_back(v);
        for (EdgeOffset i = out.offsets[v]; i < out.offsets[v + 1]; ++i) {
          const VertexId w = out.neighbors[i];
          if (w == v) continue;
          lmin = std::min(lmin, len.out()[i]);
          if (!seen[w] && d + len.out()[i] < dist[w]) {
            dist[w] = d + len.out()[i];
            heap.emplace_back(dist[w], w);
            std::push_heap(heap.begin(), heap.end(), later);
          }
        }
      }
    }
    const std::uint64_t size = order.size();
    std::uint64_t bound = size;
    if (size >= 2) {
      const double span = dist[order[size - 1]] + dist[order[size - 2]];
      const double edges = std::floor(span / lmin * (1 + 1e-9));
      if (edges + 1 < double(size)) bound = std::uint64_t(edges) + 1;
    }
    vd = std::max(vd, bound);
  }
  return vd;
}

// One thread's working set, reset after every sample along `reached`; dist
// holds tentative distances for the vertices not yet settled.
struct Scratch : detail::SearchState {
  using SearchState::SearchState;

  std::vector<VertexId> reached;  // every vertex given a distance (the BFS queue)
};

// Shortest paths from s until t is settled; the counts sigma follow networkx's
// rules (see betweenness.cpp). Returns false when t is unreachable.
template <bool kWeighted>
bool search(const CsrGraph& g, const Lengths& len, VertexId s, VertexId t, Scratch& sc,
            std::uint64_t& work) {
  const Adjacency& out = g.out();
  sc.reached.assign(1, s);
  sc.sigma[s] = 1;
  if constexpr (!kWeighted) {
    sc.hops[s] = 0;
    for (std::size_t head = 0; head < sc.reached.size(); ++head) {
      const VertexId v = sc.reached[head];
      // FIFO: every vertex nearer than t has been expanded before t is popped.
      if (v == t) return true;
      const std::uint32_t next = sc.hops[v] + 1;
      for (EdgeOffset i = out.offsets[v]; i < out.offsets[v + 1]; ++i) {
        const VertexId w = out.neighbors[i];
        if (sc.hops[w] == kUnreached) {
          sc.hops[w] = next;
          sc.reached.push_back(w);
        }
        if (sc.hops[w] == next) sc.sigma[w] += sc.sigma[v];
      }
      work += out.offsets[v + 1] - out.offsets[v];
    }
  } else {
    const auto later = std::greater<>();
    auto& heap = sc.heap;
    heap.assign(1, {0.0, s});
    sc.dist[s] = 0;
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), later);
      const auto [d, v] = heap.back();
      heap.pop_back();
      if (sc.settled[v]) continue;
      sc.settled[v] = 1;
      if (v == t) return true;
      for (EdgeOffset i = out.offsets[v]; i < out.offsets[v + 1]; ++i) {
        const VertexId w = out.neighbors[i];
        if (sc.settled[w]) continue;
        const double nd = d + len.out()[i];
        if (nd < sc.dist[w]) {
          if (sc.dist[w] == kInf) sc.reached.push_back(w);
          sc.dist[w] = nd;
          sc.sigma[w] = sc.sigma[v];
          heap.emplace_back(nd, w);
          std::push_heap(heap.begin(), heap.end(), later);
        } else if (nd == sc.dist[w]) {
          sc.sigma[w] += sc.sigma[v];
        }
      }
      work += out.offsets[v + 1] - out.offsets[v];
    }
  }
  return false;
}

// Sample i: a uniform ordered pair s != t and one of its shortest paths drawn
// uniformly; one hit for each inner vertex. Returns the arcs scanned.
template <bool kWeighted>
std::uint64_t draw(const CsrGraph& g, const Lengths& len, std::uint64_t seed, std::uint64_t i,
                   Scratch& sc, std::vector<std::uint64_t>& hits) {
  const VertexId n = g.num_vertices();
  SampleRng rng(seed, i);
  const auto s = VertexId(rng.below(n));
  auto t = VertexId(rng.below(n - 1));
  if (t >= s) ++t;
  std::uint64_t work = 0;
  if (search<kWeighted>(g, len, s, t, sc, work)) {
    // Predecessor v of w: settled before w, and dist(v) + len(v, w) == dist(w).
    const Adjacency& in = g.in();
    for (VertexId w = t;;) {
      const double x = rng.unit() * sc.sigma[w];
      double below = 0;
      VertexId pick = w;
      for (EdgeOffset k = in.offsets[w]; k < in.offsets[w + 1]; ++k) {
        const VertexId v = in.neighbors[k];
        bool pred;
        if constexpr (kWeighted) {
          pred = v != w && sc.settled[v] && sc.dist[v] + len.in()[k] == sc.dist[w];
        } else {
          pred = sc.hops[v] + 1 == sc.hops[w];
        }
        if (!pred) continue;
        pick = v;  // the last predecessor also absorbs rounding in the sigma sums
        below += sc.sigma[v];
        if (x < below) break;
      }
      work += in.offsets[w + 1] - in.offsets[w];
      if (pick == s || pick == w) break;  // pick == w: no predecessor, cannot happen
      std::atomic_ref<std::uint64_t>(hits[pick]).fetch_add(1, std::memory_order_relaxed);
      w = pick;
    }
  }
  for (VertexId v : sc.reached) sc.reset<kWeighted>(v);
  return work;
}

}  // namespace

ApproxBetweennessResult approx_betweenness(const CsrGraph& g, const ApproxBetweennessParams& p,
                                           const RunContext& ctx) {
  validate(g, p);
  const VertexId n = g.num_vertices();
  ApproxBetweennessResult res;
  res.score.assign(n, 0.0);
  if (n < 2) {
    res.vertex_diameter = n;
    return res;
  }
  ctx.check_interrupt();
  const Lengths len(g, p.weighted, p.weight_as);
  res.vertex_diameter = vertex_diameter_bound(g, len);
  // VD <= 2: no shortest path has an inner vertex, every b(v) is exactly 0.
  if (res.vertex_diameter < 3) return res;

  const double r = std::ceil(kC / (p.epsilon * p.epsilon) *
                             (std::floor(std::log2(double(res.vertex_diameter - 2))) + 1 +
                              std::log(1 / p.delta)));
  if (r > kMaxSamples) {
    std::ostringstream msg;
    msg << "approx_betweenness: params.epsilon = " << p.epsilon << " would need " << r
        << " samples (more than 2^53)";
    throw std::invalid_argument(msg.str());
  }
  const auto samples = std::uint64_t(r);
  res.samples = samples;

  std::vector<std::uint64_t> hits(n, 0);
  const int threads = int(std::min<std::uint64_t>(std::uint64_t(ctx.thread_count()), samples));
  detail::Stop stop;
  std::atomic<int> working{threads};
#pragma omp parallel num_threads(threads)
  {
    const std::unique_ptr<Scratch> sc = detail::make_or_fail<Scratch>(stop, n, p.weighted);
    detail::Poller poll(ctx, stop, kPoll);
    // nowait: thread 0 then waits below, still polling, for the others' last samples.
#pragma omp for schedule(dynamic, 1) nowait
    for (std::uint64_t i = 0; i < samples; ++i) {
      if (!sc || stop()) continue;
      try {
        poll.after(p.weighted ? draw<true>(g, len, ctx.seed, i, *sc, hits)
                              : draw<false>(g, len, ctx.seed, i, *sc, hits));
      } catch (...) {
        stop.fail();
      }
    }
    working.fetch_sub(1, std::memory_order_acq_rel);
    if (omp_get_thread_num() == 0) {
      while (working.load(std::memory_order_acquire) != 0) {
        poll.idle();
        std::this_thread::sleep_for(std::chrono::microseconds(50));
      }
    }
  }
  stop.rethrow();

  for (VertexId v = 0; v < n; ++v) res.score[v] = double(hits[v]) / r;
  return res;
}

}  // namespace corridor
