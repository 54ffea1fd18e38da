// top_links_per_vertex: the drawn graph by hand, the kernel against the
// brute-force verifier on random graphs for every index (weighted too, zero
// weights included), the same doubles as score_links, thread-count
// invariance, interrupts, validation.
#include "engine/linkpred/top_links_per_vertex.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <tuple>

#include "../test_checks.hpp"
#include "../test_graphs.hpp"

namespace corridor {
namespace {

using testing::expect_invalid;
using testing::make;

void expect_identical(const LinkList& got, const LinkList& want) {
  ASSERT_EQ(got.size(), want.size());
  EXPECT_EQ(got.u, want.u);
  EXPECT_EQ(got.v, want.v);
  testing::expect_same(got.score, want.score);
}

//     0 --- 1 --- 2
//      \    |    /
//       +-- 3 --+--- 4        5 (isolated)
// Degrees 0:2 1:3 2:2 3:4 4:1 5:0. Candidates (distance 2): 0 -> {2, 4},
// 1 -> {4}, 2 -> {0, 4}, 3 -> none (all its neighbours' neighbours are its
// neighbours), 4 -> {0, 1, 2}, 5 -> none.
const std::vector<testing::Edge> kDrawn = {{0, 1, 1}, {1, 2, 2}, {0, 3, 3}, {1, 3, 1}, {2, 3, 1}, {3, 4, 4}};

TEST(TopLinksPerVertex, HandChecked) {
  const CsrGraph g = make(6, kDrawn, false);
  // Common neighbours, k = 2: {0,2} share 1 and 3; every other candidate pair shares 3 only.
  const LinkList cn = top_links_per_vertex(g, {.score = {LinkScore::kCommonNeighbors}, .k = 2});
  EXPECT_EQ(std::vector<VertexId>({0, 0, 1, 2, 2, 4, 4}), cn.u);
  EXPECT_EQ(std::vector<VertexId>({2, 4, 4, 0, 4, 0, 1}), cn.v);  // 4: ties 0, 1, 2 keep the smallest two
  EXPECT_EQ(std::vector<double>({2, 1, 1, 2, 1, 1, 1}), cn.score);
  // Resource allocation: {0,2} = 1/deg(1) + 1/deg(3) = 1/3 + 1/4; via 3 alone 1/4.
  const LinkList ra = top_links_per_vertex(g, {.score = {LinkScore::kResourceAllocation}, .k = 5});
  EXPECT_EQ(std::vector<VertexId>({0, 0, 1, 2, 2, 4, 4, 4}), ra.u);
  EXPECT_EQ(std::vector<VertexId>({2, 4, 4, 0, 4, 0, 1, 2}), ra.v);
  EXPECT_DOUBLE_EQ(ra.score[0], 1.0 / 3 + 1.0 / 4);
  EXPECT_DOUBLE_EQ(ra.score[7], 1.0 / 4);
  // Jaccard from 4 and 2 only (given out of order, 4 twice): N(4) = {3};
  // J(4,0) = |{3}| / |{1,3}| = 1/2, J(4,1) = 1/|{0,2,3}| = 1/3, J(4,2) = 1/2;
  // J(2,0) = 2/|{1,3}| = 1, J(2,4) = 1/2. k = 2: 4 keeps 0 and 2 (tied 1/2).
  const LinkList ja = top_links_per_vertex(g, {.score = {LinkScore::kJaccard}, .k = 2, .sources = {4, 2, 4}});
  EXPECT_EQ(std::vector<VertexId>({2, 2, 4, 4}), ja.u);
  EXPECT_EQ(std::vector<VertexId>({0, 4, 0, 2}), ja.v);
  EXPECT_EQ(std::vector<double>({1, 0.5, 0.5, 0.5}), ja.score);
  // Adamic-Adar {0,2}: 1/ln 3 + 1/ln 4.
  const LinkList aa = top_links_per_vertex(g, {.score = {LinkScore::kAdamicAdar}, .k = 1, .sources = {0}});
  ASSERT_EQ(aa.size(), 1u);
  EXPECT_EQ(aa.v[0], 2u);
  EXPECT_DOUBLE_EQ(aa.score[0], 1 / std::log(3.0) + 1 / std::log(4.0));
  // Weighted common neighbours {0,2}: (w01 + w12) + (w03 + w32) = (1 + 2) + (3 + 1).
  const LinkList wcn =
      top_links_per_vertex(g, {.score = {LinkScore::kCommonNeighbors, true}, .k = 1, .sources = {2}});
  EXPECT_EQ(std::vector<double>({7}), wcn.score);
  // Only isolated or saturated sources: nothing.
  EXPECT_EQ(top_links_per_vertex(g, {.k = 3, .sources = {3, 5}}).size(), 0u);
}

class TopLinksPerVertexRandom : public ::testing::TestWithParam<std::tuple<LinkScore, bool>> {};

TEST_P(TopLinksPerVertexRandom, MatchesVerifierAndScoreLinks) {
  const auto [m, weighted] = GetParam();
  if (weighted && m == LinkScore::kJaccard) GTEST_SKIP() << "no weighted Jaccard";
  for (std::uint32_t seed : {4u, 5u, 6u}) {
    // seed 6: a fifth of the weights 0, so some weighted two-hop pairs score 0 and drop out.
    const CsrGraph g = seed == 6 ? testing::two_component_graph(seed, false, 90, 300, 0.2)
                                 : testing::two_component_graph(seed, false, 80, 240);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<VertexId> pick(0, g.num_vertices() - 1);
    std::vector<VertexId> some;
    for (int i = 0; i < 25; ++i) some.push_back(pick(rng));  // repeats as they fall
    for (std::size_t k : {1u, 4u, 100000u}) {
      for (bool subset : {false, true}) {
        TopLinksPerVertexParams p{.score = {m, weighted}, .k = k};
        if (subset) p.sources = some;
        const LinkList want = top_links_per_vertex_reference(g, p);
        const LinkList one = top_links_per_vertex(g, p, {.threads = 1});
        expect_identical(one, want);
        expect_identical(top_links_per_vertex(g, p, {.threads = 3}), want);
        testing::expect_same(score_links(g, one.u, one.v, p.score), one.score);
        if (!subset && k == 100000u) EXPECT_GT(want.size(), 200u);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllIndices, TopLinksPerVertexRandom,
                         ::testing::Combine(::testing::Values(LinkScore::kCommonNeighbors, LinkScore::kJaccard,
                                                              LinkScore::kAdamicAdar,
                                                              LinkScore::kResourceAllocation),
                                            ::testing::Bool()));

// Rows of sources 4 (scores 3, 2, 2, 1) and 7 (2, 2): ranks restart per
// source and a tie shares its best rank.
TEST(TopLinksPerVertex, RanksWithinSources) {
  LinkList l;
  l.u = {4, 4, 4, 4, 7, 7};
  l.v = {1, 2, 3, 5, 0, 9};
  l.score = {3, 2, 2, 1, 2, 2};
  EXPECT_EQ(ranks_within_sources(l), (std::vector<std::uint32_t>{1, 2, 2, 4, 1, 1}));
  EXPECT_TRUE(ranks_within_sources(LinkList{}).empty());
}

TEST(TopLinksPerVertex, AgreesWithTopLinksFromOneSource) {
  // From one source, top_links' pairs (source, other) are the same rows.
  const CsrGraph g = testing::two_component_graph(8, false, 120, 500);
  for (VertexId s : {0u, 7u, 33u, 60u}) {
    const LinkList a = top_links_per_vertex(g, {.score = {LinkScore::kAdamicAdar}, .k = 6, .sources = {s}});
    const LinkList b = top_links(g, {.score = {LinkScore::kAdamicAdar}, .k = 6, .sources = {s}});
    expect_identical(a, b);
  }
}

TEST(TopLinksPerVertex, InterruptStops) {
  const CsrGraph g = testing::two_component_graph(3, false, 3000, 60000);
  RunContext ctx{.threads = 2};
  ctx.interrupted = [] { return true; };
  EXPECT_THROW(top_links_per_vertex(g, {.k = 10}, ctx), Interrupted);
}

TEST(TopLinksPerVertex, Validation) {
  const CsrGraph g = make(3, {{0, 1, 1}}, false);
  expect_invalid([&] { top_links_per_vertex(g, {.k = 0}); }, "k must be at least 1");
  expect_invalid([&] { top_links_per_vertex(g, {.sources = {3}}); }, "sources");
  expect_invalid([&] { top_links_per_vertex(g, {.score = {LinkScore::kPreferentialAttachment}}); }, "method");
  expect_invalid([&] { top_links_per_vertex(g, {.score = {LinkScore::kJaccard, true}}); }, "weighted");
  expect_invalid([&] { top_links_per_vertex(make(3, {{0, 1, 1}}, true), {}); }, "graph must be undirected");
}

}  // namespace
}  // namespace corridor
