// Closeness and harmonic closeness: hand-checked cases, networkx's values on
// a tiny graph (directed x weighted, both weight readings), the kernels
// against their serial verifiers on random graphs, the same bits at any
// thread count, interrupts and errors raised inside the parallel region, and
// argument validation.
#include "engine/centrality/closeness.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <atomic>
#include <cmath>
#include <string>
#include <tuple>

#include "engine/graph/csr_builder.hpp"
#include "test_checks.hpp"
#include "test_graphs.hpp"

namespace corridor {
namespace {

using testing::Edge;
using testing::expect_close;
using testing::expect_invalid;
using testing::make;

// 0 ---> 1 ---> 2       Distances *into* each vertex: nothing reaches 0;
// 0 reaches 1 at 1; 1 and 0 reach 2 at 1 and 2. So closeness (wf_improved)
// = (r / sum d) (r / (n - 1)) = {0, (1/1)(1/2), (2/3)(2/2)}, without the
// scaling {0, 1, 2/3}, and harmonic = {0, 1, 1 + 1/2}. networkx 3.6.1 gives
// the same (harmonic_centrality counts d(v, u), like closeness).
TEST(Closeness, HandCheckedDirectedPathCountsIncomingDistances) {
  const CsrGraph g = make(3, {{0, 1, 1}, {1, 2, 1}}, true);
  expect_close(closeness(g).score, {0.0, 0.5, 2.0 / 3.0}, 1e-15);
  expect_close(closeness(g, {.wf_improved = false}).score, {0.0, 1.0, 2.0 / 3.0}, 1e-15);
  const auto r = closeness(g);
  EXPECT_EQ(r.iterations, 0);
  EXPECT_TRUE(r.converged);
}

TEST(Harmonic, HandCheckedDirectedPathCountsIncomingDistances) {
  const CsrGraph g = make(3, {{0, 1, 1}, {1, 2, 1}}, true);
  expect_close(harmonic_closeness(g).score, {0.0, 1.0, 1.5}, 1e-15);
  expect_close(harmonic_closeness(make(3, {{0, 1, 1}, {1, 2, 1}}, false)).score, {1.5, 2.0, 1.5}, 1e-15);
}

// The tiny graph, weights on the edges (arcs point right / down when directed):
//
//   0 --1-- 1 --1-- 2 --1-- 3        5 --2--> 4        6 (isolated)
//    \_______10______/
//
// Undirected, unweighted by hand: 2 reaches 0, 1, 3 at 1 each, so closeness
// = (3/3)(3/6) = 1/2 and harmonic = 3; 6 is alone: 0.
const std::vector<Edge> kTiny = {{0, 1, 1.0}, {1, 2, 1.0}, {2, 3, 1.0}, {0, 2, 10.0}, {5, 4, 2.0}};

// networkx 3.6.1 on an nx.Graph / nx.DiGraph on 0..6 with kTiny's edges:
// closeness_centrality(G, distance=d) with and without wf_improved, and
// harmonic_centrality(G, distance=d), d = None (unweighted) or "weight";
// strength: the same with distance = an attribute set to 1 / weight.
struct TinyExpected {
  std::vector<double> wf, no_wf, harmonic, strength_wf, strength_harmonic;
};
TinyExpected tiny_expected(bool directed, bool weighted) {
  if (!directed && !weighted) {
    return {{0.375, 0.375, 0.5, 0.3, 0.16666666666666666, 0.16666666666666666, 0.0},
            {0.75, 0.75, 1.0, 0.6, 1.0, 1.0, 0.0},
            {2.5, 2.5, 3.0, 2.0, 1.0, 1.0, 0.0},
            {},
            {}};
  }
  if (!directed && weighted) {
    return {{0.25, 0.375, 0.375, 0.25, 0.08333333333333333, 0.08333333333333333, 0.0},
            {0.5, 0.75, 0.75, 0.5, 0.5, 0.5, 0.0},
            {1.8333333333333333, 2.5, 2.5, 1.8333333333333333, 0.5, 0.5, 0.0},
            {0.6818181818181818, 0.375, 0.7142857142857143, 0.3658536585365854, 0.3333333333333333,
             0.3333333333333333, 0.0},
            {11.909090909090908, 2.5, 12.0, 2.409090909090909, 2.0, 2.0, 0.0}};
  }
  if (directed && !weighted) {
    return {{0.0, 0.16666666666666666, 0.3333333333333333, 0.3, 0.16666666666666666, 0.0, 0.0},
            {0.0, 1.0, 1.0, 0.6, 1.0, 0.0, 0.0},
            {0.0, 1.0, 2.0, 2.0, 1.0, 0.0, 0.0},
            {},
            {}};
  }
  return {{0.0, 0.16666666666666666, 0.2222222222222222, 0.25, 0.08333333333333333, 0.0, 0.0},
          {0.0, 1.0, 0.6666666666666666, 0.5, 0.5, 0.0, 0.0},
          {0.0, 1.0, 1.5, 1.8333333333333333, 0.5, 0.0, 0.0},
          {0.0, 0.16666666666666666, 0.606060606060606, 0.3658536585365854, 0.3333333333333333, 0.0, 0.0},
          {0.0, 1.0, 11.0, 2.409090909090909, 2.0, 0.0, 0.0}};
}

class ClosenessTiny : public ::testing::TestWithParam<std::tuple<bool, bool>> {};

TEST_P(ClosenessTiny, MatchesNetworkx) {
  const auto [directed, weighted] = GetParam();
  const CsrGraph g = make(7, kTiny, directed);
  const TinyExpected want = tiny_expected(directed, weighted);
  const ClosenessParams p{.weighted = weighted};
  expect_close(closeness(g, p).score, want.wf);
  expect_close(closeness(g, {.weighted = weighted, .wf_improved = false}).score, want.no_wf);
  expect_close(harmonic_closeness(g, p).score, want.harmonic);
  expect_close(closeness_reference(g, p), want.wf);
  expect_close(harmonic_closeness_reference(g, p), want.harmonic);
  if (weighted) {
    const ClosenessParams s{.weighted = true, .weight_as = WeightAs::kStrength};
    expect_close(closeness(g, s).score, want.strength_wf);
    expect_close(harmonic_closeness(g, s).score, want.strength_harmonic);
    expect_close(closeness_reference(g, s), want.strength_wf);
    expect_close(harmonic_closeness_reference(g, s), want.strength_harmonic);
  }
}

INSTANTIATE_TEST_SUITE_P(Closeness, ClosenessTiny, ::testing::Combine(::testing::Bool(), ::testing::Bool()),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param) ? "Directed" : "Undirected") +
                                  (std::get<1>(info.param) ? "Weighted" : "Unweighted");
                         });

