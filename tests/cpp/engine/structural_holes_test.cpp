// structural_holes: hand-checked graphs (expected values from networkx 3.6's
// constraint and effective_size with nodes=list(G), the per-node code; see
// structural_holes.hpp for why not its scipy path), the literal verifier on
// random graphs, thread invariance, validation.
#include "engine/centrality/structural_holes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "engine/graph/csr_builder.hpp"
#include "test_checks.hpp"
#include "test_graphs.hpp"

namespace corridor {
namespace {

using testing::expect_same;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// NaN-aware, to 1e-9 relative (absolute below 1).
void expect_close(const std::vector<double>& got, const std::vector<double>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << what << " vertex " << i << " got " << got[i];
    } else {
      EXPECT_NEAR(got[i], want[i], 1e-9 * std::max(1.0, std::abs(want[i]))) << what << " vertex " << i;
    }
  }
}

//   1 --2-- 2
//    \     /          weights: 0-1 = 1, 1-2 = 2, 2-0 = 3, 0-3 = 4
//     1   3
//      \ /
//       0 --4-- 3      4 (isolated)
CsrGraph kite(bool loops = false) {
  EdgeRecords r;
  r.src = {0, 1, 2, 0};
  r.dst = {1, 2, 0, 3};
  r.weight = {1, 2, 3, 4};
  if (loops) {  // on 0 and on the otherwise isolated 4
    r.src.insert(r.src.end(), {0, 4});
    r.dst.insert(r.dst.end(), {0, 4});
    r.weight.insert(r.weight.end(), {5, 6});
  }
  return build_csr(5, r, {.aggregate = Aggregate::kSum});
}

TEST(StructuralHoles, UndirectedUnweightedHandChecked) {
  // Vertex 0: N = {1, 2, 3}, p = 1/3 each; 1 and 2 reach each other
  // (p_12 = p_21 = 1/2): c_0 = 2 (1/3 + 1/3 * 1/2)^2 + (1/3)^2 = 11/18;
  // Borgatti e_0 = 3 - 2 * 1 / 3 = 7/3.
  // Vertex 1: N = {0, 2}, p = 1/2; p_20 = 1/2, p_02 = 1/3:
  // c_1 = (1/2 + 1/2 * 1/2)^2 + (1/2 + 1/2 * 1/3)^2 = 9/16 + 4/9 = 145/144;
  // e_1 = 2 - 2 * 1 / 2 = 1. Vertex 3: one contact, c = e = 1.
  // networkx: constraint [0.6111111111111112, 1.0069444444444444,
  // 1.0069444444444444, 1.0, nan], effective_size [2.3333333333333335, 1.0,
  // 1.0, 1.0, nan].
  const auto r = structural_holes(kite());
  expect_close(r.constraint, {11.0 / 18, 145.0 / 144, 145.0 / 144, 1, kNaN}, "constraint");
  expect_close(r.effective_size, {7.0 / 3, 1, 1, 1, kNaN}, "effective_size");
}

TEST(StructuralHoles, UndirectedWeighted) {
  // Vertex 2: N = {0 (w 3), 1 (w 2)}, p_20 = 3/5, p_21 = 2/5; 0's largest
  // tie is 4, so m_01 = 1/4; 1's is 2, so m_10 = 1/2:
  // e_2 = (1 - 2/5 * 1/4) + (1 - 3/5 * 1/2) = 1.6.
  // networkx (weight="weight"): constraint [0.5356944444444445,
  // 1.1645138888888886, 0.7634027777777777, 1.0, nan], effective_size
  // [2.5416666666666665, 1.1666666666666667, 1.6, 1.0, nan].
  const auto r = structural_holes(kite(), {.weighted = true});
  expect_close(r.constraint, {0.5356944444444445, 1.1645138888888886, 0.7634027777777777, 1, kNaN},
               "constraint");
  expect_close(r.effective_size, {2.5416666666666665, 1.1666666666666667, 1.6, 1, kNaN}, "effective_size");
}

