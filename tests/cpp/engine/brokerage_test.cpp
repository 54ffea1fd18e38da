// brokerage: a hand-checked graph with three groups, the brute-force
// verifier on random graphs, the moments against a literal transcription of
// sna::brokerage's R code, thread invariance, validation.
#include "engine/centrality/brokerage.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>

#include "engine/graph/csr_builder.hpp"
#include "test_checks.hpp"
#include "test_graphs.hpp"

namespace corridor {
namespace {

using testing::expect_same;
using testing::uniform_graph;
using testing::uniform_records;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

bool close(double got, double want) {
  if (std::isnan(want)) return std::isnan(got);
  if (std::isinf(want)) return got == want;
  return std::abs(got - want) <= 1e-9 * std::max(1.0, std::abs(want));
}

void expect_close(const std::vector<double>& got, const std::vector<double>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_TRUE(close(got[i], want[i])) << what << " vertex " << i << ": got " << got[i] << ", want " << want[i];
  }
}

void expect_same(const BrokerageResult& a, const BrokerageResult& b) {
  for (int k = 0; k < kNumRoles; ++k) {
    expect_same(a.count[k], b.count[k]);
    expect_same(a.expected[k], b.expected[k]);
    expect_same(a.z[k], b.z[k]);
  }
  expect_same(a.total, b.total);
  expect_same(a.total_z, b.total_z);
}

// Groups A = {0, 1, 2}, B = {3, 4, 6}, C = {5}.
//
//        3 ----> 0 ----> 1 <===> 2
//        ^       |       |       |
//        |       v       |       v
//        |       4 <-----+       5
//        |                       |
//        +-----------------------+       3 ----> 6 (and a loop on 6)
// Arcs: 0->1, 1->2, 2->1, 1->4, 3->0, 0->4, 2->5, 5->3, 3->6, 6->6 (m = 10).
//
// Every two-path a -> b -> c (a != c), by broker:
//   b=0: 3->0->1 open, B A A: gatekeeper     3->0->4 open, B A B: itinerant
//   b=1: 0->1->2 open, A A A: coordinator    0->1->4 closed (0->4 exists)
//        2->1->4 open, A A B: representative (2->1->2 is c = a: none)
//   b=2: 1->2->5 open, A A C: representative (1->2->1: none)
//   b=3: 5->3->0 open, C B A: liaison        5->3->6 open, C B B: gatekeeper
//   b=5: 2->5->3 open, A C B: liaison
//   b=4, b=6: no out-arcs but the loop, which makes no two-path.
//
// sna's moments: N = 7, m = 10 (the loop counts), d = 10/42 = 5/21,
// d^2(1-d) = 400/9261, d^3(1-d)^3 = 8000000/9261^2.
//   Groups A and B (s = 3, M = 4, other sizes {3, 1}):
//     coordinator P = 2*1 = 2              K = 0
//     itinerant   P = 3*2 + 1*0 = 6        K = 2 (3*2*1) = 12
//     repr./gate. P = 4*2 = 8              K = 2 (2 C(4,2) + 4 C(2,2)) = 32
//     liaison     P = 4^2 - (9 + 1) = 6    K = 4 (3 C(1,2) + 1 C(3,2)) = 12
//     total       P = 6*5 = 30             K = 2*6*5*4 = 240
//   Group C (s = 1, M = 6, other sizes {3, 3}):
//     coordinator P = 0, K = 0;  itinerant P = 12, K = 24;
//     repr./gate. P = 0, K = 0;  liaison P = 36 - 18 = 18, K = 4 (3*3 + 3*3) = 72
// E = d^2(1-d) P, Var = E (1 - d^2(1-d)) + K d^3(1-d)^3, z = (count - E) / sd.
// E.g. vertex 1 coordinator: E = 800/9261 = 0.0863837598531476,
// Var = E (8861/9261) = 0.0826528..., z = (1 - E) / sqrt(Var) = 3.17786...
// Vertex 5 (group of one) coordinator, representative, gatekeeper: 0/0 = NaN.
// The numbers below are these formulas evaluated (Python transcription of
// sna's R code).
CsrGraph three_groups(bool loop = true) {
  EdgeRecords r;
  r.src = {0, 1, 2, 1, 3, 0, 2, 5, 3};
  r.dst = {1, 2, 1, 4, 0, 4, 5, 3, 6};
  if (loop) {
    r.src.push_back(6);
    r.dst.push_back(6);
  }
  return build_csr(7, r, {.directed = true});
}
const std::vector<std::uint32_t> kThreeGroups{0, 0, 0, 1, 1, 2, 1};

TEST(Brokerage, HandCheckedCountsExpectedAndZ) {
  const CsrGraph g = three_groups();
  const auto r = brokerage(g, kThreeGroups);
  EXPECT_EQ(r.count[kCoordinator], (std::vector<double>{0, 1, 0, 0, 0, 0, 0}));
  EXPECT_EQ(r.count[kItinerant], (std::vector<double>{1, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(r.count[kRepresentative], (std::vector<double>{0, 1, 1, 0, 0, 0, 0}));
  EXPECT_EQ(r.count[kGatekeeper], (std::vector<double>{1, 0, 0, 1, 0, 0, 0}));
  EXPECT_EQ(r.count[kLiaison], (std::vector<double>{0, 0, 0, 1, 0, 1, 0}));
  EXPECT_EQ(r.total, (std::vector<double>{2, 2, 1, 2, 0, 1, 0}));
  const auto ref = brokerage_counts_reference(g, kThreeGroups);
  for (int k = 0; k < kNumRoles; ++k) EXPECT_EQ(ref[k], r.count[k]) << "role " << k;

  // Expected values: groups A and B share them, C differs.
  const std::array<double, kNumRoles> e_ab{0.0863837598531476, 0.2591512795594428, 0.3455350394125904,
                                           0.3455350394125904, 0.2591512795594428};
  const std::array<double, kNumRoles> e_c{0, 0.5183025591188856, 0, 0, 0.7774538386783284};
  for (int k = 0; k < kNumRoles; ++k) {
    std::vector<double> want(7, e_ab[k]);
    want[5] = e_c[k];
    expect_close(r.expected[k], want, "expected role " + std::to_string(k));
  }
  expect_close(r.z[kCoordinator], {-0.3004717353429174, 3.1778641909205305, -0.3004717353429174, -0.3004717353429174,
                                   -0.3004717353429174, kNaN, -0.3004717353429174},
               "z coordinator");
  expect_close(r.z[kItinerant], {1.3104779945521448, -0.4584094427816859, -0.4584094427816859, -0.4584094427816859,
                                 -0.4584094427816859, -0.6482888511017535, -0.4584094427816859},
               "z itinerant");
  expect_close(r.z[kRepresentative], {-0.478416193514012, 0.9061501715276334, 0.9061501715276334, -0.478416193514012,
                                      -0.478416193514012, kNaN, -0.478416193514012},
               "z representative");
  expect_close(r.z[kGatekeeper], {0.9061501715276334, -0.478416193514012, -0.478416193514012, 0.9061501715276334,
                                  -0.478416193514012, kNaN, -0.478416193514012},
               "z gatekeeper");
  expect_close(r.z[kLiaison], {-0.4584094427816859, -0.4584094427816859, -0.4584094427816859, 1.3104779945521448,
                               -0.4584094427816859, 0.205419953090079, -0.4584094427816859},
               "z liaison");
  expect_close(r.total_z, {0.43078653397178224, 0.43078653397178224, -0.18091449195779066, 0.43078653397178224,
                           -0.7926155178873636, -0.18091449195779066, -0.7926155178873636},
               "z total");
}

// sna::brokerage's node-level moments, transcribed line by line from its R
// code (loops over groups, choose(), group order of first appearance), as
// the independent check of the closed forms in brokerage.cpp.
struct SnaMoments {
  std::vector<std::array<double, 6>> e, sd;  // per vertex
};

SnaMoments sna_moments(VertexId N_, double m, const std::vector<std::uint32_t>& cl) {
  const double N = N_;
  const double d = m / (N * (N - 1));
  std::vector<std::uint32_t> clid;
  for (auto c : cl) {
    if (std::find(clid.begin(), clid.end(), c) == clid.end()) clid.push_back(c);
  }
  std::vector<double> n;
  for (auto i : clid) n.push_back(static_cast<double>(std::count(cl.begin(), cl.end(), i)));
  auto choose2 = [](double x) { return x * (x - 1) / 2; };
  const std::size_t G = clid.size();
  std::vector<std::array<double, 6>> ebr(G), vbr(G);
  const double q = d * d * (1 - d), c3 = std::pow(d, 3) * std::pow(1 - d, 3);
  for (std::size_t i = 0; i < G; ++i) {
    double s1 = 0, s2 = 0, so = 0, sl = 0, sv = 0;
    for (std::size_t j = 0; j < G; ++j) {
      if (j == i) continue;
      s1 += n[j] * (n[j] - 1);
      s2 += n[j] * (n[j] - 1) * (n[j] - 2);
      for (std::size_t k = 0; k < G; ++k) {
        if (k != i) so += n[j] * n[k];
      }
      sl += n[j] * n[j];
      sv += n[j] * choose2(N - n[j] - n[i]) * c3;
    }
    ebr[i][0] = q * (n[i] - 1) * (n[i] - 2);
    vbr[i][0] = ebr[i][0] * (1 - q) + 2 * (n[i] - 1) * (n[i] - 2) * (n[i] - 3) * c3;
    ebr[i][1] = q * s1;
    vbr[i][1] = ebr[i][1] * (1 - q) + 2 * s2 * c3;
    ebr[i][2] = q * (N - n[i]) * (n[i] - 1);
    vbr[i][2] = ebr[i][2] * (1 - q) + 2 * ((n[i] - 1) * choose2(N - n[i]) + (N - n[i]) * choose2(n[i] - 1)) * c3;
    ebr[i][3] = ebr[i][2];
    vbr[i][3] = vbr[i][2];
    ebr[i][4] = q * (so - sl);
    vbr[i][4] = ebr[i][4] * (1 - q) + 4 * sv;
    ebr[i][5] = q * (N - 1) * (N - 2);
    vbr[i][5] = ebr[i][5] * (1 - q) + 2 * (N - 1) * (N - 2) * (N - 3) * c3;
  }
  SnaMoments out;
  for (VertexId v = 0; v < N_; ++v) {
    const std::size_t g = std::find(clid.begin(), clid.end(), cl[v]) - clid.begin();
    out.e.push_back(ebr[g]);
    std::array<double, 6> sd;
    for (int k = 0; k < 6; ++k) sd[k] = std::sqrt(vbr[g][k]);
    out.sd.push_back(sd);
  }
  return out;
}

std::vector<std::uint32_t> random_groups(std::mt19937& rng, VertexId n, std::uint32_t groups) {
  // Sparse, unordered ids; with many groups some have one member.
  std::uniform_int_distribution<std::uint32_t> pick(0, groups - 1);
  std::vector<std::uint32_t> g(n);
  for (auto& x : g) x = pick(rng) * 7919u + 13u;
  return g;
}

TEST(Brokerage, CountsMatchBruteForceOnRandomGraphs) {
  std::mt19937 rng(2024);
  for (int t = 0; t < 40; ++t) {
    const VertexId n = 10 + static_cast<VertexId>(t) * 2;
    const int m = static_cast<int>(n) * (1 + t % 5);
    const CsrGraph g = uniform_graph(rng, n, m, t % 4 != 3);  // some undirected
    const auto group = random_groups(rng, n, 1 + t % 6);
    const auto r = brokerage(g, group);
    const auto ref = brokerage_counts_reference(g, group);
    for (int k = 0; k < kNumRoles; ++k) EXPECT_EQ(r.count[k], ref[k]) << "trial " << t << " role " << k;
  }
}

TEST(Brokerage, MomentsMatchSnaCodeTranscribed) {
  std::mt19937 rng(77);
  for (int t = 0; t < 30; ++t) {
    const VertexId n = 5 + static_cast<VertexId>(t) * 3;
    const CsrGraph g = uniform_graph(rng, n, static_cast<int>(n) * (1 + t % 4), true);
    const auto group = random_groups(rng, n, 1 + t % 7);
    const auto r = brokerage(g, group);
    const auto s = sna_moments(n, static_cast<double>(g.num_arcs()), group);
    for (VertexId v = 0; v < n; ++v) {
      for (int k = 0; k < kNumRoles; ++k) {
        EXPECT_TRUE(close(r.expected[k][v], s.e[v][k])) << "trial " << t << " vertex " << v << " role " << k;
        EXPECT_TRUE(close(r.z[k][v], (r.count[k][v] - s.e[v][k]) / s.sd[v][k]))
            << "trial " << t << " vertex " << v << " role " << k << ": " << r.z[k][v];
      }
      EXPECT_TRUE(close(r.total_z[v], (r.total[v] - s.e[v][5]) / s.sd[v][5])) << "trial " << t << " vertex " << v;
    }
  }
}

TEST(Brokerage, UndirectedCountsEachEdgeAsTwoArcs) {
  // As sna does with an undirected network or a symmetric matrix.
  std::mt19937 rng(5);
  for (int t = 0; t < 10; ++t) {
    const VertexId n = 30;
    const EdgeRecords r = uniform_records(rng, n, 80);
    EdgeRecords both = r;
    both.src.insert(both.src.end(), r.dst.begin(), r.dst.end());
    both.dst.insert(both.dst.end(), r.src.begin(), r.src.end());
    const auto group = random_groups(rng, n, 3);
    const auto u = brokerage(build_csr(n, r), group);
    const auto d = brokerage(build_csr(n, both, {.directed = true}), group);
    expect_same(u, d);
    EXPECT_EQ(u.count[kRepresentative], u.count[kGatekeeper]);
  }
}

TEST(Brokerage, GroupIdsNeedNotBeDense) {
  const CsrGraph g = three_groups();
  const auto dense = brokerage(g, kThreeGroups);
  const auto sparse = brokerage(g, {4000000000u, 4000000000u, 4000000000u, 7, 7, 123456, 7});
  expect_same(dense, sparse);
}

TEST(Brokerage, SameAtOneAndTwoThreads) {
  std::mt19937 rng(99);
  const CsrGraph g = uniform_graph(rng, 600, 4000, true);
  const auto group = random_groups(rng, 600, 5);
  RunContext one, two;
  one.threads = 1;
  two.threads = 2;
  expect_same(brokerage(g, group, one), brokerage(g, group, two));
}

TEST(Brokerage, NoArcsGivesNaNScores) {
  // d = 0: every expectation and variance is 0, every z 0/0.
  const auto r = brokerage(build_csr(4, EdgeRecords{}, {.directed = true}), {0, 0, 1, 1});
  for (int k = 0; k < kNumRoles; ++k) {
    EXPECT_EQ(r.count[k], (std::vector<double>(4, 0.0)));
    EXPECT_EQ(r.expected[k], (std::vector<double>(4, 0.0)));
    for (double z : r.z[k]) EXPECT_TRUE(std::isnan(z));
  }
  for (double z : r.total_z) EXPECT_TRUE(std::isnan(z));
}

TEST(Brokerage, EmptyGraph) {
  const auto r = brokerage(build_csr(0, EdgeRecords{}, {.directed = true}), {});
  EXPECT_TRUE(r.total.empty());
  EXPECT_TRUE(r.count[kLiaison].empty());
}

TEST(Brokerage, RejectsGroupOfWrongLength) {
  const CsrGraph g = three_groups();
  EXPECT_THROW(brokerage(g, {0, 0, 1}), std::invalid_argument);
  EXPECT_THROW(brokerage_counts_reference(g, {0, 0, 1}), std::invalid_argument);
  try {
    brokerage(g, std::vector<std::uint32_t>(8, 0));
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("group"), std::string::npos) << e.what();
  }
}

TEST(Brokerage, Interrupted) {
  RunContext ctx;
  ctx.interrupted = [] { return true; };
  EXPECT_THROW(brokerage(three_groups(), kThreeGroups, ctx), Interrupted);
}

}  // namespace
}  // namespace corridor
