// Betweenness: hand-checked cases (expected values worked by hand and
// confirmed with networkx 3.6.1 from the project's .venv), then the kernel
// against betweenness_reference on random graphs over every variant, thread
// counts, errors and interrupts; approx_betweenness against the exact scores.
#include "engine/centrality/approx_betweenness.hpp"
#include "engine/centrality/betweenness.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/graph/csr_builder.hpp"

namespace corridor {
namespace {

struct Edge {
  VertexId u, v;
  double w = 1;
};

CsrGraph build(VertexId n, const std::vector<Edge>& edges, bool directed,
               Aggregate aggregate = Aggregate::kSum) {
  EdgeRecords r;
  for (const Edge& e : edges) {
    r.src.push_back(e.u);
    r.dst.push_back(e.v);
    r.weight.push_back(e.w);
  }
  return build_csr(n, r, {.directed = directed, .aggregate = aggregate});
}

void expect_scores(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t v = 0; v < want.size(); ++v) {
    EXPECT_NEAR(got[v], want[v], 1e-12 * std::max(1.0, std::abs(want[v]))) << "vertex " << v;
  }
}

// Runs the kernel and the verifier on the same input and checks both.
void expect_both(const CsrGraph& g, const BetweennessParams& p, const std::vector<double>& want) {
  SCOPED_TRACE("kernel");
  expect_scores(betweenness(g, p).score, want);
  SCOPED_TRACE("reference");
  expect_scores(betweenness_reference(g, p), want);
}

// 0 - 1 - 2 - 3 - 4
CsrGraph path5() { return build(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}}, false); }

TEST(Betweenness, Path) {
  const CsrGraph g = path5();
  // 1 lies between 0 and {2, 3, 4}: 3 unordered pairs; 2 between {0, 1} and {3, 4}: 4.
  expect_both(g, {.normalized = false}, {0, 3, 4, 3, 0});
  // Normalised by the (n-1)(n-2)/2 = 6 unordered pairs not involving v.
  expect_both(g, {}, {0, 0.5, 4.0 / 6, 0.5, 0});
  // Endpoints: each vertex also ends the 4 paths to the others.
  expect_both(g, {.normalized = false, .endpoints = true}, {4, 7, 8, 7, 4});
  // ... normalised by all n(n-1)/2 = 10 unordered pairs.
  expect_both(g, {.endpoints = true}, {0.4, 0.7, 0.8, 0.7, 0.4});
}

//     1
//     |
//  4 -0- 2        the centre lies on all C(4,2) = 6 leaf pairs
//     |
//     3
TEST(Betweenness, Star) {
  const CsrGraph g = build(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}}, false);
  expect_both(g, {.normalized = false}, {6, 0, 0, 0, 0});
  expect_both(g, {}, {1, 0, 0, 0, 0});
}

//   0           4
//   |\         /|
//   | 2 ----- 3 |     two triangles and a bridge: every path from {0, 1, 2}
//   |/         \|     to {3, 4, 5} crosses 2 and 3; 2 is inner on the
//   1           5     6 pairs {0,1} x {3,4,5}, 3 on {0,1,2} x {4,5}.
TEST(Betweenness, BridgeBetweenTwoTriangles) {
  const CsrGraph g = build(6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}, {2, 3}}, false);
  expect_both(g, {.normalized = false}, {0, 0, 6, 6, 0, 0});
  expect_both(g, {}, {0, 0, 0.6, 0.6, 0, 0});  // over 10 pairs
}

//   5           4
//   |           |
//   0 --- 2 --- 3 --- 6       7 - 8 - 9       10
//    \   /
//     1
// Leaf folding peels 4, 5, 6, 7, 9, then 3 and 8's other leaf; the core is
// {0, 1, 2} (+ 8 and 10 alone). 3 separates {4}, {6} and the 4 others: 1 + 4
// + 4 = 9 pairs; 2 separates {3, 4, 6} from {0, 1, 5}: 9; 0 separates {5}
// from the 5 others: 5; 8 lies on 7-9; 1 lies on no shortest path.
TEST(Betweenness, TreesHangingFromACore) {
  const CsrGraph g =
      build(11, {{0, 1}, {1, 2}, {2, 0}, {2, 3}, {3, 4}, {3, 6}, {0, 5}, {7, 8}, {8, 9}}, false);
  expect_both(g, {.normalized = false}, {5, 0, 9, 9, 0, 0, 0, 0, 1, 0, 0});
  expect_both(g, {}, {5.0 / 45, 0, 0.2, 0.2, 0, 0, 0, 0, 1.0 / 45, 0, 0});  // over 45 pairs
  // With endpoints (no folding then) 3 also ends its 6 paths.
  EXPECT_EQ(betweenness(g, {.normalized = false, .endpoints = true}).score[3], 9 + 6);
}

