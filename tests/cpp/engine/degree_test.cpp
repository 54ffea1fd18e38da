#include "engine/centrality/degree.hpp"

#include <gtest/gtest.h>

#include "engine/graph/csr_builder.hpp"

namespace corridor {
namespace {

//   0 -> 1 -> 2      plus a self-loop on 2; weights 2, 3, 5
//   ^____|
CsrGraph graph(bool directed) {
  EdgeRecords r;
  r.src = {0, 1, 1, 2};
  r.dst = {1, 2, 0, 2};
  r.weight = {2, 3, 1, 5};
  return build_csr(3, r, {.directed = directed, .aggregate = Aggregate::kSum});
}

TEST(Degree, UndirectedCountsSelfLoopsTwice) {
  const auto d = degree(graph(false));
  EXPECT_EQ(d, (std::vector<double>{1, 2, 3}));  // 0-1 merged; 2 has 1-2 and the loop twice
  const auto s = degree(graph(false), {.weighted = true});
  EXPECT_EQ(s, (std::vector<double>{3, 6, 13}));
}

TEST(Degree, DirectedInOutBoth) {
  const CsrGraph g = graph(true);
  EXPECT_EQ(degree(g, {.direction = Direction::kOut}), (std::vector<double>{1, 2, 1}));
  EXPECT_EQ(degree(g, {.direction = Direction::kIn}), (std::vector<double>{1, 1, 2}));
  EXPECT_EQ(degree(g, {.direction = Direction::kBoth}), (std::vector<double>{2, 3, 3}));
  EXPECT_EQ(degree(g, {.direction = Direction::kIn, .weighted = true}), (std::vector<double>{1, 2, 8}));
}

}  // namespace
}  // namespace corridor
