#include "engine/graph/csr_builder.hpp"

#include <omp.h>

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace corridor {
namespace {

// Sizes the per-arc arrays of an adjacency (growing ones pre-faulted from all
// threads, see resize_prefaulted); offsets are the caller's.
void resize_arcs(Adjacency& a, std::uint64_t arcs, int threads) {
  resize_prefaulted(a.neighbors, arcs, threads);
  resize_prefaulted(a.weights, arcs, threads);
  resize_prefaulted(a.counts, arcs, threads);
  resize_prefaulted(a.first_time, arcs, threads);
  resize_prefaulted(a.last_time, arcs, threads);
}

using Rec = EdgeRecord;

// Scatters items [0, m) to their buckets, stably, with up to `threads`
// threads: each thread takes a contiguous share of the items, counts them per
// bucket, and after one exclusive prefix sum over (bucket, thread) writes its
// items to its own run inside each bucket — so the result is the same as the
// sequential pass at any thread count.
//   count(i, bump)  calls bump(bucket) for every slot item i fills
//   place(i, next)  writes item i, taking positions from next(bucket)
template <typename Count, typename Place>
void stable_scatter(VertexId n, std::uint64_t m, int threads, Count count, Place place) {
  const int want = m < (1u << 16) ? 1 : std::max(1, threads);
  std::vector<BigVector<std::uint64_t>> next(want);
#pragma omp parallel num_threads(want)
  {
    const int t = omp_get_thread_num(), used = omp_get_num_threads();
    const std::uint64_t lo = m * t / used, hi = m * (t + 1) / used;
    auto& mine = next[t];
    mine.assign(n, 0);
    for (std::uint64_t i = lo; i < hi; ++i) count(i, [&](VertexId b) { ++mine[b]; });
#pragma omp barrier
#pragma omp single
    {
      std::uint64_t run = 0;
      for (VertexId v = 0; v < n; ++v) {
        for (int u = 0; u < used; ++u) {
          const std::uint64_t c = next[u][v];
          next[u][v] = run;
          run += c;
        }
      }
    }
    for (std::uint64_t i = lo; i < hi; ++i) place(i, [&](VertexId b) { return mine[b]++; });
  }
}

// One stable counting-sort pass of `in` by key(rec) into `out`.
template <typename Key>
void counting_sort(VertexId n, const BigVector<Rec>& in, BigVector<Rec>& out, Key key, int threads) {
  stable_scatter(
      n, in.size(), threads, [&](std::uint64_t i, auto&& bump) { bump(key(in[i])); },
      [&](std::uint64_t i, auto&& next) { out[next(key(in[i]))] = in[i]; });
}

// Stable LSD radix sort of `items` on field(item) in [0, n): passes of at
// most 11 bits, so each pass scatters into a few thousand buckets whose write
// positions stay in cache (one pass per endpoint with n buckets would miss
// the cache on nearly every write).
template <typename Field>
void radix_sort(BigVector<Rec>& items, BigVector<Rec>& scratch, VertexId n, Field field, int threads) {
  constexpr int kDigit = 11;
  const int bits = n <= 1 ? 1 : std::bit_width(n - 1);
  for (int shift = 0; shift < bits; shift += kDigit) {
    const auto buckets = static_cast<VertexId>(1u << std::min(kDigit, bits - shift));
    counting_sort(buckets, items, scratch, [&](const Rec& x) { return (field(x) >> shift) & (buckets - 1); },
                  threads);
    std::swap(items, scratch);
  }
}

}  // namespace

CsrGraph build_csr(VertexId n, const EdgeRecords& r, const BuildOptions& opt, const RunContext& ctx) {
  const std::uint64_t m = r.size();
  if (r.dst.size() != m || (!r.weight.empty() && r.weight.size() != m) ||
      (!r.time.empty() && r.time.size() != m)) {
    throw std::invalid_argument("build_csr: src, dst, weight and time must have the same length");
  }
  BigVector<EdgeRecord> recs(m);
  for (std::uint64_t i = 0; i < m; ++i) {
    recs[i] = {r.src[i], r.dst[i], r.weight.empty() ? 1.0 : r.weight[i], r.time.empty() ? kNoTime : r.time[i]};
  }
  return build_csr(n, std::move(recs), opt, ctx);
}

CsrGraph build_csr(VertexId n, BigVector<EdgeRecord> recs, const BuildOptions& opt, const RunContext& ctx) {
  const std::uint64_t m = recs.size();
  for (std::uint64_t i = 0; i < m; ++i) {
    if (recs[i].src >= n || recs[i].dst >= n) {
      throw std::invalid_argument("build_csr: record " + std::to_string(i) + " names vertex " +
                                  std::to_string(std::max(recs[i].src, recs[i].dst)) +
                                  " but the graph has " + std::to_string(n) + " vertices");
    }
  }

  // 1. Undirected records go in both ways (a self-loop once), each mirror
  // right after its record — so that sorting gives every vertex its whole
  // list, and both ways of an edge see its records in the same order.
  // Expanded in place, from the back.
  const bool undirected = !opt.directed;
  const int threads = ctx.thread_count();
  std::uint64_t items = m;
  if (undirected) {
    for (std::uint64_t i = 0; i < m; ++i) items += recs[i].src != recs[i].dst;
    recs.resize(items);
    for (std::uint64_t i = m, k = items; i-- > 0;) {
      const Rec x = recs[i];
      if (x.src != x.dst) recs[--k] = {x.dst, x.src, x.weight, x.time};
      recs[--k] = x;
    }
  }
  BigVector<Rec> sorted;
  resize_prefaulted(sorted, items, threads);

  // 2. Stable radix sorts (target, then source): items end up ordered by
  // (source, target), equal pairs in record order, with no comparison sort.
  radix_sort(recs, sorted, n, [](const Rec& x) { return x.dst; }, threads);
  ctx.check_interrupt();
  radix_sort(recs, sorted, n, [](const Rec& x) { return x.src; }, threads);
  sorted = {};
  ctx.check_interrupt();

  // 3. One pass over runs of equal pairs: aggregate (in record order, so a
  // sum is the same at any thread count, and the same both ways of an
  // undirected edge) and append the arcs that pass min_weight.
  auto out = std::make_shared<Adjacency>();
  out->offsets.assign(std::size_t{n} + 1, 0);
  resize_arcs(*out, items, threads);
  std::uint64_t arcs = 0, self_loops = 0;
  for (std::uint64_t i = 0; i < items;) {
    const VertexId a = recs[i].src, b = recs[i].dst;
    double w = 0;
    std::uint32_t count = 0;
    Timestamp first = kNoTime, last = kNoTime;
    for (; i < items && recs[i].src == a && recs[i].dst == b; ++i) {
      const double x = recs[i].weight;
      switch (opt.aggregate) {
        case Aggregate::kCount: w += 1.0; break;
        case Aggregate::kSum: w += x; break;
        case Aggregate::kMax: w = count == 0 ? x : std::max(w, x); break;
      }
      ++count;
      const Timestamp t = recs[i].time;
      if (t != kNoTime) {
        first = first == kNoTime ? t : std::min(first, t);
        last = last == kNoTime ? t : std::max(last, t);
      }
    }
    if (w < opt.min_weight) continue;
    out->neighbors[arcs] = b;
    out->weights[arcs] = w;
    out->counts[arcs] = count;
    out->first_time[arcs] = first;
    out->last_time[arcs] = last;
    ++arcs;
    ++out->offsets[a + 1];
    self_loops += a == b;
  }
  resize_arcs(*out, arcs, threads);  // shrink to the arcs kept
  for (VertexId v = 0; v < n; ++v) out->offsets[v + 1] += out->offsets[v];
  recs = {};
  ctx.check_interrupt();
  if (undirected) {
    std::shared_ptr<const Adjacency> both = std::move(out);
    return CsrGraph(false, both, both, (arcs + self_loops) / 2);
  }

  // 4. Directed: the in-adjacency by a stable scatter of the arcs on their
  // target. Arcs are visited in source order, so every in-list comes out
  // sorted by source.
  BigVector<VertexId> source(arcs);
  for (VertexId u = 0; u < n; ++u)
    for (EdgeOffset i = out->offsets[u]; i < out->offsets[u + 1]; ++i) source[i] = u;
  auto in = std::make_shared<Adjacency>();
  in->offsets.assign(std::size_t{n} + 1, 0);
  resize_arcs(*in, arcs, threads);
  for (std::uint64_t i = 0; i < arcs; ++i) ++in->offsets[out->neighbors[i] + 1];
  for (VertexId v = 0; v < n; ++v) in->offsets[v + 1] += in->offsets[v];
  stable_scatter(
      n, arcs, threads, [&](std::uint64_t i, auto&& bump) { bump(out->neighbors[i]); },
      [&](std::uint64_t i, auto&& next) {
        const std::uint64_t at = next(out->neighbors[i]);
        in->neighbors[at] = source[i];
        in->weights[at] = out->weights[i];
        in->counts[at] = out->counts[i];
        in->first_time[at] = out->first_time[i];
        in->last_time[at] = out->last_time[i];
      });
  return CsrGraph(true, std::move(out), std::move(in), arcs);
}

}  // namespace corridor