//   0 --> 1 --> 2 --> 4
//    \          ^
//     `-> 3 ---'
// 0->2 and 0->4 split between 1 and 3 (1/2 each); 2 is inner on 0->4, 1->4,
// 3->4. Normalised by the (n-1)(n-2) = 12 ordered pairs.
TEST(Betweenness, DirectedDiamond) {
  const CsrGraph g = build(5, {{0, 1}, {1, 2}, {0, 3}, {3, 2}, {2, 4}}, true);
  expect_both(g, {.normalized = false}, {0, 1, 3, 1, 0});
  expect_both(g, {}, {0, 1.0 / 12, 0.25, 1.0 / 12, 0});
  // Endpoints: 0 reaches 4 vertices, 1 and 3 reach 2, 2 reaches 1; over n(n-1) = 20.
  expect_both(g, {.endpoints = true}, {0.2, 0.2, 0.35, 0.2, 0.2});
}

//   0 ---(1)--- 1
//   | \         |
//  (2)  (5)    (2)       edge weights in brackets
//   |        \  |
//   2 ---(1)--- 3
// Hops: 0-3 is direct, only 1-2 has two 2-hop paths (via 0, via 3): 1/2 each.
// Lengths: 0->3 ties at 3 via 1 and via 2, and 1->2 ties at 3 via 0 and via 3.
// Strengths (length 1/w: 0-3 is 0.2 long): 1-3-0-2 (1.2) beats both 1.5
// paths, 0-3-1 (0.7) beats 0-1 (1), 2-0-3 (0.7) beats 2-3 (1).
TEST(Betweenness, WeightedPathsDifferFromHopPaths) {
  const CsrGraph g = build(4, {{0, 1, 1}, {1, 3, 2}, {0, 2, 2}, {2, 3, 1}, {0, 3, 5}}, false);
  expect_both(g, {.normalized = false}, {0.5, 0, 0, 0.5});
  expect_both(g, {.weighted = true, .normalized = false}, {0.5, 0.5, 0.5, 0.5});
  expect_both(g, {.weighted = true, .weight_as = WeightAs::kStrength, .normalized = false}, {2, 0, 0, 2});
  expect_both(g, {.weighted = true}, {1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6});  // over 3 pairs
}

// networkx's betweenness_centrality_subset: ordered pairs S x T, rescaled as
// the full measure without endpoints — so an undirected path counts 1/2.
TEST(Betweenness, SubsetMatchesNetworkx) {
  const CsrGraph p = path5();
  // Only 0 -> 4: its inner vertices 1, 2, 3 get 1/2 (undirected halving).
  expect_both(p, {.normalized = false, .sources = {0}, .targets = {4}}, {0, 0.5, 0.5, 0.5, 0});
  expect_both(p, {.sources = {0}, .targets = {4}}, {0, 1.0 / 12, 1.0 / 12, 1.0 / 12, 0});
  // Source 0 to everyone: 1 is inner on 0->2, 0->3, 0->4 (3/2), 2 on two, 3 on one.
  expect_both(p, {.normalized = false, .sources = {0}}, {0, 1.5, 1, 0.5, 0});
  // Duplicates are ignored.
  expect_both(p, {.normalized = false, .sources = {0, 0}, .targets = {4, 4}}, {0, 0.5, 0.5, 0.5, 0});

  // The directed diamond of DirectedDiamond: 0->2 splits over 1 and 3.
  const CsrGraph d = build(5, {{0, 1}, {1, 2}, {0, 3}, {3, 2}, {2, 4}}, true);
  expect_both(d, {.normalized = false, .sources = {0}, .targets = {2}}, {0, 0.5, 0, 0.5, 0});
  // Everyone to 4, over the 12 ordered pairs: 2 on three paths, 1 and 3 half of 0->4.
  expect_both(d, {.targets = {4}}, {0, 0.5 / 12, 3.0 / 12, 0.5 / 12, 0});
}

