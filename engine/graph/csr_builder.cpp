#include "engine/graph/csr_builder.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace corridor {
namespace {

struct Slot {
  VertexId other;
  std::uint64_t record;
  bool operator<(const Slot& o) const {
    return other != o.other ? other < o.other : record < o.record;
  }
};

struct EdgeValue {
  double weight = 0;
  std::uint32_t count = 0;
  Timestamp first = kNoTime;
  Timestamp last = kNoTime;
};

// Aggregates the run slots[begin, end) of records joining the same pair.
EdgeValue aggregate_run(const std::vector<Slot>& slots, std::uint64_t begin, std::uint64_t end,
                        const EdgeRecords& r, Aggregate how) {
  EdgeValue e;
  for (std::uint64_t i = begin; i < end; ++i) {
    const std::uint64_t k = slots[i].record;
    const double w = r.weight.empty() ? 1.0 : r.weight[k];
    switch (how) {
      case Aggregate::kCount: e.weight += 1.0; break;
      case Aggregate::kSum: e.weight += w; break;
      case Aggregate::kMax: e.weight = (i == begin) ? w : std::max(e.weight, w); break;
    }
    ++e.count;
    const Timestamp t = r.time.empty() ? kNoTime : r.time[k];
    if (t != kNoTime) {
      e.first = (e.first == kNoTime) ? t : std::min(e.first, t);
      e.last = (e.last == kNoTime) ? t : std::max(e.last, t);
    }
  }
  return e;
}

void resize(Adjacency& a, VertexId n, std::uint64_t arcs) {
  a.offsets.assign(std::size_t{n} + 1, 0);
  a.neighbors.resize(arcs);
  a.weights.resize(arcs);
  a.counts.resize(arcs);
  a.first_time.resize(arcs);
  a.last_time.resize(arcs);
}

void put(Adjacency& a, std::uint64_t pos, VertexId v, const Adjacency& from, std::uint64_t i) {
  a.neighbors[pos] = v;
  a.weights[pos] = from.weights[i];
  a.counts[pos] = from.counts[i];
  a.first_time[pos] = from.first_time[i];
  a.last_time[pos] = from.last_time[i];
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
  const bool directed = opt.directed;
  auto first_end = [&](std::uint64_t i) {
    return directed ? r.src[i] : std::min(r.src[i], r.dst[i]);
  };
  auto second_end = [&](std::uint64_t i) {
    return directed ? r.dst[i] : std::max(r.src[i], r.dst[i]);
  };

  // 1. Counting sort of records on their first endpoint.
  std::vector<std::uint64_t> start(std::size_t{n} + 1, 0);
  for (std::uint64_t i = 0; i < m; ++i) ++start[first_end(i) + 1];
  for (VertexId v = 0; v < n; ++v) start[v + 1] += start[v];
  std::vector<Slot> slots(m);
  {
    std::vector<std::uint64_t> fill(start.begin(), start.end() - 1);
    for (std::uint64_t i = 0; i < m; ++i) slots[fill[first_end(i)]++] = {second_end(i), i};
  }
  ctx.check_interrupt();

  // 2. Sort each bucket, count the distinct pairs that pass min_weight.
  std::vector<std::uint64_t> kept(std::size_t{n} + 1, 0);
  auto for_each_run = [&](VertexId v, auto&& fn) {
    std::uint64_t i = start[v];
    while (i < start[v + 1]) {
      std::uint64_t j = i + 1;
      while (j < start[v + 1] && slots[j].other == slots[i].other) ++j;
      fn(i, j);
      i = j;
    }
  };
#pragma omp parallel for schedule(dynamic, 1024) num_threads(ctx.thread_count())
  for (std::int64_t sv = 0; sv < static_cast<std::int64_t>(n); ++sv) {
    const auto v = static_cast<VertexId>(sv);
    std::sort(slots.begin() + start[v], slots.begin() + start[v + 1]);
    std::uint64_t c = 0;
    for_each_run(v, [&](std::uint64_t i, std::uint64_t j) {
      if (aggregate_run(slots, i, j, r, opt.aggregate).weight >= opt.min_weight) ++c;
    });
    kept[v + 1] = c;
  }
  for (VertexId v = 0; v < n; ++v) kept[v + 1] += kept[v];
  ctx.check_interrupt();

  // 3. Aggregate into the unique-pair table (first endpoint's CSR).
  auto pairs = std::make_shared<Adjacency>();
  resize(*pairs, n, kept[n]);
  pairs->offsets = kept;
#pragma omp parallel for schedule(dynamic, 1024) num_threads(ctx.thread_count())
  for (std::int64_t sv = 0; sv < static_cast<std::int64_t>(n); ++sv) {
    const auto v = static_cast<VertexId>(sv);
    std::uint64_t pos = kept[v];
    for_each_run(v, [&](std::uint64_t i, std::uint64_t j) {
      const EdgeValue e = aggregate_run(slots, i, j, r, opt.aggregate);
      if (e.weight < opt.min_weight) return;
      pairs->neighbors[pos] = slots[i].other;
      pairs->weights[pos] = e.weight;
      pairs->counts[pos] = e.count;
      pairs->first_time[pos] = e.first;
      pairs->last_time[pos] = e.last;
      ++pos;
    });
  }
  slots = {};
  ctx.check_interrupt();
  const std::uint64_t num_pairs = kept[n];

  // 4. The other direction by an ordered scatter: walking first endpoints in
  // ascending order appends to every target list in ascending order.
  auto scatter = [&](bool mirror_into_self) {
    auto out = std::make_shared<Adjacency>();
    std::vector<std::uint64_t> deg(std::size_t{n} + 1, 0);
    for (VertexId u = 0; u < n; ++u) {
      for (std::uint64_t i = pairs->offsets[u]; i < pairs->offsets[u + 1]; ++i) {
        const VertexId w = pairs->neighbors[i];
        ++deg[w + 1];
        if (mirror_into_self && w != u) ++deg[u + 1];
      }
    }
    for (VertexId v = 0; v < n; ++v) deg[v + 1] += deg[v];
    resize(*out, n, deg[n]);
    out->offsets = deg;
    std::vector<std::uint64_t> fill(deg.begin(), deg.end() - 1);
    for (VertexId u = 0; u < n; ++u) {
      for (std::uint64_t i = pairs->offsets[u]; i < pairs->offsets[u + 1]; ++i) {
        const VertexId w = pairs->neighbors[i];
        // Undirected: u's list gets its larger neighbours now, after every
        // smaller one was appended while walking that smaller vertex.
        if (mirror_into_self) put(*out, fill[u]++, w, *pairs, i);
        if (!mirror_into_self || w != u) put(*out, fill[w]++, u, *pairs, i);
      }
    }
    return out;
  };

  if (directed) {
    auto in = scatter(false);
    return CsrGraph(true, std::move(pairs), std::move(in), num_pairs);
  }
  auto both = scatter(true);
  std::shared_ptr<const Adjacency> shared = std::move(both);
  return CsrGraph(false, shared, shared, num_pairs);
}

}  // namespace corridor
