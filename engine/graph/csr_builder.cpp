#include "engine/graph/csr_builder.hpp"

#include <omp.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace corridor {
namespace {

// Sizes the per-arc arrays of an adjacency, growing ones pre-faulted from all
// threads (see resize_prefaulted) unless `prefault` is false (the caller
// writes them in order and hands back memory as it goes); offsets are the
// caller's.
void resize_arcs(Adjacency& a, std::uint64_t arcs, int threads, bool prefault = true) {
  auto size = [&](auto& v) {
    if (prefault) {
      resize_prefaulted(v, arcs, threads);
    } else {
      v.resize(arcs);
    }
  };
  size(a.neighbors);
  size(a.weights);
  size(a.counts);
  size(a.first_time);
  size(a.last_time);
}

// Gives the whole 2 MiB pages of [begin, end) back to the kernel: they were
// read for the last time. The next fresh pages the process touches are then
// these, still warm, rather than pages the kernel must find and zero (or, in
// a virtual machine, the host must back again: up to a second per GiB).
void release_pages(const void* begin, const void* end) {
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  const auto lo = (reinterpret_cast<std::uintptr_t>(begin) + kHuge - 1) / kHuge * kHuge;
  const auto hi = reinterpret_cast<std::uintptr_t>(end) / kHuge * kHuge;
  if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);  // advice: failure is harmless
}

// Scatters items [0, m) to their buckets, stably, with up to `threads`
// threads: each thread takes a contiguous share of the items, counts them per
// bucket, and after one exclusive prefix sum over (bucket, thread) writes its
// items to its own run inside each bucket — so the result is the same as the
// sequential pass at any thread count.
//   count(i, bump)  calls bump(bucket) for every slot item i fills
//   place(i, next)  writes item i, taking positions from next(bucket)
// When `starts` is given it receives each bucket's first position (n + 1
// entries, the last one the total). Positions are counted in Pos: 32 bits
// when the slots number fewer than 2^32 halves the counters' cache footprint
// (the counters are hit at random, once per slot and pass).
template <typename Pos, typename Count, typename Place>
void stable_scatter_as(VertexId n, std::uint64_t m, int threads, Count count, Place place,
                       BigVector<EdgeOffset>* starts) {
  const int want = m < (1u << 16) ? 1 : std::max(1, threads);
  std::vector<BigVector<Pos>> next(want);
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
        if (starts) (*starts)[v] = run;
        for (int u = 0; u < used; ++u) {
          const std::uint64_t c = next[u][v];
          next[u][v] = static_cast<Pos>(run);
          run += c;
        }
      }
      if (starts) (*starts)[n] = run;
    }
    for (std::uint64_t i = lo; i < hi; ++i) place(i, [&](VertexId b) -> std::uint64_t { return mine[b]++; });
  }
}

// The same, for `slots` slots in all.
template <typename Count, typename Place>
void stable_scatter(VertexId n, std::uint64_t m, std::uint64_t slots, int threads, Count count, Place place,
                    BigVector<EdgeOffset>* starts = nullptr) {
  if (slots <= UINT32_MAX) {
    stable_scatter_as<std::uint32_t>(n, m, threads, count, place, starts);
  } else {
    stable_scatter_as<std::uint64_t>(n, m, threads, count, place, starts);
  }
}

// One arc of a vertex's list before aggregation: the other end, the
// record's time and, unless the aggregate is a count, its weight and the
// arc's position in the list (record order: the tie-break that keeps sums in
// record order; a count, a max and first / last times do not depend on the
// order). 24 or 12 bytes: the lists hold every record (twice when
// undirected), and fresh memory costs as much as the work here.
struct WeightedSlot {
  static constexpr bool kOrdered = true;
  VertexId other;
  std::uint32_t seq;
  Timestamp time;
  double weight;
  double weight_or_one() const { return weight; }
  void set(VertexId o, const EdgeRecord& r) { *this = {o, 0, r.time, r.weight}; }
};
#pragma pack(push, 4)
struct CountSlot {
  static constexpr bool kOrdered = false;
  VertexId other;
  Timestamp time;
  double weight_or_one() const { return 1.0; }
  void set(VertexId o, const EdgeRecord& r) { *this = {o, r.time}; }
};
#pragma pack(pop)
static_assert(sizeof(WeightedSlot) == 24 && sizeof(CountSlot) == 12);

