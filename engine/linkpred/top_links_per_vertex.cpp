// top_links_per_vertex: the two-hop accumulation of top_links run for every
// source, each keeping its own k best; definitions in top_links_per_vertex.hpp.
//
// Approach [1, 2]: from each source s, walk s -> z -> v adding z's term into
// a dense per-thread accumulator with a touched list (detail/two_hop.hpp; no
// hash map), then select s's k best candidates with nth_element and sort
// them. Sources run in parallel, each writing its k rows into its thread's
// buffer and recording where; a final pass copies every source's rows into
// place in source order, so the answer is grouped by source and does not
// depend on the schedule.
//
// OpenMP: schedule(dynamic, 64) over sources (two-hop work is skewed: a hub's
// neighbours' neighbours). Interrupts are polled by thread 0 every 2^16 arcs
// scanned (parallel.hpp).
//
// References
// [1] D. Liben-Nowell, J. Kleinberg. The link-prediction problem for social
//     networks. JASIST 58(7), 2007.
// [2] T. Zhou, L. Lü, Y.-C. Zhang. Predicting missing links via local
//     information. Eur. Phys. J. B 71, 2009.
#include "engine/linkpred/top_links_per_vertex.hpp"

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "engine/graph/parallel.hpp"
#include "engine/linkpred/detail/two_hop.hpp"

namespace corridor {
namespace {

struct Candidate {
  double score;
  VertexId v;
};

// a before b within a source: higher score, then smaller v.
bool better(const Candidate& a, const Candidate& b) { return a.score != b.score ? a.score > b.score : a.v < b.v; }

// Keeps the k best of `c` (in any order before), sorted.
void select_best(std::vector<Candidate>& c, std::size_t k) {
  if (c.size() > k) {
    std::nth_element(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k - 1), c.end(), better);
    c.resize(k);
  }
  std::sort(c.begin(), c.end(), better);
}

std::vector<VertexId> validate(const CsrGraph& g, const TopLinksPerVertexParams& p) {
  validate_link_score(g, p.score, "top_links_per_vertex");
  if (p.score.method == LinkScore::kPreferentialAttachment) {
    throw std::invalid_argument("method: 'preferential_attachment' has no per-vertex two-hop form (ranked per "
                                "vertex it is the global degree order); use top_links");
  }
  if (p.k < 1) throw std::invalid_argument("top_links_per_vertex: k must be at least 1");
  const VertexId n = g.num_vertices();
  std::vector<VertexId> list;
  if (p.sources.empty()) {
    list.resize(n);
    for (VertexId u = 0; u < n; ++u) list[u] = u;
    return list;
  }
  for (VertexId s : p.sources) {
    if (s >= n) {
      throw std::invalid_argument("top_links_per_vertex: sources names vertex " + std::to_string(s) +
                                  ", out of range (graph has " + std::to_string(n) + " vertices)");
    }
  }
  list = p.sources;
  std::sort(list.begin(), list.end());
  list.erase(std::unique(list.begin(), list.end()), list.end());
  return list;
}

// Where one source's rows sit: thread buffer, first row, row count.
struct Slot {
  std::uint32_t thread = 0;
  std::uint64_t first = 0, count = 0;
};

}  // namespace

std::vector<std::uint32_t> ranks_within_sources(const LinkList& links) {
  std::vector<std::uint32_t> rank(links.size());
  std::size_t group = 0, tie = 0;  // where the current source's rows, and the current tie, begin
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (i == 0 || links.u[i] != links.u[i - 1]) {
      group = tie = i;
    } else if (links.score[i] != links.score[i - 1]) {
      tie = i;
    }
    rank[i] = static_cast<std::uint32_t>(tie - group + 1);
  }
  return rank;
}

LinkList top_links_per_vertex(const CsrGraph& g, const TopLinksPerVertexParams& p, const RunContext& ctx) {
  const std::vector<VertexId> sources = validate(g, p);
  const VertexId n = g.num_vertices();
  const std::vector<double> deg = link_degrees(g, p.score.weighted);
  const LinkScore m = p.score.method;
  const bool weighted = p.score.weighted;
  const auto count = static_cast<std::int64_t>(sources.size());
  const int threads = std::max(1, std::min<int>(ctx.thread_count(), static_cast<int>(std::max<std::int64_t>(count / 64, 1))));

  detail::Stop stop;
  std::vector<Slot> slots(sources.size());
  std::vector<std::vector<Candidate>> buffers(static_cast<std::size_t>(threads));
#pragma omp parallel num_threads(threads)
  {
    const auto t = static_cast<std::uint32_t>(omp_get_thread_num());
    detail::Poller poller(ctx, stop, {.work = std::uint64_t{1} << 16});
    auto scratch = detail::make_or_fail<detail::TwoHopScratch>(stop, n);
    std::vector<Candidate> cand;
    std::vector<Candidate>& out = buffers[t];
#pragma omp for schedule(dynamic, 64) nowait
    for (std::int64_t i = 0; i < count; ++i) {
      if (stop() || !scratch) continue;
      try {
        const VertexId s = sources[i];
        cand.clear();
        const std::uint64_t work = detail::two_hop_scores(
            g, deg, m, weighted, s, *scratch, [](VertexId) { return true; },
            [&](VertexId v, double score) {
              if (score > 0) cand.push_back({score, v});
            });
        select_best(cand, p.k);
        slots[i] = {t, out.size(), cand.size()};
        out.insert(out.end(), cand.begin(), cand.end());
        poller.after(work);
      } catch (...) {
        stop.fail();
      }
    }
  }
  stop.rethrow();

  // Every source's rows into place, in source order.
  std::vector<std::uint64_t> offset(sources.size() + 1, 0);
  for (std::size_t i = 0; i < sources.size(); ++i) offset[i + 1] = offset[i] + slots[i].count;
  LinkList r;
  r.u.resize(offset.back());
  r.v.resize(offset.back());
  r.score.resize(offset.back());
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::int64_t i = 0; i < count; ++i) {
    const Slot& s = slots[i];
    const Candidate* from = buffers[s.thread].data() + s.first;
    for (std::uint64_t j = 0; j < s.count; ++j) {
      r.u[offset[i] + j] = sources[i];
      r.v[offset[i] + j] = from[j].v;
      r.score[offset[i] + j] = from[j].score;
    }
  }
  return r;
}

LinkList top_links_per_vertex_reference(const CsrGraph& g, const TopLinksPerVertexParams& p) {
  const std::vector<VertexId> sources = validate(g, p);
  LinkList r;
  for (VertexId s : sources) {
    const auto ns = g.out_neighbors(s);
    std::vector<VertexId> us, vs;
    for (VertexId v = 0; v < g.num_vertices(); ++v) {
      if (v != s && !std::binary_search(ns.begin(), ns.end(), v)) {
        us.push_back(s);
        vs.push_back(v);
      }
    }
    const std::vector<double> sc = score_links_reference(g, us, vs, p.score);
    std::vector<Candidate> cand;
    for (std::size_t i = 0; i < sc.size(); ++i) {
      if (sc[i] > 0) cand.push_back({sc[i], vs[i]});
    }
    std::sort(cand.begin(), cand.end(), better);
    if (cand.size() > p.k) cand.resize(p.k);
    for (const Candidate& c : cand) {
      r.u.push_back(s);
      r.v.push_back(c.v);
      r.score.push_back(c.score);
    }
  }
  return r;
}

}  // namespace corridor
