// Eigenvector and Katz centrality: hand-checked cases, networkx's values on a
// tiny graph (directed x weighted; Katz iterative and exact, normalised or
// not), the kernels against their serial verifiers on random graphs, the
// same bits at any thread count, and argument validation.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <tuple>

#include "engine/centrality/eigenvector.hpp"
#include "engine/centrality/katz.hpp"
#include "engine/graph/csr_builder.hpp"
#include "test_checks.hpp"
#include "test_graphs.hpp"

namespace corridor {
namespace {

using testing::Edge;
using testing::expect_close;
using testing::expect_invalid;
using testing::make;

// The tiny graph (arcs as drawn when directed), weights on the arcs:
//
//        1.0        2.0
//   0 -------> 1 -------> 2 <---3.0--- 4
//   ^                     | \          ^
//   +---------1.0---------+  0.5       | 1.0
//                             \        |
//                              +-----> 3 (loop 1.0)
const std::vector<Edge> kTiny = {{0, 1, 1.0}, {1, 2, 2.0}, {2, 0, 1.0}, {2, 3, 0.5},
                                 {3, 4, 1.0}, {4, 2, 3.0}, {3, 3, 1.0}};

// networkx 3.6.1 on an nx.Graph / nx.DiGraph on 0..4 with kTiny's edges,
// weight = "weight" or None: eigenvector_centrality(tol=1e-13,
// max_iter=100000); katz_centrality(alpha=0.1, tol=1e-13, max_iter=100000)
// normalised and not; katz_centrality_numpy(alpha=0.1) normalised and not.
struct TinyExpected {
  std::vector<double> eigenvector, katz, katz_raw, katz_numpy, katz_numpy_raw;
};
TinyExpected tiny_expected(bool directed, bool weighted) {
  if (!directed && !weighted) {
    return {{0.3220030765049137, 0.3220030765049137, 0.5736978929804395,
             0.5484221851219759, 0.40340038658705163},
            {0.4194681023342299, 0.4194681023342299, 0.5004481547766886,
             0.46659934978751166, 0.42418122707955735},
            {1.2809106371843393, 1.2809106371843393, 1.528195734659143,
             1.4248331806881902, 1.2953028915347222},
            {0.4194681023342287, 0.41946810233422877, 0.5004481547766897,
             0.46659934978751283, 0.42418122707955713},
            {1.2809106371843517, 1.280910637184352, 1.5281957346591655,
             1.4248331806882115, 1.2953028915347378}};
  }
  if (!directed && weighted) {
    return {{0.24745242269561019, 0.37468904722993923, 0.6584756897751282,
             0.2733152944274938, 0.5385944041625155},
            {0.36985230150104886, 0.4203885237013231, 0.5558984442030328,
             0.3864245401324905, 0.4776355919847685},
            {1.3586342076919278, 1.544276530127545, 2.0420655467918483,
             1.4195115098239692, 1.7545708150199264},
            {0.36985230150104637, 0.4203885237013224, 0.5558984442030351,
             0.3864245401324882, 0.47763559198477007},
            {1.3586342076919475, 1.5442765301275752, 2.0420655467919,
             1.4195115098239912, 1.7545708150199695}};
  }
  if (directed && !weighted) {
    return {{0.2597563271097003, 0.1666194225971645, 0.40495488714236594,
             0.7244534250578069, 0.4646970979481065},
            {0.4299546222144515, 0.42607308743057143, 0.4687699700532559,
             0.47772735801605604, 0.4308503610107311},
            {1.1223694466095069, 1.1122369446609497, 1.2236944660950866,
             1.2470771628994488, 1.124707716289942},
            {0.4299546222144512, 0.42607308743057076, 0.4687699700532558,
             0.477727358016057, 0.43085036101073143},
            {1.1223694466095089, 1.112236944660951, 1.2236944660950897,
             1.2470771628994546, 1.1247077162899457}};
  }
  return {{0.40180357369312697, 0.22805879066161147, 0.7079144433076737,
           0.4646070777362153, 0.2637052908896518},
          {0.41656653078437184, 0.4020379441101275, 0.5618523975268219,
           0.43163767878670045, 0.4035450589103602},
          {1.155904984944792, 1.1155904984944764, 1.5590498494479659, 1.197724991635992, 1.119772499163596},
          {0.4165665307843719, 0.4020379441101268, 0.5618523975268228,
           0.43163767878670073, 0.40354505891035963},
          {1.1559049849447975, 1.1155904984944798, 1.5590498494479759,
           1.1977249916359984, 1.1197724991635998}};
}

class EigenvectorTiny : public ::testing::TestWithParam<std::tuple<bool, bool>> {};
class KatzTiny : public ::testing::TestWithParam<std::tuple<bool, bool>> {};

auto param_name = [](const auto& info) {
  return std::string(std::get<0>(info.param) ? "Directed" : "Undirected") +
         (std::get<1>(info.param) ? "Weighted" : "Unweighted");
};

TEST_P(EigenvectorTiny, MatchesNetworkx) {
  const auto [directed, weighted] = GetParam();
  const CsrGraph g = make(5, kTiny, directed);
  const EigenvectorParams p{.tol = 1e-13, .max_iter = 100000, .weighted = weighted};
  const auto r = eigenvector_centrality(g, p);
  EXPECT_TRUE(r.converged);
  EXPECT_LT(r.residual, 5 * 1e-13);
  expect_close(r.score, tiny_expected(directed, weighted).eigenvector);
  expect_close(eigenvector_centrality_reference(g, p), tiny_expected(directed, weighted).eigenvector);
}

TEST_P(KatzTiny, MatchesNetworkx) {
  const auto [directed, weighted] = GetParam();
  const CsrGraph g = make(5, kTiny, directed);
  const TinyExpected want = tiny_expected(directed, weighted);
  KatzParams p{.alpha = 0.1, .tol = 1e-13, .max_iter = 100000, .weighted = weighted};
  const auto r = katz_centrality(g, p);
  EXPECT_TRUE(r.converged);
  expect_close(r.score, want.katz);
  expect_close(katz_centrality_reference(g, p), want.katz);
  p.normalized = false;
  expect_close(katz_centrality(g, p).score, want.katz_raw);
  expect_close(katz_centrality_reference(g, p), want.katz_raw);
  p.exact = true;
  const auto exact = katz_centrality(g, p);
  EXPECT_EQ(exact.iterations, 0);
  EXPECT_LT(exact.residual, 1e-12);
  expect_close(exact.score, want.katz_numpy_raw);
  expect_close(katz_centrality_reference(g, p), want.katz_numpy_raw);
  p.normalized = true;
  expect_close(katz_centrality(g, p).score, want.katz_numpy);
  expect_close(katz_centrality_reference(g, p), want.katz_numpy);
}

INSTANTIATE_TEST_SUITE_P(Eigenvector, EigenvectorTiny,
                         ::testing::Combine(::testing::Bool(), ::testing::Bool()), param_name);
INSTANTIATE_TEST_SUITE_P(Katz, KatzTiny, ::testing::Combine(::testing::Bool(), ::testing::Bool()),
                         param_name);

//   0 --- 1      Every vertex has two neighbours: x = (A + I) x is uniform,
//    \   /       normalised 1 / sqrt(3) each, from the first iteration on.
//      2
TEST(Eigenvector, HandCheckedTriangle) {
  const CsrGraph g = make(3, {{0, 1, 1}, {1, 2, 1}, {2, 0, 1}}, false);
  const auto r = eigenvector_centrality(g);
  EXPECT_TRUE(r.converged);
  EXPECT_EQ(r.iterations, 2);  // the second iteration changes nothing
  expect_close(r.score, std::vector<double>(3, 1 / std::sqrt(3.0)), 1e-15);
}

TEST(Eigenvector, EdgelessGraphIsUniform) {
  expect_close(eigenvector_centrality(make(4, {}, true)).score, std::vector<double>(4, 0.5), 1e-15);
}

TEST(Eigenvector, RejectsInvalidArguments) {
  const CsrGraph g = make(5, kTiny, true);
  expect_invalid([] { eigenvector_centrality(make(0, {}, false)); }, "no vertices");
  expect_invalid([] { eigenvector_centrality_reference(make(0, {}, false)); }, "no vertices");
  expect_invalid([&] { eigenvector_centrality(g, {.tol = 0}); }, "tol");
  expect_invalid([&] { eigenvector_centrality(g, {.tol = NAN}); }, "tol");
  expect_invalid([&] { eigenvector_centrality(g, {.max_iter = 0}); }, "max_iter");
  const CsrGraph negative = make(2, {{0, 1, -2.0}}, false);
  expect_invalid([&] { eigenvector_centrality(negative); }, "weight");
  EXPECT_NO_THROW(eigenvector_centrality(negative, {.weighted = false}));
}

TEST(Eigenvector, NotConvergedWhenCut) {
  const CsrGraph g = make(5, kTiny, true);
  const auto r = eigenvector_centrality(g, {.max_iter = 2});
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 2);
  EXPECT_GT(r.residual, 0);
}

TEST(Eigenvector, InterruptStopsBetweenIterations) {
  int calls = 0;
  RunContext ctx;
  ctx.interrupted = [&] { return ++calls == 2; };
  EXPECT_THROW(eigenvector_centrality(make(5, kTiny, true), {}, ctx), Interrupted);
  EXPECT_EQ(calls, 2);
}

// 0 ---> 1 ---> 2     alpha 0.1, beta 1, not normalised:
// x0 = 1, x1 = 1 + 0.1 x0 = 1.1, x2 = 1 + 0.1 x1 = 1.11 (networkx agrees).
TEST(Katz, HandCheckedDirectedPath) {
  const CsrGraph g = make(3, {{0, 1, 1}, {1, 2, 1}}, true);
  const KatzParams p{.alpha = 0.1, .tol = 1e-15, .normalized = false};
  expect_close(katz_centrality(g, p).score, {1.0, 1.1, 1.11}, 1e-14);
  KatzParams exact = p;
  exact.exact = true;
  expect_close(katz_centrality(g, exact).score, {1.0, 1.1, 1.11}, 1e-14);
}

TEST(Katz, NegativeBetaFollowsEachNetworkxVariant) {
  // networkx: katz_centrality keeps the sign of beta; katz_centrality_numpy
  // divides by sign(sum) * norm, so its normalised scores are positive.
  const CsrGraph g = make(3, {{0, 1, 1}, {1, 2, 1}}, true);
  const std::vector<double> numpy = {0.5389993709611511, 0.5928993080572663, 0.5982893017668779};
  expect_close(katz_centrality(g, {.alpha = 0.1, .beta = -1.0, .exact = true}).score, numpy);
  expect_close(katz_centrality(g, {.alpha = 0.1, .beta = -1.0}).score, {-numpy[0], -numpy[1], -numpy[2]});
}

TEST(Katz, DivergentSeriesIsReportedAndSingularSystemRejected) {
  // 0 --- 1: eigenvalues +1 and -1. alpha = 1 makes I - alpha A singular and
  // the series diverge.
  const CsrGraph g = make(2, {{0, 1, 1}}, false);
  const auto r = katz_centrality(g, {.alpha = 1.0, .max_iter = 50});
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 50);
  expect_invalid([&] { katz_centrality(g, {.alpha = 1.0, .exact = true}); }, "alpha");
  expect_invalid([&] { katz_centrality_reference(g, {.alpha = 1.0, .exact = true}); }, "alpha");
  // Above 1 / lambda_max the solve still answers, as networkx's does.
  EXPECT_NO_THROW(katz_centrality(g, {.alpha = 2.0, .exact = true}));
}