TEST(Closeness, ZeroLengthPathsCountAsReachedButAddNothing) {
  // 0 --0.0-- 1 --2.0-- 2   (kDistance). Into 1: 0 at 0, 2 at 2: r = 2,
  // sum = 2, so closeness = (2/2)(2/2) = 1; harmonic skips the zero: 1/2.
  // Into 0: 1 at 0, 2 at 2: also 1 and 1/2. networkx agrees (it keeps
  // distance-0 vertices in len(sp) and skips d = 0 in the harmonic sum).
  const CsrGraph g = make(3, {{0, 1, 0.0}, {1, 2, 2.0}}, false);
  expect_close(closeness(g, {.weighted = true}).score, {1.0, 1.0, 2.0 / 4.0}, 1e-15);
  expect_close(harmonic_closeness(g, {.weighted = true}).score, {0.5, 0.5, 1.0}, 1e-15);
  // Only zero-length paths in: the sum is 0, closeness 0 (as networkx).
  const CsrGraph zero = make(2, {{0, 1, 0.0}}, true);
  expect_close(closeness(zero, {.weighted = true}).score, {0.0, 0.0});
}

TEST(Closeness, EmptyAndSingleVertex) {
  EXPECT_TRUE(closeness(make(0, {}, false)).score.empty());
  EXPECT_TRUE(harmonic_closeness(make(0, {}, true)).score.empty());
  expect_close(closeness(make(1, {{0, 0, 1.0}}, false)).score, {0.0});
  expect_close(harmonic_closeness(make(1, {{0, 0, 1.0}}, false)).score, {0.0});
}

