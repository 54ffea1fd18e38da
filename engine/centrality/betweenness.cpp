// Brandes' betweenness over a CsrGraph, parallel over sources [1, 2].
//
// Per source: a BFS (or Dijkstra) records the settle order S and the path
// counts sigma, then S is walked backwards to sum the dependencies.
// - Unweighted: the BFS marks, in a bitmap with one bit per arc, the arcs
//   that end a shortest path; walking back, each vertex pulls from the
//   successors its marked arcs name (a level further, so already done) and
//   clears the marks. Only DAG arcs cost a random read.
// - Weighted: each vertex w hands its dependency to its predecessors, found by
//   scanning w's in-arcs: v precedes w iff dist(v) + len(v, w) == dist(w),
//   compared exactly, as networkx does. The walk resets each vertex as it
//   passes it, so that test never matches a vertex later in S.
// Either way the scratch is clean for the next source without an O(n) sweep.
//
// Leaf folding [3, 4] (undirected, unweighted, every vertex a source and a
// target, no endpoints): degree-1 vertices are peeled until none is left, so
// each peeled vertex hangs, through a tree, from one kept vertex. A peeled
// vertex u separates its component: with size(u) the vertices of its subtree
// (u included), S = size(u) - 1, Q the sum of its child subtrees' squared
// sizes and N its component's size, it lies on the unique path of exactly
// (S^2 - Q) / 2 + S (N - size(u)) unordered pairs. A kept vertex r gets the
// same count for the pairs with an end in the trees hanging from it, plus the
// Brandes sum over the core (the kept vertices) with vertex weights w(r) =
// size(r): source s counts w(s) times and target t contributes w(t) instead of
// 1 — every pair (x, y) hanging from (r_x, r_y) runs through the core's
// shortest r_x-r_y paths. The core search skips the peeled vertices' sources
// and arcs; counts are integers below 2^53, exact in doubles.
//
// Twins [4] (with leaf folding): kept vertices x and r with the same core
// neighbours and the same weight — not adjacent (same open neighbourhood) or
// adjacent (same closed neighbourhood) — are swapped by an automorphism of
// the weighted core, so a search from x credits every other vertex what a
// search from r does, and neither credits the other anything (no shortest
// path from r runs through x: x's neighbours are r's). So one search per
// twin class, its source counted w(r) x |class| times, gives the same sums;
// collaboration networks (every author of a one-paper team is a twin) lose
// most of their searches this way.
//
// Determinism at any thread count: the sorted sources are dealt to fixed
// blocks (block b holds sources b, b + B, b + 2B, ...; B depends on the source
// count only). A thread sums one block into its partial vector, source by
// source, then adds the partial into the scores once every earlier block is
// in. Neither the blocks nor any addition order depends on the thread count.
//
// [1] U. Brandes. A faster algorithm for betweenness centrality. J. Math.
//     Sociology 25(2):163-177, 2001.
// [2] U. Brandes. On variants of shortest-path betweenness centrality and their
//     generic computation. Social Networks 30(2):136-145, 2008.
// [3] M. Baglioni, F. Geraci, M. Pellegrini, E. Lastres. Fast exact computation
//     of betweenness centrality in social networks. ASONAM 2012, 450-456.
// [4] A. E. Sariyuce, E. Saule, K. Kaya, U. V. Catalyurek. Shattering and
//     compressing networks for betweenness centrality. SDM 2013, 686-694.
#include "engine/centrality/betweenness.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/centrality/detail/shortest_paths.hpp"
#include "engine/graph/parallel.hpp"
#include "engine/graph/subgraph.hpp"

