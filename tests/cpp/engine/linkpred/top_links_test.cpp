// top_links: the drawn graph by hand, the search against the brute-force
// verifier on random graphs in every mode (whole graph, from sources, among
// sources) for every index, thread-count invariance, interrupts, validation.
#include "engine/linkpred/top_links.hpp"

#include <gtest/gtest.h>

#include <random>
#include <tuple>

#include "../test_checks.hpp"
#include "../test_graphs.hpp"

namespace corridor {
namespace {

using testing::expect_invalid;
using testing::make;

void expect_equal(const LinkList& got, const LinkList& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got.u[i], want.u[i]) << "rank " << i;
    EXPECT_EQ(got.v[i], want.v[i]) << "rank " << i;
    EXPECT_DOUBLE_EQ(got.score[i], want.score[i]) << "rank " << i;
  }
}

//     0 --- 1 --- 2
//      \    |    /
//       +-- 3 --+--- 4        5 (isolated)
const std::vector<testing::Edge> kDrawn = {{0, 1, 1}, {1, 2, 2}, {0, 3, 3}, {1, 3, 1}, {2, 3, 1}, {3, 4, 4}};

TEST(TopLinks, HandChecked) {
  const CsrGraph g = make(6, kDrawn, false);
  // Non-adjacent pairs at distance 2: {0,2} CN 2, {0,4} {1,4} {2,4} CN 1.
  const LinkList cn = top_links(g, {.score = {LinkScore::kCommonNeighbors}, .k = 10});
  ASSERT_EQ(cn.size(), 4u);
  EXPECT_EQ(std::vector<VertexId>({0, 0, 1, 2}), cn.u);
  EXPECT_EQ(std::vector<VertexId>({2, 4, 4, 4}), cn.v);
  EXPECT_EQ(std::vector<double>({2, 1, 1, 1}), cn.score);
  // From vertex 4 only; k = 2 keeps the ties with the smallest partner.
  const LinkList from4 = top_links(g, {.score = {LinkScore::kCommonNeighbors}, .k = 2, .sources = {4}});
  EXPECT_EQ(std::vector<VertexId>({4, 4}), from4.u);
  EXPECT_EQ(std::vector<VertexId>({0, 1}), from4.v);
  // Preferential attachment: degrees 0:2 1:3 2:2 3:4 4:1 5:0; best non-adjacent
  // pairs {0,2} = 4, {1,4} = 3, then {0,4} = {2,4} = 2; 5 never (degree 0).
  const LinkList pa = top_links(g, {.score = {LinkScore::kPreferentialAttachment}, .k = 3});
  EXPECT_EQ(std::vector<VertexId>({0, 1, 0}), pa.u);
  EXPECT_EQ(std::vector<VertexId>({2, 4, 4}), pa.v);
  EXPECT_EQ(std::vector<double>({4, 3, 2}), pa.score);
}

class TopLinksRandom : public ::testing::TestWithParam<std::tuple<LinkScore, bool>> {};

TEST_P(TopLinksRandom, MatchesVerifierInEveryMode) {
  const auto [m, weighted] = GetParam();
  if (weighted && m == LinkScore::kJaccard) GTEST_SKIP() << "no weighted Jaccard";
  for (std::uint32_t seed : {4u, 5u}) {
    const CsrGraph g = testing::two_component_graph(seed, false, 80, 240);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<VertexId> pick(0, 79);
    std::vector<VertexId> some;
    for (int i = 0; i < 25; ++i) some.push_back(pick(rng));  // repeats as they fall
    for (std::size_t k : {1u, 7u, 40u, 100000u}) {
      for (int mode = 0; mode < 3; ++mode) {
        TopLinksParams p{.score = {m, weighted}, .k = k};
        if (mode > 0) p.sources = some;
        p.among = mode == 2;
        const LinkList want = top_links_reference(g, p);
        expect_equal(top_links(g, p, {.threads = 1}), want);
        expect_equal(top_links(g, p, {.threads = 3}), want);
        if (mode == 0 && k == 100000u) {
          EXPECT_GT(want.size(), 40u);
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllIndices, TopLinksRandom,
                         ::testing::Combine(::testing::Values(LinkScore::kCommonNeighbors, LinkScore::kJaccard,
                                                              LinkScore::kAdamicAdar, LinkScore::kResourceAllocation,
                                                              LinkScore::kPreferentialAttachment),
                                            ::testing::Bool()));

// The search's scores are score_links' doubles for the same pairs.
TEST(TopLinks, ScoresEqualScoreLinks) {
  const CsrGraph g = testing::two_component_graph(9, false, 200, 900);
  for (LinkScore m : {LinkScore::kAdamicAdar, LinkScore::kResourceAllocation, LinkScore::kJaccard}) {
    const LinkList top = top_links(g, {.score = {m}, .k = 300});
    EXPECT_EQ(top.score, score_links(g, top.u, top.v, {m}));
  }
}

TEST(TopLinks, InterruptStops) {
  const CsrGraph g = testing::two_component_graph(3, false, 3000, 60000);
  RunContext ctx{.threads = 2};
  ctx.interrupted = [] { return true; };
  EXPECT_THROW(top_links(g, {.k = 10}, ctx), Interrupted);
}

TEST(TopLinks, Validation) {
  const CsrGraph g = make(3, {{0, 1, 1}}, false);
  expect_invalid([&] { top_links(g, {.k = 0}); }, "k must be at least 1");
  expect_invalid([&] { top_links(g, {.sources = {3}}); }, "sources");
  expect_invalid([&] { top_links(g, {.among = true}); }, "among");
  expect_invalid([&] { top_links(make(3, {{0, 1, 1}}, true), {}); }, "graph must be undirected");
}

}  // namespace
}  // namespace corridor