TEST(Betweenness, SubsetOfEveryVertexIsTheFullMeasure) {
  const CsrGraph g = build(6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}, {2, 3}}, false);
  BetweennessParams all{.normalized = false};
  for (VertexId v = 0; v < 6; ++v) all.sources.push_back(v);
  all.targets = all.sources;
  EXPECT_EQ(betweenness(g, all).score, betweenness(g, {.normalized = false}).score);
}

//   0 - 1 - 2 (self-loop on 2)     3 (isolated)
TEST(Betweenness, TinyGraphsSelfLoopsAndIsolatedVertices) {
  EXPECT_TRUE(betweenness(build(0, {}, false)).score.empty());
  expect_both(build(1, {}, false), {.endpoints = true}, {0});
  // n = 2: no rescaling without endpoints (all 0); with them, over n(n-1)/2 = 1 pair.
  expect_both(build(2, {{0, 1}}, false), {}, {0, 0});
  expect_both(build(2, {{0, 1}}, false), {.endpoints = true}, {1, 1});
  const CsrGraph g = build(4, {{0, 1}, {1, 2}, {2, 2}}, false);
  expect_both(g, {}, {0, 1.0 / 3, 0, 0});  // 1 on the one pair {0, 2}, over 3 pairs
  expect_both(g, {.normalized = false, .endpoints = true}, {2, 3, 2, 0});
}

TEST(Betweenness, RejectsInvalidArguments) {
  const CsrGraph g = path5();
  EXPECT_THROW(betweenness(g, {.sources = {5}}), std::invalid_argument);
  EXPECT_THROW(betweenness(g, {.targets = {0, 7}}), std::invalid_argument);
  EXPECT_THROW(betweenness_reference(g, {.sources = {9}}), std::invalid_argument);
  EXPECT_THROW(betweenness(g, {.endpoints = true, .sources = {0}}), std::invalid_argument);
  try {
    betweenness(g, {.targets = {1, 42}});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("params.targets[1] = 42"), std::string::npos) << e.what();
  }

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (double bad : {-1.0, 0.0, nan, inf}) {
    const CsrGraph w = build(3, {{0, 1, 1}, {1, 2, bad}}, false, Aggregate::kMax);
    EXPECT_THROW(betweenness(w, {.weighted = true}), std::invalid_argument) << bad;
    EXPECT_THROW(betweenness(w, {.weighted = true, .weight_as = WeightAs::kStrength}),
                 std::invalid_argument)
        << bad;
    EXPECT_NO_THROW(betweenness(w));  // weights are not read unweighted
  }
  // 1 / 1e-310 overflows to infinity.
  const CsrGraph tiny = build(3, {{0, 1, 1}, {1, 2, 1e-310}}, false, Aggregate::kMax);
  EXPECT_NO_THROW(betweenness(tiny, {.weighted = true}));
  EXPECT_THROW(betweenness(tiny, {.weighted = true, .weight_as = WeightAs::kStrength}),
               std::invalid_argument);
  // A self-loop never lies on a shortest path: its weight is not checked.
  const CsrGraph loop = build(3, {{0, 1, 1}, {1, 2, 1}, {1, 1, -3}}, false, Aggregate::kMax);
  EXPECT_NO_THROW(betweenness(loop, {.weighted = true}));
}

// ---------------------------------------------------------------------------
// Random graphs: kernel against the verifier.

enum class Weights { kNone, kDistance, kStrength };

struct Variant {
  bool directed;
  Weights weights;
  bool normalized;
  bool endpoints;
  int subset;  // 0: none; 1: sources; 2: targets; 3: both
};

std::string variant_name(const testing::TestParamInfo<Variant>& info) {
  const Variant& v = info.param;
  std::string s = v.directed ? "Directed" : "Undirected";
  s += v.weights == Weights::kNone ? "Hops" : v.weights == Weights::kDistance ? "Lengths" : "Strengths";
  s += v.normalized ? "Normalized" : "Raw";
  if (v.endpoints) s += "Endpoints";
  if (v.subset & 1) s += "Sources";
  if (v.subset & 2) s += "Targets";
  return s;
}

