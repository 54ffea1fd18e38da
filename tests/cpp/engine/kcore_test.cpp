// core_number: hand-checked graphs (values confirmed with networkx 3.6's
// core_number), the peeling verifier on random graphs, thread invariance.
#include "engine/centrality/kcore.hpp"

#include <gtest/gtest.h>

#include "engine/graph/csr_builder.hpp"
#include "test_graphs.hpp"

namespace corridor {
namespace {

//   0 --- 1        4 --- 5
//    \   /         | \ / |
//      2 --- 3     | / \ |     8
//                  6 --- 7
// Triangle 0-1-2 with a pendant 3, a 4-clique, an isolated vertex. With
// loops=true, self-loops on 3 and 8 too (ignored: they would raise in
// networkx, and counting them would lift 3 and 8).
CsrGraph two_parts(bool loops) {
  EdgeRecords r;
  r.src = {0, 1, 2, 2, 4, 4, 4, 5, 5, 6};
  r.dst = {1, 2, 0, 3, 5, 6, 7, 6, 7, 7};
  if (loops) {
    r.src.insert(r.src.end(), {3, 8});
    r.dst.insert(r.dst.end(), {3, 8});
  }
  return build_csr(9, r);
}

TEST(CoreNumber, UndirectedHandChecked) {
  // Triangle: each vertex keeps degree 2 once 3 is gone -> 2; pendant 3 -> 1;
  // the 4-clique -> 3; isolated -> 0. networkx: {0: 2, 1: 2, 2: 2, 3: 1,
  // 4: 3, 5: 3, 6: 3, 7: 3, 8: 0}.
  const std::vector<double> expected{2, 2, 2, 1, 3, 3, 3, 3, 0};
  const auto r = core_number(two_parts(false));
  EXPECT_EQ(r.score, expected);
  EXPECT_EQ(r.iterations, 0);
  EXPECT_TRUE(r.converged);
  EXPECT_EQ(core_number_reference(two_parts(false)), expected);
}

TEST(CoreNumber, SelfLoopsAreIgnored) {
  const CsrGraph g = two_parts(true);
  EXPECT_EQ(core_number(g).score, (std::vector<double>{2, 2, 2, 1, 3, 3, 3, 3, 0}));
  EXPECT_EQ(core_number_reference(g), core_number(g).score);
}

//   0 <=> 1 --> 2 <=> 3      4 --> 0
//         \__________^
// (1 -> 3 too.) Directed degree is in + out, a reciprocated pair counts
// twice: 0 has 0->1, 1->0, 4->0 = 3 and stays in the 2-core with 1, 2, 3
// (networkx: {0: 2, 1: 2, 2: 2, 3: 2, 4: 1}). As an undirected graph 0 has
// degree 2 with pendant 4 leaving it 1 (networkx on G.to_undirected():
// {0: 1, 1: 2, 2: 2, 3: 2, 4: 1}).
TEST(CoreNumber, DirectedCountsArcsBothWays) {
  EdgeRecords r;
  r.src = {0, 1, 1, 1, 2, 3, 4};
  r.dst = {1, 0, 2, 3, 3, 2, 0};
  EXPECT_EQ(core_number(build_csr(5, r, {.directed = true})).score, (std::vector<double>{2, 2, 2, 2, 1}));
  EXPECT_EQ(core_number(build_csr(5, r, {.directed = false})).score, (std::vector<double>{1, 2, 2, 2, 1}));
}

TEST(CoreNumber, EmptyAndEdgelessGraphs) {
  EXPECT_TRUE(core_number(build_csr(0, EdgeRecords{})).score.empty());
  EXPECT_EQ(core_number(build_csr(3, EdgeRecords{})).score, (std::vector<double>{0, 0, 0}));
}

TEST(CoreNumber, MatchesPeelingVerifierOnRandomGraphs) {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    const bool directed = seed % 2 == 0;
    const VertexId n = 20 + seed * 3;
    const int m = static_cast<int>(n) * (1 + static_cast<int>(seed % 6));  // sparse to dense; loops included
    const CsrGraph g = testing::uniform_graph(seed, n, m, directed);
    EXPECT_EQ(core_number(g).score, core_number_reference(g)) << "seed " << seed;
  }
}

TEST(CoreNumber, SameAtOneAndTwoThreads) {
  for (bool directed : {false, true}) {
    const CsrGraph g = testing::uniform_graph(7, 500, 3000, directed);
    RunContext one, two;
    one.threads = 1;
    two.threads = 2;
    EXPECT_EQ(core_number(g, one).score, core_number(g, two).score);
  }
}

TEST(CoreNumber, Interrupted) {
  RunContext ctx;
  ctx.interrupted = [] { return true; };
  EXPECT_THROW(core_number(two_parts(false), ctx), Interrupted);
}

}  // namespace
}  // namespace corridor