namespace corridor {
namespace {

using detail::kInf;
using detail::kUnreached;
using detail::Lengths;

// Thread 0 polls the interrupt callback after this many sources or arcs
// scanned, whichever comes first.
constexpr detail::PollEvery kPoll{.items = 16, .work = std::uint64_t{1} << 22};

void check_ids(const std::vector<VertexId>& ids, VertexId n, const char* who, const char* name) {
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (ids[k] >= n) {
      throw std::invalid_argument(std::string(who) + ": params." + name + "[" + std::to_string(k) +
                                  "] = " + std::to_string(ids[k]) + " is not a vertex (num_vertices = " +
                                  std::to_string(n) + ")");
    }
  }
}

void validate(const CsrGraph& g, const BetweennessParams& p, const char* who) {
  check_ids(p.sources, g.num_vertices(), who, "sources");
  check_ids(p.targets, g.num_vertices(), who, "targets");
  if (p.endpoints && (!p.sources.empty() || !p.targets.empty())) {
    throw std::invalid_argument(std::string(who) +
                                ": params.endpoints cannot be combined with sources/targets "
                                "(networkx's betweenness_centrality_subset has no endpoints variant)");
  }
  if (p.weighted) detail::check_path_weights(g, p.weight_as, who);
}

// The sorted distinct ids of `ids`, or every vertex when it is empty.
std::vector<VertexId> vertex_set(const std::vector<VertexId>& ids, VertexId n) {
  std::vector<VertexId> s;
  if (ids.empty()) {
    s.resize(n);
    for (VertexId v = 0; v < n; ++v) s[v] = v;
  } else {
    s = ids;
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
  }
  return s;
}

// networkx's _rescale (k = None): N counts the vertices that can be a path
// end other than v; normalized divides by the N (N - 1) ordered pairs,
// unnormalised undirected halves (each unordered pair was counted from both
// ends). N < 2 leaves the scores (all zero then) untouched.
double scale_factor(VertexId n, bool directed, bool normalized, bool endpoints) {
  const double big_n = endpoints ? double(n) : double(n) - 1;
  if (big_n < 2) return 1;
  if (normalized) return 1 / (big_n * (big_n - 1));
  return directed ? 1.0 : 0.5;
}

// One thread's working set: O(n) arrays reused from source to source, plus the
// partial scores of the block in hand and the vertices they touch.
struct Scratch : detail::SearchState {
  Scratch(VertexId n, EdgeOffset arcs, bool weighted)
      : SearchState(n, weighted), delta(n, 0.0), partial(n, 0.0) {
    order.reserve(n);
    if (!weighted) dag.assign(arcs / 64 + 1, 0);
  }

  // Marks arc i as a shortest-path DAG arc.
  void mark(EdgeOffset i) { dag[i >> 6] |= std::uint64_t{1} << (i & 63); }

  // Calls f(i) for each marked arc i in [first, last), in order, and clears
  // the marks for the next source; a word at a time.
  template <typename F>
  void take(EdgeOffset first, EdgeOffset last, F&& f) {
    while (first < last) {
      const EdgeOffset word = first >> 6, base = word << 6;
      const unsigned lo = unsigned(first - base);
      const unsigned hi = unsigned(std::min<EdgeOffset>(last - base, 64));
      const std::uint64_t mask = (hi == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << hi) - 1) &
                                 ~((std::uint64_t{1} << lo) - 1);
      std::uint64_t bits = dag[word] & mask;
      dag[word] &= ~mask;
      for (; bits; bits &= bits - 1) f(base + EdgeOffset(std::countr_zero(bits)));
      first = base + 64;
    }
  }

  void credit(VertexId v, double x) {
    if (x == 0) return;
    if (partial[v] == 0) touched.push_back(v);  // contributions are >= 0
    partial[v] += x;
  }

  std::vector<double> delta, partial;
  std::vector<std::uint64_t> dag;  // unweighted: one bit per arc, set when it ends a shortest path
  std::vector<VertexId> order;    // S: vertices in settle order (also the BFS queue)
  std::vector<VertexId> touched;  // vertices with partial != 0
};

struct Problem {
  const CsrGraph& g;
  const Lengths& len;
  const std::vector<char>* is_target;  // null: every vertex is a target
  bool endpoints;
  const double* vertex_weight = nullptr;  // leaf folding's w(v); null: every weight is 1
  const double* source_count = nullptr;   // twins: the searches a source stands for; null: 1 each
};