std::vector<Variant> all_variants() {
  std::vector<Variant> out;
  for (bool directed : {false, true}) {
    for (Weights w : {Weights::kNone, Weights::kDistance, Weights::kStrength}) {
      for (bool normalized : {true, false}) {
        out.push_back({directed, w, normalized, false, 0});
        out.push_back({directed, w, normalized, true, 0});
        for (int subset : {1, 2, 3}) out.push_back({directed, w, normalized, false, subset});
      }
    }
  }
  return out;
}

// Three components on vertices [0, 3k) plus isolated vertices after them,
// self-loops and repeated records. Small integer weights (summed), or for
// strengths 1, 2 or 4 (kept by kMax) so that lengths 1, 1/2, 1/4 add exactly:
// many equal-length paths, all of them ties in floating point too.
CsrGraph random_graph(std::uint32_t seed, const Variant& v) {
  std::mt19937 rng(seed);
  const VertexId block = 8 + seed % 7;
  const VertexId isolated = 1 + seed % 4;
  const VertexId n = 3 * block + isolated;
  std::uniform_int_distribution<VertexId> pick(0, block - 1);
  std::uniform_int_distribution<int> small(1, 3), power(0, 2);
  std::vector<Edge> edges;
  for (VertexId c = 0; c < 3; ++c) {
    const int m = int(block) * (1 + int(seed % 3));
    for (int i = 0; i < m; ++i) {
      const double w = v.weights == Weights::kStrength ? double(1 << power(rng)) : double(small(rng));
      edges.push_back({c * block + pick(rng), c * block + pick(rng), w});
    }
  }
  return build(n, edges, v.directed, v.weights == Weights::kStrength ? Aggregate::kMax : Aggregate::kSum);
}

BetweennessParams random_params(std::uint32_t seed, const Variant& v, VertexId n) {
  BetweennessParams p{.weighted = v.weights != Weights::kNone,
                      .weight_as = v.weights == Weights::kStrength ? WeightAs::kStrength
                                                                   : WeightAs::kDistance,
                      .normalized = v.normalized,
                      .endpoints = v.endpoints};
  std::mt19937 rng(seed * 7919u + 1);
  std::uniform_int_distribution<VertexId> pick(0, n - 1);
  const int k = 1 + int(n / 4);
  for (int i = 0; i < k; ++i) {  // repeats allowed: they must be ignored
    if (v.subset & 1) p.sources.push_back(pick(rng));
    if (v.subset & 2) p.targets.push_back(pick(rng));
  }
  return p;
}

class BetweennessRandom : public testing::TestWithParam<Variant> {};

TEST_P(BetweennessRandom, MatchesReference) {
  int informative = 0;  // seeds where some score is not 0 (S x T can miss every path)
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    const CsrGraph g = random_graph(seed, GetParam());
    const BetweennessParams p = random_params(seed, GetParam(), g.num_vertices());
    const auto got = betweenness(g, p, {.threads = 2}).score;
    const auto want = betweenness_reference(g, p);
    ASSERT_EQ(got.size(), want.size());
    double total = 0;
    for (std::size_t v = 0; v < want.size(); ++v) {
      EXPECT_NEAR(got[v], want[v], 1e-9 * std::max(1.0, std::abs(want[v])))
          << "seed " << seed << " vertex " << v;
      total += want[v];
    }
    informative += total > 0;
  }
  EXPECT_GE(informative, 8);
}

