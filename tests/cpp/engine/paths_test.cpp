// Paths: hand-checked cases, then Boost.Graph as the independent verifier of
// shortest-path lengths on random graphs.
#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <random>

#include "engine/graph/csr_builder.hpp"
#include "engine/paths/neighborhood.hpp"
#include "engine/paths/shortest_path.hpp"

namespace corridor {
namespace {

//   0 - 1 - 2 - 3      4 (isolated)
//    \_______/
//       w=10          (weights 1 except 0-2, which weighs 10)
CsrGraph line(bool directed) {
  EdgeRecords r;
  r.src = {0, 1, 2, 0};
  r.dst = {1, 2, 3, 2};
  r.weight = {1, 1, 1, 10};
  return build_csr(5, r, {.directed = directed, .aggregate = Aggregate::kSum});
}

TEST(Neighborhood, Hops) {
  const CsrGraph g = line(false);
  EXPECT_EQ(neighborhood(g, 0, 0), (std::vector<VertexId>{0}));
  EXPECT_EQ(neighborhood(g, 0, 1), (std::vector<VertexId>{0, 1, 2}));
  EXPECT_EQ(neighborhood(g, 0, 2), (std::vector<VertexId>{0, 1, 2, 3}));
  EXPECT_EQ(neighborhood(g, 4, 3), (std::vector<VertexId>{4}));
}

TEST(Neighborhood, DirectedFollowsTheChosenDirection) {
  const CsrGraph g = line(true);
  EXPECT_EQ(neighborhood(g, 2, 1, Direction::kOut), (std::vector<VertexId>{2, 3}));
  EXPECT_EQ(neighborhood(g, 2, 1, Direction::kIn), (std::vector<VertexId>{0, 1, 2}));
  EXPECT_EQ(neighborhood(g, 2, 1, Direction::kBoth), (std::vector<VertexId>{0, 1, 2, 3}));
}

TEST(ShortestPath, HopsAndWeights) {
  const CsrGraph g = line(false);
  auto hops = shortest_path(g, 0, 3, false);
  EXPECT_EQ(hops.path, (std::vector<VertexId>{0, 2, 3}));
  EXPECT_EQ(hops.length, 2);
  auto weighted = shortest_path(g, 0, 3, true);
  EXPECT_EQ(weighted.path, (std::vector<VertexId>{0, 1, 2, 3}));
  EXPECT_EQ(weighted.length, 3);
  EXPECT_TRUE(shortest_path(g, 0, 4, false).path.empty());
  EXPECT_EQ(shortest_path(g, 2, 2, true).path, (std::vector<VertexId>{2}));
}

TEST(ShortestPath, DirectedRespectsArcs) {
  const CsrGraph g = line(true);
  EXPECT_TRUE(shortest_path(g, 3, 0, false).path.empty());
  EXPECT_EQ(shortest_path(g, 0, 3, false).path.size(), 3u);
}

TEST(ShortestPath, MatchesBoostDijkstraOnRandomGraphs) {
  using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                           boost::property<boost::edge_weight_t, double>>;
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    const VertexId n = 60;
    const bool directed = seed % 2 == 0;
    EdgeRecords r;
    std::uniform_int_distribution<VertexId> pick(0, n - 1);
    std::uniform_real_distribution<double> w(0.1, 5.0);
    for (int i = 0; i < 150; ++i) {
      r.src.push_back(pick(rng));
      r.dst.push_back(pick(rng));
      r.weight.push_back(w(rng));
    }
    const CsrGraph g = build_csr(n, r, {.directed = directed, .aggregate = Aggregate::kMax});
    BoostGraph b(n);
    for (VertexId u = 0; u < n; ++u) {
      auto ns = g.out_neighbors(u);
      auto ws = g.out_weights(u);
      for (std::size_t k = 0; k < ns.size(); ++k) boost::add_edge(u, ns[k], ws[k], b);
    }
    for (VertexId s = 0; s < n; s += 7) {
      std::vector<double> dist(n);
      boost::dijkstra_shortest_paths(b, s, boost::distance_map(dist.data()));
      for (VertexId t = 0; t < n; ++t) {
        const auto p = shortest_path(g, s, t, true);
        if (dist[t] == std::numeric_limits<double>::max()) {
          EXPECT_TRUE(p.path.empty()) << "seed " << seed << " " << s << "->" << t;
        } else {
          ASSERT_FALSE(p.path.empty());
          EXPECT_NEAR(p.length, dist[t], 1e-9);
          double sum = 0;  // the returned path must exist and add up to its length
          for (std::size_t k = 0; k + 1 < p.path.size(); ++k) {
            auto ns = g.out_neighbors(p.path[k]);
            auto it = std::lower_bound(ns.begin(), ns.end(), p.path[k + 1]);
            ASSERT_TRUE(it != ns.end() && *it == p.path[k + 1]);
            sum += g.out_weights(p.path[k])[it - ns.begin()];
          }
          EXPECT_NEAR(sum, p.length, 1e-9);
        }
      }
    }
  }
}

}  // namespace
}  // namespace corridor