TEST(Katz, EmptyGraph) {
  EXPECT_TRUE(katz_centrality(make(0, {}, true)).score.empty());
  EXPECT_TRUE(katz_centrality(make(0, {}, true), {.exact = true}).score.empty());
}

TEST(Katz, RejectsInvalidArguments) {
  const CsrGraph g = make(5, kTiny, true);
  expect_invalid([&] { katz_centrality(g, {.alpha = 0}); }, "alpha");
  expect_invalid([&] { katz_centrality(g, {.alpha = -0.1}); }, "alpha");
  expect_invalid([&] { katz_centrality(g, {.alpha = INFINITY}); }, "alpha");
  expect_invalid([&] { katz_centrality(g, {.beta = 0}); }, "beta");
  expect_invalid([&] { katz_centrality(g, {.beta = NAN}); }, "beta");
  expect_invalid([&] { katz_centrality(g, {.tol = 0}); }, "tol");
  expect_invalid([&] { katz_centrality(g, {.max_iter = 0}); }, "max_iter");
  const CsrGraph negative = make(2, {{0, 1, -2.0}}, true);
  expect_invalid([&] { katz_centrality(negative); }, "weight");
  expect_invalid([&] { katz_centrality(negative, {.exact = true}); }, "weight");
  EXPECT_NO_THROW(katz_centrality(negative, {.weighted = false}));
}

