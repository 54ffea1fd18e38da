#include "engine/graph/csr_builder.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace corridor {
namespace {

void resize(Adjacency& a, VertexId n, std::uint64_t arcs) {
  a.offsets.assign(std::size_t{n} + 1, 0);
  a.neighbors.resize(arcs);
  a.weights.resize(arcs);
  a.counts.resize(arcs);
  a.first_time.resize(arcs);
  a.last_time.resize(arcs);
}

// A record on its way through the sort: endpoints already ordered as the
// graph needs them, weight and time carried along so that every later pass
// reads memory in order.
struct Rec {
  VertexId a, b;
  double w;
  Timestamp t;
};

// One stable counting-sort pass of `in` by key(rec) into `out`.
template <typename Key>
void counting_sort(VertexId n, const BigVector<Rec>& in, BigVector<Rec>& out, Key key) {
  std::vector<std::uint64_t> start(std::size_t{n} + 1, 0);
  for (const Rec& x : in) ++start[key(x) + 1];
  for (VertexId v = 0; v < n; ++v) start[v + 1] += start[v];
  for (const Rec& x : in) out[start[key(x)]++] = x;
}

}  // namespace

CsrGraph build_csr(VertexId n, const EdgeRecords& r, const BuildOptions& opt, const RunContext& ctx) {
  const std::uint64_t m = r.size();
  if (r.dst.size() != m || (!r.weight.empty() && r.weight.size() != m) ||
      (!r.time.empty() && r.time.size() != m)) {
    throw std::invalid_argument("build_csr: src, dst, weight and time must have the same length");
  }
  for (std::uint64_t i = 0; i < m; ++i) {
    if (r.src[i] >= n || r.dst[i] >= n) {
      throw std::invalid_argument("build_csr: record " + std::to_string(i) + " names vertex " +
                                  std::to_string(std::max(r.src[i], r.dst[i])) +
                                  " but the graph has " + std::to_string(n) + " vertices");
    }
  }

  // 1. Two stable counting sorts (second endpoint, then first): records end
  // up ordered by (first, second), equal pairs in record order, with no
  // comparison sort. Undirected records are stored as (min, max).
  BigVector<Rec> recs(m), sorted(m);
  for (std::uint64_t i = 0; i < m; ++i) {
    const VertexId s = r.src[i], d = r.dst[i];
    recs[i] = {opt.directed ? s : std::min(s, d), opt.directed ? d : std::max(s, d),
               r.weight.empty() ? 1.0 : r.weight[i], r.time.empty() ? kNoTime : r.time[i]};
  }
  counting_sort(n, recs, sorted, [](const Rec& x) { return x.b; });
  ctx.check_interrupt();
  counting_sort(n, sorted, recs, [](const Rec& x) { return x.a; });
  sorted = {};
  ctx.check_interrupt();

  // 2. One pass over runs of equal pairs: aggregate (in record order, so a
  // sum is the same whatever the input size or thread count) and append the
  // edges that pass min_weight.
  auto pairs = std::make_shared<Adjacency>();
  pairs->offsets.assign(std::size_t{n} + 1, 0);
  for (std::uint64_t i = 0; i < m;) {
    const VertexId a = recs[i].a, b = recs[i].b;
    double w = 0;
    std::uint32_t count = 0;
    Timestamp first = kNoTime, last = kNoTime;
    for (; i < m && recs[i].a == a && recs[i].b == b; ++i) {
      const double x = recs[i].w;
      switch (opt.aggregate) {
        case Aggregate::kCount: w += 1.0; break;
        case Aggregate::kSum: w += x; break;
        case Aggregate::kMax: w = count == 0 ? x : std::max(w, x); break;
      }
      ++count;
      const Timestamp t = recs[i].t;
      if (t != kNoTime) {
        first = first == kNoTime ? t : std::min(first, t);
        last = last == kNoTime ? t : std::max(last, t);
      }
    }
    if (w < opt.min_weight) continue;
    pairs->neighbors.push_back(b);
    pairs->weights.push_back(w);
    pairs->counts.push_back(count);
    pairs->first_time.push_back(first);
    pairs->last_time.push_back(last);
    ++pairs->offsets[a + 1];
  }
  for (VertexId v = 0; v < n; ++v) pairs->offsets[v + 1] += pairs->offsets[v];
  recs = {};
  ctx.check_interrupt();
  const std::uint64_t num_pairs = pairs->neighbors.size();

  // 4. The other direction by an ordered scatter: walking first endpoints in
  // ascending order appends to every target list in ascending order. Arcs
  // are scattered as one struct each (one cache line touched per arc, not
  // five), then split into the adjacency's arrays in order.
  struct Arc {
    VertexId neighbor;
    std::uint32_t count;
    double weight;
    Timestamp first, last;
  };
  auto scatter = [&](bool mirror_into_self) {
    BigVector<std::uint64_t> deg(std::size_t{n} + 1, 0);
    for (VertexId u = 0; u < n; ++u) {
      for (std::uint64_t i = pairs->offsets[u]; i < pairs->offsets[u + 1]; ++i) {
        const VertexId w = pairs->neighbors[i];
        ++deg[w + 1];
        if (mirror_into_self && w != u) ++deg[u + 1];
      }
    }
    for (VertexId v = 0; v < n; ++v) deg[v + 1] += deg[v];
    BigVector<Arc> arcs(deg[n]);
    std::vector<std::uint64_t> fill(deg.begin(), deg.end() - 1);
    for (VertexId u = 0; u < n; ++u) {
      for (std::uint64_t i = pairs->offsets[u]; i < pairs->offsets[u + 1]; ++i) {
        const VertexId w = pairs->neighbors[i];
        const Arc arc{0, pairs->counts[i], pairs->weights[i], pairs->first_time[i], pairs->last_time[i]};
        // Undirected: u's list gets its larger neighbours now, after every
        // smaller one was appended while walking that smaller vertex.
        if (mirror_into_self) {
          arcs[fill[u]] = arc;
          arcs[fill[u]++].neighbor = w;
        }
        if (!mirror_into_self || w != u) {
          arcs[fill[w]] = arc;
          arcs[fill[w]++].neighbor = u;
        }
      }
    }
    auto out = std::make_shared<Adjacency>();
    resize(*out, n, arcs.size());
    out->offsets = std::move(deg);
    for (std::uint64_t i = 0; i < arcs.size(); ++i) {
      out->neighbors[i] = arcs[i].neighbor;
      out->counts[i] = arcs[i].count;
      out->weights[i] = arcs[i].weight;
      out->first_time[i] = arcs[i].first;
      out->last_time[i] = arcs[i].last;
    }
    return out;
  };

  if (opt.directed) {
    auto in = scatter(false);
    return CsrGraph(true, std::move(pairs), std::move(in), num_pairs);
  }
  auto both = scatter(true);
  std::shared_ptr<const Adjacency> shared = std::move(both);
  return CsrGraph(false, shared, shared, num_pairs);
}

}  // namespace corridor
