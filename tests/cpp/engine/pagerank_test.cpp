// PageRank: hand-checked cases, networkx's values on a tiny graph (directed
// x weighted), the kernel against its serial verifier on random graphs, the
// same bits at any thread count, interrupts, and argument validation.
#include "engine/centrality/pagerank.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
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

// Two vertices, 0 -> 1; 1 is dangling.       0 ---> 1
// With damping 1/2 and p = (1/2, 1/2):
//   x0 = 1/2 (x1 / 2) + 1/4,  x1 = 1/2 (x0 + x1 / 2) + 1/4,  x0 + x1 = 1
//   => x0 = 2/5, x1 = 3/5.
TEST(PageRank, HandCheckedDanglingPair) {
  const CsrGraph g = make(2, {{0, 1, 1}}, true);
  const auto r = pagerank(g, {.damping = 0.5, .tol = 1e-15});
  EXPECT_TRUE(r.converged);
  expect_close(r.score, {0.4, 0.6});
  // Undirected, the edge goes both ways: symmetric.
  expect_close(pagerank(make(2, {{0, 1, 1}}, false)).score, {0.5, 0.5});
}

// The tiny graph: (weights on the arcs; undirected reads every arc as an edge)
//
//        1.0        2.0
//   0 -------> 1 -------> 2          5 (isolated)
//   ^          |          ^
//   | 3.0      | 1.0      : 0.0 (a zero-weight arc)
//   |          v          :
//   +--------- 4 -------> 3
//             (loop 0.5)  1.0
//
// Directed and weighted, 2, 3 (only a zero-weight out-arc) and 5 are
// dangling; unweighted, 3 -> 2 counts as an arc.
const std::vector<Edge> kTiny = {{0, 1, 1.0}, {1, 2, 2.0}, {1, 4, 1.0}, {4, 0, 3.0},
                                 {4, 3, 1.0}, {3, 2, 0.0}, {4, 4, 0.5}};

// networkx 3.6.1: _pagerank_python(G, tol=1e-13, max_iter=100000), plain and
// with personalization={0: 1, 3: 3}; G an nx.Graph / nx.DiGraph on 0..5 with
// kTiny's edges, weight 1 everywhere when unweighted.
struct TinyExpected {
  std::vector<double> plain, personalized;
};
TinyExpected tiny_expected(bool directed, bool weighted) {
  if (!directed && !weighted) {
    return {{0.15191194371739397, 0.22110698139854817, 0.1583045639155018, 0.15654440531864422,
             0.2830058920576785, 0.02912621359223301},
            {0.14886670150375014, 0.18683607220560403, 0.1532656698530851, 0.2360677240664957,
             0.2749638323710649, 0.0}};
  }
  if (!directed && weighted) {
    return {{0.22237742818626122, 0.23331406247771813, 0.12828469014534455, 0.07701687236472382,
             0.30988073323371906, 0.02912621359223301},
            {0.23847621645132772, 0.1658272716095631, 0.07047659043415336, 0.16774597374475037,
             0.35747394776020536, 0.0}};
  }
  if (directed && !weighted) {
    return {{0.13274194304779474, 0.18561164219412074, 0.26449659012661125, 0.13274194304779474,
             0.21162689098028525, 0.07278099060339295},
            {0.12925095688919136, 0.10986331335576599, 0.3449005425157804, 0.3508336874584873,
             0.06515149978077492, 0.0}};
  }
  return {{0.17881098905781373, 0.23621424464684762, 0.2180796425807377, 0.11575359898437952,
           0.16691662078255862, 0.08422490394766241},
          {0.19246550675697316, 0.16359568074334788, 0.09270421908796087, 0.5000482147741921,
           0.05118637863752589, 0.0}};
}

class PageRankTiny : public ::testing::TestWithParam<std::tuple<bool, bool>> {};