TEST(Katz, InterruptStopsBetweenIterations) {
  int calls = 0;
  RunContext ctx;
  ctx.interrupted = [&] { return ++calls == 2; };
  EXPECT_THROW(katz_centrality(make(5, kTiny, true), {}, ctx), Interrupted);
  EXPECT_EQ(calls, 2);
}

// Two components, isolated vertices, self-loops.
CsrGraph random_graph(std::uint32_t seed, bool directed, VertexId n = 60, int edges = 120) {
  return testing::two_component_graph(seed, directed, n, edges);
}

// An alpha with a convergent series: below 1 / (largest row sum of A^T),
// which bounds the spectral radius.
double safe_alpha(const CsrGraph& g, bool weighted) {
  double top = 0;
  for (VertexId v = 0; v < g.num_vertices(); ++v) {
    double s = 0;
    for (double w : g.in_weights(v)) s += weighted ? w : 1.0;
    top = std::max(top, s);
  }
  return 0.7 / top;
}

// Calls check(g, seed, weighted) on the random graphs of 30 seeds, directed
// and not, weighted and not.
template <class Check>
void for_each_random_case(Check check) {
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    for (bool directed : {false, true}) {
      const CsrGraph g = random_graph(seed, directed);
      for (bool weighted : {false, true}) {
        SCOPED_TRACE("seed " + std::to_string(seed) + (directed ? " directed" : " undirected") +
                     (weighted ? " weighted" : " unweighted"));
        check(g, seed, weighted);
      }
    }
  }
}

