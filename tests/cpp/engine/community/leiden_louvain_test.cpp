// louvain, leiden, label_propagation: planted partitions recovered, reported
// quality equal to the modularity verifier, every Leiden community connected
// (on many random graphs), the same bits for a seed at 1 and 2 threads, and
// bad input.
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "../test_graphs.hpp"
#include "engine/community/components.hpp"
#include "engine/community/label_propagation.hpp"
#include "engine/community/leiden.hpp"
#include "engine/community/louvain.hpp"
#include "engine/community/modularity.hpp"

namespace corridor {
namespace {

using testing::make;

// k cliques of size s, clique i joined to clique i+1 by one edge (a ring of
// cliques): the planted partition is the cliques for k >= 3, s >= 4.
CsrGraph ring_of_cliques(VertexId k, VertexId s, bool directed = false) {
  std::vector<testing::Edge> es;
  for (VertexId c = 0; c < k; ++c) {
    for (VertexId a = 0; a < s; ++a) {
      for (VertexId b = a + 1; b < s; ++b) es.push_back({c * s + a, c * s + b, 1.0});
    }
    es.push_back({c * s, ((c + 1) % k) * s + 1, 1.0});
  }
  return make(k * s, es, directed);
}

std::vector<std::uint32_t> planted(VertexId k, VertexId s) {
  std::vector<std::uint32_t> p(k * s);
  for (VertexId v = 0; v < k * s; ++v) p[v] = v / s;
  return p;
}

// Random graph with planted groups: p_in inside groups of 10, p_out across.
CsrGraph planted_random(std::uint32_t seed, VertexId n, double p_in, double p_out) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution in(p_in), out(p_out);
  std::uniform_real_distribution<double> w(0.5, 2.0);
  std::vector<testing::Edge> es;
  for (VertexId u = 0; u < n; ++u) {
    for (VertexId v = u + 1; v < n; ++v) {
      if (u / 10 == v / 10 ? in(rng) : out(rng)) es.push_back({u, v, w(rng)});
    }
  }
  return make(n, es, false);
}

// Every community induces a connected subgraph.
bool all_connected(const CsrGraph& g, const std::vector<std::uint32_t>& part) {
  std::vector<testing::Edge> inside;
  for (VertexId u = 0; u < g.num_vertices(); ++u) {
    for (VertexId v : g.out_neighbors(u)) {
      if (part[u] == part[v]) inside.push_back({u, v, 1.0});
    }
  }
  const auto comps = connected_components(make(g.num_vertices(), inside, g.directed()));
  std::uint32_t top = 0;
  for (auto c : part) top = std::max(top, c + 1);
  return comps.count == top;
}

TEST(Louvain, FindsRingOfCliques) {
  const auto g = ring_of_cliques(8, 5);
  const auto r = louvain(g);
  EXPECT_EQ(r.membership, planted(8, 5));
  EXPECT_EQ(r.count, 8u);
  EXPECT_NEAR(r.quality, modularity_reference(g, r.membership), 1e-12);
}

TEST(Leiden, FindsRingOfCliques) {
  const auto g = ring_of_cliques(8, 5);
  const auto r = leiden(g);
  EXPECT_EQ(r.membership, planted(8, 5));
  EXPECT_NEAR(r.quality, modularity_reference(g, r.membership), 1e-12);
  // CPM at resolution 0.5 (between the density across, ~0, and inside, 1).
  const auto c = leiden(g, {.resolution = 0.5, .objective = LeidenObjective::kCpm});
  EXPECT_EQ(c.membership, planted(8, 5));
  // 8 cliques: e_c = 10, n_c = 5 -> 8 * (10 - 0.5 * 10) = 40.
  EXPECT_NEAR(c.quality, 40.0, 1e-12);
}

TEST(Leiden, DirectedIsReadAsUndirected) {
  const auto r = leiden(ring_of_cliques(6, 5, true));
  EXPECT_EQ(r.membership, planted(6, 5));
}

TEST(Leiden, EveryCommunityConnectedOnRandomGraphs) {
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    const auto g = testing::two_component_graph(seed, false, 60, 90 + static_cast<int>(seed) * 3);
    for (double res : {0.5, 1.0, 2.0}) {
      RunContext ctx;
      ctx.seed = seed;
      const auto r = leiden(g, {.resolution = res}, ctx);
      EXPECT_TRUE(all_connected(g, r.membership)) << "seed " << seed << " resolution " << res;
      const auto c = leiden(g, {.resolution = 0.05 * res, .objective = LeidenObjective::kCpm}, ctx);
      EXPECT_TRUE(all_connected(g, c.membership)) << "cpm seed " << seed;
    }
  }
}