TEST_P(PageRankTiny, MatchesNetworkx) {
  const auto [directed, weighted] = GetParam();
  const CsrGraph g = make(6, kTiny, directed);
  const TinyExpected want = tiny_expected(directed, weighted);
  const auto plain = pagerank(g, {.tol = 1e-13, .max_iter = 100000, .weighted = weighted});
  EXPECT_TRUE(plain.converged);
  expect_close(plain.score, want.plain);
  const PageRankParams pp{.tol = 1e-13,
                          .max_iter = 100000,
                          .weighted = weighted,
                          .personalization = {0, 3},
                          .personalization_weights = {1.0, 3.0}};
  expect_close(pagerank(g, pp).score, want.personalized);
  expect_close(pagerank_reference(g, pp), want.personalized);
}

TEST_P(PageRankTiny, StopsByNetworkxRule) {
  // The stopping rule is networkx's (L1 change < n * tol) on the same
  // iterates, so the kernel and the verifier stop together and agree far
  // below the tolerance.
  const auto [directed, weighted] = GetParam();
  const CsrGraph g = make(6, kTiny, directed);
  const PageRankParams p{.tol = 1e-6, .max_iter = 100, .weighted = weighted};
  const auto r = pagerank(g, p);
  EXPECT_TRUE(r.converged);
  EXPECT_LT(r.residual, 6 * 1e-6);
  EXPECT_GT(r.iterations, 1);
  expect_close(r.score, pagerank_reference(g, p), 1e-12);
  const auto one_less = pagerank(g, {.tol = 1e-6, .max_iter = r.iterations - 1, .weighted = weighted});
  EXPECT_FALSE(one_less.converged);
  EXPECT_GE(one_less.residual, 6 * 1e-6);
}

INSTANTIATE_TEST_SUITE_P(PageRank, PageRankTiny, ::testing::Combine(::testing::Bool(), ::testing::Bool()),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param) ? "Directed" : "Undirected") +
                                  (std::get<1>(info.param) ? "Weighted" : "Unweighted");
                         });

TEST(PageRank, ZeroWeightArcsCarryNothing) {
  //   0 --(0.0)--> 1 --(1.0)--> 0      weighted: 0 is dangling, as if the
  //   2 --(2.0)--> 1                   arc 0 -> 1 were not there
  const CsrGraph with = make(3, {{0, 1, 0.0}, {1, 0, 1.0}, {2, 1, 2.0}}, true);
  const CsrGraph without = make(3, {{1, 0, 1.0}, {2, 1, 2.0}}, true);
  EXPECT_EQ(pagerank(with).score, pagerank(without).score);
  EXPECT_NE(pagerank(with, {.weighted = false}).score, pagerank(without, {.weighted = false}).score);
}

TEST(PageRank, PersonalizationDefaultsAndDuplicates) {
  const CsrGraph g = make(6, kTiny, true);
  // Weights all 1 when personalization_weights is empty; a repeated vertex
  // adds its weights.
  const auto ones = pagerank(g, {.personalization = {1, 4}}).score;
  const auto explicit_ones =
      pagerank(g, {.personalization = {4, 1}, .personalization_weights = {2, 2}}).score;
  expect_close(ones, explicit_ones, 1e-12);
  const auto repeated =
      pagerank(g, {.personalization = {1, 4, 1}, .personalization_weights = {0.5, 1, 0.5}}).score;
  expect_close(ones, repeated, 1e-12);
}

TEST(PageRank, ConvergenceFacts) {
  const CsrGraph g = make(6, kTiny, true);
  const auto r = pagerank(g);
  EXPECT_TRUE(r.converged);
  EXPECT_LT(r.residual, 6 * 1e-10);
  EXPECT_NEAR(std::accumulate(r.score.begin(), r.score.end(), 0.0), 1.0, 1e-12);
  const auto cut = pagerank(g, {.max_iter = 3});
  EXPECT_FALSE(cut.converged);
  EXPECT_EQ(cut.iterations, 3);
  EXPECT_EQ(cut.score.size(), 6u);
}