TEST(Closeness, RejectsInvalidWeights) {
  const CsrGraph negative = make(3, {{0, 1, -1.0}, {1, 2, 1.0}}, true);
  expect_invalid([&] { closeness(negative, {.weighted = true}); }, "weight");
  expect_invalid([&] { harmonic_closeness(negative, {.weighted = true}); }, "weight");
  expect_invalid([&] { closeness_reference(negative, {.weighted = true}); }, "weight");
  EXPECT_NO_THROW(closeness(negative));  // hop counts ignore weights
  const CsrGraph zero = make(3, {{0, 1, 0.0}, {1, 2, 1.0}}, false);
  EXPECT_NO_THROW(closeness(zero, {.weighted = true}));
  expect_invalid([&] { closeness(zero, {.weighted = true, .weight_as = WeightAs::kStrength}); }, "kStrength");
  const CsrGraph infinite = make(2, {{0, 1, INFINITY}}, false);
  expect_invalid([&] { harmonic_closeness(infinite, {.weighted = true}); }, "weight");
  const CsrGraph not_a_number = make(2, {{0, 1, NAN}}, false);
  expect_invalid([&] { closeness(not_a_number, {.weighted = true}); }, "weight");
}

// Two components, ten isolated vertices, self-loops; zero weights only when
// `zeros` (kStrength refuses them).
CsrGraph random_graph(std::uint32_t seed, bool directed, bool zeros, VertexId n = 60, int edges = 100) {
  return testing::two_component_graph(seed, directed, n, edges, zeros ? 0.08 : 0.0);
}

TEST(ClosenessRandom, KernelsMatchReferences) {
  const std::vector<ClosenessParams> readings = {
      {.weighted = false},
      {.weighted = true, .weight_as = WeightAs::kDistance},
      {.weighted = true, .weight_as = WeightAs::kStrength},
      {.weighted = true, .weight_as = WeightAs::kDistance, .wf_improved = false},
  };
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    for (bool directed : {false, true}) {
      for (const ClosenessParams& p : readings) {
        const bool strength = p.weight_as == WeightAs::kStrength;
        const CsrGraph g = random_graph(seed, directed, !strength);
        SCOPED_TRACE("seed " + std::to_string(seed) + (directed ? " directed" : " undirected") +
                     (p.weighted ? (strength ? " strength" : " distance") : " hops"));
        expect_close(closeness(g, p, {.threads = 2}).score, closeness_reference(g, p));
        expect_close(harmonic_closeness(g, p, {.threads = 2}).score, harmonic_closeness_reference(g, p));
      }
    }
  }
}

TEST(ClosenessRandom, IdenticalAtAnyThreadCount) {
  for (bool directed : {false, true}) {
    const CsrGraph g = random_graph(11, directed, false, 600, 1600);
    for (bool weighted : {false, true}) {
      const ClosenessParams p{.weighted = weighted, .weight_as = WeightAs::kStrength};
      const auto c1 = closeness(g, p, {.threads = 1}).score;
      const auto h1 = harmonic_closeness(g, p, {.threads = 1}).score;
      for (int threads : {2, 3}) {
        EXPECT_EQ(c1, closeness(g, p, {.threads = threads}).score) << threads << " threads";
        EXPECT_EQ(h1, harmonic_closeness(g, p, {.threads = threads}).score) << threads << " threads";
      }
    }
  }
}

TEST(Closeness, InterruptIsPolledFromThreadZeroOnly) {
  // Big enough that thread 0 polls inside the parallel loop (every 2^22
  // scanned arcs), not only before it.
  const CsrGraph g = random_graph(3, false, false, 4000, 12000);
  std::atomic<int> calls{0};
  std::atomic<bool> off_thread_zero{false};
  RunContext ctx{.threads = 2};
  ctx.interrupted = [&] {
    if (omp_get_thread_num() != 0) off_thread_zero = true;
    return ++calls >= 2;  // the first call is the check before the loop
  };
  EXPECT_THROW(closeness(g, {}, ctx), Interrupted);
  EXPECT_EQ(calls.load(), 2);
  EXPECT_FALSE(off_thread_zero.load());
  calls = 0;
  ctx.interrupted = [&] { return ++calls >= 1; };
  EXPECT_THROW(harmonic_closeness(g, {}, ctx), Interrupted);
}

TEST(Closeness, CallbackExceptionLeavesTheParallelRegionSafely) {
  const CsrGraph g = random_graph(3, false, false, 4000, 12000);
  int calls = 0;
  RunContext ctx{.threads = 2};
  ctx.interrupted = [&] {
    if (++calls >= 2) throw std::runtime_error("callback failed");
    return false;
  };
  EXPECT_THROW(closeness(g, {}, ctx), std::runtime_error);
}

}  // namespace
}  // namespace corridor
