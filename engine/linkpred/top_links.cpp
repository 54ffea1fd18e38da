// top_links: two-hop enumeration for the common-neighbour indices, a
// degree-ordered pruned scan for preferential attachment; definitions in
// top_links.hpp.
//
// Approach (CN, Jaccard, AA, RA) [1]: a pair has a positive score only when
// it shares a neighbour, so from each source s we walk s -> z -> v and add
// z's term into a dense per-thread accumulator (detail/two_hop.hpp), then
// offer every non-adjacent v to a per-thread heap bounded at k. Terms are
// added in ascending z, the order of score_links' merge, so both give the
// same doubles. The heaps merge under the total order (score desc, u, v), so
// the answer does not depend on the schedule.
// Preferential attachment has no two-hop structure (distant hubs score
// highest): sources and candidates are sorted by degree descending, and a
// scan stops as soon as deg(s) * deg(v) falls below the k-th best score.
//
// OpenMP: schedule(dynamic, 16) over sources (two-hop work is skewed).
// Interrupts are polled by thread 0 every 2^16 arcs scanned (parallel.hpp).
//
// References
// [1] D. Liben-Nowell, J. Kleinberg. The link-prediction problem for social
//     networks. JASIST 58(7), 2007.
// [2] T. Zhou, L. Lü, Y.-C. Zhang. Predicting missing links via local
//     information. Eur. Phys. J. B 71, 2009.
#include "engine/linkpred/top_links.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>

#include "engine/graph/parallel.hpp"
#include "engine/linkpred/detail/two_hop.hpp"