TEST(Leiden, AtLeastLouvainOnPlantedGraphs) {
  // One run may lose to Louvain by a hair; on average over seeds it must not.
  double sum_leiden = 0, sum_louvain = 0;
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    const auto g = planted_random(seed, 200, 0.5, 0.02);
    RunContext ctx;
    ctx.seed = seed;
    const auto a = leiden(g, {}, ctx);
    const auto b = louvain(g, {}, ctx);
    EXPECT_NEAR(a.quality, modularity_reference(g, a.membership), 1e-12);
    EXPECT_NEAR(b.quality, modularity_reference(g, b.membership), 1e-12);
    sum_leiden += a.quality;
    sum_louvain += b.quality;
    EXPECT_GE(a.quality, modularity(g, [] {
                std::vector<std::uint32_t> p(200);
                for (VertexId v = 0; v < 200; ++v) p[v] = v / 10;
                return p;
              }()) - 1e-3);
  }
  EXPECT_GE(sum_leiden, sum_louvain);
}

TEST(Leiden, RepeatsOnlyWhileQualityImproves) {
  // A run with max_iter = k continues the seeded stream of max_iter = k - 1,
  // and a repeat is kept only when it improves: quality never drops with k,
  // and runs stop once a repeat does not improve (the first run solves the
  // ring of cliques, so the second does not improve and ends the loop).
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    const auto g = planted_random(seed, 300, 0.3, 0.03);
    RunContext ctx;
    ctx.seed = seed;
    double last = -1;
    for (int k = 1; k <= 4; ++k) {
      const auto r = leiden(g, {.max_iter = k}, ctx);
      EXPECT_GE(r.quality, last) << "seed " << seed << " max_iter " << k;
      last = r.quality;
    }
  }
  const auto g = ring_of_cliques(8, 5);
  const auto one = leiden(g, {.max_iter = 1});
  const auto many = leiden(g, {.max_iter = 50});
  EXPECT_EQ(many.membership, one.membership);
  EXPECT_LE(many.iterations, 2 * one.iterations);  // one repeat that did not improve, then stop
}

TEST(Community, SameBitsForASeedAtOneAndTwoThreads) {
  const auto g = planted_random(7, 300, 0.3, 0.03);
  for (std::uint64_t seed : {0ull, 1ull, 42ull}) {
    RunContext one, two;
    one.threads = 1;
    two.threads = 2;
    one.seed = two.seed = seed;
    const auto a1 = leiden(g, {}, one), a2 = leiden(g, {}, two), a3 = leiden(g, {}, one);
    EXPECT_EQ(a1.membership, a2.membership);
    EXPECT_EQ(a1.membership, a3.membership);
    EXPECT_EQ(a1.quality, a2.quality);
    EXPECT_EQ(louvain(g, {}, one).membership, louvain(g, {}, two).membership);
    EXPECT_EQ(label_propagation(g, {}, one).membership, label_propagation(g, {}, two).membership);
  }
}