TEST_P(BetweennessRandom, SameBitsAtAnyThreadCount) {
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    const CsrGraph g = random_graph(seed, GetParam());
    const BetweennessParams p = random_params(seed, GetParam(), g.num_vertices());
    const auto one = betweenness(g, p, {.threads = 1}).score;
    EXPECT_EQ(betweenness(g, p, {.threads = 2}).score, one) << "seed " << seed;
    EXPECT_EQ(betweenness(g, p, {.threads = 3}).score, one) << "seed " << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(AllVariants, BetweennessRandom, testing::ValuesIn(all_variants()), variant_name);

// Twins: vertices with the same neighbours share one search (see
// betweenness.cpp). K_{2,3}: a, b (0, 1) and x, y, z (2, 3, 4) are open twins.
// a lies on one of the two shortest paths of each pair among x, y, z: 3 / 2;
// x on one of the three a-b paths: 1 / 3.
TEST(Betweenness, OpenTwins) {
  const CsrGraph g = build(5, {{0, 2}, {0, 3}, {0, 4}, {1, 2}, {1, 3}, {1, 4}}, false);
  expect_both(g, {.normalized = false}, {1.5, 1.5, 1.0 / 3, 1.0 / 3, 1.0 / 3});
}

// A diamond 0 - {1, 2} - 3 whose middle vertices 1, 2 are adjacent: closed
// twins, each on one of the two 0-3 paths. With a leaf 4 on 0 (folded first),
// 0 lies on every path from 4, and 1, 2 on half of the 4-3 paths too.
TEST(Betweenness, ClosedTwins) {
  const std::vector<Edge> diamond{{0, 1}, {0, 2}, {1, 2}, {1, 3}, {2, 3}};
  expect_both(build(4, diamond, false), {.normalized = false}, {0, 0.5, 0.5, 0});
  std::vector<Edge> tailed = diamond;
  tailed.push_back({0, 4});
  expect_both(build(5, tailed, false), {.normalized = false}, {3, 1, 1, 0, 0});
}

// Collaboration-like graphs, rich in twins: teams of 2-6 people each a
// clique (a one-team member is a closed twin of the others), hubs joined to
// whole teams (open twins), trees hanging from members (folded, which makes
// twins of unequal weight), several components.
TEST(Betweenness, TwinRichGraphsMatchReference) {
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    std::mt19937 rng(seed);
    const VertexId n = 30 + seed % 20;
    std::uniform_int_distribution<VertexId> pick(0, n - 1);
    std::uniform_int_distribution<int> team_size(2, 6), coin(0, 3);
    std::vector<Edge> edges;
    for (int t = 0; t < int(n / 4); ++t) {
      std::vector<VertexId> team(team_size(rng));
      for (auto& v : team) v = pick(rng);
      for (std::size_t i = 0; i < team.size(); ++i)
        for (std::size_t j = i + 1; j < team.size(); ++j) edges.push_back({team[i], team[j]});
      if (coin(rng) == 0) {  // a hub next to the whole team, not in it
        const VertexId hub = pick(rng);
        for (VertexId v : team) edges.push_back({hub, v});
      }
    }
    for (int i = 0; i < int(n / 6); ++i) edges.push_back({pick(rng), n + VertexId(i)});  // leaves
    const VertexId total = n + n / 6;
    const CsrGraph g = build(total, edges, false);
    for (bool normalized : {false, true}) {
      const auto want = betweenness_reference(g, {.normalized = normalized});
      for (int threads : {1, 2}) {
        const auto got = betweenness(g, {.normalized = normalized}, {.threads = threads}).score;
        ASSERT_EQ(got.size(), want.size());
        for (std::size_t v = 0; v < want.size(); ++v) {
          EXPECT_NEAR(got[v], want[v], 1e-9 * std::max(1.0, std::abs(want[v])))
              << "seed " << seed << " vertex " << v << " threads " << threads;
        }
      }
    }
  }
}

// A few hundred sources: several blocks per thread, so the ordered merge and
// the work split really differ between 1 and 2 threads.
TEST(Betweenness, SameBitsAtAnyThreadCountOnALargerGraph) {
  std::mt19937 rng(7);
  const VertexId n = 700;
  std::uniform_int_distribution<VertexId> pick(0, n - 1);
  std::uniform_int_distribution<int> w(1, 9);
  std::vector<Edge> edges;
  for (int i = 0; i < 2000; ++i) edges.push_back({pick(rng), pick(rng), double(w(rng))});
  for (bool directed : {false, true}) {
    const CsrGraph g = build(n, edges, directed);
    for (bool weighted : {false, true}) {
      const auto one = betweenness(g, {.weighted = weighted}, {.threads = 1}).score;
      EXPECT_EQ(betweenness(g, {.weighted = weighted}, {.threads = 2}).score, one);
      EXPECT_EQ(betweenness(g, {.weighted = weighted}, {.threads = 5}).score, one);
    }
  }
}

// ---------------------------------------------------------------------------
// Interrupts.

CsrGraph ring(VertexId n, bool directed) {
  std::vector<Edge> edges;
  for (VertexId v = 0; v < n; ++v) edges.push_back({v, (v + 1) % n});
  return build(n, edges, directed);
}