// Forward pass from s: fills order, sigma and hops/dist. Returns the arcs scanned.
template <bool kWeighted>
std::uint64_t forward(const Problem& pb, VertexId s, Scratch& sc) {
  const Adjacency& out = pb.g.out();
  std::uint64_t work = 0;
  sc.order.clear();
  sc.sigma[s] = 1;
  if constexpr (!kWeighted) {
    sc.hops[s] = 0;
    sc.order.push_back(s);
    for (std::size_t head = 0; head < sc.order.size(); ++head) {
      const VertexId v = sc.order[head];
      const std::uint32_t next = sc.hops[v] + 1;
      const double sv = sc.sigma[v];
      for (EdgeOffset i = out.offsets[v]; i < out.offsets[v + 1]; ++i) {
        const VertexId w = out.neighbors[i];
        if (sc.hops[w] == kUnreached) {
          sc.hops[w] = next;
          sc.order.push_back(w);
        }
        if (sc.hops[w] == next) {
          sc.sigma[w] += sv;
          sc.mark(i);
        }
      }
      work += out.offsets[v + 1] - out.offsets[v];
    }
  } else {
    // networkx's _single_source_dijkstra_path_basic: a strictly shorter
    // tentative distance restarts w's count, an exactly equal one adds to it.
    const double* len = pb.len.out();
    const auto later = std::greater<>();
    auto& heap = sc.heap;
    heap.clear();
    sc.dist[s] = 0;
    heap.emplace_back(0.0, s);
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), later);
      const auto [d, v] = heap.back();
      heap.pop_back();
      if (sc.settled[v]) continue;  // a stale entry
      sc.settled[v] = 1;
      sc.order.push_back(v);
      const double sv = sc.sigma[v];
      for (EdgeOffset i = out.offsets[v]; i < out.offsets[v + 1]; ++i) {
        const VertexId w = out.neighbors[i];
        if (sc.settled[w]) continue;  // includes the self-loop w == v
        const double nd = d + len[i];
        if (nd < sc.dist[w]) {
          sc.dist[w] = nd;
          sc.sigma[w] = sv;
          heap.emplace_back(nd, w);
          std::push_heap(heap.begin(), heap.end(), later);
        } else if (nd == sc.dist[w]) {
          sc.sigma[w] += sv;
        }
      }
      work += out.offsets[v + 1] - out.offsets[v];
    }
  }
  return work;
}

// Backward pass, unweighted: v's dependency pulled from the successors the
// forward pass marked, delta(v) = sigma(v) sum_w c(w) with c(w) = (delta(w) +
// ends(w)) / sigma(w) kept in sc.delta once w is done; successors are a level
// further, so done first. Credits the block's partial scores, resets the
// scratch. Returns the arcs scanned.
std::uint64_t backward_bfs(const Problem& pb, VertexId s, Scratch& sc) {
  const Adjacency& out = pb.g.out();
  const double* weight = pb.vertex_weight;
  const double source_weight = (weight ? weight[s] : 1.0) * (pb.source_count ? pb.source_count[s] : 1.0);
  std::uint64_t work = 0;
  for (std::size_t k = sc.order.size(); k-- > 0;) {
    const VertexId v = sc.order[k];
    double pulled = 0;
    sc.take(out.offsets[v], out.offsets[v + 1], [&](EdgeOffset i) { pulled += sc.delta[out.neighbors[i]]; });
    work += out.offsets[v + 1] - out.offsets[v];
    if (k == 0) break;  // the source: its arcs' marks are cleared, it gains nothing
    const double delta = sc.sigma[v] * pulled;
    sc.credit(v, pb.endpoints ? delta + 1 : source_weight * delta);
    const bool target = !pb.is_target || (*pb.is_target)[v];
    const double ends = target ? (weight ? weight[v] : 1.0) : 0.0;
    sc.delta[v] = (delta + ends) / sc.sigma[v];
  }
  if (pb.endpoints) sc.credit(s, double(sc.order.size() - 1));
  for (VertexId v : sc.order) sc.reset<false>(v);  // sc.delta is written before it is read
  return work;
}