//   0 <==> 1 --> 2      0 <==> 3     4 (isolated)
//   ^____________|
// Arcs (weight): 0->1 (1), 1->0 (2.5), 1->2 (2), 2->0 (3), 0->3 (4), 3->0 (0.5).
CsrGraph directed_kite() {
  EdgeRecords r;
  r.src = {0, 1, 1, 2, 0, 3};
  r.dst = {1, 0, 2, 0, 3, 0};
  r.weight = {1, 2.5, 2, 3, 4, 0.5};
  return build_csr(5, r, {.directed = true, .aggregate = Aggregate::kSum});
}

TEST(StructuralHoles, DirectedUnweighted) {
  // Mutual weights count both arcs: 0 has 0-1 = 2, 0-2 = 1, 0-3 = 2, so
  // p_0 = (2/5, 1/5, 2/5). m_12 = 1/2 (1's largest tie is 0 with 2),
  // m_21 = 1: e_0 = (1 - 1/5 * 1/2) + (1 - 2/5 * 1) + 1 = 2.5.
  // networkx: constraint [0.5211111111111112, 0.912222222222222,
  // 1.1844444444444442, 1.0, nan], effective_size [2.5, 1.1666666666666667,
  // 1.0, 1.0, nan]. (Its scipy path gives 2.6 and 1.333... for 0 and 1.)
  const auto r = structural_holes(directed_kite());
  expect_close(r.constraint, {0.5211111111111112, 0.912222222222222, 1.1844444444444442, 1, kNaN},
               "constraint");
  expect_close(r.effective_size, {2.5, 1.1666666666666667, 1, 1, kNaN}, "effective_size");
}

TEST(StructuralHoles, DirectedWeighted) {
  // networkx (weight="weight"): constraint [0.500795027662045,
  // 1.0188211187760396, 1.0794214876033057, 1.0, nan], effective_size
  // [2.632034632034632, 1.121212121212121, 1.088888888888889, 1.0, nan].
  const auto r = structural_holes(directed_kite(), {.weighted = true});
  expect_close(r.constraint, {0.500795027662045, 1.0188211187760396, 1.0794214876033057, 1, kNaN},
               "constraint");
  expect_close(r.effective_size, {2.632034632034632, 1.121212121212121, 1.088888888888889, 1, kNaN},
               "effective_size");
}

TEST(StructuralHoles, SelfLoopsAreIgnored) {
  for (bool weighted : {false, true}) {
    const auto with = structural_holes(kite(true), {.weighted = weighted});
    const auto without = structural_holes(kite(false), {.weighted = weighted});
    expect_close(with.constraint, without.constraint, "constraint");
    expect_close(with.effective_size, without.effective_size, "effective_size");
    EXPECT_TRUE(std::isnan(with.constraint[4]));  // only a loop: isolated
  }
}

TEST(StructuralHoles, ZeroWeightEdgeKeepsItsNeighbour) {
  // The kite with 0-1 weighing 0 and 1-2 = 1, 2-0 = 2, 0-3 = 1. Vertex 1:
  // p_10 = 0, p_12 = 1, p_20 = 2/3: c_1 = (0 + 1 * 2/3)^2 + 1^2 = 13/9.
  // networkx (weight="weight", nodes=list(G)): constraint
  // [0.6049382716049383, 1.4444444444444444, 0.5555555555555556, 1.0],
  // effective_size [2.3333333333333335, 1.0, 2.0, 1.0].
  EdgeRecords r;
  r.src = {0, 1, 2, 0};
  r.dst = {1, 2, 0, 3};
  r.weight = {0, 1, 2, 1};
  const auto s = structural_holes(build_csr(4, r, {.aggregate = Aggregate::kSum}), {.weighted = true});
  expect_close(s.constraint, {0.6049382716049383, 13.0 / 9, 0.5555555555555556, 1}, "constraint");
  expect_close(s.effective_size, {7.0 / 3, 1, 2, 1}, "effective_size");
}