namespace corridor {
namespace {

struct Pair {
  double score;
  VertexId u, v;
};

// a before b in the answer: higher score, then smaller (u, v).
bool better(const Pair& a, const Pair& b) {
  if (a.score != b.score) return a.score > b.score;
  return std::tie(a.u, a.v) < std::tie(b.u, b.v);
}

// The k best pairs offered so far; front() is the worst kept (a heap under `better`).
class Bounded {
 public:
  explicit Bounded(std::size_t k) : k_(k) {}
  bool full() const { return heap_.size() >= k_; }
  double threshold() const { return heap_.front().score; }
  void offer(const Pair& p) {
    if (!full()) {
      heap_.push_back(p);
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (better(p, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = p;
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }
  std::vector<Pair>& items() { return heap_; }

 private:
  std::size_t k_;
  std::vector<Pair> heap_;
};

// Which pairs compete, as (source s, other v) with s from the source list.
struct Rule {
  bool whole, among;
  std::vector<std::uint8_t> in;  // in sources
  bool operator()(VertexId s, VertexId v) const {
    if (v == s) return false;
    if (whole) return s < v;
    if (among) return in[v] && s < v;
    return !in[v] || s < v;
  }
};

std::vector<VertexId> validate(const CsrGraph& g, const TopLinksParams& p, Rule& rule) {
  validate_link_score(g, p.score, "top_links");
  if (p.k < 1) throw std::invalid_argument("top_links: k must be at least 1");
  if (p.among && p.sources.empty()) throw std::invalid_argument("top_links: among needs a non-empty sources");
  const VertexId n = g.num_vertices();
  rule.whole = p.sources.empty();
  rule.among = p.among;
  rule.in.assign(rule.whole ? 0 : n, 0);
  std::vector<VertexId> list;
  if (rule.whole) {
    list.resize(n);
    for (VertexId u = 0; u < n; ++u) list[u] = u;
    return list;
  }
  for (VertexId s : p.sources) {
    if (s >= n) {
      throw std::invalid_argument("top_links: sources names vertex " + std::to_string(s) +
                                  ", out of range (graph has " + std::to_string(n) + " vertices)");
    }
    if (!rule.in[s]) list.push_back(s);
    rule.in[s] = 1;
  }
  std::sort(list.begin(), list.end());
  return list;
}

LinkList finish(std::vector<Pair> all, std::size_t k) {
  std::sort(all.begin(), all.end(), better);
  if (all.size() > k) all.resize(k);
  LinkList out;
  for (const Pair& p : all) {
    out.u.push_back(p.u);
    out.v.push_back(p.v);
    out.score.push_back(p.score);
  }
  return out;
}

bool adjacent(const CsrGraph& g, VertexId s, VertexId v) {
  const auto ns = g.out_neighbors(s);
  return std::binary_search(ns.begin(), ns.end(), v);
}

LinkList preferential(const CsrGraph& g, const TopLinksParams& p, const Rule& rule, std::vector<VertexId> sources,
                      const RunContext& ctx) {
  const std::vector<double> deg = link_degrees(g, p.score.weighted);
  const VertexId n = g.num_vertices();
  std::vector<VertexId> cand;
  if (rule.among) {
    cand = sources;
  } else {
    cand.resize(n);
    for (VertexId v = 0; v < n; ++v) cand[v] = v;
  }
  auto by_degree = [&](VertexId a, VertexId b) { return deg[a] != deg[b] ? deg[a] > deg[b] : a < b; };
  std::sort(sources.begin(), sources.end(), by_degree);
  std::sort(cand.begin(), cand.end(), by_degree);
  Bounded heap(p.k);
  std::uint64_t scanned = 0;
  for (VertexId s : sources) {
    if (cand.empty()) break;
    const double top = deg[s] * deg[cand.front()];
    if (!(top > 0) || (heap.full() && top < heap.threshold())) break;
    for (VertexId v : cand) {
      const double b = deg[s] * deg[v];
      if (!(b > 0) || (heap.full() && b < heap.threshold())) break;
      if (++scanned % (1u << 16) == 0) ctx.check_interrupt();
      if (rule(s, v) && !adjacent(g, s, v)) heap.offer({b, s, v});
    }
  }
  return finish(std::move(heap.items()), p.k);
}

}  // namespace

LinkList top_links(const CsrGraph& g, const TopLinksParams& p, const RunContext& ctx) {
  Rule rule;
  std::vector<VertexId> sources = validate(g, p, rule);
  if (p.score.method == LinkScore::kPreferentialAttachment) return preferential(g, p, rule, std::move(sources), ctx);
  const VertexId n = g.num_vertices();
  const std::vector<double> deg = link_degrees(g, p.score.weighted);
  const LinkScore m = p.score.method;
  const bool weighted = p.score.weighted;
  const auto count = static_cast<std::int64_t>(sources.size());
  const int threads = std::max(1, std::min<int>(ctx.thread_count(), static_cast<int>(std::max<std::int64_t>(count / 16, 1))));

  detail::Stop stop;
  std::vector<Pair> all;
#pragma omp parallel num_threads(threads)
  {
    detail::Poller poller(ctx, stop, {.work = std::uint64_t{1} << 16});
    auto scratch = detail::make_or_fail<detail::TwoHopScratch>(stop, n);
    Bounded heap(p.k);
#pragma omp for schedule(dynamic, 16) nowait
    for (std::int64_t i = 0; i < count; ++i) {
      if (stop() || !scratch) continue;
      const VertexId s = sources[i];
      const std::uint64_t work = detail::two_hop_scores(
          g, deg, m, weighted, s, *scratch, [&](VertexId v) { return rule(s, v); },
          [&](VertexId v, double score) {
            if (score > 0) heap.offer({score, s, v});
          });
      poller.after(work);
    }
#pragma omp critical(corridor_top_links_merge)
    all.insert(all.end(), heap.items().begin(), heap.items().end());
  }
  stop.rethrow();
  return finish(std::move(all), p.k);
}

LinkList top_links_reference(const CsrGraph& g, const TopLinksParams& p) {
  Rule rule;
  const std::vector<VertexId> sources = validate(g, p, rule);
  std::vector<VertexId> us, vs;
  for (VertexId s : sources) {
    for (VertexId v = 0; v < g.num_vertices(); ++v) {
      if (rule(s, v) && !adjacent(g, s, v)) {
        us.push_back(s);
        vs.push_back(v);
      }
    }
  }
  const std::vector<double> sc = score_links_reference(g, us, vs, p.score);
  std::vector<Pair> all;
  for (std::size_t i = 0; i < sc.size(); ++i) {
    if (sc[i] > 0) all.push_back({sc[i], us[i], vs[i]});
  }
  return finish(std::move(all), p.k);
}

}  // namespace corridor