// Backward pass, weighted: dependencies in reverse settle order, pushed to the
// predecessors found by scanning in-arcs, credited to the block's partial
// scores; resets the scratch. Returns the arcs scanned. (Leaf folding, hence
// pb.vertex_weight, is unweighted only.)
std::uint64_t backward_dijkstra(const Problem& pb, VertexId s, Scratch& sc) {
  const Adjacency& in = pb.g.in();
  const double* len = pb.len.in();
  std::uint64_t work = 0;
  auto reset = [&](VertexId v) {
    sc.reset<true>(v);
    sc.delta[v] = 0;
  };
  for (std::size_t k = sc.order.size(); k-- > 1;) {  // order[0] is s
    const VertexId w = sc.order[k];
    // networkx's _accumulate_basic / _accumulate_subset coefficient.
    const bool target = !pb.is_target || (*pb.is_target)[w];
    const double coeff = (target ? sc.delta[w] + 1.0 : sc.delta[w]) / sc.sigma[w];
    for (EdgeOffset i = in.offsets[w]; i < in.offsets[w + 1]; ++i) {
      const VertexId v = in.neighbors[i];
      if (v != w && sc.dist[v] + len[i] == sc.dist[w]) sc.delta[v] += sc.sigma[v] * coeff;
    }
    work += in.offsets[w + 1] - in.offsets[w];
    sc.credit(w, pb.endpoints ? sc.delta[w] + 1 : sc.delta[w]);
    reset(w);
  }
  if (pb.endpoints) sc.credit(s, double(sc.order.size() - 1));
  reset(s);
  return work;
}

template <bool kWeighted>
std::uint64_t single_source(const Problem& pb, VertexId s, Scratch& sc) {
  const std::uint64_t work = forward<kWeighted>(pb, s, sc);
  if constexpr (kWeighted) {
    return work + backward_dijkstra(pb, s, sc);
  } else {
    return work + backward_bfs(pb, s, sc);
  }
}

// Leaf folding (see the top): the kept vertices, their weights, and per
// vertex the ordered-pair count of the paths through it that the core search
// does not see; nullopt when no vertex has degree 1.
struct LeafFold {
  std::vector<VertexId> kept;    // sorted
  std::vector<double> weight;    // per kept vertex (index into kept): size(r)
  std::vector<double> separated;  // per vertex: 2 x the unordered-pair count
};

std::optional<LeafFold> fold_leaves(const CsrGraph& g) {
  const VertexId n = g.num_vertices();
  const Adjacency& a = g.out();
  constexpr VertexId kKept = kUnreached;
  std::vector<VertexId> degree(n), parent(n, kKept), peeled, queue;
  for (VertexId v = 0; v < n; ++v) {
    for (EdgeOffset i = a.offsets[v]; i < a.offsets[v + 1]; ++i) degree[v] += a.neighbors[i] != v;
    if (degree[v] == 1) queue.push_back(v);
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const VertexId u = queue[head];
    if (degree[u] != 1) continue;  // its last neighbour was peeled first
    VertexId p = u;
    for (EdgeOffset i = a.offsets[u]; i < a.offsets[u + 1]; ++i) {
      const VertexId w = a.neighbors[i];
      if (w != u && parent[w] == kKept && degree[w] > 0) p = w;
    }
    parent[u] = p;
    degree[u] = 0;
    peeled.push_back(u);
    if (--degree[p] == 1) queue.push_back(p);
  }
  if (peeled.empty()) return std::nullopt;

  // Subtree sizes and children's squared sizes: a vertex is peeled after all
  // its children.
  std::vector<double> size(n, 1.0), squares(n, 0.0);
  for (VertexId u : peeled) {
    size[parent[u]] += size[u];
    squares[parent[u]] += size[u] * size[u];
  }
  // Component sizes, by BFS over the whole graph.
  std::vector<double> component(n, 0.0);
  std::vector<VertexId> members;
  for (VertexId r = 0; r < n; ++r) {
    if (component[r] != 0) continue;
    members.assign(1, r);
    component[r] = -1;  // reached
    for (std::size_t h = 0; h < members.size(); ++h) {
      const VertexId v = members[h];
      for (EdgeOffset i = a.offsets[v]; i < a.offsets[v + 1]; ++i) {
        const VertexId w = a.neighbors[i];
        if (component[w] == 0) {
          component[w] = -1;
          members.push_back(w);
        }
      }
    }
    for (VertexId v : members) component[v] = double(members.size());
  }

  LeafFold f;
  f.separated.resize(n);
  for (VertexId v = 0; v < n; ++v) {
    const double s = size[v] - 1;
    f.separated[v] = s * s - squares[v] + 2 * s * (component[v] - size[v]);
    if (parent[v] == kKept) {
      f.kept.push_back(v);
      f.weight.push_back(size[v]);
    }
  }
  return f;
}