TEST(StructuralHoles, DirectedVertexWithInArcsOnlyIsNotIsolated) {
  // 0 -> 1 -> 2 -> 0, 0 -> 3: vertex 3's one contact is 0, so c = e = 1
  // (networkx's per-node code says NaN here: it looks at successors only).
  EdgeRecords r;
  r.src = {0, 1, 2, 0};
  r.dst = {1, 2, 0, 3};
  const auto s = structural_holes(build_csr(4, r, {.directed = true}));
  EXPECT_DOUBLE_EQ(s.constraint[3], 1.0);
  EXPECT_DOUBLE_EQ(s.effective_size[3], 1.0);
}

CsrGraph random_graph(std::uint32_t seed, VertexId n, int m, bool directed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> w(0.1, 5.0);
  // A few zero weights.
  const EdgeRecords r = testing::uniform_records(rng, n, m, [&](int i) { return i % 17 == 0 ? 0.0 : w(rng); });
  return build_csr(n, r, {.directed = directed, .aggregate = Aggregate::kMax});
}

TEST(StructuralHoles, MatchesVerifierOnRandomGraphs) {
  for (std::uint32_t seed = 1; seed <= 24; ++seed) {
    for (bool directed : {false, true}) {
      for (bool weighted : {false, true}) {
        const VertexId n = 15 + seed * 2;
        const CsrGraph g = random_graph(seed, n, static_cast<int>(n) * (1 + static_cast<int>(seed % 4)), directed);
        const auto got = structural_holes(g, {.weighted = weighted});
        const auto want = structural_holes_reference(g, {.weighted = weighted});
        SCOPED_TRACE(::testing::Message() << "seed " << seed << " directed " << directed << " weighted " << weighted);
        expect_close(got.constraint, want.constraint, "constraint");
        expect_close(got.effective_size, want.effective_size, "effective_size");
      }
    }
  }
}

TEST(StructuralHoles, SameAtOneAndTwoThreads) {
  for (bool directed : {false, true}) {
    const CsrGraph g = random_graph(11, 400, 2400, directed);
    RunContext one, two;
    one.threads = 1;
    two.threads = 2;
    const auto a = structural_holes(g, {.weighted = true}, one);
    const auto b = structural_holes(g, {.weighted = true}, two);
    expect_same(a.constraint, b.constraint);
    expect_same(a.effective_size, b.effective_size);
  }
}

TEST(StructuralHoles, RejectsNegativeOrNonFiniteWeightsWhenWeighted) {
  for (double bad : {-1.0, kNaN, std::numeric_limits<double>::infinity()}) {
    EdgeRecords r;
    r.src = {0, 1};
    r.dst = {1, 2};
    r.weight = {1, bad};
    const CsrGraph g = build_csr(3, r, {.aggregate = Aggregate::kSum});
    EXPECT_THROW(structural_holes(g, {.weighted = true}), std::invalid_argument);
    EXPECT_THROW(structural_holes_reference(g, {.weighted = true}), std::invalid_argument);
    EXPECT_NO_THROW(structural_holes(g));  // unweighted: weights unused
  }
  EdgeRecords r;
  r.src = {0};
  r.dst = {1};
  r.weight = {-2};
  try {
    structural_holes(build_csr(2, r, {.directed = true, .aggregate = Aggregate::kSum}), {.weighted = true});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("weight"), std::string::npos) << e.what();
  }
}

TEST(StructuralHoles, EmptyGraph) {
  const auto r = structural_holes(build_csr(0, EdgeRecords{}));
  EXPECT_TRUE(r.constraint.empty());
  EXPECT_TRUE(r.effective_size.empty());
}

TEST(StructuralHoles, Interrupted) {
  RunContext ctx;
  ctx.interrupted = [] { return true; };
  EXPECT_THROW(structural_holes(kite(), {}, ctx), Interrupted);
}

}  // namespace
}  // namespace corridor