TEST(PageRank, EmptyAndEdgelessGraphs) {
  const auto empty = pagerank(make(0, {}, true));
  EXPECT_TRUE(empty.score.empty());
  EXPECT_TRUE(empty.converged);
  // No arcs: every vertex dangling, the uniform vector is already stationary.
  expect_close(pagerank(make(4, {}, true)).score, {0.25, 0.25, 0.25, 0.25}, 1e-15);
}

TEST(PageRank, RejectsInvalidArguments) {
  const CsrGraph g = make(6, kTiny, true);
  expect_invalid([&] { pagerank(g, {.damping = 1.0}); }, "damping");
  expect_invalid([&] { pagerank(g, {.damping = -0.1}); }, "damping");
  expect_invalid([&] { pagerank(g, {.damping = NAN}); }, "damping");
  expect_invalid([&] { pagerank(g, {.tol = 0}); }, "tol");
  expect_invalid([&] { pagerank(g, {.tol = -1}); }, "tol");
  expect_invalid([&] { pagerank(g, {.max_iter = 0}); }, "max_iter");
  expect_invalid([&] { pagerank(g, {.personalization = {6}}); }, "personalization");
  expect_invalid([&] { pagerank(g, {.personalization = {1, 2}, .personalization_weights = {1}}); },
                 "personalization_weights");
  expect_invalid([&] { pagerank(g, {.personalization_weights = {1}}); }, "personalization_weights");
  expect_invalid([&] { pagerank(g, {.personalization = {1}, .personalization_weights = {-1}}); },
                 "personalization_weights");
  expect_invalid([&] { pagerank(g, {.personalization = {1}, .personalization_weights = {NAN}}); },
                 "personalization_weights");
  expect_invalid([&] { pagerank(g, {.personalization = {1, 2}, .personalization_weights = {0, 0}}); },
                 "personalization_weights");
  const CsrGraph negative = make(2, {{0, 1, -1.0}}, true);
  expect_invalid([&] { pagerank(negative); }, "weight");
  expect_invalid([&] { pagerank_reference(negative); }, "weight");
  EXPECT_NO_THROW(pagerank(negative, {.weighted = false}));
}

TEST(PageRank, InterruptStopsBetweenIterations) {
  const CsrGraph g = make(6, kTiny, true);
  int calls = 0;
  RunContext ctx;
  ctx.interrupted = [&] { return ++calls == 3; };
  EXPECT_THROW(pagerank(g, {}, ctx), Interrupted);
  EXPECT_EQ(calls, 3);
}

// Two components, ten isolated vertices, self-loops, and (8% of the time)
// zero weights.
CsrGraph random_graph(std::uint32_t seed, bool directed, VertexId n = 60, int edges = 110) {
  return testing::two_component_graph(seed, directed, n, edges, 0.08);
}

TEST(PageRankRandom, KernelMatchesReference) {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    for (bool directed : {false, true}) {
      const CsrGraph g = random_graph(seed, directed);
      for (bool weighted : {false, true}) {
        PageRankParams p{.damping = 0.5 + 0.01 * seed, .tol = 1e-12, .weighted = weighted};
        if (seed % 3 == 0) {
          p.personalization = {seed % 60, (seed * 7) % 60, 59};
          p.personalization_weights = {1.0, 0.25 * seed, 2.0};
        }
        const auto r = pagerank(g, p, {.threads = 2});
        EXPECT_TRUE(r.converged);
        expect_close(r.score, pagerank_reference(g, p), 1e-9);
        EXPECT_NEAR(std::accumulate(r.score.begin(), r.score.end(), 0.0), 1.0, 1e-9)
            << "seed " << seed << " directed " << directed << " weighted " << weighted;
      }
    }
  }
}

TEST(PageRankRandom, IdenticalAtAnyThreadCount) {
  // Several blocks of vertices, so the reductions really are split.
  for (bool directed : {false, true}) {
    const CsrGraph g = random_graph(7, directed, 9000, 30000);
    const PageRankParams p{.tol = 1e-14, .personalization = {3, 4000, 8000}};
    testing::expect_same_at_any_thread_count(
        [&](int threads) { return pagerank(g, p, {.threads = threads}); });
  }
}

}  // namespace
}  // namespace corridor