// The callback answers false at the entry check and true from then on. With
// one thread the first poll inside comes after 16 sources; with two, thread 0
// polls too but may (on a loaded machine) see the other thread finish first,
// so there only consistency is checked. Either way, never from another thread.
template <typename Run>
void expect_interrupt_polled_from_the_caller(Run run) {
  for (int threads : {1, 2}) {
    int calls = 0;
    bool other_thread = false;
    const auto caller = std::this_thread::get_id();
    const RunContext ctx{.threads = threads, .interrupted = [&] {
                           other_thread |= std::this_thread::get_id() != caller;
                           return ++calls >= 2;
                         }};
    bool threw = false;
    try {
      run(ctx);
    } catch (const Interrupted&) {
      threw = true;
    }
    EXPECT_FALSE(other_thread) << threads << " threads";
    EXPECT_EQ(threw, calls >= 2) << threads << " threads";
    if (threads == 1) {
      EXPECT_TRUE(threw);
      EXPECT_EQ(calls, 2);  // and nothing polled after the stop
    }
  }
}

TEST(Betweenness, InterruptIsPolledFromTheCallingThreadOnly) {
  const CsrGraph g = ring(600, false);
  expect_interrupt_polled_from_the_caller([&](const RunContext& ctx) { betweenness(g, {}, ctx); });
  expect_interrupt_polled_from_the_caller(
      [&](const RunContext& ctx) { betweenness(g, {.weighted = true}, ctx); });
  const RunContext never{.interrupted = [] { return false; }};
  EXPECT_EQ(betweenness(g, {}, never).score, betweenness(g).score);
}

TEST(Betweenness, ExceptionFromTheCallbackLeavesThroughTheCaller) {
  const CsrGraph g = ring(300, true);
  int calls = 0;
  const RunContext ctx{.threads = 1, .interrupted = [&]() -> bool {
                         if (++calls >= 2) throw std::runtime_error("callback failed");
                         return false;
                       }};
  EXPECT_THROW(betweenness(g, {.weighted = true}, ctx), std::runtime_error);
}

// ---------------------------------------------------------------------------
// approx_betweenness.

// Exact b(v) on the pair-fraction scale: networkx-normalised times (n-2)/n.
std::vector<double> pair_fraction(const CsrGraph& g, bool weighted) {
  auto b = betweenness(g, {.weighted = weighted}).score;
  const double n = g.num_vertices();
  for (double& x : b) x *= (n - 2) / n;
  return b;
}

TEST(ApproxBetweenness, SampleSizeAndVertexDiameter) {
  // Path of 5: BFS from 0 reaches 4 and 3, min(|C| = 5, 4 + 3 + 1) = 5.
  // r = ceil(0.5 / 0.01 * (floor(log2(3)) + 1 + ln 10)) = ceil(215.13) = 216.
  const auto r = approx_betweenness(path5(), {.epsilon = 0.1, .delta = 0.1});
  EXPECT_EQ(r.vertex_diameter, 5u);
  EXPECT_EQ(r.samples, 216u);

  // A star of 6 leaves: d1 = d2 = 1 gives 3, far below |C| = 7; weighted with
  // every edge 2 long: floor((2 + 2) / 2) + 1 = 3 as well.
  std::vector<Edge> star;
  for (VertexId v = 1; v <= 6; ++v) star.push_back({0, v, 2});
  const CsrGraph s = build(7, star, false);
  EXPECT_EQ(approx_betweenness(s, {.epsilon = 0.1}).vertex_diameter, 3u);
  EXPECT_EQ(approx_betweenness(s, {.epsilon = 0.1, .weighted = true}).vertex_diameter, 3u);

  // Directed: the largest weakly connected component, here 4 of 0->1->2->3, 4->5.
  const CsrGraph d = build(6, {{0, 1}, {1, 2}, {2, 3}, {4, 5}}, true);
  EXPECT_EQ(approx_betweenness(d, {.epsilon = 0.1}).vertex_diameter, 4u);
}

TEST(ApproxBetweenness, NoInnerVerticesNoSamples) {
  //   0 - 1   2 - 3   4      every shortest path has at most 2 vertices
  const auto r = approx_betweenness(build(5, {{0, 1}, {2, 3}}, false));
  EXPECT_EQ(r.vertex_diameter, 2u);
  EXPECT_EQ(r.samples, 0u);
  EXPECT_EQ(r.score, std::vector<double>(5, 0.0));
  EXPECT_EQ(approx_betweenness(build(1, {}, false)).score, std::vector<double>(1, 0.0));
  EXPECT_TRUE(approx_betweenness(build(0, {}, false)).score.empty());
}