// Sorts one vertex's slots, given in record order, by other end — and, when
// the aggregate depends on the order, then by record order.
template <typename Slot>
void sort_slots(Slot* first, Slot* last) {
  if constexpr (Slot::kOrdered) {
    if (static_cast<std::uint64_t>(last - first) > UINT32_MAX) {  // seq would wrap
      std::stable_sort(first, last, [](const Slot& a, const Slot& b) { return a.other < b.other; });
      return;
    }
    for (Slot* i = first; i < last; ++i) i->seq = static_cast<std::uint32_t>(i - first);
  }
  const auto before = [](const Slot& a, const Slot& b) {
    if constexpr (Slot::kOrdered) {
      return a.other != b.other ? a.other < b.other : a.seq < b.seq;
    } else {
      return a.other < b.other;
    }
  };
  if (last - first <= 24) {  // insertion sort: most lists are short
    for (Slot* i = first + 1; i < last; ++i) {
      const Slot x = *i;
      Slot* j = i;
      for (; j > first && before(x, j[-1]); --j) *j = j[-1];
      *j = x;
    }
    return;
  }
  std::sort(first, last, before);
}

// The aggregate of one run of slots with the same other end.
struct Run {
  double weight = 0;
  std::uint32_t count = 0;
  Timestamp first = kNoTime, last = kNoTime;
};

// Calls fn(other end, run) for each run of a sorted list [begin, end).
template <typename Slot, typename Fn>
void for_each_run(const Slot* begin, const Slot* end, Aggregate agg, Fn&& fn) {
  for (const Slot* i = begin; i < end;) {
    const VertexId b = i->other;
    Run r;
    for (; i < end && i->other == b; ++i) {
      const double x = i->weight_or_one();
      switch (agg) {
        case Aggregate::kCount: r.weight += 1.0; break;
        case Aggregate::kSum: r.weight += x; break;
        case Aggregate::kMax: r.weight = r.count == 0 ? x : std::max(r.weight, x); break;
      }
      ++r.count;
      const Timestamp t = i->time;
      if (t != kNoTime) {
        r.first = r.first == kNoTime ? t : std::min(r.first, t);
        r.last = r.last == kNoTime ? t : std::max(r.last, t);
      }
    }
    fn(b, r);
  }
}