// Twin classes of the folded core (see the top): for each vertex, the number
// of searches its source stands for — the size of its class for the lowest
// vertex of a class, 0 for the others, 1 for a vertex without twin.
std::vector<double> twin_multiplicity(const CsrGraph& core, const std::vector<double>& weight) {
  const VertexId n = core.num_vertices();
  const Adjacency& a = core.out();
  // v's neighbours other than itself (a sorted run of the CSR), with v
  // itself merged in when closed; equal lists are equal neighbourhoods.
  auto neighbourhood = [&](VertexId v, bool closed, std::vector<VertexId>& out) {
    out.clear();
    bool placed = !closed;
    for (EdgeOffset i = a.offsets[v]; i < a.offsets[v + 1]; ++i) {
      const VertexId w = a.neighbors[i];
      if (w == v) continue;  // a self-loop is on no shortest path
      if (!placed && v < w) {
        out.push_back(v);
        placed = true;
      }
      out.push_back(w);
    }
    if (!placed) out.push_back(v);
  };
  std::vector<double> mult(n, 1.0);
  std::vector<VertexId> nv, nw;
  for (bool closed : {false, true}) {
    // Group by a hash of (weight, neighbourhood), then compare exactly.
    std::vector<std::pair<std::uint64_t, VertexId>> keyed;
    keyed.reserve(n);
    for (VertexId v = 0; v < n; ++v) {
      if (mult[v] != 1.0) continue;  // already in an open-twin class
      neighbourhood(v, closed, nv);
      std::uint64_t h = std::hash<double>{}(weight[v]) ^ (nv.size() * 0x9e3779b97f4a7c15ULL);
      for (VertexId w : nv) h = (h ^ w) * 0x100000001b3ULL;
      keyed.emplace_back(h, v);
    }
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t i = 0; i < keyed.size();) {
      std::size_t j = i + 1;
      while (j < keyed.size() && keyed[j].first == keyed[i].first) ++j;
      // Within a hash group: each still-unclassed vertex (lowest first) takes
      // the later ones whose neighbourhood and weight are equal to its own.
      for (std::size_t x = i; x < j; ++x) {
        const VertexId r = keyed[x].second;
        if (mult[r] != 1.0 || j - x < 2) continue;
        neighbourhood(r, closed, nv);
        double size = 1;
        for (std::size_t y = x + 1; y < j; ++y) {
          const VertexId t = keyed[y].second;
          if (mult[t] != 1.0 || weight[t] != weight[r]) continue;
          neighbourhood(t, closed, nw);
          if (nw != nv) continue;
          mult[t] = 0.0;
          ++size;
        }
        mult[r] = size;
      }
      i = j;
    }
  }
  return mult;
}