TEST(ApproxBetweenness, WithinEpsilonOfExact) {
  const double eps = 0.04;
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    for (bool directed : {false, true}) {
      for (bool weighted : {false, true}) {
        std::mt19937 rng(seed);
        const VertexId n = 60;
        std::uniform_int_distribution<VertexId> pick(0, n - 1);
        std::uniform_int_distribution<int> w(1, 4);
        std::vector<Edge> edges;
        for (int i = 0; i < 130; ++i) edges.push_back({pick(rng), pick(rng), double(w(rng))});
        for (VertexId v = 1; v < 12; ++v) edges.push_back({0, v, 1});  // a hub with real betweenness
        const CsrGraph g = build(n, edges, directed);
        const auto exact = pair_fraction(g, weighted);
        const auto approx = approx_betweenness(g, {.epsilon = eps, .delta = 0.1, .weighted = weighted},
                                               {.threads = 2, .seed = seed});
        ASSERT_GT(approx.samples, 0u);
        for (VertexId v = 0; v < n; ++v) {
          EXPECT_NEAR(approx.score[v], exact[v], eps)
              << "seed " << seed << (directed ? " directed" : " undirected")
              << (weighted ? " weighted" : "") << " vertex " << v;
        }
      }
    }
  }
}

TEST(ApproxBetweenness, DeterministicForASeedAtAnyThreadCount) {
  std::mt19937 rng(3);
  const VertexId n = 200;
  std::uniform_int_distribution<VertexId> pick(0, n - 1);
  std::vector<Edge> edges;
  for (int i = 0; i < 500; ++i) edges.push_back({pick(rng), pick(rng), double(1 + i % 3)});
  for (bool directed : {false, true}) {
    const CsrGraph g = build(n, edges, directed);
    for (bool weighted : {false, true}) {
      const ApproxBetweennessParams p{.epsilon = 0.05, .weighted = weighted};
      const auto one = approx_betweenness(g, p, {.threads = 1, .seed = 42});
      EXPECT_EQ(approx_betweenness(g, p, {.threads = 1, .seed = 42}).score, one.score);
      EXPECT_EQ(approx_betweenness(g, p, {.threads = 2, .seed = 42}).score, one.score);
      EXPECT_EQ(approx_betweenness(g, p, {.threads = 3, .seed = 42}).score, one.score);
      EXPECT_NE(approx_betweenness(g, p, {.threads = 2, .seed = 43}).score, one.score);
    }
  }
}

TEST(ApproxBetweenness, RejectsInvalidArguments) {
  const CsrGraph g = path5();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (double bad : {0.0, 1.0, -0.5, 2.0, nan}) {
    EXPECT_THROW(approx_betweenness(g, {.epsilon = bad}), std::invalid_argument) << bad;
    EXPECT_THROW(approx_betweenness(g, {.delta = bad}), std::invalid_argument) << bad;
  }
  EXPECT_THROW(approx_betweenness(g, {.epsilon = 1e-9}), std::invalid_argument);  // > 2^53 samples
  try {
    approx_betweenness(g, {.delta = 0});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("params.delta"), std::string::npos) << e.what();
  }
  for (double bad : {-1.0, 0.0, nan}) {
    const CsrGraph w = build(3, {{0, 1, 1}, {1, 2, bad}}, false, Aggregate::kMax);
    EXPECT_THROW(approx_betweenness(w, {.weighted = true}), std::invalid_argument) << bad;
    EXPECT_THROW(approx_betweenness(w, {.weighted = true, .weight_as = WeightAs::kStrength}),
                 std::invalid_argument)
        << bad;
  }
}

TEST(ApproxBetweenness, InterruptIsPolledFromTheCallingThreadOnly) {
  const CsrGraph g = ring(300, false);  // VD bound 300: 2261 samples at epsilon 0.05
  expect_interrupt_polled_from_the_caller(
      [&](const RunContext& ctx) { approx_betweenness(g, {.epsilon = 0.05}, ctx); });
}

}  // namespace
}  // namespace corridor