// The out-adjacency of the records, which it consumes; counts the self-loops
// it keeps.
template <typename Slot>
std::shared_ptr<Adjacency> aggregate_lists(VertexId n, BigVector<EdgeRecord>& recs, const BuildOptions& opt,
                                           const RunContext& ctx, std::uint64_t& self_loops) {
  const std::uint64_t m = recs.size();
  const int threads = ctx.thread_count();
  const bool undirected = !opt.directed;

  // 1. Scatter every record to its source's list (and, undirected, to its
  // target's list too; a self-loop once), stably: each list holds its
  // records in record order.
  BigVector<EdgeOffset> start(std::size_t{n} + 1, 0);
  BigVector<Slot> slots;
  {
    std::uint64_t items = 0;
#pragma omp parallel for schedule(static) reduction(+ : items) num_threads(threads)
    for (std::uint64_t i = 0; i < m; ++i) items += 1 + (undirected && recs[i].src != recs[i].dst);
    resize_prefaulted(slots, items, threads);
  }
  stable_scatter(
      n, m, slots.size(), threads,
      [&](std::uint64_t i, auto&& bump) {
        bump(recs[i].src);
        if (undirected && recs[i].src != recs[i].dst) bump(recs[i].dst);
      },
      [&](std::uint64_t i, auto&& next) {
        const EdgeRecord& x = recs[i];
        slots[next(x.src)].set(x.dst, x);
        if (undirected && x.src != x.dst) slots[next(x.dst)].set(x.src, x);
      },
      &start);
  recs = {};
  ctx.check_interrupt();

  // 2. Each list sorted by (other end, record order), then its runs of equal
  // ends aggregated (in record order, so a sum is the same at any thread
  // count and both ways of an undirected edge): first to count the arcs that
  // pass min_weight, then, once the offsets are known, to write them.
  auto out = std::make_shared<Adjacency>();
  BigVector<EdgeOffset>& offsets = out->offsets;
  offsets.assign(std::size_t{n} + 1, 0);
  const auto vertices = static_cast<std::int64_t>(n);
#pragma omp parallel for schedule(dynamic, 1024) num_threads(threads)
  for (std::int64_t v = 0; v < vertices; ++v) {
    Slot* first = slots.data() + start[v];
    Slot* last = slots.data() + start[v + 1];
    sort_slots(first, last);
    EdgeOffset kept = 0;
    for_each_run(first, last, opt.aggregate, [&](VertexId, const Run& r) { kept += !(r.weight < opt.min_weight); });
    offsets[v + 1] = kept;
  }
  ctx.check_interrupt();
  for (VertexId v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  // 3. Write the arcs in waves of vertices, each wave's slots about
  // detail::csr_write_wave_bytes: once a wave is written its slot pages go
  // back to the kernel, and the adjacency's next pages, first touched by the
  // next wave, reuse them — warm — so slots and adjacency are never both
  // whole in memory. (Measured, 10M records: a first projection in a fresh
  // process 1.6-1.8 s, against 1.9-2.4 s with the adjacency pre-faulted
  // beside the slots.)
  resize_arcs(*out, offsets[n], threads, /*prefault=*/false);
  const std::uint64_t wave_slots = std::max<std::uint64_t>(1, detail::csr_write_wave_bytes / sizeof(Slot));
  std::uint64_t loops = 0;
  for (std::int64_t lo = 0; lo < vertices;) {
    // The wave: vertices [lo, hi), hi the first vertex whose slots start
    // wave_slots past lo's (at least one vertex).
    const auto past = std::upper_bound(start.begin() + lo + 1, start.begin() + vertices + 1, start[lo] + wave_slots);
    const std::int64_t hi = std::max<std::int64_t>(lo + 1, (past - start.begin()) - 1);
#pragma omp parallel for schedule(dynamic, 256) reduction(+ : loops) num_threads(threads)
    for (std::int64_t v = lo; v < hi; ++v) {
      EdgeOffset at = offsets[v];
      for_each_run(slots.data() + start[v], slots.data() + start[v + 1], opt.aggregate,
                   [&](VertexId b, const Run& r) {
                     if (r.weight < opt.min_weight) return;
                     out->neighbors[at] = b;
                     out->weights[at] = r.weight;
                     out->counts[at] = r.count;
                     out->first_time[at] = r.first;
                     out->last_time[at] = r.last;
                     ++at;
                     loops += b == static_cast<VertexId>(v);
                   });
    }
    release_pages(slots.data() + start[lo], slots.data() + start[hi]);
    lo = hi;
  }
  self_loops = loops;
  return out;
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
  const int threads = ctx.thread_count();
  std::uint64_t bad = m;  // the first record naming a vertex out of range
#pragma omp parallel for schedule(static) reduction(min : bad) num_threads(threads)
  for (std::uint64_t i = 0; i < m; ++i) {
    if (recs[i].src >= n || recs[i].dst >= n) bad = std::min(bad, i);
  }
  if (bad < m) {
    throw std::invalid_argument("build_csr: record " + std::to_string(bad) + " names vertex " +
                                std::to_string(std::max(recs[bad].src, recs[bad].dst)) +
                                " but the graph has " + std::to_string(n) + " vertices");
  }

  const bool undirected = !opt.directed;
  std::uint64_t self_loops = 0;
  std::shared_ptr<Adjacency> out = opt.aggregate == Aggregate::kCount
                                       ? aggregate_lists<CountSlot>(n, recs, opt, ctx, self_loops)
                                       : aggregate_lists<WeightedSlot>(n, recs, opt, ctx, self_loops);
  ctx.check_interrupt();
  const std::uint64_t arcs = out->offsets[n];
  if (undirected) {
    std::shared_ptr<const Adjacency> both = std::move(out);
    return CsrGraph(false, both, both, (arcs + self_loops) / 2);
  }

  // Directed: the in-adjacency by a stable scatter of the arcs on their
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
      n, arcs, arcs, threads, [&](std::uint64_t i, auto&& bump) { bump(out->neighbors[i]); },
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
