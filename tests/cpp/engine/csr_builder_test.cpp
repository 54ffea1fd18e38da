#include "engine/graph/csr_builder.hpp"

#include <gtest/gtest.h>

#include <map>
#include <utility>

namespace corridor {
namespace {

std::vector<VertexId> list(std::span<const VertexId> s) { return {s.begin(), s.end()}; }

//   0 --3 calls-- 1      records: 0->1 (t=5, w=2), 1->0 (t=1, w=1), 0->1 (t=9, w=4)
//   |                             0->2 (no time, w=1), 2->2 (self-loop)
//   2 (self-loop)
EdgeRecords sample() {
  EdgeRecords r;
  r.src = {0, 1, 0, 0, 2};
  r.dst = {1, 0, 1, 2, 2};
  r.weight = {2, 1, 4, 1, 1};
  r.time = {5, 1, 9, kNoTime, 3};
  return r;
}

TEST(BuildCsr, UndirectedAggregatesBothDirections) {
  const CsrGraph g = build_csr(3, sample(), {.directed = false, .aggregate = Aggregate::kCount});
  EXPECT_FALSE(g.directed());
  EXPECT_EQ(g.num_vertices(), 3u);
  EXPECT_EQ(g.num_edges(), 3u);  // {0,1}, {0,2}, {2,2}
  EXPECT_EQ(list(g.out_neighbors(0)), (std::vector<VertexId>{1, 2}));
  EXPECT_EQ(list(g.out_neighbors(1)), (std::vector<VertexId>{0}));
  EXPECT_EQ(list(g.out_neighbors(2)), (std::vector<VertexId>{0, 2}));
  const Adjacency& a = g.out();
  EXPECT_EQ(a.weights[0], 3.0);  // three records joined 0 and 1
  EXPECT_EQ(a.counts[0], 3u);
  EXPECT_EQ(a.first_time[0], 1);
  EXPECT_EQ(a.last_time[0], 9);
  EXPECT_EQ(a.first_time[1], kNoTime);  // 0-2 had no timed record
}

TEST(BuildCsr, SumAndMax) {
  const CsrGraph s = build_csr(3, sample(), {.directed = false, .aggregate = Aggregate::kSum});
  EXPECT_EQ(s.out_weights(0)[0], 7.0);
  const CsrGraph m = build_csr(3, sample(), {.directed = false, .aggregate = Aggregate::kMax});
  EXPECT_EQ(m.out_weights(0)[0], 4.0);
}

TEST(BuildCsr, DirectedKeepsArcsApartAndBuildsInAdjacency) {
  const CsrGraph g = build_csr(3, sample(), {.directed = true, .aggregate = Aggregate::kSum});
  EXPECT_EQ(g.num_edges(), 4u);  // 0->1, 0->2, 1->0, 2->2
  EXPECT_EQ(list(g.out_neighbors(0)), (std::vector<VertexId>{1, 2}));
  EXPECT_EQ(g.out_weights(0)[0], 6.0);
  EXPECT_EQ(list(g.in_neighbors(0)), (std::vector<VertexId>{1}));
  EXPECT_EQ(list(g.in_neighbors(2)), (std::vector<VertexId>{0, 2}));
  EXPECT_EQ(g.in_weights(0)[0], 1.0);
}

TEST(BuildCsr, MinWeightDropsLightEdges) {
  const CsrGraph g = build_csr(3, sample(), {.directed = false, .aggregate = Aggregate::kCount, .min_weight = 2});
  EXPECT_EQ(g.num_edges(), 1u);
  EXPECT_EQ(list(g.out_neighbors(2)), (std::vector<VertexId>{}));
}

TEST(BuildCsr, EmptyAndIsolated) {
  const CsrGraph g = build_csr(4, EdgeRecords{}, {});
  EXPECT_EQ(g.num_vertices(), 4u);
  EXPECT_EQ(g.num_edges(), 0u);
  for (VertexId v = 0; v < 4; ++v) EXPECT_EQ(g.out_degree(v), 0u);
}

TEST(BuildCsr, RejectsOutOfRangeVertices) {
  EdgeRecords r;
  r.src = {0};
  r.dst = {7};
  EXPECT_THROW(build_csr(3, r, {}), std::invalid_argument);
}

// Random records (xorshift, so the same on every platform), with weights
// and times.
EdgeRecords random_records(int count, VertexId n, std::uint64_t seed) {
  EdgeRecords r;
  std::uint64_t x = seed;
  for (int i = 0; i < count; ++i) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    r.src.push_back(static_cast<VertexId>(x % n));
    r.dst.push_back(static_cast<VertexId>((x >> 24) % n));
    r.weight.push_back(static_cast<double>((x >> 40) % 1000) / 7.0);
    r.time.push_back(static_cast<Timestamp>(x >> 20));
  }
  return r;
}

TEST(BuildCsr, NeighbourListsSortedOnRandomInput) {
  const EdgeRecords r = random_records(20000, 500, 88172645463325252ULL);
  for (bool directed : {false, true}) {
    const CsrGraph g = build_csr(500, r, {.directed = directed});
    std::uint64_t arcs = 0;
    for (VertexId v = 0; v < 500; ++v) {
      auto ns = g.out_neighbors(v);
      EXPECT_TRUE(std::is_sorted(ns.begin(), ns.end()));
      EXPECT_EQ(std::adjacent_find(ns.begin(), ns.end()), ns.end());
      auto is = g.in_neighbors(v);
      EXPECT_TRUE(std::is_sorted(is.begin(), is.end()));
      arcs += ns.size();
    }
    EXPECT_EQ(arcs, g.num_arcs());
  }
}

// The parallel scatter must give the very same CSR at any thread count.
TEST(BuildCsr, SameResultAtAnyThreadCount) {
  const EdgeRecords r = random_records(300000, 5000, 0x9E3779B97F4A7C15ULL);
  for (bool directed : {false, true}) {
    RunContext one, two;
    one.threads = 1;
    two.threads = 2;
    const CsrGraph a = build_csr(5000, r, {.directed = directed, .aggregate = Aggregate::kSum}, one);
    const CsrGraph b = build_csr(5000, r, {.directed = directed, .aggregate = Aggregate::kSum}, two);
    for (const auto* adj : {&a.out(), &a.in()}) {
      const Adjacency& other = adj == &a.out() ? b.out() : b.in();
      EXPECT_TRUE(std::equal(adj->offsets.begin(), adj->offsets.end(), other.offsets.begin()));
      EXPECT_TRUE(std::equal(adj->neighbors.begin(), adj->neighbors.end(), other.neighbors.begin()));
      EXPECT_TRUE(std::equal(adj->weights.begin(), adj->weights.end(), other.weights.begin()));  // bit for bit
      EXPECT_TRUE(std::equal(adj->first_time.begin(), adj->first_time.end(), other.first_time.begin()));
      EXPECT_TRUE(std::equal(adj->counts.begin(), adj->counts.end(), other.counts.begin()));
    }
    for (VertexId v = 0; v < 5000; ++v) {
      auto ns = b.out_neighbors(v);
      ASSERT_TRUE(std::is_sorted(ns.begin(), ns.end()));
      auto is = b.in_neighbors(v);
      ASSERT_TRUE(std::is_sorted(is.begin(), is.end()));
    }
  }
}


// The serial verifier: every (source, target) pair's records folded in record
// order through a std::map, undirected records entered both ways (a
// self-loop once). Returns, per vertex, its (neighbour, weight, count, first,
// last) arcs in neighbour order.
struct RefArc {
  VertexId other;
  double weight;
  std::uint32_t count;
  Timestamp first, last;
  bool operator==(const RefArc&) const = default;
};

std::vector<std::vector<RefArc>> build_reference(VertexId n, const EdgeRecords& r, const BuildOptions& opt) {
  std::map<std::pair<VertexId, VertexId>, RefArc> acc;
  auto add = [&](VertexId a, VertexId b, double w, Timestamp t) {
    auto [it, fresh] = acc.try_emplace({a, b}, RefArc{b, 0, 0, kNoTime, kNoTime});
    RefArc& e = it->second;
    if (opt.aggregate == Aggregate::kCount) e.weight += 1;
    if (opt.aggregate == Aggregate::kSum) e.weight += w;
    if (opt.aggregate == Aggregate::kMax) e.weight = fresh ? w : std::max(e.weight, w);
    ++e.count;
    if (t != kNoTime) {
      e.first = e.first == kNoTime ? t : std::min(e.first, t);
      e.last = e.last == kNoTime ? t : std::max(e.last, t);
    }
  };
  for (std::size_t i = 0; i < r.size(); ++i) {
    const double w = r.weight.empty() ? 1.0 : r.weight[i];
    const Timestamp t = r.time.empty() ? kNoTime : r.time[i];
    add(r.src[i], r.dst[i], w, t);
    if (!opt.directed && r.src[i] != r.dst[i]) add(r.dst[i], r.src[i], w, t);
  }
  std::vector<std::vector<RefArc>> out(n);
  for (const auto& [pair, arc] : acc)
    if (!(arc.weight < opt.min_weight)) out[pair.first].push_back(arc);
  return out;
}

std::vector<RefArc> arcs_of(const Adjacency& a, VertexId v) {
  std::vector<RefArc> out;
  for (EdgeOffset i = a.offsets[v]; i < a.offsets[v + 1]; ++i)
    out.push_back({a.neighbors[i], a.weights[i], a.counts[i], a.first_time[i], a.last_time[i]});
  return out;
}

// Every option on random records with hubs (long lists, sorted by the
// std::sort path) and many short lists, at 1 and 2 threads: equal to the
// verifier, weights bit for bit.
// The arcs are written in waves, each wave's slot pages handed back before
// the next: many small waves (whole 2 MiB pages released on the way) give the
// same graph, bit for bit, as one.
TEST(BuildCsr, WavesGiveTheSameGraph) {
  const EdgeRecords r = random_records(400000, 20000, 0x9E3779B97F4A7C15ULL);
  for (Aggregate agg : {Aggregate::kCount, Aggregate::kSum}) {
    const BuildOptions opt{.aggregate = agg};
    const CsrGraph one = build_csr(20000, r, opt);
    const std::uint64_t saved = detail::csr_write_wave_bytes;
    detail::csr_write_wave_bytes = 1 << 20;
    const CsrGraph many = build_csr(20000, r, opt);
    detail::csr_write_wave_bytes = saved;
    const Adjacency &a = one.out(), &b = many.out();
    ASSERT_EQ(a.offsets, b.offsets);
    EXPECT_EQ(a.neighbors, b.neighbors);
    EXPECT_EQ(a.weights, b.weights);
    EXPECT_EQ(a.counts, b.counts);
    EXPECT_EQ(a.first_time, b.first_time);
    EXPECT_EQ(a.last_time, b.last_time);
  }
}

TEST(BuildCsr, EqualsSerialReference) {
  EdgeRecords r = random_records(40000, 3000, 0x2545F4914F6CDD1DULL);
  for (std::size_t i = 0; i < r.size(); i += 3) r.src[i] = static_cast<VertexId>(i % 7);  // hubs 0..6
  for (std::size_t i = 0; i < r.size(); i += 11) r.time[i] = kNoTime;
  for (bool directed : {false, true}) {
    for (Aggregate agg : {Aggregate::kCount, Aggregate::kSum, Aggregate::kMax}) {
      for (double min_weight : {-std::numeric_limits<double>::infinity(), 2.0, 150.0}) {
        const BuildOptions opt{.directed = directed, .aggregate = agg, .min_weight = min_weight};
        const auto want = build_reference(3000, r, opt);
        const std::uint64_t one_wave = detail::csr_write_wave_bytes;
        for (auto [threads, wave] : {std::pair{1, one_wave}, {2, one_wave}, {2, std::uint64_t{4096}}}) {
          RunContext ctx;
          ctx.threads = threads;
          detail::csr_write_wave_bytes = wave;  // 4 KiB: a wave every few hundred slots
          const CsrGraph g = build_csr(3000, r, opt, ctx);
          detail::csr_write_wave_bytes = one_wave;
          std::uint64_t arcs = 0, loops = 0;
          for (VertexId v = 0; v < 3000; ++v) {
            ASSERT_EQ(arcs_of(g.out(), v), want[v]) << "vertex " << v << " directed " << directed;
            arcs += want[v].size();
            for (const RefArc& a : want[v]) loops += a.other == v;
          }
          EXPECT_EQ(g.num_arcs(), arcs);
          EXPECT_EQ(g.num_edges(), directed ? arcs : (arcs + loops) / 2);
          if (directed) {  // the in-lists are the out-lists transposed
            std::vector<std::vector<RefArc>> in(3000);
            for (VertexId v = 0; v < 3000; ++v)
              for (RefArc a : want[v]) in[a.other].push_back({v, a.weight, a.count, a.first, a.last});
            for (VertexId v = 0; v < 3000; ++v) ASSERT_EQ(arcs_of(g.in(), v), in[v]);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace corridor