// Large enough (160k arcs) that aggregation runs on a team of threads.
TEST(Community, SameBitsForASeedAtOneTwoAndFourThreadsOnALargerGraph) {
  const auto g = planted_random(11, 2000, 0.5, 0.04);
  ASSERT_GT(g.num_arcs(), 1u << 17);
  for (std::uint64_t seed : {0ull, 5ull}) {
    std::vector<CommunityResult> lei, lou;
    for (int t : {1, 2, 4}) {
      RunContext ctx;
      ctx.threads = t;
      ctx.seed = seed;
      LeidenParams p;
      p.max_iter = 2;
      lei.push_back(leiden(g, p, ctx));
      lou.push_back(louvain(g, {}, ctx));
    }
    for (std::size_t i = 1; i < lei.size(); ++i) {
      EXPECT_EQ(lei[0].membership, lei[i].membership);
      EXPECT_EQ(lei[0].quality, lei[i].quality);
      EXPECT_EQ(lou[0].membership, lou[i].membership);
      EXPECT_EQ(lou[0].quality, lou[i].quality);
    }
    EXPECT_TRUE(all_connected(g, lei[0].membership));
    EXPECT_NEAR(lei[0].quality, modularity_reference(g, lei[0].membership), 1e-9);
  }
}

TEST(Community, LabelsNumberedBySize) {
  // Cliques of 3, 6 and 4 vertices: ids by size, largest 0.
  std::vector<testing::Edge> es;
  auto clique = [&](VertexId lo, VertexId hi) {
    for (VertexId a = lo; a < hi; ++a) {
      for (VertexId b = a + 1; b < hi; ++b) es.push_back({a, b, 1.0});
    }
  };
  clique(0, 3);
  clique(3, 9);
  clique(9, 13);
  const auto g = make(13, es, false);
  const std::vector<std::uint32_t> want{2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
  EXPECT_EQ(leiden(g).membership, want);
  EXPECT_EQ(louvain(g).membership, want);
  EXPECT_EQ(label_propagation(g).membership, want);
}

TEST(LabelPropagation, FindsRingOfCliquesAndStops) {
  const auto g = ring_of_cliques(6, 6);
  const auto r = label_propagation(g);
  EXPECT_EQ(r.membership, planted(6, 6));
  EXPECT_GE(r.iterations, 1);
  EXPECT_LT(r.iterations, 1000);
}

TEST(Community, EmptyAndEdgelessGraphs) {
  const auto e = make(0, {}, false);
  EXPECT_EQ(leiden(e).count, 0u);
  EXPECT_EQ(louvain(e).count, 0u);
  const auto iso = make(4, {}, false);
  const auto r = leiden(iso);
  EXPECT_EQ(r.count, 4u);
  EXPECT_EQ(r.membership, (std::vector<std::uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(louvain(iso).count, 4u);
  EXPECT_EQ(label_propagation(iso).count, 4u);
}

TEST(Community, RejectsBadInput) {
  const auto g = ring_of_cliques(3, 4);
  EXPECT_THROW(louvain(g, {.resolution = -1}), std::invalid_argument);
  EXPECT_THROW(leiden(g, {.resolution = -1}), std::invalid_argument);
  EXPECT_THROW(leiden(g, {.theta = 0}), std::invalid_argument);
  EXPECT_THROW(leiden(g, {.max_iter = 0}), std::invalid_argument);
  EXPECT_THROW(label_propagation(g, {.max_iter = 0}), std::invalid_argument);
  const auto neg = make(2, {{0, 1, -1}}, false);
  EXPECT_THROW(leiden(neg), std::invalid_argument);
  EXPECT_THROW(louvain(neg), std::invalid_argument);
  EXPECT_NO_THROW(leiden(neg, {.weighted = false}));
}

TEST(Community, InterruptStops) {
  const auto g = planted_random(3, 200, 0.3, 0.03);
  RunContext ctx;
  ctx.interrupted = [] { return true; };
  EXPECT_THROW(leiden(g, {}, ctx), Interrupted);
  EXPECT_THROW(louvain(g, {}, ctx), Interrupted);
  EXPECT_THROW(label_propagation(g, {}, ctx), Interrupted);
  EXPECT_THROW(connected_components(g, {}, ctx), Interrupted);
}

}  // namespace
}  // namespace corridor