TEST(EigenvectorRandom, KernelMatchesReference) {
  for_each_random_case([](const CsrGraph& g, std::uint32_t, bool weighted) {
    const EigenvectorParams p{.tol = 1e-13, .max_iter = 1000, .weighted = weighted};
    const auto r = eigenvector_centrality(g, p, {.threads = 2});
    // Entries that decay towards 0 are compared absolutely.
    expect_close(r.score, eigenvector_centrality_reference(g, p), 1e-9, 1e-12);
  });
}

TEST(KatzRandom, KernelMatchesReferenceAndExactMatchesSeries) {
  for_each_random_case([](const CsrGraph& g, std::uint32_t seed, bool weighted) {
    KatzParams p{.alpha = safe_alpha(g, weighted), .beta = 0.5 + seed % 3, .tol = 1e-14,
                 .normalized = seed % 2 == 0, .weighted = weighted};
    const auto series = katz_centrality(g, p, {.threads = 2});
    EXPECT_TRUE(series.converged);
    expect_close(series.score, katz_centrality_reference(g, p));
    p.exact = true;
    const auto exact = katz_centrality(g, p);
    expect_close(exact.score, katz_centrality_reference(g, p));
    expect_close(exact.score, series.score);
  });
}

TEST(EigenvectorRandom, IdenticalAtAnyThreadCount) {
  // 5000 vertices: three blocks of rows, so the reductions really are split.
  for (bool directed : {false, true}) {
    const CsrGraph g = random_graph(5, directed, 5000, 16000);
    const EigenvectorParams p{.tol = 1e-12, .max_iter = 100};
    testing::expect_same_at_any_thread_count(
        [&](int threads) { return eigenvector_centrality(g, p, {.threads = threads}); });
  }
}

TEST(KatzRandom, IdenticalAtAnyThreadCount) {
  // 5000 vertices: three blocks of rows, so the reductions really are split.
  for (bool directed : {false, true}) {
    const CsrGraph g = random_graph(5, directed, 5000, 16000);
    const KatzParams p{.alpha = safe_alpha(g, true), .tol = 1e-14};
    testing::expect_same_at_any_thread_count(
        [&](int threads) { return katz_centrality(g, p, {.threads = threads}); });
  }
}

}  // namespace
}  // namespace corridor