// Brandes' sum over `sources` into score (ordered pairs, not rescaled).
void accumulate(const Problem& pb, const std::vector<VertexId>& sources, const RunContext& ctx,
                std::vector<double>& score) {
  const VertexId n = pb.g.num_vertices();
  const bool weighted = pb.len.out() != nullptr;
  // Blocks of up to 64 sources, at least 256 blocks when there are enough
  // sources: the serial merge stays small next to a block's work.
  const std::size_t ns = sources.size();
  if (ns == 0) return;
  const std::size_t per_block = std::clamp<std::size_t>(ns / 256, 1, 64);
  const std::size_t blocks = (ns + per_block - 1) / per_block;
  const int threads = int(std::min<std::size_t>(std::size_t(ctx.thread_count()), blocks));

  // Schedule: dynamic, one block at a time, taken from `next` in block order;
  // a thread merges its block when `merged` says every earlier block is in.
  // Hand-rolled rather than `omp for schedule(dynamic, 1) ordered` so that
  // thread 0 keeps polling for interrupts while it waits its turn or for the
  // last blocks of the others.
  detail::Stop stop;
  std::atomic<std::size_t> next{0}, merged{0};
#pragma omp parallel num_threads(threads)
  {
    const std::unique_ptr<Scratch> sc = detail::make_or_fail<Scratch>(stop, n, pb.g.out().neighbors.size(), weighted);
    detail::Poller poll(ctx, stop, kPoll);
    for (std::size_t b; (b = next.fetch_add(1, std::memory_order_relaxed)) < blocks;) {
      if (sc && !stop()) {
        try {
          for (std::size_t k = b; k < ns && !stop(); k += blocks) {
            poll.after(weighted ? single_source<true>(pb, sources[k], *sc)
                                : single_source<false>(pb, sources[k], *sc));
          }
        } catch (...) {
          stop.fail();
        }
      }
      for (int spins = 0; merged.load(std::memory_order_acquire) != b; detail::wait_briefly(spins)) {
        poll.idle();
      }
      if (sc) {
        const bool keep = !stop();
        for (VertexId v : sc->touched) {
          if (keep) score[v] += sc->partial[v];
          sc->partial[v] = 0;
        }
        sc->touched.clear();
      }
      merged.store(b + 1, std::memory_order_release);
    }
    if (omp_get_thread_num() == 0) {
      for (int spins = 0; merged.load(std::memory_order_acquire) != blocks; detail::wait_briefly(spins)) {
        poll.idle();
      }
    }
  }
  stop.rethrow();
}

}  // namespace

CentralityResult betweenness(const CsrGraph& g, const BetweennessParams& p, const RunContext& ctx) {
  validate(g, p, "betweenness");
  const VertexId n = g.num_vertices();
  CentralityResult res;
  res.score.assign(n, 0.0);
  if (n == 0) return res;
  ctx.check_interrupt();

  // Leaf folding and twins: undirected, unweighted, every vertex a source
  // and a target, no endpoints.
  const bool foldable = !g.directed() && !p.weighted && !p.endpoints && p.sources.empty() && p.targets.empty();
  std::optional<LeafFold> fold;
  if (foldable) fold = fold_leaves(g);
  // One search per twin class of h, whose vertices weigh `weight`.
  auto by_twin_classes = [&](const CsrGraph& h, const std::vector<double>& weight, const double* vertex_weight,
                             std::vector<double>& score) {
    const Lengths len(h, false, p.weight_as);
    const std::vector<double> count = twin_multiplicity(h, weight);
    const Problem pb{h, len, nullptr, false, vertex_weight, count.data()};
    std::vector<VertexId> sources;
    for (VertexId v = 0; v < h.num_vertices(); ++v)
      if (count[v] != 0) sources.push_back(v);
    accumulate(pb, sources, ctx, score);
  };
  if (fold) {
    const CsrGraph core = induced_subgraph(g, fold->kept);
    std::vector<double> core_score(core.num_vertices(), 0.0);
    by_twin_classes(core, fold->weight, fold->weight.data(), core_score);
    res.score = std::move(fold->separated);
    for (std::size_t i = 0; i < fold->kept.size(); ++i) res.score[fold->kept[i]] += core_score[i];
  } else if (foldable) {  // no leaf to fold
    by_twin_classes(g, std::vector<double>(n, 1.0), nullptr, res.score);
  } else {
    std::vector<char> target_mask;
    if (!p.targets.empty()) {
      target_mask.assign(n, 0);
      for (VertexId t : p.targets) target_mask[t] = 1;
    }
    const Lengths len(g, p.weighted, p.weight_as);
    const Problem pb{g, len, p.targets.empty() ? nullptr : &target_mask, p.endpoints};
    accumulate(pb, vertex_set(p.sources, n), ctx, res.score);
  }

  const double scale = scale_factor(n, g.directed(), p.normalized, p.endpoints);
  if (scale != 1) {
    for (double& x : res.score) x *= scale;
  }
  return res;
}

