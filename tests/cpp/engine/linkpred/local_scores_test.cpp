// Local link-prediction indices: hand-checked values on a drawn graph
// (networkx's numbers), the kernel against its std::set verifier on random
// graphs (unweighted x weighted, self-loops included), and validation.
#include "engine/linkpred/local_scores.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "../test_checks.hpp"
#include "../test_graphs.hpp"

namespace corridor {
namespace {

using testing::expect_close;
using testing::expect_invalid;
using testing::make;

// Undirected, weights on the edges:
//
//     0 --1-- 1 --2-- 2
//      \      |      /
//       3     1     1          5 (isolated)
//        \    |    /
//         +-- 3 --+--4-- 4
//
// Edges 0-1 (1), 1-2 (2), 0-3 (3), 1-3 (1), 2-3 (1), 3-4 (4).
// Degrees: 0:2 1:3 2:2 3:4 4:1 5:0.
const std::vector<testing::Edge> kDrawn = {{0, 1, 1}, {1, 2, 2}, {0, 3, 3}, {1, 3, 1}, {2, 3, 1}, {3, 4, 4}};

TEST(LocalScores, HandCheckedUnweighted) {
  const CsrGraph g = make(6, kDrawn, false);
  const std::vector<VertexId> us = {0, 0, 1, 4, 5};
  const std::vector<VertexId> vs = {2, 4, 4, 2, 0};
  // 0,2: common {1, 3}; union {1, 3}.  0,4: common {3}; union {1, 3}.
  // 1,4: common {3}; union {0, 2, 3}.   4,2: common {3}; union {1, 3}.  5,0: none.
  auto s = [&](LinkScore m) { return score_links(g, us, vs, {.method = m}); };
  expect_close(s(LinkScore::kCommonNeighbors), {2, 1, 1, 1, 0});
  expect_close(s(LinkScore::kJaccard), {1, 0.5, 1.0 / 3, 0.5, 0});
  const double l3 = 1 / std::log(3.0), l4 = 1 / std::log(4.0);
  expect_close(s(LinkScore::kAdamicAdar), {l3 + l4, l4, l4, l4, 0});
  expect_close(s(LinkScore::kResourceAllocation), {1.0 / 3 + 0.25, 0.25, 0.25, 0.25, 0});
  expect_close(s(LinkScore::kPreferentialAttachment), {4, 2, 3, 2, 0});
}

// Lü & Zhou's weighted forms; strengths 0:4 1:4 2:3 3:9 4:4.
TEST(LocalScores, HandCheckedWeighted) {
  const CsrGraph g = make(6, kDrawn, false);
  const std::vector<VertexId> us = {0, 1};
  const std::vector<VertexId> vs = {2, 4};
  auto s = [&](LinkScore m) { return score_links(g, us, vs, {.method = m, .weighted = true}); };
  // 0,2 via 1: 1 + 2, via 3: 3 + 1.  1,4 via 3: 1 + 4.
  expect_close(s(LinkScore::kCommonNeighbors), {7, 5});
  expect_close(s(LinkScore::kAdamicAdar), {3 / std::log(5.0) + 4 / std::log(10.0), 5 / std::log(10.0)});
  expect_close(s(LinkScore::kResourceAllocation), {3.0 / 4 + 4.0 / 9, 5.0 / 9});
  expect_close(s(LinkScore::kPreferentialAttachment), {12, 16});
}

// networkx's self-loop conventions: a self-loop puts the vertex in its own
// neighbourhood (Jaccard's union) and counts twice in its degree.
TEST(LocalScores, SelfLoops) {
  // 0 - 1 - 2, loop at 1 and at 0.
  const CsrGraph g = make(3, {{0, 1, 1}, {1, 2, 1}, {1, 1, 1}, {0, 0, 1}}, false);
  // 0,2: common {1} (deg 4: 2 edges + loop twice); union {0, 1}.
  expect_close(score_links(g, {0}, {2}, {.method = LinkScore::kJaccard}), {0.5});
  expect_close(score_links(g, {0}, {2}, {.method = LinkScore::kResourceAllocation}), {0.25});
  expect_close(score_links(g, {0}, {2}, {.method = LinkScore::kPreferentialAttachment}), {3 * 1});
}

class LocalScoresRandom : public ::testing::TestWithParam<std::tuple<LinkScore, bool>> {};

TEST_P(LocalScoresRandom, MatchesVerifier) {
  const auto [m, weighted] = GetParam();
  if (weighted && m == LinkScore::kJaccard) GTEST_SKIP() << "no weighted Jaccard";
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    const CsrGraph g = testing::two_component_graph(seed, false, 60, 300);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<VertexId> pick(0, 59);
    std::vector<VertexId> us, vs;
    for (int i = 0; i < 500; ++i) {
      us.push_back(pick(rng));
      vs.push_back(pick(rng));
    }
    const LinkScoreParams p{m, weighted};
    expect_close(score_links(g, us, vs, p), score_links_reference(g, us, vs, p), 1e-12);
  }
}

INSTANTIATE_TEST_SUITE_P(AllIndices, LocalScoresRandom,
                         ::testing::Combine(::testing::Values(LinkScore::kCommonNeighbors, LinkScore::kJaccard,
                                                              LinkScore::kAdamicAdar, LinkScore::kResourceAllocation,
                                                              LinkScore::kPreferentialAttachment),
                                            ::testing::Bool()));

TEST(LocalScores, Validation) {
  const CsrGraph g = make(3, {{0, 1, 1}}, false);
  expect_invalid([&] { score_links(make(3, {{0, 1, 1}}, true), {0}, {1}); }, "graph must be undirected");
  expect_invalid([&] { score_links(g, {0}, {1}, {.method = LinkScore::kJaccard, .weighted = true}); }, "weighted");
  expect_invalid([&] { score_links(g, {0, 1}, {1}); }, "pairs");
  expect_invalid([&] { score_links(g, {0}, {3}); }, "pairs");
  expect_invalid([&] { parse_link_score("katz"); }, "method");
  expect_invalid([&] { score_links(make(2, {{0, 1, -1}}, false), {0}, {1}, {.weighted = true}); }, "weighted");
  EXPECT_EQ(parse_link_score("resource_allocation"), LinkScore::kResourceAllocation);
}

}  // namespace
}  // namespace corridor