// All-pairs distances and path counts by a quadratic Dijkstra per source, then
// the pair sum of the definition; shares only the argument checks, the length
// table and the source/target sets with the kernel.
std::vector<double> betweenness_reference(const CsrGraph& g, const BetweennessParams& p) {
  validate(g, p, "betweenness_reference");
  const VertexId n = g.num_vertices();
  const Lengths len(g, p.weighted, p.weight_as);
  const Adjacency& out = g.out();
  auto length = [&](EdgeOffset i) { return p.weighted ? len.out()[i] : 1.0; };

  // dist[s * n + t] and sigma[s * n + t]: length and number of shortest s-t paths.
  std::vector<double> dist(std::size_t(n) * n, kInf), sigma(std::size_t(n) * n, 0.0);
  std::vector<char> done(n);
  std::vector<VertexId> order;
  for (VertexId s = 0; s < n; ++s) {
    double* d = &dist[std::size_t(s) * n];
    double* c = &sigma[std::size_t(s) * n];
    std::fill(done.begin(), done.end(), 0);
    order.clear();
    d[s] = 0;
    for (;;) {
      VertexId v = n;
      for (VertexId u = 0; u < n; ++u) {
        if (!done[u] && d[u] < kInf && (v == n || d[u] < d[v])) v = u;
      }
      if (v == n) break;
      done[v] = 1;
      order.push_back(v);
      for (EdgeOffset i = out.offsets[v]; i < out.offsets[v + 1]; ++i) {
        const VertexId w = out.neighbors[i];
        if (w != v) d[w] = std::min(d[w], d[v] + length(i));
      }
    }
    // Counts in settle order: sigma(s, w) sums sigma(s, v) over the arcs v -> w
    // that end a shortest path.
    c[s] = 1;
    for (VertexId v : order) {
      for (EdgeOffset i = out.offsets[v]; i < out.offsets[v + 1]; ++i) {
        const VertexId w = out.neighbors[i];
        if (w != v && d[v] < d[w] && d[v] + length(i) == d[w]) c[w] += c[v];
      }
    }
  }

  const std::vector<VertexId> sources = vertex_set(p.sources, n);
  const std::vector<VertexId> targets = vertex_set(p.targets, n);
  std::vector<double> b(n, 0.0);
  for (VertexId s : sources) {
    for (VertexId t : targets) {
      const double dst = dist[std::size_t(s) * n + t];
      if (s == t || dst == kInf) continue;
      if (p.endpoints) {
        b[s] += 1;
        b[t] += 1;
      }
      for (VertexId v = 0; v < n; ++v) {
        if (v == s || v == t) continue;
        if (dist[std::size_t(s) * n + v] + dist[std::size_t(v) * n + t] == dst) {
          b[v] += sigma[std::size_t(s) * n + v] * sigma[std::size_t(v) * n + t] /
                  sigma[std::size_t(s) * n + t];
        }
      }
    }
  }

  // Normalised: over the ordered pairs v could lie between — (n-1)(n-2), or
  // n(n-1) when path ends count. Otherwise an undirected pair was summed from
  // both ends: halve.
  const double pairs = p.endpoints ? double(n) * (n - 1.0) : (n - 1.0) * (n - 2.0);
  for (double& x : b) {
    if (p.normalized) {
      if (pairs > 0) x /= pairs;
    } else if (!g.directed()) {
      x /= 2;
    }
  }
  return b;
}

}  // namespace corridor
